"""Entity scores on LitBank: exact-span precision / recall / F1 per type, nested mentions
included, against the brat annotations of a split (train / dev)."""
from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from personae import nlp as shipped
from personae.book import ENTITY_TYPES, Book
from personae.errors import PersonaeError
from personae.eval import f1, ratio
from personae.stages import mentions as mention_stage


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)


def gold_spans(folder: Path, stem: str) -> tuple[str, set[tuple[int, int, str]]]:
    text = (folder / f"{stem}_brat.txt").read_text(encoding="utf-8")
    spans = set()
    for line in (folder / f"{stem}_brat.ann").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0].startswith("T"):
            label, start, end = parts[1].split(" ")[:3]
            spans.add((int(start), int(end), label))
    return text, spans


def split_stems(litbank: Path, split: str) -> list[str]:
    ids = litbank / "splits" / f"{split}.ids"
    if not ids.exists():
        raise PersonaeError(f"{ids}: no LitBank split '{split}' there (give --data DIR, the folder holding litbank/)")
    return [line.strip().removesuffix("_brat.tsv") for line in ids.read_text().split()]


def evaluate(litbank: Path, split: str = "dev", analyse: Callable[[Path], Book] | None = None) -> dict[str, Score]:
    """Score each document of the split: the mentions of the book `analyse` makes of its text
    (what book.json reports: the recogniser's spans, with the types the later stages settle
    on across the book), or without `analyse` the shipped entity extraction alone."""
    folder = litbank / "entities" / "brat"
    scores = {t: Score() for t in ENTITY_TYPES}
    nlp = shipped.load() if analyse is None else None
    with tempfile.TemporaryDirectory(prefix="personae-litbank-") as tmp:
        for stem in split_stems(litbank, split):
            text, gold = gold_spans(folder, stem)
            if analyse is None:
                found, _ = mention_stage.extract(nlp(shipped.clean_for_parse(text)), 0, 0)
            else:
                path = Path(tmp) / f"{stem}.txt"
                path.write_text(text, encoding="utf-8")
                found = analyse(path).mentions
            tally(scores, {(*m.found[:2], m.type) for m in found if m.kind != "PRON"}, gold)
    return scores


def tally(scores: dict[str, Score], predicted: set, gold: set) -> None:
    """Count exact (start, end, type) matches, misses and false alarms into `scores`."""
    for span in predicted & gold:
        scores[span[2]].tp += 1
    for span in predicted - gold:
        scores[span[2]].fp += 1
    for span in gold - predicted:
        scores[span[2]].fn += 1


def overall(scores: dict[str, Score]) -> Score:
    total = Counter()
    for s in scores.values():
        total.update({"tp": s.tp, "fp": s.fp, "fn": s.fn})
    return Score(total["tp"], total["fp"], total["fn"])
