"""Entity-tagging throughput on one core: personae's shipped pipeline beside the bare
spaCy small pipeline (en_core_web_sm 3.8.0, news NER), over the same text of a long book.

    python bench/bench_entities.py [BOOK] [--chars 400000] [--runs 3] [--model DIR]

Prints words per second (median of --runs) for each and their ratio. Needs a book; by
default War and Peace from ../shared/data/books.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as the issue measures it

import spacy  # noqa: E402

from personae import nlp as shipped  # noqa: E402
from personae.sources import read_source  # noqa: E402

BOOK = Path(__file__).resolve().parents[2] / "shared" / "data" / "books" / "war_and_peace_pg2600.txt"


def words_per_second(nlp, texts: list[str], runs: int) -> tuple[float, int]:
    words = 0
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        words = 0
        for doc in nlp.pipe(texts, batch_size=1):
            words += sum(1 for t in doc if not (t.is_punct or t.is_space))
        times.append(time.perf_counter() - start)
    return words / statistics.median(times), words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=BOOK)
    parser.add_argument("--chars", type=int, default=400_000, help="how much of the body to tag")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--model", type=Path, default=None,
                        help="a packaged pipeline to time instead of the shipped one (a candidate model)")
    args = parser.parse_args()
    if args.model is not None:
        shipped.LITERARY_MODEL = args.model
    source = read_source(args.book)
    start = source.body[0]
    body = source.text[start:min(source.body[1], start + args.chars)]
    texts = [shipped.clean_for_parse(body[s:e]) for s, e in shipped.chunks(body, 0, len(body))]
    ours = shipped.load()
    bare = spacy.load(shipped.MODEL_PACKAGE, exclude=list(shipped.UNUSED_COMPONENTS))
    bare.max_length = ours.max_length
    bare_rate, words = words_per_second(bare, texts, args.runs)
    our_rate, _ = words_per_second(ours, texts, args.runs)
    print(f"{args.book.name}: {words:,} words, median of {args.runs} runs, one process")
    print(f"{'pipeline':<62}{'words/s':>10}")
    print(f"{'bare en_core_web_sm 3.8.0 (' + ', '.join(bare.pipe_names) + ')':<62}{bare_rate:>10,.0f}")
    print(f"{'personae (' + ', '.join(ours.pipe_names) + ')':<62}{our_rate:>10,.0f}")
    print(f"ratio personae / bare: {our_rate / bare_rate:.2f}")


if __name__ == "__main__":
    main()
