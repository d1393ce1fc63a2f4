"""Portraits: what a person does, undergoes, is described as and owns, from the parse."""
import pytest

import personae
from personae import nlp
from personae.stages import mentions, portraits

STORY = """Chapter 1

Colonel Brandt, the head of the political police, was a tall man. Colonel Brandt watched
the harbour from his office every morning. Colonel Brandt was patient and cold.

Mary Lowell kept a bookshop near the harbour. Colonel Brandt arrested Mary Lowell in the spring.
Mary Lowell was questioned by Colonel Brandt for three days, and her shop was closed.

Chapter 2

Mary Lowell was released in the summer. She was thin and silent now. Colonel Brandt sent her
brother away, and Mary Lowell never forgave Colonel Brandt.
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = tmp_path_factory.mktemp("portraits") / "brandt.txt"
    path.write_text(STORY, encoding="utf-8")
    return personae.analyse(path)


def _person(book, surname):
    return next(c for c in book.characters if surname in c.name)


def _items(pairs):
    return {item for item, _ in pairs}


def test_portraits_record_roles_from_parse():
    doc = nlp.load()("Mr. Darcy, the head of the family, was a tall man. She was loved by Mr. Wickham, "
                     "who had married Lydia. They called her beautiful. Elizabeth admired his estate.")
    found, _ = mentions.extract(doc, 100, 0)
    portraits.record(doc, 100, found)
    facts = {m.text: {(rel, value) for rel, value, _ in m.facts} for m in found if m.type == "PER"}
    assert ("described", "the head of the family") in facts["Mr. Darcy"]
    assert ("described", "tall") in facts["Mr. Darcy"]
    assert ("undergoes", "love") in facts["She"]
    assert ("does", "love") in facts["Mr. Wickham"] and ("does", "marry") in facts["Mr. Wickham"]
    assert ("undergoes", "marry") in facts["Lydia"]
    assert ("described", "beautiful") in facts["her"]
    assert ("does", "admire") in facts["Elizabeth"]
    assert ("owns", "estate") in facts["his"]
    # the anchor of a verb is its offset in the source: the same verb joins agent and patient
    love = {m.text: a for m in found for rel, v, a in m.facts if v == "love"}
    assert love["She"] == love["Mr. Wickham"] == 100 + doc.text.index("loved")


def test_portraits_a_subject_does_every_verb_down_a_chain_of_conjoined_verbs():
    # the parse hangs "said" on "held", "held" on "picked", "picked" on "reached"
    doc = nlp.load()("Gilbert reached across the aisle, picked up the end of her long red braid, "
                     "held it out at arm's length and said in a whisper: she walked in and he sat down.")
    found, _ = mentions.extract(doc, 0, 0)
    portraits.record(doc, 0, found)
    facts = {m.text: {value for rel, value, _ in m.facts if rel == "does"} for m in found if m.type == "PER"}
    assert {"reach", "pick", "hold", "say"} <= facts["Gilbert"]
    assert "sit" not in facts["she"]  # a verb with a subject of its own is that subject's


def test_portraits_aggregate_per_character(book):
    brandt, mary = _person(book, "Brandt"), _person(book, "Lowell")
    assert {"the head of the political police", "tall", "patient"} <= _items(brandt.portrait["described"])
    assert {"watch", "arrest"} <= _items(brandt.portrait["does"])
    assert {"arrest", "question"} <= _items(mary.portrait["undergoes"])
    assert "office" in _items(brandt.portrait["owns"])
    assert {"thin", "silent"} <= _items(mary.portrait["described"])
    assert "cold" in _items(brandt.portrait["described"])
    assert "close" not in _items(brandt.portrait["does"])  # the shop was closed, by nobody named


def test_portraits_evidence_sentences_describe_the_person(book):
    brandt = _person(book, "Brandt")
    evidence = brandt.portrait["evidence"]
    assert 1 <= len(evidence) <= portraits.EVIDENCE
    first = book.source.text[evidence[0][0]:evidence[0][1]]
    assert "Brandt" in first and ("tall" in first or "patient" in first)


def test_portraits_in_book_json_of_sample(sample_book):
    data = sample_book.to_json()
    for character in data["characters"]:
        portrait = character["portrait"]
        assert set(portrait) == {"does", "undergoes", "described", "owns", "evidence"}
        for key in ("does", "undergoes", "described", "owns"):
            counts = [n for _, n in portrait[key]]
            assert len(counts) <= portraits.TOP and counts == sorted(counts, reverse=True)
        for start, end in portrait["evidence"]:
            assert 0 <= start < end <= len(sample_book.source.text)
    # the narrator of the sample does things and owns things
    narrator = next(c for c in data["characters"] if c["narrator"])
    assert narrator["portrait"]["does"] and narrator["portrait"]["owns"]


def test_portraits_a_subject_does_the_verb_its_verb_governs_unless_an_object_does():
    doc = nlp.load()("Elizabeth could not help saying it, and Jane told Lydia to go, and Kitty began to speak.")
    found, _ = mentions.extract(doc, 0, 0)
    portraits.record(doc, 0, found)
    facts = {m.text: {value for rel, value, _ in m.facts if rel == "does"} for m in found if m.type == "PER"}
    assert "say" in facts["Elizabeth"] and "speak" in facts["Kitty"]
    assert "go" not in facts["Jane"]  # Lydia is told to go: she goes


def test_portraits_the_subject_of_what_someone_hears_or_sees_is_heard_or_seen():
    # "Mary heard her say": she says, and is heard; not "heard that she said", a report
    doc = nlp.load()("Mary heard her say it. Tom saw him go. Ann heard that she had gone.")
    found, _ = mentions.extract(doc, 0, 0)
    portraits.record(doc, 0, found)
    facts = {m.text: {(rel, value) for rel, value, _ in m.facts} for m in found if m.type == "PER"}
    assert {("does", "say"), ("undergoes", "hear")} <= facts["her"]
    assert ("undergoes", "see") in facts["him"]
    assert ("undergoes", "hear") not in facts["she"]
