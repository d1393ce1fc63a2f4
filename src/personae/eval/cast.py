"""Cast scores on PDNC's whole novels against their gold character lists.

A gold character (with its alias set) is matched by our characters whose name or aliases
equal one of its aliases. Scores per novel:
- recall: major and intermediate characters found as ONE character of ours: exactly one of
  our characters (mentioned by one of its names at least MIN_PROPER times) matches them, and it matches no
  other gold character (a split or a merge counts against);
- precision: of our top N characters (N = the number of gold characters), how many match a
  gold character;
- gender: of the matched characters whose gold gender is M or F, how many we gendered right.
PDNC's "_unknowable" and "_group" rows (who speaks when no one can say, or many at once) are
no characters and are left out.
"""
from __future__ import annotations

import ast
import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from personae.book import Book
from personae.errors import PersonaeError
from personae.eval import ratio
from personae.stages.names import fold, normalise

MIN_PROPER = 3
GENDER = {"M": "he/him", "F": "she/her"}


@dataclass
class GoldCharacter:
    name: str
    aliases: set[str]
    gender: str
    category: str


@dataclass
class CastScore:
    novel: str
    found_as_one: int = 0
    main_characters: int = 0
    top_real: int = 0
    top_n: int = 0
    gender_right: int = 0
    gendered: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return ratio(self.found_as_one, self.main_characters)

    @property
    def precision(self) -> float:
        return ratio(self.top_real, self.top_n)

    @property
    def gender(self) -> float:
        return ratio(self.gender_right, self.gendered)


def _key(name: str) -> str:
    return fold(normalise(name))


def _forms(alias: str) -> set[str]:
    """A gold alias and the form a book's text capitalises: "The Hatter" is "Hatter" after
    "the" in running text, which is how we find it."""
    forms = {alias}
    if re.match(r"(?i)the\s+\S", alias):
        forms.add(alias.split(None, 1)[1])
    return forms


def read_gold(path: Path) -> list[GoldCharacter]:
    gold = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Main Name"].startswith("_"):
                continue  # "_unknowable", "_group": PDNC's stand-ins for speakers it cannot name
            aliases = set(ast.literal_eval(row["Aliases"])) | {row["Main Name"]}
            gold.append(GoldCharacter(row["Main Name"], {_key(form) for a in aliases for form in _forms(a)},
                                      row["Gender"],
                                      row["Category"]))
    return gold


def assign(book: Book, gold: list[GoldCharacter]) -> dict[str, int | None]:
    """Each of our characters -> the gold character it is: the one sharing the most of its
    names (gold alias lists overlap: "Miss Bennet" is listed for two sisters), ties going to
    the one that lists our character's main name, then its most used alias (aliases come
    most used first)."""
    assigned: dict[str, int | None] = {}
    for c in book.characters:
        ranked = [_key(n) for n in [c.name, *c.aliases]]
        names = set(ranked)
        best, best_key = None, (0, False, 0)
        for i, g in enumerate(gold):
            shared = names & g.aliases
            if not shared:
                continue
            key = (len(shared), _key(c.name) in g.aliases, -min(ranked.index(n) for n in shared))
            if key > best_key:
                best, best_key = i, key
        assigned[c.id] = best
    return assigned


def named_uses(book: Book) -> Counter[str]:
    """Per character, its mentions by name: proper ones, and common-noun ones that are one
    of its names ("the Duchess" of Alice, whom the book never names otherwise)."""
    names = {c.id: {_key(n) for n in [c.name, *c.aliases]} for c in book.characters}
    uses = Counter({c.id: c.proper for c in book.characters})
    for m in book.mentions:
        if m.kind == "NOM" and m.character in names and _key(m.text) in names[m.character]:
            uses[m.character] += 1
    return uses


def score_cast(novel: str, book: Book, gold: list[GoldCharacter]) -> CastScore:
    score = CastScore(novel)
    assigned = assign(book, gold)
    named = named_uses(book)
    owners: dict[str, set[int]] = {}
    for i, g in enumerate(gold):
        for alias in g.aliases:
            owners.setdefault(alias, set()).add(i)

    def merged_with(c) -> set[int]:
        """Other main characters whose distinctive names this character also carries."""
        names = {_key(n) for n in [c.name, *c.aliases]}
        return {next(iter(owners[n])) for n in names if len(owners.get(n, ())) == 1} - {assigned[c.id]}

    for i, g in enumerate(gold):
        if g.category not in ("major", "intermediate"):
            continue
        score.main_characters += 1
        ours = [c for c in book.characters if assigned[c.id] == i and named[c.id] >= MIN_PROPER]
        merges = {j for c in ours for j in merged_with(c)
                  if gold[j].category in ("major", "intermediate")}
        if len(ours) == 1 and not merges:
            score.found_as_one += 1
        elif not ours:
            score.misses.append(f"{g.name}: not found")
        else:
            score.misses.append(f"{g.name}: " + " | ".join(c.name for c in ours)
                                + (f" (merged with {', '.join(gold[j].name for j in merges)})" if merges else ""))
    score.top_n = len(gold)
    score.top_real = sum(1 for c in book.characters[:len(gold)] if assigned[c.id] is not None)
    for c in book.characters:
        i = assigned[c.id]
        if i is not None and gold[i].gender in GENDER and named[c.id] >= MIN_PROPER:
            score.gendered += 1
            score.gender_right += c.gender == GENDER[gold[i].gender]
    return score


def novels(pdnc: Path) -> list[Path]:
    folder = pdnc / "data"
    if not folder.is_dir():
        raise PersonaeError(f"{folder}: no PDNC novels there (give --data DIR, the folder holding pdnc/)")
    return sorted(p for p in folder.iterdir() if (p / "character_info.csv").exists())


def evaluate(pdnc: Path, analyse: Callable[[Path], Book], only: list[str] | None = None) -> list[CastScore]:
    scores = []
    for folder in novels(pdnc):
        if only and folder.name not in only:
            continue
        book = analyse(folder / "novel_text.txt")
        scores.append(score_cast(folder.name, book, read_gold(folder / "character_info.csv")))
    return scores
