"""Paragraph breaks for plain-text editions that set none.

Every stage reads a blank line as the end of a paragraph (a speech's turn, a tag's reach).
A few plain-text editions set paragraphs with no blank line between them (Project
Gutenberg's #27, Far from the Madding Crowd: one blank line per 58 lines, against one per 3
to 8 in the other 33 novels of the shared data), so a whole chapter reads as one paragraph
and every quotation in it as one speaker's. In such a text a line starts a paragraph when
the line before ends a sentence and either is short (the wrap had room left), or this line
opens a quotation or a dash, or the line before ends a quotation and this one holds no
speech tag ('... me."' / 'She extended her hand'; not '... me!"' / 'Gabriel cried,'); the
break is restored as a blank line.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from personae.speech_verbs import SPEECH_VERB

_BLANK = re.compile(r"\n[ \t\r]*\n")
MIN_LINES_PER_BREAK = 20  # fewer blank lines than one per this many lines: paragraphs unset
MIN_LINES = 200  # shorter texts are left as they are
SHORT_LINE = 0.8  # of the wrap width (the upper quartile of line widths): a paragraph's last line
_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'\u201d\u2019)\]_]*\s*$|["\u201d]\s*$""")
_OPENS_SPEECH = re.compile(r"""\s*(?:["\u201c\u2018\u00ab]|'(?=[A-Z])|--|\u2014)""")
_ENDS_SPEECH = re.compile(r"""[.!?]["\u201d]\s*$""")
TAG_REACH = 40  # characters of the next line where a speech tag after a quotation would be


def restore_paragraphs(text: str) -> str:
    """`text` with a blank line before each line that starts a paragraph, when the text
    sets its paragraphs with no blank lines; else `text` itself."""
    out, at = [], 0
    for position, blank in _breaks(text):
        out += [text[at:position], blank]
        at = position
    return "".join(out) + text[at:] if out else text


def offset_in_restored(text: str) -> Callable[[int], int]:
    """Where an offset of `text` lies in `restore_paragraphs(text)` (the restoring only
    inserts blank lines: an offset moves by what went in at or before it)."""
    breaks = _breaks(text)
    positions = [p for p, _ in breaks]
    moved = list(accumulate(len(blank) for _, blank in breaks))
    return lambda offset: offset + (moved[k - 1] if (k := bisect_right(positions, offset)) else 0)


def _breaks(text: str) -> list[tuple[int, str]]:
    """Each line that starts a paragraph with no blank line before it: its offset, and the
    blank line to put there."""
    lines = text.split("\n")
    if len(lines) < MIN_LINES or len(lines) < MIN_LINES_PER_BREAK * max(1, len(_BLANK.findall(text))):
        return []
    widths = sorted(len(line.rstrip()) for line in lines if line.strip())
    wrap = widths[3 * len(widths) // 4]
    breaks, at = [], len(lines[0]) + 1
    for before, line in zip(lines, lines[1:]):
        if before.strip() and line.strip() and _ENDS_SENTENCE.search(before) and (
                len(before.rstrip()) < SHORT_LINE * wrap or _OPENS_SPEECH.match(line)
                or (_ENDS_SPEECH.search(before) and not SPEECH_VERB.search(line[:TAG_REACH]))):
            breaks.append((at, "\r\n" if before.endswith("\r") else "\n"))
        at += len(line) + 1
    return breaks
