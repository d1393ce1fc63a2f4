"""Clarity: sharply drawn persons score above persons who are only named."""
import pytest

import personae
from personae.stages import clarity

DESCRIBED_AND_NAMED = """CHAPTER I

Helena Marsh was a tall, grave woman of forty, the keeper of the village school. Helena Marsh had
grey eyes, a sharp tongue and a generous heart. She was proud, and she was kind. She was the widow
of a sea captain, and the best reader in the parish.

The guests that evening were Tobias Crane and the vicar. Tobias Crane was there again at supper.
Near the window stood Tobias Crane. The vicar and Tobias Crane were there.

Helena Marsh walked to the school every morning. She was clever and restless, a woman of strong
opinions. She was pale that winter, and thinner. Her hands were always cold.

CHAPTER II

On Sunday Tobias Crane was there. After church came Tobias Crane. Tobias Crane was there, and the
vicar was there.

Helena Marsh wrote letters to her brother. She was patient with the children, the most patient
teacher they had ever had. She became the mistress of the new school, a stern and careful
mistress. Tobias Crane was there.
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("clarity") / "marsh.txt"
    path.write_text(DESCRIBED_AND_NAMED, encoding="utf-8")
    return personae.analyse(path)


def _by_name(book, name):
    return next(c for c in book.characters if c.name == name)


def test_clarity_described_person_above_named_only(book):
    helena, tobias = _by_name(book, "Helena Marsh"), _by_name(book, "Tobias Crane")
    assert helena.clarity > tobias.clarity
    assert tobias.clarity < 0.3  # named again and again, never drawn


def test_clarity_score_falls_with_mentions_and_rises_with_content():
    items = {"described": {"tall": 1, "grave": 2}, "does": {"walk": 3}}
    base = clarity.score(items, mentions=20, quotes=0, described_parts=2, present_parts=2)
    assert clarity.score(items, 200, 0, 2, 2) < base  # the same portrait, spread over more presence
    richer = {**items, "owns": {"house": 1}}
    assert clarity.score(richer, 20, 0, 2, 2) > base
    assert clarity.score(items, 20, 0, 1, 4) < base  # described in one part of four
    assert clarity.score({}, 50, 0, 0, 3) == 0.0
    assert 0.0 <= clarity.score({"described": {str(i): 5 for i in range(500)}}, 1, 0, 1, 1) <= 1.0


def test_clarity_repeats_count_less_than_variety():
    same = {"does": {"say": 40}}
    varied = {"does": {f"verb{i}": 1 for i in range(40)}}
    assert clarity.content(varied) > clarity.content(same)


def test_clarity_set_for_whole_cast_of_sample(sample_book):
    assert sample_book.characters
    assert all(c.clarity is not None and 0.0 <= c.clarity <= 1.0 for c in sample_book.characters)


def test_clarity_counts_a_speech_over_several_paragraphs_once(book):
    from personae.book import Quote
    helena = _by_name(book, "Helena Marsh")
    saved = book.quotes
    try:
        book.quotes = [Quote(0, 5, helena.id)]
        clarity.run(book)
        one_speech = helena.clarity
        # the same speech, its four later paragraphs records of their own
        book.quotes += [Quote(10 * k, 10 * k + 5, helena.id, continued=True) for k in range(1, 5)]
        clarity.run(book)
        assert helena.clarity == one_speech
        book.quotes = [Quote(10 * k, 10 * k + 5, helena.id) for k in range(5)]  # five speeches
        clarity.run(book)
        assert helena.clarity > one_speech
    finally:
        book.quotes = saved
        clarity.run(book)
