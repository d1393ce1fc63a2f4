"""Clarity against PDNC's gold categories: do major characters score higher than minor ones?

    python scripts/clarity_pdnc.py PrideAndPrejudice Emma [--data ../shared/data]

Each of our characters is matched to a gold character by shared names (personae.eval.cast);
prints, per novel and over all, the mean clarity of the major, intermediate and minor
characters matched, and the cast ranked by clarity.
"""
from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from pathlib import Path

import personae
from personae.eval.cast import assign, read_gold

CATEGORIES = ("major", "intermediate", "minor")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("novels", nargs="+")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--top", type=int, default=25, help="characters to list per novel")
    args = parser.parse_args()
    overall: dict[str, list[float]] = defaultdict(list)
    for novel in args.novels:
        folder = args.data / "pdnc" / "data" / novel
        book = personae.analyse(folder / "novel_text.txt")
        gold = read_gold(folder / "character_info.csv")
        matched = assign(book, gold)
        scores: dict[str, list[float]] = defaultdict(list)
        print(f"== {novel}")
        ranked = sorted(book.characters, key=lambda c: -(c.clarity or 0.0))
        for rank, c in enumerate(ranked[:args.top], 1):
            i = matched.get(c.id)
            category = gold[i].category if i is not None else "-"
            print(f"  {rank:3d}. {c.name[:28]:28s} mentions {c.total:5d}  clarity {c.clarity:.3f}  {category}"
                  + ("  (protagonist)" if c.protagonist else ""))
        for c in book.characters:
            i = matched.get(c.id)
            if i is not None and c.clarity is not None:
                scores[gold[i].category].append(c.clarity)
        for category in CATEGORIES:
            values = scores[category]
            overall[category].extend(values)
            if values:
                print(f"  {category:12s} n={len(values):3d}  mean clarity {statistics.mean(values):.3f}")
    print("== all")
    for category in CATEGORIES:
        if overall[category]:
            print(f"  {category:12s} n={len(overall[category]):3d}  mean clarity {statistics.mean(overall[category]):.3f}")


if __name__ == "__main__":
    main()
