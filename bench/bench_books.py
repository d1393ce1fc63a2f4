"""Speed and memory of `personae analyse` on the six long books, beside the bare spaCy pass.

    python bench/bench_books.py [--runs 3] [--books DIR] [BOOK ...]

For each book: words, seconds (median of --runs), words per second, peak RSS of the whole
process tree, and the ratio of personae's time to the bare pass of the same pipeline over
the same text pieces (what personae adds on top of parsing). Needs ../shared/data/books.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parents[1]
BOOKS = HERE.parent / "shared" / "data" / "books"

BARE = """
import sys, time
from personae import nlp as shipped
from personae.sources import read_source
src = read_source(sys.argv[1])
nlp = shipped.load()
spans = [p for c in src.chapters for p in shipped.chunks(src.text, c.start, c.end)]
texts = [shipped.clean_for_parse(src.text[s:e]) for s, e in spans if src.text[s:e].strip()]
n = 2 if sum(map(len, texts)) >= 400_000 else 1
t = time.perf_counter()
for doc in nlp.pipe(texts, batch_size=1, n_process=n):
    pass
print(time.perf_counter() - t)
"""


def run_measured(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (bytes) summed over the process tree, stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    parent = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = parent.memory_info().rss + sum(c.memory_info().rss for c in parent.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.2)
    out = proc.stdout.read() if proc.stdout else ""
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with {proc.returncode}")
    return time.perf_counter() - start, peak, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("books", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    books = args.books or sorted(BOOKS.glob("*.txt"))
    if not books:
        raise SystemExit(f"no books: give paths, or put ../shared/data/books beside the checkout")
    print(f"{'book':38} {'words':>8} {'s':>7} {'words/s':>8} {'peak MB':>8} {'bare s':>7} {'ratio':>6}")
    for book in books:
        times, peaks, bare = [], [], []
        words = 0
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as out:
                seconds, peak, _ = run_measured([sys.executable, "-m", "personae", "analyse", str(book),
                                                 "-o", f"{out}/o", "--quiet"])
                import json
                words = json.loads(Path(f"{out}/o/book.json").read_text())["source"]["words"]
            times.append(seconds)
            peaks.append(peak)
            _, _, printed = run_measured([sys.executable, "-c", BARE, str(book)])
            bare.append(float(printed.strip()))
        t, b = statistics.median(times), statistics.median(bare)
        print(f"{book.name[:38]:38} {words:8,} {t:7.1f} {words / t:8,.0f} {max(peaks) / 2**20:8,.0f} {b:7.1f} {t / b:6.2f}",
              flush=True)


if __name__ == "__main__":
    main()
