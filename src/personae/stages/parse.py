"""The one spaCy pass over the book, piece by piece, keeping only what later stages need."""
from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable

from personae import nlp as shipped
from personae.book import Book, Mention
from personae.stages import mentions as mention_stage
from personae.stages import portraits

# below this many characters, a second process costs more than it saves
PARALLEL_MIN_CHARS = 400_000

Progress = Callable[[int], None]
Facts = tuple[tuple[str, str, int], ...]


def pieces(book: Book) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for chapter in book.source.chapters:
        spans.extend(shipped.chunks(book.source.text, chapter.start, chapter.end))
    return [(s, e) for s, e in spans if book.source.text[s:e].strip()]


def run(book: Book, progress: Progress | None = None, processes: int | None = None) -> None:
    """Parse the body; fill book.mentions, book.sentences and book.words."""
    nlp = shipped.load()
    text = book.source.text
    spans = pieces(book)
    total = sum(e - s for s, e in spans)
    if processes is None:
        processes = min(2, os.cpu_count() or 1) if total >= PARALLEL_MIN_CHARS else 1
    inputs = ((shipped.clean_for_parse(text[s:e].replace("\r\n", "\n")), (s, e)) for s, e in spans)
    docs = nlp.pipe(inputs, as_tuples=True, batch_size=1, n_process=processes)
    for doc, (start, end) in docs:
        dropped = _dropped_returns(text, start, end)
        offset = 0 if dropped else start
        found, sentences = mention_stage.extract(doc, offset, len(book.sentences))
        # the Doc is dropped after this loop: read what portraits need now
        spare = portraits.record(doc, offset, found)
        if dropped:
            spare = _to_source(found, sentences, spare, start, dropped)
        book.name_facts.update(spare)
        book.mentions.extend(found)
        book.sentences.extend(sentences)
        book.words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        if progress:
            progress(end - start)


# The parser reads a CRLF file's pieces with each line end's CR dropped: spaCy makes a word
# of a "\r", and a wrapped line's "\r\n" blanked to two spaces a space token in mid-sentence
# (Treasure Island as CRLF had 186 of its 12,091 mentions differ). Offsets are then mapped
# back to the source by the CRs dropped before them.
def _dropped_returns(text: str, start: int, end: int) -> list[int]:
    """Where, in text[start:end] with its CRLFs made LF, each dropped CR stood: the offset of
    the newline it preceded."""
    return [m.start() - start - k for k, m in enumerate(_CRLF.finditer(text, start, end))]


_CRLF = re.compile(r"\r\n")


def _to_source(found: list[Mention], sentences: list[tuple[int, int]], spare: dict[int, Facts],
               start: int, dropped: list[int]) -> dict[int, Facts]:
    """Move the offsets of a piece read without its CRs (mentions, their facts' anchors, the
    sentences, in place; the spare facts, returned) to the source's. A mention's text stays
    the parse's: a name across a line break, "Captain\r\nSmollett", is "Captain Smollett"."""
    def at(i: int) -> int:
        return start + i + bisect_left(dropped, i)

    def facts(fs: Facts) -> Facts:
        return tuple((rel, value, at(anchor) if anchor >= 0 else -1) for rel, value, anchor in fs)

    for m in found:
        m.start, m.end = at(m.start), at(m.end)
        m.facts = facts(m.facts)
        if m.span is not None:
            m.span = (at(m.span[0]), at(m.span[1]), m.span[2])
    sentences[:] = [(at(s), at(e)) for s, e in sentences]
    return {at(i): facts(fs) for i, fs in spare.items()}
