"""Speakers: tags, he/she tags among those taking part, addressees answering, alternation,
narration before a conversation — on a tiny story analysed end to end."""
import pytest

STORY = """Elizabeth Bennet walked into the drawing room, where Mr. Darcy stood by the window. \
Elizabeth Bennet smiled at him, and Mr. Darcy bowed.

"Good morning, Mr. Darcy," said Elizabeth.

"Good morning," he replied.

"Is it not a fine day?"

"It is very fine, Miss Bennet."

"Then let us walk in the garden."

Mr. Darcy agreed, and they walked out together. Jane Bennet and Elizabeth Bennet sat down \
on the bench by the roses. Jane Bennet looked tired.

"I am quite worn out," said Jane.

"So am I," she answered.

Mr. Darcy walked on alone.

Elizabeth Bennet looked up at the sky.

"It will rain before night."
"""


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    import personae
    path = tmp_path_factory.mktemp("speakers") / "story.txt"
    path.write_text(STORY, encoding="utf-8")
    book = personae.analyse(path)
    names = {c.id: c.name for c in book.characters}
    text = book.source.text
    return {text[q.start:q.end]: names.get(q.speaker) for q in book.quotes}


def test_speakers_tag_names_the_speaker(story):
    assert story["Good morning, Mr. Darcy,"] == "Elizabeth Bennet"
    assert story["I am quite worn out,"] == "Jane Bennet"


def test_speakers_he_tag_is_the_man_taking_part(story):
    assert story["Good morning,"] == "Mr. Darcy"


def test_speakers_untagged_turns_alternate(story):
    assert story["Is it not a fine day?"] == "Elizabeth Bennet"
    assert story["It is very fine, Miss Bennet."] == "Mr. Darcy"
    assert story["Then let us walk in the garden."] == "Elizabeth Bennet"


def test_speakers_she_tag_is_not_the_one_who_just_spoke(story):
    assert story["So am I,"] == "Elizabeth Bennet"


def test_speakers_narration_before_a_lone_quotation(story):
    assert story["It will rain before night."] == "Elizabeth Bennet"
