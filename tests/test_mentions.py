"""stages/mentions.py: person names are repaired for clustering, and the recogniser's own
span is what book.json reports (and what the LitBank scores read)."""
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
