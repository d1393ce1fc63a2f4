"""The book's world: its places and organisations, and a timeline of the dates it gives.

- `places` (LOC, GPE, FAC names) and `organisations` (ORG names, and common nouns such as
  "the regiment"), each with its count, first offset and the people most often named in the
  same passage (the sentence and the one on either side).
- `timeline`: absolute dates ("December 1925", "the 22d of August, 1848", "May 3, 1864",
  "in 1936") found by the regular expressions below, and relative ones ("the next year",
  "the following day", "the 7th of March") resolved from the last absolute date before them,
  each with the people and places of its passage, in book order. Only the body is searched,
  so a Gutenberg header's release date is not a date of the story; a bare number is a year
  only after a word that introduces one ("in", "of", "since", "spring of"...) and not when a
  counted noun follows ("in 1500 men").
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from typing import Any

from personae.book import Book, Mention

PLACE_TYPES = ("LOC", "GPE", "FAC")
ORG_TYPES = ("ORG",)
TOP_PEOPLE = 5
PASSAGE = 1  # sentences on each side of a mention that make its passage

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = (r"(?P<{}>(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.))")
_DAY = r"(?P<{}>[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th|d)?"
_YEAR = r"(?P<{}>1[0-9]{{3}}|20[0-9]{{2}})(?![\d,]\d)"
# words that introduce a bare year; a counted noun after the number means it is no year
_YEAR_CUE = (r"(?i:in|of|since|until|till|during|from|before|after|year|about|circa|around|"
             r"through|spring|summer|autumn|fall|winter|early|late|A\.\s?D\.)")
_NOT_YEAR_AFTER = (r"(?!\s+(?:men|miles|yards|feet|foot|pounds|dollars|francs|roubles|guns|"
                   r"soldiers|troops|horses|wagons|prisoners|people|persons|head|acres|tons|"
                   r"strong|killed|wounded|of\s+(?:the|his|their|our)\s))")
_ABSOLUTE = re.compile("|".join([
    # the 22d of August, 1848 / 22 August 1848
    r"\b(?:the\s+)?" + _DAY.format("d1") + r"(?:\s+day)?(?:\s+of)?\s+" + _MONTH.format("m1") + r",?\s+" + _YEAR.format("y1"),
    # May 3, 1864 / July 5th, 1853
    r"\b" + _MONTH.format("m2") + r"\s+" + _DAY.format("d2") + r",?\s+" + _YEAR.format("y2"),
    # December 1925 / May, 1844 / December of 1925
    r"\b" + _MONTH.format("m3") + r",?\s+(?:of\s+)?" + _YEAR.format("y3"),
    # in 1936 / the spring of 1846
    r"\b" + _YEAR_CUE + r"\s+(?:the\s+year\s+)?" + _YEAR.format("y4") + r"\b" + _NOT_YEAR_AFTER,
    # the 7th of March / March 7th (year from the context)
    r"\b(?:the\s+)?" + _DAY.format("d5") + r"(?:\s+day)?\s+of\s+" + _MONTH.format("m5") + r"\b",
    r"\b" + _MONTH.format("m6") + r"\s+" + r"(?P<d6>[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th|d)\b",
    # the next year / the following day / the year before
    r"\b[Tt]he\s+(?P<rel>next|following|succeeding|ensuing|previous|preceding)\s+(?P<unit>year|month|day|morning)\b",
    r"\b[Tt]he\s+(?P<unit2>year|month|day)\s+(?P<rel2>after|before|following)\b",
]))
RELATIVE_STEP = {"next": 1, "following": 1, "succeeding": 1, "ensuing": 1, "after": 1,
                 "previous": -1, "preceding": -1, "before": -1}
DAY_CONTEXT = 5000  # "the next day" is resolved only this near (characters) a full date
MONTH_CONTEXT = 50_000  # "the 7th of March" takes the year of a dated passage this near


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def find_dates(text: str, start: int, end: int) -> list[dict[str, Any]]:
    """Dates in text[start:end], book order: {start, end, text, date, relative}."""
    found: list[dict[str, Any]] = []
    year: int | None = None
    last: tuple[int, int | None, int | None] | None = None  # (year, month, day) of the last absolute date
    last_at = -1
    # the year of the last date that had a month: "the 11th of April" takes it rather than a
    # bare year mentioned in passing ("which I did not see again until 1865")
    dated: tuple[int, int] | None = None  # (year, offset)
    for m in _ABSOLUTE.finditer(text, start, end):
        g = m.groupdict()
        date, relative = None, False
        try:
            if g["y1"] or g["y2"]:
                y, mo, d = int(g["y1"] or g["y2"]), _month(g["m1"] or g["m2"]), int(g["d1"] or g["d2"])
                dt.date(y, mo, d)  # "the 31st of February" is no date
                date, last = f"{y:04d}-{mo:02d}-{d:02d}", (y, mo, d)
            elif g["y3"]:
                y, mo = int(g["y3"]), _month(g["m3"])
                date, last = f"{y:04d}-{mo:02d}", (y, mo, None)
            elif g["y4"]:
                y = int(g["y4"])
                date, last = f"{y:04d}", (y, None, None)
            elif g["d5"] or g["d6"]:
                y = dated[0] if dated and m.start() - dated[1] <= MONTH_CONTEXT else year
                if y is None:
                    continue
                mo, d = _month(g["m5"] or g["m6"]), int(g["d5"] or g["d6"])
                dt.date(y, mo, d)
                date, relative = f"{y:04d}-{mo:02d}-{d:02d}", True
                last, last_at = (y, mo, d), m.end()  # "the next day" follows from it
                dated = (y, m.end())
            else:
                unit, step = g["unit"] or g["unit2"], RELATIVE_STEP[g["rel"] or g["rel2"]]
                date = _shift(last, unit, step, m.start() - last_at <= DAY_CONTEXT)
                if date is None:
                    continue
                relative = True
                if unit == "year" and step > 0:  # the story has moved on: "the 7th of March" is then
                    year, last, last_at = int(date), (int(date), None, None), m.end()
        except ValueError:
            continue
        if not relative:
            year, last_at = last[0], m.end()
            # a bare year dates the narrative when a sentence opens with it ("In 1846 the
            # regiment marched"), not when named in passing ("until 1865")
            if last[1] is not None or m.group()[0].isupper():
                dated = (last[0], m.end())
        found.append({"start": m.start(), "end": m.end(), "text": " ".join(m.group().split()),
                      "date": date, "relative": relative})
    return found


def _shift(last: tuple[int, int | None, int | None] | None, unit: str, step: int, near: bool) -> str | None:
    """The date `step` units after the last absolute one, at the precision it allows."""
    if last is None:
        return None
    y, mo, d = last
    if unit == "year":
        return f"{y + step:04d}"
    if unit == "month" and mo is not None:
        mo += step
        y, mo = y + (mo - 1) // 12, (mo - 1) % 12 + 1
        return f"{y:04d}-{mo:02d}"
    if unit in ("day", "morning") and d is not None and near:
        return (dt.date(y, mo, d) + dt.timedelta(days=step)).isoformat()
    return None


def _place_key(m: Mention) -> str:
    """"the Rio Grande" and "Rio Grande" are one place; "his regiment" and "the militia
    regiment" one common noun (its head word, the last)."""
    text = " ".join(m.text.split()).lower()
    if m.kind != "PROP":
        words = re.findall(r"[\w'-]+", text)
        return words[-1] if words else ""
    return re.sub(r"^the\s+", "", text)


