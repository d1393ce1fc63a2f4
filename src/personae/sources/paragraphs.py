"""Paragraphs: where each one ends, as offsets beside the text, never a changed text.

A blank line ends a paragraph. A few plain-text editions set paragraphs with no blank line
between them (Project Gutenberg's #27, Far from the Madding Crowd: one blank line per 58
lines, against one per 3 to 8 in the other 33 novels of the shared data), so read by blank
lines alone a whole chapter is one paragraph and every quotation in it one speaker's. In such
a text a line starts a paragraph when the line before ends a sentence and either is short
(the wrap had room left), or this line opens a quotation or a dash, or the line before ends a
quotation and this one holds no speech tag ('... me."' / 'She extended her hand'; not
'... me!"' / 'Gabriel cried,'); or, in a text that indents its paragraphs' first lines, when
it is indented beyond the text's usual margin and the line before is not. The reader keeps
those lines' offsets on the Source (`paragraph_starts`); every stage asks this module for
paragraphs with them.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from personae.speech_verbs import SPEECH_VERB

BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_NON_SPACE = re.compile(r"\S")
MIN_LINES_PER_BREAK = 20  # fewer blank lines than one per this many lines: paragraphs unset
MIN_LINES = 200  # shorter texts are left as they are
SHORT_LINE = 0.8  # of the wrap width (the upper quartile of line widths): a paragraph's last line
_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'\u201d\u2019)\]_]*\s*$|["\u201d]\s*$""")
_OPENS_SPEECH = re.compile(r"""\s*(?:["\u201c\u2018\u00ab]|'(?=[A-Z])|--|\u2014)""")
_ENDS_SPEECH = re.compile(r"""[.!?]["\u201d]\s*$""")
MIN_INDENT = 2  # spaces beyond the margin that indent a first line (one is a wrap's stray space)
TAG_REACH = 40  # characters of the next line where a speech tag after a quotation would be


def find_paragraph_starts(text: str, start: int, end: int) -> tuple[int, ...]:
    """The offsets of the lines of text[start:end] that start a paragraph with no blank line
    before them, when the text sets its paragraphs so; () when it sets them with blank lines."""
    lines = text[start:end].split("\n")
    if len(lines) < MIN_LINES or len(lines) < MIN_LINES_PER_BREAK * max(1, len(BLANK_LINE.findall(text, start, end))):
        return ()
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    wrap = widths[3 * len(widths) // 4]
    # the indent most lines have: a first line indented beyond it after one that is not
    # starts a paragraph ("    It was..." under a flush line), the etexts' other way
    margin = Counter(line_indent(line) for line in lines if line.strip()).most_common(1)[0][0]
    found, at = [], start + len(lines[0]) + 1
    for before, line in zip(lines, lines[1:]):
        if before.strip() and line.strip():
            indented = line_indent(line) >= margin + MIN_INDENT > line_indent(before)
            after_sentence = bool(_ENDS_SENTENCE.search(before)) and (
                len(before.rstrip()) < SHORT_LINE * wrap or bool(_OPENS_SPEECH.match(line))
                or (bool(_ENDS_SPEECH.search(before)) and not SPEECH_VERB.search(line[:TAG_REACH])))
            if indented or after_sentence:
                found.append(at)
        at += len(line) + 1
    return tuple(found)


def line_indent(line: str) -> int:
    """The spaces and tabs a line opens with."""
    return len(line) - len(line.lstrip(" \t"))


def paragraph_breaks(text: str, start: int, end: int, starts: Sequence[int] = ()) -> list[int]:
    """Where each paragraph of text[start:end] but the last ends, in order: the newline ending
    its last line (the first newline of a blank line, or the one before a line of `starts`,
    the lines found to start a paragraph with no blank line before them)."""
    breaks = [m.start() for m in BLANK_LINE.finditer(text, start, end)]
    if not starts:
        return breaks
    inferred = [s - 1 for s in starts[bisect_right(starts, start):bisect_left(starts, end)]]
    return sorted(set(breaks).union(inferred))


def body_breaks(source) -> list[int]:
    """The paragraph breaks of a Source's body (`paragraph_breaks` with its paragraph starts)."""
    return paragraph_breaks(source.text, *source.body, source.paragraph_starts)


def paragraph_spans(text: str, start: int, end: int, starts: Sequence[int] = ()) -> list[tuple[int, int]]:
    """Each paragraph of text[start:end], from its first non-space character to its last
    (paragraphs of spaces are none)."""
    breaks = paragraph_breaks(text, start, end, starts)
    spans = []
    for a, b in zip([start, *breaks], [*breaks, end]):
        first = _NON_SPACE.search(text, a, b)
        if first:
            last = b
            while text[last - 1].isspace():
                last -= 1
            spans.append((first.start(), last))
    return spans


def breaks_between(breaks: Sequence[int], start: int, end: int) -> int:
    """How many of these paragraph breaks (`paragraph_breaks`) lie in [start, end)."""
    return bisect_left(breaks, end) - bisect_left(breaks, start)
