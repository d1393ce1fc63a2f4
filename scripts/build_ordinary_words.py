"""Build the list of ordinary words shipped in src/personae/data/ordinary_words.txt.

A capitalised word the recogniser took for a name ("Hither", "Curiouser", "Writhing") is
told from a name by how the book writes it elsewhere; a word a book uses once or twice
leaves too little to judge, so the characters stage falls back on this list: the words
that novels write in lower case at least ORDINARY_SHARE of the times they write them
mid-sentence (where a capital means a name), counted over many novels.

Text: LitBank's full originals (litbank/original/*.txt.gz) and the whole books in books/,
leaving out every novel whose LitBank excerpt is in the dev split and every PDNC novel (the
cast evaluation's books), matched by title as in train_vectors.py.

    python scripts/build_ordinary_words.py [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from train_vectors import _squash, read, sources

HERE = Path(__file__).resolve().parents[1]
OUT = HERE / "src" / "personae" / "data" / "ordinary_words.txt"
MIN_USES = 10  # lower-case and mid-sentence capitalised uses together
ORDINARY_SHARE = 0.9
# a capital after a lower-case word or a comma is no sentence start
MID_CAPITAL = re.compile(r"(?<=[a-z,;] )([A-Z][a-z]+)\b")
LOWER = re.compile(r"\b([a-z]+)\b")


def corpus(data: Path) -> list[Path]:
    pdnc = {_squash(p.name) for p in (data / "pdnc" / "data").iterdir() if p.is_dir()}

    def evaluated(p: Path) -> bool:
        n = _squash(p.parent.name if p.name == "novel_text.txt" else p.name.split(".")[0])
        return any(n == h or min(len(n), len(h)) >= 6 and (n.startswith(h) or h.startswith(n)) for h in pdnc)

    return [p for p in sources(data) if p.name != "novel_text.txt" and not evaluated(p)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent / "shared" / "data")
    args = parser.parse_args()
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    paths = corpus(args.data)
    for path in paths:
        text = read(path)
        lower.update(LOWER.findall(text))
        capital.update(w.lower() for w in MID_CAPITAL.findall(text))
    words = sorted(w for w, n in lower.items()
                   if len(w) > 1 and n + capital[w] >= MIN_USES and n >= ORDINARY_SHARE * (n + capital[w]))
    OUT.write_text("# built by scripts/build_ordinary_words.py from %d novels\n" % len(paths)
                   + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} ordinary words from {len(paths)} novels -> {OUT}")


if __name__ == "__main__":
    main()
