"""The protagonist: the one character the book is about, flagged on Character.protagonist.

A first-person narrator who carries a good share of the book (a memoir's author, a novel's
"I") is its protagonist; otherwise the person most mentioned, weighted by how much of the
book they are present in (a figure who dominates one episode is not the book's subject).
"""
from __future__ import annotations

from collections import defaultdict

from personae.book import Book, Character

PARTS = 10
NARRATOR_SHARE = 0.3  # a narrator with less than this share of the top count is a witness


def run(book: Book) -> None:
    for c in book.characters:
        c.protagonist = False
    chosen = choose(book)
    if chosen is not None:
        chosen.protagonist = True


def choose(book: Book) -> Character | None:
    if not book.characters:
        return None
    top = max(c.total for c in book.characters)
    narrators = [c for c in book.characters if c.narrator and c.total >= NARRATOR_SHARE * top]
    if narrators:
        return max(narrators, key=lambda c: c.total)
    start, end = book.source.body
    length = max(end - start, 1)
    parts: dict[str, set[int]] = defaultdict(set)
    for m in book.mentions:
        if m.character is not None:
            parts[m.character].add(min(PARTS - 1, max(0, (m.start - start) * PARTS // length)))
    return max(book.characters, key=lambda c: (c.total * len(parts[c.id]), -c.first))
