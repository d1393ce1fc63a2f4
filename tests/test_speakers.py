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


# --- the speaker stage alone, on hand-made mentions (no model: each rule checked by itself)
import re

from personae.book import Book, Character, Mention
from personae.sources import Chapter, Source
from personae.stages import quotes as quote_stage
from personae.stages import speakers

NOUNS = re.compile(r"\b(?:(?:his|her|the|this) (?:young |old )?(?:sister|lady|boy|man|woman|child))\b")


def _book(text: str, cast: dict[str, tuple[str, str]], narrator: str | None = None,
          hidden: tuple[str, ...] = ()) -> Book:
    """A Book over text whose mentions are the cast's names (name -> (id, gender)), he/she
    (unlinked), "I" (the narrator) and a few common nouns; names in `hidden` are left
    unfound, as a recogniser may miss them."""
    source = Source("t.txt", text, "txt", "utf-8", "", (0, len(text)), (Chapter("", 0, len(text)),))
    mentions = []
    for name, (cid, _) in cast.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if not (name in hidden and not any(s <= m.start() < e for s, e in quote_stage.find_quotes(text))):
                mentions.append(Mention(m.start(), m.end(), name, "PER", "PROP", cid))
    for m in re.finditer(r"\b(?:he|she|He|She|I)\b", text):
        mentions.append(Mention(m.start(), m.end(), m.group(), "PER", "PRON", narrator if m.group() == "I" else None))
    for m in NOUNS.finditer(text):
        mentions.append(Mention(m.start(), m.end(), m.group(), "PER", "NOM"))
    mentions.sort(key=lambda m: (m.start, -m.end))
    characters = [Character(cid, name, gender=gender, narrator=cid == narrator)
                  for name, (cid, gender) in cast.items()]
    book = Book(source=source, mentions=mentions, characters=characters)
    book.quote_spans = quote_stage.find_quotes(text)
    quote_stage.mark_quoted(book)
    return book


def _said(book: Book) -> dict[str, str | None]:
    speakers.attribute(book)
    text = book.source.text
    return {text[q.start:q.end]: q.speaker for q in book.quotes}


HE, SHE = "he/him", "she/her"


def test_speakers_name_beside_the_verb_that_the_recogniser_missed():
    text = ('Daisy Miller came in with Winterbourne and Randolph.\n\n"Good evening," said Winterbourne.\n\n'
            '"I guess it is late," Daisy rejoined.\n')
    said = _said(_book(text, {"Daisy Miller": ("K0", SHE), "Daisy": ("K0", SHE), "Winterbourne": ("K1", HE),
                              "Randolph": ("K2", HE)}, hidden=("Daisy",)))
    assert said["I guess it is late,"] == "K0"


def test_speakers_common_noun_tag_takes_the_person_of_its_gender():
    text = ('Randolph stood by Winterbourne.\n\n"Can I have candy?" asked Randolph.\n\n'
            '"I hope not," said his sister.\n\n"It is late," said Winterbourne.\n\n'
            'Winterbourne had seen Daisy Miller at the hotel with Randolph.\n\n"Come along," said his sister.\n')
    said = _said(_book(text, {"Randolph": ("K0", HE), "Winterbourne": ("K1", HE),
                              "Daisy Miller": ("K2", SHE)}))
    # the sister is no man present: the woman named before her words
    assert said["Come along,"] == "K2"


def test_speakers_she_tag_is_never_given_to_a_man():
    text = ('Winterbourne met Randolph and his sister.\n\n"Is that your pole?" asked Winterbourne.\n\n'
            '"Yes," said Randolph.\n\n"Well, be quiet," she observed.\n')
    said = _said(_book(text, {"Winterbourne": ("K0", HE), "Randolph": ("K1", HE)}))
    assert said["Well, be quiet,"] not in ("K0", "K1")


