"""The entity diagnostic's sorting of errors (scripts/entity_diag.py), on spans built by hand."""
from pathlib import Path

import pytest

from tests.conftest import load_script
import spacy
from spacy.tokens import Doc


@pytest.fixture(scope="module")
def diag():
    return load_script("entity_diag")


def test_entity_diag_classify_by_the_other_sides_spans(diag):
    gold = {(0, 10, "PER"), (20, 30, "LOC")}
    assert diag.classify((0, 10, "FAC"), gold, False) == "type"
    assert diag.classify((4, 10, "PER"), gold, False) == "boundary"
    assert diag.classify((25, 40, "PER"), gold, False) == "boundary+type"
    assert diag.classify((40, 50, "PER"), gold, False) == "spurious"
    assert diag.classify((40, 50, "PER"), gold, True) == "missed"
    assert diag.classify((10, 20, "PER"), gold, True) == "missed"  # touching is no overlap


def test_entity_diag_form_by_tags(diag):
    words = ["Mr.", "Darcy", "saw", "no", "one", "in", "the", "room", "there"]
    tags = ["NNP", "NNP", "VBD", "DT", "NN", "IN", "DT", "NN", "RB"]
    doc = Doc(spacy.blank("en").vocab, words=words, tags=tags)
    at = {t.text: (t.idx, t.idx + len(t.text)) for t in doc}
    assert diag.form(doc, at["Mr."][0], at["Darcy"][1]) == "proper"
    assert diag.form(doc, at["the"][0], at["room"][1]) == "common"
    assert diag.form(doc, at["no"][0], at["one"][1]) == "pronoun-like"
    assert diag.form(doc, *at["there"]) == "pronoun-like"
