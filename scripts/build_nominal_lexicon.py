"""Build the nominal-mention head lexicon shipped in src/personae/data/nominal_heads.json.

Reads LitBank's train split (../shared/data/litbank): every common-noun entity mention
(NOM_PER, NOM_FAC, ...) gives its head word and type. A head word is kept when it is
annotated often enough and when most of its occurrences in the text are mentions, so
that "man" or "carriage" qualify and "thing" does not.

    python scripts/build_nominal_lexicon.py [--litbank ../shared/data/litbank]
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

STOP_AT = {"of", "in", "at", "with", "who", "whom", "whose", "that", "which", "from", "on",
           ",", "to", "for", "by", "whom", "'s", "(", "--", ";", "as", "like", "upon"}
MIN_COUNT = 2
MIN_PRECISION = 0.4


def head_word(mention: str) -> str:
    words = mention.split(" ")
    for i, word in enumerate(words):
        if i > 0 and word.lower() in STOP_AT:
            words = words[:i]
            break
    return words[-1].lower()


def main() -> None:
    parser = argparse.ArgumentParser()
    here = Path(__file__).resolve().parents[1]
    parser.add_argument("--litbank", type=Path, default=here.parent / "shared" / "data" / "litbank")
    parser.add_argument("--out", type=Path, default=here / "src" / "personae" / "data" / "nominal_heads.json")
    args = parser.parse_args()
    stems = [line.strip().removesuffix("_brat.tsv")
             for line in (args.litbank / "splits" / "train.ids").read_text().split()]
    annotated: dict[str, Counter[str]] = defaultdict(Counter)
    occurrences: Counter[str] = Counter()
    capitalised: Counter[str] = Counter()  # proper names ("Dracula") are not nominal heads
    for stem in stems:
        brat = args.litbank / "coref" / "brat" / f"{stem}_brat.ann"
        text = (args.litbank / "coref" / "brat" / f"{stem}_brat.txt").read_text(encoding="utf-8")
        for word in re.findall(r"\S+", text):
            occurrences[word.lower()] += 1
            capitalised[word.lower()] += word[0].isupper()
        for line in brat.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) < 3 or not parts[1].startswith("NOM_"):
                continue
            entity_type = parts[1].split(" ")[0].removeprefix("NOM_")
            annotated[head_word(parts[2])][entity_type] += 1
    lexicon = {}
    for word, by_type in sorted(annotated.items()):
        entity_type, count = by_type.most_common(1)[0]
        total = sum(by_type.values())
        seen = max(occurrences[word], 1)
        if (not word.isalpha() or total < MIN_COUNT or total / seen < MIN_PRECISION
                or capitalised[word] / seen > 0.5):
            continue
        lexicon[word] = entity_type
    args.out.write_text(json.dumps(lexicon, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(lexicon)} head words -> {args.out}: "
          + ", ".join(f"{t} {n}" for t, n in Counter(lexicon.values()).most_common()))


if __name__ == "__main__":
    main()