def test_speakers_narration_ending_in_a_colon_introduces_the_speaker():
    text = ('The car turned in at the gates, and John said to Hastings:\n\n'
            '"You will find it very quiet down here."\n')
    said = _said(_book(text, {"Hastings": ("K0", HE), "John": ("K1", HE)}))
    assert said["You will find it very quiet down here."] == "K1"


def test_speakers_one_known_voice_answers_the_narrator():
    text = ('I met John in the street.\n\n"Rotten weather," said John.\n\n"Yes."\n\n'
            '"Will you come down to Styles?"\n\n"Gladly."\n')
    said = _said(_book(text, {"John": ("K0", HE), "Hastings": ("K1", HE)}, narrator="K1"))
    assert said["Yes."] == "K1"
    assert said["Will you come down to Styles?"] == "K0"
    assert said["Gladly."] == "K1"


def test_speakers_she_tag_is_the_woman_the_narration_is_about():
    text = ('Marilla let Rachel in.\n\n"We are all well," said Rachel.\n\n'
            'Marilla smiled at this. She had expected Rachel.\n\n"Oh, I am quite well," she said.\n')
    said = _said(_book(text, {"Marilla": ("K0", SHE), "Rachel": ("K1", SHE)}))
    assert said["Oh, I am quite well,"] == "K0"
    # the subject after a conjunction opens its sentence too
    text = ('Marilla let Rachel in.\n\n"We are all well," said Anne.\n\n'
            'Marilla tried to speak. But Rachel went on.\n\n"Oh, I am quite well," she said.\n')
    book = _book(text, {"Marilla": ("K0", SHE), "Rachel": ("K1", SHE), "Anne": ("K2", SHE)})
    book.sentences = [(m.start(), m.end()) for m in re.finditer(r'[^\s"][^."]*[."]', text)]
    for m in book.mentions:
        m.sentence = max(i for i, (s, _) in enumerate(book.sentences) if s <= m.start)
    assert _said(book)["Oh, I am quite well,"] == "K1"


def test_speakers_conversation_resumes_after_a_line_of_narration():
    text = ('Cohn sat at the table.\n\n"Hello, Frances," said Cohn.\n\n"Hello, Robert," said Frances.\n\n'
            '"Where were you?"\n\nFrances looked up brightly.\n\n"I would not marry him."\n\n'
            '"It is rotten luck."\n')
    said = _said(_book(text, {"Cohn": ("K0", HE), "Frances": ("K1", SHE), "Robert": ("K0", HE)}))
    assert said["Where were you?"] == "K0"
    assert said["I would not marry him."] == "K1"
    assert said["It is rotten luck."] == "K0"


@pytest.mark.parametrize("text,names,quote,speaker", [
    # the subject before the verb, not its object
    ('Anne came home from school.\n\n"It is extremely interesting," Anne told Marilla.\n',
     {"Anne": ("K0", SHE), "Marilla": ("K1", SHE)}, "It is extremely interesting,", "K0"),
    # an owner ("Anne's face") is not the speaker
    ('Mrs. Allan declined the cake. But Marilla, seeing the disappointment on Anne\'s face, '
     'said smilingly:\n\n"Oh, you must take a piece of this."\n',
     {"Mrs. Allan": ("K0", SHE), "Marilla": ("K1", SHE), "Anne": ("K2", SHE)},
     "Oh, you must take a piece of this.", "K1"),
    # "…," was his answer
    ('Mr. Knightley and Harriet sat with Emma.\n\n'
     'Emma waited. "I am disappointed," was Mr. Knightley\'s only answer.\n',
     {"Emma": ("K0", SHE), "Mr. Knightley": ("K1", HE), "Harriet": ("K2", SHE)}, "I am disappointed,", "K1"),
    # a name only said in dialogue ("Oh, God") is not made to speak
    ('Elizabeth and Jane sat together.\n\n"Oh, God, what a day," said Elizabeth.\n\n'
     '"It was a long one."\n',
     {"Elizabeth": ("K0", SHE), "Jane": ("K1", SHE), "God": ("K2", HE)}, "It was a long one.", "K1"),
    # a less common speech verb tags too: Elizabeth speaks twice, against the alternation
    ('"It is late," said Jane to Elizabeth.\n\n"I know it," said Elizabeth.\n\n'
     '"Then we must go," Elizabeth implored, and Jane rose.\n',
     {"Jane": ("K0", SHE), "Elizabeth": ("K1", SHE)}, "Then we must go,", "K1"),
])
def test_speakers_tag_reading(text, names, quote, speaker):
    assert _said(_book(text, names))[quote] == speaker


