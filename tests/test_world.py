"""The book's world: places and organisations with their people, and the timeline."""
import re

import pytest

import personae
from personae.book import Book, Character, Mention
from personae.sources import Chapter, Source
from personae.stages import world
from personae.stages.world import find_dates

STORY = """Chapter 1

In May, 1844, Captain Henry Vance left St. Louis with the regiment. Captain Vance reached New
Orleans on the 2d of June, 1844. The next year Captain Vance went to Texas with Sarah Vance.
Sarah Vance stayed in New Orleans, where the regiment had its winter quarters.

Chapter 2

In 1846 the regiment marched to Monterey. Captain Vance wrote to Sarah Vance from Monterey on
the 21st of September. The following day he was wounded. There were 1,500 men in the column,
and in 1500 wagons the stores were carried. Captain Vance returned to St. Louis in 1848.
"""

GUTENBERG = """The Project Gutenberg eBook of A Short Book

Release Date: May 3, 2004 [eBook #99999]

*** START OF THE PROJECT GUTENBERG EBOOK A SHORT BOOK ***

Chapter 1

In 1861 Thomas Hale went to war. Thomas Hale came home in 1865.

*** END OF THE PROJECT GUTENBERG EBOOK A SHORT BOOK ***

Updated editions will replace the previous one, 2012.
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("world") / "vance.txt"
    path.write_text(STORY, encoding="utf-8")
    return personae.analyse(path)


def _dates(text):
    return [(d["text"], d["date"], d["relative"]) for d in find_dates(text, 0, len(text))]


def test_world_absolute_dates_in_common_forms():
    found = _dates("It was December 1925. On the 22d of August, 1848 and on May 3, 1864, "
                   "and July 5th, 1853; in 1936 and in the spring of 1846; September, 1861.")
    assert [d for _, d, _ in found] == ["1925-12", "1848-08-22", "1864-05-03", "1853-07-05",
                                       "1936", "1846", "1861-09"]
    assert not any(relative for _, _, relative in found)


def test_world_numbers_that_are_not_years():
    found = _dates("CHAPTER 1846. He had 1,500 men, and in 1500 wagons; 1848 horses; "
                   "page 1850; the 31st of February, 1850 never was.")
    assert found == []


def test_world_relative_dates_follow_the_last_absolute_one():
    found = _dates("The war began in 1861. The next year was worse. On the 7th of March the "
                   "army moved; the next day it rained. The year before had been quiet.")
    assert [(d, r) for _, d, r in found] == [("1861", False), ("1862", True), ("1862-03-07", True),
                                             ("1862-03-08", True), ("1861", True)]
    assert _dates("The next year was worse.") == []  # nothing to resolve it from
    # a year named in passing does not move a dated narrative
    found = _dates("On May 3, 1864, we crossed; I did not see him again until 1866. On the 6th of May we fought.")
    assert [d for _, d, _ in found] == ["1864-05-03", "1866", "1864-05-06"]


def test_world_timeline_of_an_analysed_story_in_book_order(book):
    timeline = book.timeline
    assert [e["start"] for e in timeline] == sorted(e["start"] for e in timeline)
    assert [e["date"] for e in timeline] == ["1844-05", "1844-06-02", "1845", "1846", "1846-09-21",
                                             "1846-09-22", "1848"]
    vance = next(c.id for c in book.characters if "Vance" in c.name)
    assert vance in timeline[0]["people"] and vance in timeline[-1]["people"]


def _hand_book():
    """Mentions typed by hand, so that the test is about this stage, not the recogniser."""
    parts = ["In May, 1844, Henry Vance left St. Louis with the regiment.", "He reached New Orleans.",
             "Sarah Vance stayed in New Orleans.", "In 1846 the regiment marched to Monterey."]
    text = " ".join(parts)
    source = Source(path="vance.txt", text=text, format="txt", encoding="utf-8", sha256="0",
                    body=(0, len(text)), chapters=(Chapter("", 0, len(text)),))
    sentences = [(text.index(p), text.index(p) + len(p)) for p in parts]
    book = Book(source=source, sentences=sentences)
    book.characters = [Character("C0", "Henry Vance", proper=1, pronoun=1), Character("C1", "Sarah Vance", proper=1)]

    def add(word, type_, kind="PROP", character=None, nth=0):
        at = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", text)][nth]
        sentence = next(i for i, (s, e) in enumerate(sentences) if s <= at < e)
        book.mentions.append(Mention(at, at + len(word), word, type_, kind, character, sentence=sentence))

    add("Henry Vance", "PER", character="C0")
    add("St. Louis", "GPE")
    add("the regiment", "ORG", "NOM")
    add("He", "PER", "PRON", "C0")
    add("New Orleans", "GPE")
    add("Sarah Vance", "PER", character="C1")
    add("New Orleans", "GPE", nth=1)
    add("the regiment", "ORG", "NOM", nth=1)
    add("Monterey", "GPE")
    book.mentions.sort(key=lambda m: m.start)
    return book


def test_world_places_counted_with_their_people():
    book = _hand_book()
    world.run(book)
    places = {p["name"]: p for p in book.places}
    assert places["New Orleans"]["mentions"] == 2 and places["Monterey"]["mentions"] == 1
    assert [p["name"] for p in book.places][0] == "New Orleans"  # most mentioned first
    assert places["New Orleans"]["first"] == book.source.text.index("New Orleans")
    assert dict(places["New Orleans"]["people"]) == {"C0": 2, "C1": 2}  # same or next sentence
    assert dict(places["Monterey"]["people"]) == {"C1": 1}
    regiment = book.organisations[0]
    assert (regiment["name"], regiment["type"], regiment["mentions"]) == ("the regiment", "ORG", 2)


def test_world_timeline_entries_carry_their_passage():
    book = _hand_book()
    world.run(book)
    first, second = book.timeline
    assert (first["text"], first["date"], first["relative"]) == ("May, 1844", "1844-05", False)
    assert first["people"] == ["C0"] and first["places"] == ["St. Louis", "New Orleans"]
    assert second["date"] == "1846" and "Monterey" in second["places"] and second["people"] == ["C1"]


def test_world_gutenberg_header_dates_left_out(tmp_path):
    path = tmp_path / "pg99999.txt"
    path.write_text(GUTENBERG, encoding="utf-8")
    book = personae.analyse(path)
    assert [e["date"] for e in book.timeline] == ["1861", "1865"]


def test_world_in_book_json_of_sample(sample_book):
    data = sample_book.to_json()
    assert data["places"] and data["timeline"]
    for entry in data["timeline"]:
        assert sample_book.source.text[entry["start"]:entry["end"]].split() == entry["text"].split()
        assert set(entry) == {"start", "end", "text", "date", "relative", "people", "places"}
    ids = {c.id for c in sample_book.characters}
    assert all(c in ids for p in data["places"] for c, _ in p["people"])
