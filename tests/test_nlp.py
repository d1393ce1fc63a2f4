"""The shipped pipeline's text preparation: offsets kept, typed dashes split from words."""
from __future__ import annotations

from personae import nlp


def test_nlp_clean_for_parse_keeps_every_offset():
    text = "Mr. Knightley.--This was _very_ odd,\nsaid Emma.---\"You\n\nknow.\""
    cleaned = nlp.clean_for_parse(text)
    assert len(cleaned) == len(text)
    assert "--" not in cleaned and "_" not in cleaned
    assert cleaned.index("This") == text.index("This")


def test_nlp_typed_dash_does_not_join_a_name_to_the_next_word():
    doc = nlp.load()(nlp.clean_for_parse('"I saw Mr. Knightley.--This was odd," said Emma.--"You know."'))
    assert "Knightley" in [t.text for t in doc]
    names = [s.text for s in doc.spans["litbank"] if s.label_ == "PER"]
    assert "Mr. Knightley" in names
    assert not any("This" in n or "You" in n for n in names)