def test_speakers_unlinked_surname_goes_to_the_character_it_mostly_names():
    names = {"Mr. Sikes": ("K0", HE), "Bill Sikes": ("K1", HE), "Nancy": ("K2", SHE)}
    text = ("Mr. Sikes came in. Mr. Sikes sat down. Mr. Sikes drank. Bill Sikes was his name.\n\n"
            '"Like a lamb," said Nancy.\n\n"Where is he?" inquired Sikes.\n')
    said = _said(_book(text, names))
    assert said["Where is he?"] == "K0"


def test_speakers_he_tag_after_a_vocative_is_the_man_addressed():
    text = ('Mr. Collins, Mr. Darcy and Elizabeth stood in the hall. Mr. Collins bowed.\n\n'
            '"Good morning, Mr. Darcy," said Elizabeth, smiling at Mr. Collins.\n\n"Good morning," he replied.\n')
    said = _said(_book(text, {"Mr. Collins": ("K0", HE), "Mr. Darcy": ("K1", HE), "Elizabeth": ("K2", SHE)}))
    assert said["Good morning,"] == "K1"


def test_speakers_tag_before_a_quotation_is_the_verbs_subject_however_far(tmp_path):
    import personae
    from personae.stages import speakers
    path = tmp_path / "tone.txt"
    path.write_text('Elinor Dashwood sat with her brother, John Dashwood.\n\n'
                    '"Robert will marry Miss Morton," said John Dashwood.\n\n'
                    "Elinor Dashwood, smiling at the grave and decisive importance of her brother's "
                    'tone, calmly replied, "The lady, I suppose, has no choice in the affair."\n',
                    encoding="utf-8")
    book = personae.analyse(path)
    tags = speakers.speech_tags(book)
    text = book.source.text
    lady = next(i for i, q in enumerate(book.quotes) if text[q.start:q.end].startswith("The lady"))
    # "her brother" is nearer the verb; Elinor is its subject
    assert tags[lady] is not None and tags[lady].text == "Elinor Dashwood"


@pytest.mark.parametrize("quote, name, called", [
    ("Go to bed, Anne, and don't let me hear another word.", "Anne", True),
    ("So, Miss Anne, Sir Walter and your sister are gone.", "Miss Anne", True),
    ("Not also Ronny, Ralph, and Stella, surely?", "Ralph", False),
    ("We are to come on donkeys, Jane, Miss Bates, and me.", "Jane", False),
    # an endearment before the name is part of the call
    ("My dear Isabella, I have not heard you ask after him.", "Isabella", True),
    ("In marriage especially, my dear Mrs. Grant, there is not one in a hundred.", "Mrs. Grant", True),
    ("I pity poor Isabella, she has so much to bear.", "Isabella", False),
    # a book's lines break anywhere: a call after a line break is a call
    ("Do you ever remember our mosque,\nMrs. Moore?", "Mrs. Moore", True),
    ("Do you ever remember our mosque,\r\nMrs. Moore?", "Mrs. Moore", True),
])
def test_speakers_a_name_in_a_list_of_names_is_no_call(quote, name, called):
    text = f'"{quote}"'
    start = text.index(name)
    assert speakers.is_vocative(text, start, start + len(name), (1, len(text) - 1)) is called


