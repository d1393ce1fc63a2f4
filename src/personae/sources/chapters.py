"""Where the book proper is (Project Gutenberg markers) and where its chapters start."""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

from personae.sources import Chapter

# "*** START OF THE/THIS PROJECT GUTENBERG EBOOK X ***", also without spaces; very old
# files end their header with "*END*THE SMALL PRINT! ...*END*" instead.
_PG_START = re.compile(
    r"^[ \t]*(?=\*)"  # cheap rejection of ordinary lines
    r"(?:\*{3}[ \t]*START OF (?:THE |THIS )?PROJECT GUTENBERG|\*END\*[ \t]*THE SMALL PRINT)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
# "*** END OF THE PROJECT GUTENBERG EBOOK X ***" and the line that often precedes it,
# "End of the Project Gutenberg EBook of X" / "End of Project Gutenberg's X".
_PG_END = re.compile(
    r"^[ \t]*(?=[*E])\**[ \t]*END OF (?:THE |THIS )?PROJECT GUTENBERG", re.IGNORECASE | re.MULTILINE
)

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|first|second|third|fourth|fifth|"
    "sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|last"
)
# Unnumbered sections that end or open a book, in capitals or title case.
_SECTION_WORDS = "|".join(
    f"{word}|{word.title()}"
    for word in (
        "EPILOGUE", "PROLOGUE", "PREFACE", "INTRODUCTION", "CONCLUSION", "APPENDIX", "AFTERWORD"
    )
)
# A heading line: keyword + number, then end of line, punctuation + title, or a capitalised
# title. Lowercase "chapter"/"part" and "Part of the ..." are prose, not headings.
_HEADING = re.compile(
    rf"""
    ^[ \t]*(?=[A-Z])  # lookahead: blank and lowercase lines fail fast
    (?:
        (?:CHAPTER|Chapter|BOOK|Book|PART|Part|VOLUME|Volume)[ \t]+
        (?:\d{{1,4}}|[IVXLCDM]{{1,9}}|(?i:{_NUMBER_WORDS}))
      | (?:(?:FIRST|First|SECOND|Second|THIRD|Third)[ \t]+)?(?:{_SECTION_WORDS})
    )
    (?:[ \t]*[.:\u2014\u2013-][^\n]{{0,120}}|[ \t]+[A-Z"'\u201c\u2018(\[][^\n]{{0,120}})?
    [ \t\r]*$
    """,
    re.MULTILINE | re.VERBOSE,
)
# Fallback for books numbering chapters with a bare roman numeral line: "XIV." alone.
_ROMAN_LINE = re.compile(
    r"^[ \t]*(?=[IVXLCDM])M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?[ \t\r]*$",
    re.MULTILINE,
)
_NON_SPACE = re.compile(r"\S")
_KEY = re.compile(r"[A-Za-z]+(?:[ \t]+[A-Za-z0-9]+)?")  # "CHAPTER 1" of "CHAPTER 1. Loomings."

# A "chapter" with fewer non-blank characters than this (about two lines of prose) after
# its heading line is a table-of-contents entry or a PART/BOOK heading directly followed by
# CHAPTER: it is merged into the chapter that follows (which keeps its own title), so a TOC
# never yields hundreds of empty chapters. Chunks without a lowercase letter (all-caps TOC
# entries) count as filler too, and so does a whole TOC, see _mark_tables_of_contents.
MIN_CHAPTER_CHARS = 120
# A long mixed-case heading-like line running on for several lines starts a paragraph
# ("BOOK I. (Folio), CHAPTER I. (Sperm Whale).--This whale, among the"); short ones may
# carry a subtitle on the next line ("CHAPTER I.\nDown the Rabbit-Hole"), all-caps ones
# a wrapped title (TOC entries).
_SHORT_HEADING = 40
_FILLER_SCAN_LIMIT = 4000
# War and Peace has about 800 heading lines (TOC included); far more means a list or a
# hostile file, and examining each one would be slow.
MAX_HEADING_CANDIDATES = 20_000  # chunks longer than this are real chapters; skip measuring them


class Heading(NamedTuple):
    start: int  # offset of the heading in the text
    end: int  # offset just past the heading line
    title: str


