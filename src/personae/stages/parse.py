"""The one spaCy pass over the book, piece by piece, keeping only what later stages need."""
from __future__ import annotations

import os
from collections.abc import Callable

from personae import nlp as shipped
from personae.book import Book
from personae.stages import mentions as mention_stage
from personae.stages import portraits

# below this many characters, a second process costs more than it saves
PARALLEL_MIN_CHARS = 400_000

Progress = Callable[[int], None]


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
    inputs = ((shipped.clean_for_parse(text[s:e]), (s, e)) for s, e in spans)
    docs = nlp.pipe(inputs, as_tuples=True, batch_size=1, n_process=processes)
    for doc, (start, end) in docs:
        found, sentences = mention_stage.extract(doc, start, len(book.sentences))
        # the Doc is dropped after this loop: read what portraits need now
        book.name_facts.update(portraits.record(doc, start, found))
        book.mentions.extend(found)
        book.sentences.extend(sentences)
        book.words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        if progress:
            progress(end - start)