def test_speakers_narration_opening_a_new_clause_tags_the_next_quotation_not_this_one():
    # '"I knew these women would make trouble," and Mrs. Moore said, "..."': the narration
    # after the first quotation introduces the second; the first is Fielding's
    text = ('Fielding came back to the camp.\n\nFielding said with hostility, "I knew these women would '
            'make trouble," and Mrs. Moore said, "This man is blaming us."\n')
    said = _said(_book(text, {"Fielding": ("K0", HE), "Mrs. Moore": ("K1", SHE)}))
    assert said["I knew these women would make trouble,"] == "K0"
    assert said["This man is blaming us."] == "K1"
    # a tag between two pieces of one speech is still theirs: '"Well," said he, "I..."'
    text = 'Fielding came in.\n\n"Well," said Fielding, "I do not know."\n'
    said = _said(_book(text, {"Fielding": ("K0", HE)}))
    assert said["Well,"] == "K0" and said["I do not know."] == "K0"


DASH_STORY = """Stephen Dedalus sat on the steps of the tower. Buck Mulligan came up the stairs
with a bowl of lather.

\u2014Back to barracks! said Buck Mulligan sternly.

Stephen Dedalus looked at him coldly.

\u2014I am tired of your jokes, Stephen Dedalus said. I have not slept.

\u2014Poor dogsbody! I will lend you a shirt, Buck Mulligan said.

\u2014I do not want it.

\u2014Then go without, Kinch. I am off to swim.

Stephen Dedalus watched the sea.

\u2014The tide is out, he said.

\u2014It will turn.

\u2014Come down, Kinch, Buck Mulligan called. The water is warm.

\u2014I shall stay here.

\u2014Suit yourself, said Buck Mulligan.

\u2014I will.
"""


def test_speakers_dash_dialogue_tags_and_first_person(tmp_path):
    import personae
    path = tmp_path / "tower.txt"
    path.write_text(DASH_STORY, encoding="utf-8")
    book = personae.analyse(path)
    names = {c.id: c.name for c in book.characters}
    text = book.source.text
    said = {text[q.start:q.end]: names.get(q.speaker) for q in book.quotes}
    assert said["Back to barracks!"] == "Buck Mulligan"
    assert said["I am tired of your jokes,"] == "Stephen Dedalus"
    assert said["Poor dogsbody! I will lend you a shirt,"] == "Buck Mulligan"
    assert said["Suit yourself,"] == "Buck Mulligan"
    # the "I" of the speeches is their speakers', not a narrator's
    assert not any(c.narrator for c in book.characters)


def _tags(tmp_path, text: str) -> dict[str, str | None]:
    """Each quotation's words -> the words of the person mention its speech tag names."""
    import personae
    from personae.stages import speakers
    path = tmp_path / "tags.txt"
    path.write_text(text, encoding="utf-8")
    book = personae.analyse(path)
    words = book.source.text
    return {words[q.start:q.end]: tag.text if tag else None for q, tag in zip(book.quotes, speakers.speech_tags(book))}


def test_speakers_lead_in_paragraph_tag_is_its_speech_verbs_subject(tmp_path):
    tags = _tags(tmp_path, "Anne Shirley sat by the window. Gilbert Blythe sat across the aisle.\n\n"
                 "Gilbert Blythe reached across the aisle, picked up the end of Anne Shirley's long red "
                 "braid, held it out at arm's length and said in a piercing whisper:\n\n"
                 '"Carrots! Carrots!"\n\nThen Anne Shirley looked at him.\n')
    # the subject of the speech verb, at the head of a chain of verbs ending in "said"
    assert tags["Carrots! Carrots!"] == "Gilbert Blythe"