class _Passages:
    """The characters and places of each sentence, to ask who is near an offset."""

    def __init__(self, book: Book) -> None:
        self.starts = [s for s, _ in book.sentences]
        self.people: dict[int, list[str]] = defaultdict(list)
        self.places: dict[int, list[str]] = defaultdict(list)
        for m in book.mentions:
            if m.character is not None and m.character not in self.people[m.sentence]:
                self.people[m.sentence].append(m.character)

    def sentence(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)

    def around(self, index: dict[int, list[str]], sentence: int) -> list[str]:
        seen: list[str] = []
        for s in range(sentence - PASSAGE, sentence + PASSAGE + 1):
            seen.extend(x for x in index.get(s, ()) if x not in seen)
        return seen


def _gather(book: Book, passages: _Passages, types: tuple[str, ...], nominal: bool) -> list[dict[str, Any]]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in book.mentions:
        if m.type in types and (m.kind == "PROP" or (nominal and m.kind == "NOM")):
            groups[_place_key(m)].append(m)
    entries = []
    for key, found in groups.items():
        if not key:
            continue
        surfaces = Counter(" ".join(m.text.split()) for m in found if m.kind == "PROP")
        name = surfaces.most_common(1)[0][0] if surfaces else f"the {key}"
        people: Counter[str] = Counter()
        for m in found:
            people.update(passages.around(passages.people, m.sentence))
        kind = Counter(m.type for m in found).most_common(1)[0][0]
        entries.append({"name": name, "type": kind, "mentions": len(found),
                        "first": min(m.start for m in found),
                        "people": [[c, n] for c, n in _ordered(people)[:TOP_PEOPLE]]})
    entries.sort(key=lambda e: (-e["mentions"], e["first"]))
    return entries


def _ordered(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def run(book: Book) -> None:
    """Fill book.places, book.organisations and book.timeline (after characters.finish)."""
    passages = _Passages(book)
    book.places = _gather(book, passages, PLACE_TYPES, nominal=False)
    book.organisations = _gather(book, passages, ORG_TYPES, nominal=True)
    names = {}
    for entry in book.places:
        names[entry["name"].lower().removeprefix("the ")] = entry["name"]
    for m in book.mentions:
        if m.type in PLACE_TYPES and m.kind == "PROP":
            name = names.get(_place_key(m))
            if name and name not in passages.places[m.sentence]:
                passages.places[m.sentence].append(name)
    timeline = []
    for entry in find_dates(book.source.text, *book.source.body):
        s = passages.sentence(entry["start"])
        entry["people"] = passages.around(passages.people, s)
        entry["places"] = passages.around(passages.places, s)
        timeline.append(entry)
    book.timeline = timeline
