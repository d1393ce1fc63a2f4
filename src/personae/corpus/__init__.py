"""Corpus runs: many books into one Parquet store, resumable, on local processes or Ray.

    from personae.corpus import run_corpus, query
    run_corpus(["books/"], "store/", workers=2)
    query("store/", "select name, total from characters order by total desc limit 5")
"""
from personae.corpus.process import CorpusConfig, process_book
from personae.corpus.runner import Summary, find_books, run_corpus
from personae.corpus.store import Store

__all__ = ["CorpusConfig", "process_book", "run_corpus", "find_books", "Summary", "Store", "query", "connect"]


def __getattr__(name: str):
    if name in ("query", "connect"):  # DuckDB only when querying
        from personae.corpus import sql as module
        return getattr(module, name)
    raise AttributeError(name)