def gutenberg_body(text: str) -> tuple[int, int] | None:
    """The range between the Project Gutenberg header and footer, or None without markers."""
    start_match = _PG_START.search(text)
    start = _next_line(text, start_match.end()) if start_match else 0
    end_match = _PG_END.search(text, start)
    if start_match is None and end_match is None:
        return None
    end = end_match.start() if end_match else len(text)
    body = trim(text, start, end)
    return body if body[0] < body[1] else trim(text, 0, len(text))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past leading and trailing whitespace."""
    first = _NON_SPACE.search(text, start, end)
    if first is None:
        return start, start
    return first.start(), first.start() + len(text[first.start() : end].rstrip())


def find_chapters(text: str, body: tuple[int, int]) -> tuple[Chapter, ...]:
    """Chapters of plain text from heading lines; they tile `body` in order."""
    headings = _keyword_headings(text, body) or _roman_headings(text, body)
    return chapters_from_headings(text, headings, body)


def chapters_from_headings(
    text: str, headings: list[Heading], body: tuple[int, int]
) -> tuple[Chapter, ...]:
    """Cut `body` at the headings; front matter joins the first chapter, filler is merged."""
    start, end = body
    inside = [h for h in headings if start <= h.start < end]
    if not inside:
        return (Chapter("", start, end),)
    stops = [h.start for h in inside[1:]] + [end]
    filler = [_is_filler(text, h.end, stop) for h, stop in zip(inside, stops)]
    _mark_tables_of_contents(inside, filler)
    chapters: list[Chapter] = []
    pending = start  # where the next emitted chapter begins (front matter, merged filler)
    for heading, stop, skip in zip(inside[:-1], stops, filler):
        if not skip:
            chapters.append(Chapter(heading.title, pending, stop))
            pending = stop
    chapters.append(Chapter(inside[-1].title, pending, end))
    if len(chapters) > 1 and filler[-1]:
        # A filler last chapter (e.g. a trailing "APPENDIX" line) joins the one before it.
        last = chapters.pop()
        chapters[-1] = Chapter(chapters[-1].title, chapters[-1].start, last.end)
    return tuple(chapters)


def _mark_tables_of_contents(headings: list[Heading], filler: list[bool]) -> None:
    """Mark TOC entries as filler, including a last entry followed by long front matter.

    A TOC is a run of filler headings (plus at most one long chunk) that ends where the
    heading it began with, or its second one, occurs again: "CHAPTER 1" ... "CHAPTER 1".
    """
    keys = [_key(h.title) for h in headings]
    i = 0
    while i + 2 < len(headings):
        if not (filler[i] and filler[i + 1]) or (i > 0 and filler[i - 1]):
            i += 1
            continue
        found = _repeat_of(keys, filler, i)
        if found is not None:
            filler[i:found] = [True] * (found - i)
            i = found
        else:
            i += 1


def _repeat_of(keys: list[str], filler: list[bool], first: int) -> int | None:
    """Index of the heading repeating keys[first] or keys[first + 1], within a TOC-like run."""
    wanted = {keys[first], keys[first + 1]}
    long_chunks = 0
    for k in range(first + 2, len(keys)):
        if keys[k] in wanted and k - first >= 3:
            return k
        long_chunks += not filler[k]
        if long_chunks > 1:
            return None
    return None


def _key(title: str) -> str:
    match = _KEY.match(title)
    return match.group().upper() if match else title.upper()


def _keyword_headings(text: str, body: tuple[int, int]) -> list[Heading]:
    start, end = body
    return [
        Heading(m.start(), m.end(), m.group().strip())
        for m in _capped(_HEADING.finditer(text, start, end))
        if _blank_before(text, m.start(), start) and _stands_alone(text, m, end)
    ]


def _stands_alone(text: str, match: re.Match[str], end: int) -> bool:
    line = match.group().strip()
    if len(line) <= _SHORT_HEADING or line == line.upper() or _blank_after(text, match.end(), end):
        return True
    # A long title may wrap once ("CHAPTER 56. Of the Less Erroneous Pictures of Whales, and
    # the True\nPictures of Whaling Scenes."), then a blank line must follow.
    second_line_end = text.find("\n", match.end() + 1, end)
    return second_line_end >= 0 and _blank_after(text, second_line_end, end)


def _roman_headings(text: str, body: tuple[int, int]) -> list[Heading]:
    start, end = body
    headings = [
        Heading(m.start(), m.end(), m.group().strip())
        for m in _capped(_ROMAN_LINE.finditer(text, start, end))
        if _blank_before(text, m.start(), start) and _blank_after(text, m.end(), end)
    ]
    return headings if _numbered_in_order([_roman_value(h.title) for h in headings]) else []


_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _roman_value(numeral: str) -> int:
    values = [_ROMAN_DIGITS[ch] for ch in numeral.rstrip(".")]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _numbered_in_order(values: list[int]) -> bool:
    """Chapter numbers: two or more, from I or II, each above the one before or a new part's
    I. Not a stray "M." (a speaker's initial) and an "I." half a book later."""
    return (len(values) >= 2 and values[0] <= 2
            and all(b > a or b == 1 for a, b in zip(values, values[1:])))


def _capped(matches: Iterator[re.Match[str]]) -> list[re.Match[str]]:
    """All matches, or none when there are absurdly many: that text has no chapter structure."""
    found = list(islice(matches, MAX_HEADING_CANDIDATES + 1))
    return [] if len(found) > MAX_HEADING_CANDIDATES else found


def _blank_before(text: str, pos: int, floor: int) -> bool:
    """Headings stand apart: the line above is blank (or the body starts here)."""
    if pos <= floor:
        return True
    prev_start = max(text.rfind("\n", floor, pos - 1) + 1, floor)
    return not text[prev_start : pos - 1].strip()


def _blank_after(text: str, pos: int, limit: int) -> bool:
    if pos + 1 >= limit:
        return True
    line_end = text.find("\n", pos + 1, limit)
    return not text[pos + 1 : line_end if line_end >= 0 else limit].strip()


def _is_filler(text: str, start: int, stop: int) -> bool:
    if stop - start > _FILLER_SCAN_LIMIT:
        return False
    chunk = text[start:stop]
    return sum(map(len, chunk.split())) < MIN_CHAPTER_CHARS or chunk == chunk.upper()


def _next_line(text: str, pos: int) -> int:
    newline = text.find("\n", pos)
    return len(text) if newline < 0 else newline + 1
