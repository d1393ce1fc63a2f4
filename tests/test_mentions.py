"""stages/mentions.py: person names are repaired for clustering, and the recogniser's own
span is what book.json reports (and what the LitBank scores read)."""
import numpy as np
import pytest
from spacy.tokens import Span

from personae import nlp as shipped
from personae.stages import mentions


@pytest.fixture(scope="module")
def nlp():
    return shipped.load()


def _with_spans(nlp, text, spans):
    """`text` parsed, its literary spans replaced by `spans` [(first token, end token, label)]."""
    doc = nlp(text)
    doc.spans[mentions.SPANS_KEY] = [Span(doc, s, e, label=label) for s, e, label in spans]
    return doc


def test_a_possessive_name_is_clustered_bare_but_reported_as_found(nlp):
    doc = _with_spans(nlp, "They spoke of Darcy's sister at dinner.", [(3, 5, "PER")])
    assert [t.text for t in doc[3:5]] == ["Darcy", "'s"]
    found, _ = mentions.extract(doc, 10, 0)
    name = next(m for m in found if m.kind == "PROP")
    assert (name.text, name.start, name.end) == ("Darcy", 10 + 14, 10 + 19)
    assert name.found == (10 + 14, 10 + 21, "Darcy's")
    assert name.to_json()["text"] == "Darcy's"


def test_a_name_found_whole_has_no_second_span(nlp):
    doc = _with_spans(nlp, "They spoke of Elizabeth Bennet at dinner.", [(3, 5, "PER")])
    found, _ = mentions.extract(doc, 0, 0)
    name = next(m for m in found if m.kind == "PROP")
    assert name.span is None and name.found == (14, 30, "Elizabeth Bennet")


def test_of_two_spans_of_one_type_around_one_head_the_likelier_is_kept(nlp):
    doc = _with_spans(nlp, "He sold all the premises to the old man in the hall.",
                      [(2, 5, "FAC"), (3, 5, "FAC"), (6, 9, "PER"), (6, 12, "PER"), (10, 12, "FAC")])
    group = doc.spans[mentions.SPANS_KEY]
    # per span: the probability of each label, as spancat_singlelabel stores them
    group.attrs["scores"] = np.array([[0.2, 0.7], [0.1, 0.8], [0.1, 0.6], [0.2, 0.5], [0.1, 0.9]])
    kept = [s.text for s in mentions.one_span_per_head(group)]
    # "the old man" and "the old man in the hall" share the head "man"; "the hall" has its own
    assert kept == ["the premises", "the old man", "the hall"]
    found, _ = mentions.extract(doc, 0, 0)
    assert "all the premises" not in {m.text for m in found}


def test_spans_without_scores_are_all_kept(nlp):
    doc = _with_spans(nlp, "He sold all the premises.", [(2, 5, "FAC"), (3, 5, "FAC")])
    assert len(mentions.one_span_per_head(doc.spans[mentions.SPANS_KEY])) == 2
