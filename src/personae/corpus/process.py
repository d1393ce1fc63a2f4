"""`process_book`: the one pure function a corpus run maps over its books."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from personae.corpus.schema import tables_from_json


@dataclass(frozen=True)
class CorpusConfig:
    """What every worker needs to know; small and picklable (it travels to each task)."""

    # spaCy processes per book: 1, because a corpus run's parallelism is one book per worker
    parse_processes: int = 1
    quote_text: bool = True  # keep each quotation's words in the quotes table


def process_book(path: str | Path, config: CorpusConfig = CorpusConfig(), *,
                 origin: str | None = None) -> dict[str, pa.Table]:
    """Analyse one book and return its store tables, by name (see corpus.schema).

    `origin`: the path to record when `path` is a local copy (the Ray engine ships bytes).
    Raises what `personae.analyse` raises (InputError for a book that cannot be read)."""
    import personae

    started, cpu = time.perf_counter(), time.process_time()
    book = personae.analyse(path, processes=config.parse_processes)
    return tables_from_json(book.to_json(), text=book.source.text if config.quote_text else None,
                            path=origin or str(path), version=personae.__version__,
                            seconds=round(time.perf_counter() - started, 3),
                            cpu_seconds=round(time.process_time() - cpu, 3))
