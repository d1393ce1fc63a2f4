"""Paragraphs found as offsets beside the text (sources/paragraphs.py) and read by the stages."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from personae.book import Book, Quote
from personae.sources import read_source
from personae.sources.paragraphs import breaks_between, find_paragraph_starts, paragraph_breaks, paragraph_spans
from personae.stages import speakers
from personae.stages.quotes import find_quotes, own_words

# Far from the Madding Crowd (Gutenberg #27) sets no blank line between paragraphs
SCENE = ['"You ought to have a cloak on such a cold night,"',
         'Gabriel observed. "I would advise you to get indoors."',
         '"O no! Would you mind going on and leaving me?',
         'I thank you much for what you have told me."',
         'She extended her hand; Gabriel his. In feeling for',
         'each other\'s palm in the gloom before the money could',
         'be passed, a minute incident occurred which told much.',
         'The young girl remained motionless by the tree, and',
         'Gabriel descended into the village of Weatherbury, or',
         'Lower Longpuddle as it was sometimes called.']


def _paragraphs(text: str) -> list[str]:
    return [text[s:e] for s, e in paragraph_spans(text, 0, len(text), find_paragraph_starts(text, 0, len(text)))]


def test_paragraphs_set_without_blank_lines_are_found_by_their_lines():
    text = "\n".join(SCENE * 30)
    paragraphs = _paragraphs(text)
    assert paragraphs[0] == "\n".join(SCENE[:2])  # a quotation's tag on the next line stays with it
    assert paragraphs[1] == "\n".join(SCENE[2:4])  # a new speech after a sentence's end
    assert paragraphs[2] == "\n".join(SCENE[4:])  # a short last line ends the paragraph
    assert len(paragraphs) == 90
    # a tag on the line after a quotation's end (a full line: the wrap) stays with it
    tagged = "\n".join((SCENE[:6] + ['that gloom, "let your having seen me be a secret to all!"',
                                     'Gabriel cried, and went on.'] + SCENE[6:]) * 30)
    assert any('to all!"\nGabriel cried' in p for p in _paragraphs(tagged))


def test_paragraphs_indented_without_blank_lines_start_at_their_indent():
    # an etext that indents each paragraph's first line: no sentence's end is needed before it
    para = ["    The shepherd went down the hill towards the farm in the", "evening, and the dog went with him, as he always did when", "the",
            "    Gabriel broke the silence. He was thinking of the", "sheep and of the long winter that lay before them both,",
            " -- a wrap's stray space is no indent, nor a margin all lines share"]
    text = "\n".join(para * 40)
    paragraphs = _paragraphs(text)
    assert paragraphs[:2] == ["\n".join(para[:3]).lstrip(), "\n".join(para[3:]).lstrip()]
    # the same lines, all at one margin: no indent tells a paragraph
    assert len(_paragraphs("\n".join("  " + line.lstrip() for line in para * 40))) == 1


def test_paragraphs_set_with_blank_lines_are_those_only():
    spaced = "\n\n".join("\n".join(SCENE[k:k + 2]) for k in range(0, 10, 2)) * 30
    assert find_paragraph_starts(spaced, 0, len(spaced)) == ()
    assert _paragraphs(spaced)[:2] == ["\n".join(SCENE[:2]), "\n".join(SCENE[2:4])]
    # the breaks: the newline that ends each paragraph's last line, CRLF files too
    crlf = "One line.  \r\n \r\n\r\nTwo\r\nlines.\r\n\r\n  Three."
    breaks = paragraph_breaks(crlf, 0, len(crlf))
    assert [crlf[b - 1] for b in breaks] == ["\r", "\r"] and len(breaks) == 2
    assert [crlf[s:e] for s, e in paragraph_spans(crlf, 0, len(crlf))] == ["One line.", "Two\r\nlines.", "Three."]
    assert breaks_between(breaks, 0, len(crlf)) == 2 and breaks_between(breaks, breaks[0] + 1, len(crlf)) == 1


@given(st.lists(st.sampled_from(["word", " ", "\n", "\n\n", " \n \n", "\r\n", "\t"]), max_size=30))
def test_paragraph_spans_are_the_blank_line_paragraphs(pieces):
    text = "".join(pieces)
    expected = [m.span() for m in re.finditer(r"\S(?:.|\n(?![ \t\r]*\n))*", text)]
    expected = [(s, len(text[:e].rstrip())) for s, e in expected]
    assert paragraph_spans(text, 0, len(text)) == expected


def test_the_reader_keeps_the_text_and_gives_the_paragraph_starts(tmp_path: Path):
    text = "\n".join(SCENE * 30)
    path = tmp_path / "madding.txt"
    path.write_text(text, encoding="utf-8")
    source = read_source(path)
    assert source.text == text  # offsets index the file as decoded: no blank line put in
    assert source.paragraph_starts and all(text[s - 1] == "\n" for s in source.paragraph_starts)
    assert text[source.paragraph_starts[0]:].startswith('"O no!')


def test_a_speech_over_inferred_paragraphs_is_split_at_them():
    lines = ['"I have said it before, and I will say it', 'again to anyone who asks me.',
             '"But you never listened," she said.']
    speech = "\n".join(SCENE[4:] + lines + SCENE[4:]) * 30
    starts = find_paragraph_starts(speech, 0, len(speech))
    (s, e), *_ = [q for q in find_quotes(speech, 0, len(speech), starts) if speech[q[0]:].startswith("I have")]
    assert [speech[a:b] for a, b in own_words(speech, s, e, starts)] == [
        "I have said it before, and I will say it\nagain to anyone who asks me.", "But you never listened,"]
    # read by blank lines alone the run-on speech is not one
    assert not any(speech[q[0]:q[1]].startswith("I have said it before, and I will say it\nagain to anyone who asks me.\n")
                   for q in find_quotes(speech, 0, len(speech)))


def test_speakers_read_each_inferred_paragraph_as_a_turn():
    text = "\n".join(SCENE * 30)
    starts = find_paragraph_starts(text, 0, len(text))
    source = SimpleNamespace(text=text, body=(0, len(text)), paragraph_starts=starts)
    book = Book(source=source, quotes=[Quote(s, e) for s, e in find_quotes(text, 0, len(text), starts)])
    _, paragraph, _ = speakers._paragraphs(book)
    # "You ought ... night," / "I would advise ..." one turn; "O no! ..." the next
    assert paragraph[:3] == [0, 0, 1]
    source.paragraph_starts = ()
    assert speakers._paragraphs(book)[1][:3] == [0, 0, 0]


def test_a_speech_over_paragraphs_set_two_blank_lines_apart():
    text = '"One\n\n\n\n"Two\n \n\n"Three.'
    assert [text[a:b] for a, b in own_words(text, 1, len(text) - 1)] == ["One", "Two", "Three"]
