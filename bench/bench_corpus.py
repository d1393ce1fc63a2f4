"""Corpus throughput: books and words per second of `personae corpus` with 1 and 2 workers.

    python bench/bench_corpus.py [--books DIR] [--limit 8] [--workers 1 2] [--engine local]

Runs the same books into a fresh store once per worker count and prints, for each, the
wall time (worker start-up and spaCy loading included), books/s, words/s, the speed-up
over the first worker count, and "in parallel": the analysis seconds of all books over the
wall time (how many books were being analysed at once, on average); "CPU share" is the CPU
time the workers got over their analysis time (100% on an idle machine), and words/CPU-s the
speed per CPU second, which other processes on the machine do not change. --limit N takes the N smallest books (by file size) so a run
fits in minutes; without it, all of them. Needs ../shared/data/litbank/original.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.compute as pc

from personae.corpus import Store, find_books, run_corpus

HERE = Path(__file__).resolve().parents[1]
LITBANK = HERE.parent / "shared" / "data" / "litbank" / "original"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=Path, default=LITBANK)
    parser.add_argument("--limit", type=int, default=None, help="the N smallest books only")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--engine", default="local", choices=["local", "ray"])
    args = parser.parse_args()
    if not args.books.is_dir():
        sys.exit(f"no books at {args.books} (the shared data beside the checkout)")
    books = sorted(find_books([args.books]), key=lambda p: p.stat().st_size)[: args.limit]
    size = sum(p.stat().st_size for p in books)
    print(f"{len(books)} books from {args.books} ({size / 1e6:.1f} MB on disk); "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print("| engine | workers | books | failed | words | seconds | books/s | words/s | speed-up | in parallel "
          "| CPU share | words/CPU-s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    first = None
    for workers in args.workers:
        with tempfile.TemporaryDirectory(prefix="bench-corpus-") as folder:
            started = time.perf_counter()
            summary = run_corpus(books, Path(folder) / "store", engine=args.engine, workers=workers)
            seconds = time.perf_counter() - started
            # seconds spent analysing, summed over books: / wall = books analysed at once on average
            books_table = Store(Path(folder) / "store").read("books")
            busy = pc.sum(books_table.column("seconds")).as_py() or 0.0
            cpu = pc.sum(books_table.column("cpu_seconds")).as_py() or 0.0
        rate = summary.words / seconds
        first = first or rate
        print(f"| {args.engine} | {workers} | {summary.done} | {summary.failed} | {summary.words:,} | "
              f"{seconds:.1f} | {summary.done / seconds:.3f} | {rate:,.0f} | {rate / first:.2f}× | {busy / seconds:.2f} "
              f"| {cpu / busy if busy else 0:.0%} | {summary.words / cpu if cpu else 0:,.0f} |",
              flush=True)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