def test_speakers_narration_introducing_a_quotation_outranks_the_narration_after_it(tmp_path):
    tags = _tags(tmp_path, "Margaret Schlegel and Helen Schlegel sat by the fire.\n\n"
                 'Margaret Schlegel laughed and said, "But this is going to be far better than the debate." '
                 "Helen Schlegel recovered herself and laughed too.\n")
    assert tags["But this is going to be far better than the debate."] == "Margaret Schlegel"


def test_speakers_narration_ending_a_dash_speech_tags_the_next_one(tmp_path):
    tags = _tags(tmp_path, DASH_STORY + "\n\u2014Have some sauce, said Stephen Dedalus. Buck Mulligan covered "
                 "his plate with his hands and said:\n\n\u2014No, thanks.\n")
    assert tags["No, thanks."] == "Buck Mulligan"


def test_speakers_narration_before_a_quotation_tags_it_by_its_last_speech_verb(tmp_path):
    tags = _tags(tmp_path, 'John Ridd and Mary Ann stood at the gate.\n\n'
                 '"Yes," said John Ridd. Mary Ann turned and said, "No."\n')
    assert (tags["Yes,"], tags["No."]) == ("John Ridd", "Mary Ann")


# narration that brings in the next paragraph's quotation: "when Elinor cried out," runs
# into it after a quotation (and is its tag, not the one before's, whose tag is the
# narration introducing it); "said to her--" and "in the following manner:--" end in a dash
NEXT_PARAGRAPH_TAGS = {
    "Elinor Dashwood and Marianne Dashwood walked on the down.\n\n"
    "A man rode towards them, and Marianne Dashwood rapturously exclaimed,\n\n"
    '"It is he; I know it is!" and was hastening to meet him, when Elinor Dashwood cried out,\n\n'
    '"Indeed, Marianne, I think you are mistaken."\n': {"It is he; I know it is!": "Marianne Dashwood",
                                                        "Indeed, Marianne, I think you are mistaken.": "Elinor Dashwood"},
    "Elizabeth Bennet stood by the piano. Charlotte Lucas sat near.\n\n"
    "Soon afterwards Fitzwilliam Darcy, drawing near Elizabeth Bennet, said to her--\n\n"
    '"Do not you feel a great inclination to dance a reel?"\n\n'
    "Lady Catherine began in the following manner:--\n\n"
    '"You can be at no loss to understand the reason of my journey."\n': {
        "Do not you feel a great inclination to dance a reel?": "Fitzwilliam Darcy",
        "You can be at no loss to understand the reason of my journey.": "Lady Catherine"},
}


@pytest.mark.parametrize("text", list(NEXT_PARAGRAPH_TAGS))
def test_speakers_narration_introducing_the_next_paragraphs_quotation_is_its_tag(tmp_path, text):
    tags = _tags(tmp_path, text)
    assert {quote: tags[quote] for quote in NEXT_PARAGRAPH_TAGS[text]} == NEXT_PARAGRAPH_TAGS[text]


@pytest.mark.parametrize("text, quote, speaker", [
    # a speech verb's -ing or bare form in narration running into the quotation
    ("Alice Liddell and the Caterpillar sat on the mushroom.\n\n"
     'The Caterpillar got down and crawled away, merely remarking as it went, "One side will make you grow."\n',
     "One side will make you grow.", "Caterpillar"),
    ("Noah Claypole hid by the wall. Mr. Brownlow walked past.\n\n"
     'Noah Claypole heard Mr. Brownlow mutter, "This is far enough."\n', "This is far enough.", "Mr. Brownlow"),
    ("Mr. Beebe sat in the garden with Miss Alan.\n\n"
     "At last Mr. Beebe was heard to mutter:\n\n"
     '"I have been to Modena."\n', "I have been to Modena.", "Mr. Beebe"),
])
def test_speakers_narration_introducing_a_quotation_with_a_verbs_ing_or_bare_form(tmp_path, text, quote, speaker):
    assert _tags(tmp_path, text)[quote] == speaker
