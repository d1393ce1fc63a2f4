"""Clarity: how sharply each person is drawn, relative to how often they are there.

    content  = sum over relations r, over distinct items v:  w_r * (1 + ln n_v)
               (w: described 1, owns 0.5, does / undergoes 0.25) + 0.5 * ln(1 + speeches)
    density  = content / (mentions + M0) ** BETA
    spread   = parts of the book (tenths) where they are described / tenths where they appear
    clarity  = 1 - exp(-density * (0.5 + 0.5 * spread) / TAU)

Distinct items count fully and repeats only logarithmically, so "said" two hundred times is
not a portrait (variety). Distinct items grow more slowly than the text they come from
(Heaps' law, exponent about 0.75 for words), so the rate is per mentions ** BETA: a person
there twice as often is expected to show 2 ** 0.75 = 1.7 times the distinct items, not twice.
M0 is a prior number of mentions, so that a person named three times and called "old" once is
not a sharp figure on so little (nor is a person named fifty times and described twice); a
description given once in one chapter of a person present throughout counts less than one
renewed across the book.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

from personae.book import Book

WEIGHT = {"described": 1.0, "owns": 0.5, "does": 0.25, "undergoes": 0.25}
SPEECH_WEIGHT = 0.5
M0 = 50.0
BETA = 0.75
# calibrated on Pride and Prejudice (README): its best-drawn persons reach about 1.5 raw
TAU = 0.8  # raw density at which clarity is 1 - 1/e
PARTS = 10


def content(items: dict[str, Counter[str]], quotes: int = 0) -> float:
    total = sum(WEIGHT[rel] * sum(1.0 + math.log(n) for n in values.values())
                for rel, values in items.items())
    return total + SPEECH_WEIGHT * math.log1p(quotes)


def score(items: dict[str, Counter[str]], mentions: int, quotes: int,
          described_parts: int, present_parts: int) -> float:
    density = content(items, quotes) / (mentions + M0) ** BETA
    spread = described_parts / present_parts if present_parts else 0.0
    return 1.0 - math.exp(-density * (0.5 + 0.5 * spread) / TAU)


def run(book: Book) -> None:
    """Set Character.clarity for every cast member (mention facts from stages/portraits)."""
    start, end = book.source.body
    length = max(end - start, 1)

    def part(offset: int) -> int:
        return min(PARTS - 1, max(0, (offset - start) * PARTS // length))

    items: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    present: dict[str, set[int]] = defaultdict(set)
    described: dict[str, set[int]] = defaultdict(set)
    for m in book.mentions:
        if m.character is None:
            continue
        present[m.character].add(part(m.start))
        for rel, value, _ in m.facts:
            items[m.character][rel][value] += 1
            if rel == "described":
                described[m.character].add(part(m.start))
    quotes = Counter(q.speaker for q in book.quotes if q.speaker and not q.continued)  # speeches
    for c in book.characters:
        c.clarity = round(score(items.get(c.id, {}), c.total, quotes[c.id],
                                len(described[c.id]), len(present[c.id])), 4)
