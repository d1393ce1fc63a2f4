"""Quotation scores on PDNC's whole novels and on QuoteLi3: where the quotes are, and who says them.

Gold units:
- PDNC (`quotation_info.csv`): a quotation is one row; its `quoteByteSpans` are the parts of
  it (a quotation interrupted by "said X" has two), `[start, end)` offsets into
  `novel_text.txt` without the quotation marks. Its `quoteType` is Explicit, Anaphoric or
  Implicit; its `speaker` a character's Main Name (a few books give an alias instead).
- QuoteLi3 (`*.xml`): every top-level `<quote>` element is one quotation of one part (quotes
  nested inside a quotation are not counted: personae does not report them); its span is the
  element's text less the marks and spaces at either end, quoted words within it included.
  No quote types.

Our records hold a speaker's own words, cut around the quotations they quote (as PDNC cuts
them); QuoteLi3 (and LitBank) are scored against our speeches paragraph by paragraph with
those quotations inside (`uncut_records`).

Detection is scored over parts: a predicted quote matches a gold part when they overlap by at
least half of the longer of the two (so each covers at least half of the other), one to one,
the largest overlaps paired first. Precision = matched / predicted, recall = matched / gold.
Every predicted quote counts (QuoteLi3's XML holds only the annotated part of a book).

Speakers are scored over gold quotations: right when the speaker of the first matched part
that has one is our character assigned (`assign`: by shared names) to the gold speaker.
An undetected or unattributed quotation counts as wrong, so speaker accuracy is over all gold
quotations; `attributed` is the same over the quotations we found and gave a speaker.

The speaker model (models/speakers.json) was trained on some of these novels: `seen_by_model`
names them, and the command marks them and gives the other texts' overall apart.
"""
from __future__ import annotations

import ast
import csv
from bisect import bisect_left
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from personae.book import Book, Quote
from personae.errors import PersonaeError
from personae.eval.cast import GoldCharacter, _key, read_gold
from personae.stages.quotes import own_words

MIN_OVERLAP = 0.5  # of the longer span
KINDS = ("explicit", "anaphoric", "implicit")
QUOTELI3 = {"QuoteLi3-pp": "pp_full.xml", "QuoteLi3-emma": "emma_full.xml",
            "QuoteLi3-steppe": "steppe_full.xml"}
_MARKS = "\"'\u201c\u201d\u2018\u2019`"


@dataclass
class GoldQuote:
    spans: list[tuple[int, int]]
    speaker: int | None  # index into the gold characters; None when the name is unknown
    kind: str = ""  # explicit / anaphoric / implicit, "" when the data does not say


@dataclass
class GoldText:
    name: str
    path: Path  # the text to analyse
    quotes: list[GoldQuote]
    characters: list[GoldCharacter]
    # PDNC cuts a speech around the quotations quoted within it, as our records do; QuoteLi3
    # keeps them in it, so there our speeches are scored paragraph by paragraph, whole
    cuts_quoted_within: bool = True


@dataclass
class QuoteScore:
    novel: str
    predicted: int = 0
    gold_parts: int = 0
    matched: int = 0
    # kind ("all", explicit, ...) -> [right, total]
    speakers: dict[str, list[int]] = field(default_factory=dict)
    attributed: list[int] = field(default_factory=lambda: [0, 0])  # [right, with a speaker of ours]
    misses: list[str] = field(default_factory=list)
    unaligned: int = 0  # gold tokens not found in the text scored (LitBank's, in its original)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold_parts if self.gold_parts else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, kind: str = "all") -> float | None:
        right, total = self.speakers.get(kind, (0, 0))
        return right / total if total else None

    def add(self, other: QuoteScore) -> None:
        """Fold another book's counts into this one (micro-averaging)."""
        self.predicted += other.predicted
        self.gold_parts += other.gold_parts
        self.matched += other.matched
        for kind, (right, total) in other.speakers.items():
            mine = self.speakers.setdefault(kind, [0, 0])
            mine[0] += right
            mine[1] += total
        self.attributed = [a + b for a, b in zip(self.attributed, other.attributed)]
        self.unaligned += other.unaligned


def assign(book: Book, gold: list[GoldCharacter]) -> dict[str, int | None]:
    """Each of our characters -> the gold character it is, as `cast.assign` does (the most
    names shared, then the one listing our main name), ties then going to the gold character
    matched by our more frequent name (aliases come most frequent first): a "Lydia Bennet"
    who also carries a stray "Miss Bennet" is Lydia, not Jane."""
    assigned: dict[str, int | None] = {}
    for c in book.characters:
        names = [_key(n) for n in [c.name, *c.aliases]]
        best, best_key = None, (0, False, 0)
        for i, g in enumerate(gold):
            shared = [k for k, n in enumerate(names) if n in g.aliases]
            if not shared:
                continue
            key = (len(set(names) & g.aliases), names[0] in g.aliases, -shared[0])
            if key > best_key:
                best, best_key = i, key
        assigned[c.id] = best
    return assigned


def match_spans(predicted: list[tuple[int, int]], gold: list[tuple[int, int]],
                min_overlap: float = MIN_OVERLAP) -> dict[int, int]:
    """gold index -> predicted index, one to one, for pairs overlapping by at least
    `min_overlap` of the longer span; the largest overlaps are paired first."""
    pairs = []
    order = sorted(range(len(predicted)), key=lambda i: predicted[i])
    starts = [predicted[i][0] for i in order]
    longest = max((e - s for s, e in predicted), default=0)
    for g, (gs, ge) in enumerate(gold):
        # predicted spans starting after the gold end cannot overlap; nor those ending before gs
        lo = bisect_left(starts, gs - longest)
        for k in range(lo, len(order)):
            ps, pe = predicted[order[k]]
            if ps >= ge:
                break
            overlap = min(pe, ge) - max(ps, gs)
            if overlap > 0 and overlap >= min_overlap * max(pe - ps, ge - gs):
                pairs.append((overlap, g, order[k]))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, g, p in pairs:
        if g not in matched and p not in used:
            matched[g] = p
            used.add(p)
    return matched


def score_quotes(name: str, book: Book, gold: GoldText) -> QuoteScore:
    """Detection over quotation parts, speakers over quotations (see the module docstring)."""
    score = QuoteScore(name)
    parts = [(s, e, qi) for qi, q in enumerate(gold.quotes) for s, e in q.spans]
    ours = book.quotes if gold.cuts_quoted_within else uncut_records(book)
    matched = match_spans([(q.start, q.end) for q in ours], [(s, e) for s, e, _ in parts])
    score.predicted, score.gold_parts, score.matched = len(ours), len(parts), len(matched)
    assigned = assign(book, gold.characters)
    names = {c.id: c.name for c in book.characters}
    speaker_of: dict[int, str | None] = {}
    found: set[int] = set()
    for g, p in sorted(matched.items()):
        qi = parts[g][2]
        found.add(qi)
        if speaker_of.get(qi) is None:
            speaker_of[qi] = ours[p].speaker
    text = book.source.text
    for qi, q in enumerate(gold.quotes):
        ours_speaker = speaker_of.get(qi)
        right = ours_speaker is not None and q.speaker is not None and assigned.get(ours_speaker) == q.speaker
        for kind in ("all", q.kind or None):
            if kind:
                tally = score.speakers.setdefault(kind, [0, 0])
                tally[0] += right
                tally[1] += 1
        if ours_speaker is not None:
            score.attributed[0] += right
            score.attributed[1] += 1
        if not right:
            s, e = q.spans[0]
            said = (names.get(ours_speaker, ours_speaker) if ours_speaker else
                    "not found" if qi not in found else "no speaker")
            if ours_speaker is not None and assigned.get(ours_speaker) is None:
                said += " (no gold character)"  # a split, a misnamed or an unlisted person
            truth = gold.characters[q.speaker].name if q.speaker is not None else "?"
            excerpt = " ".join(text[s:e].split())[:60]
            score.misses.append(f"{s}\t{q.kind or '-'}\tgold={truth}\tours={said}\t{excerpt}")
    return score


def uncut_records(book: Book) -> list[Quote]:
    """Our quote records as they would be with the quotations a speaker quotes left inside
    the speech: each speech (`book.quote_spans`) a record per paragraph, with the speaker of
    its records."""
    text, starts = book.source.text, book.source.paragraph_starts
    records = sorted(book.quotes, key=lambda q: q.start)
    first = [q.start for q in records]
    joined: list[Quote] = []
    for s, e in sorted(book.quote_spans):
        k = bisect_left(first, s)
        speaker = records[k].speaker if k < len(records) and records[k].start < e else None
        joined += [Quote(a, b, speaker, continued=n > 0)
                   for n, (a, b) in enumerate(own_words(text, s, e, starts, cut_quoted=False))]
    return joined


def _speaker_index(name: str, characters: list[GoldCharacter], by_main: dict[str, int]) -> int | None:
    if name in by_main:
        return by_main[name]
    key = _key(name)
    owners = [i for i, c in enumerate(characters) if key in c.aliases]
    return owners[0] if owners else None


def read_pdnc(folder: Path) -> GoldText:
    """One PDNC novel folder: its text path, gold quotations and gold characters."""
    characters = read_gold(folder / "character_info.csv")
    by_main = {c.name: i for i, c in enumerate(characters)}
    quotes = []
    csv.field_size_limit(sys.maxsize)
    path = folder / "quotation_info.csv"
    try:
        with path.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                spans = [tuple(s) for s in ast.literal_eval(row["quoteByteSpans"])]
                kind = row["quoteType"].strip().lower()
                quotes.append(GoldQuote(spans, _speaker_index(row["speaker"], characters, by_main),
                                        kind if kind in KINDS else ""))
    except (OSError, KeyError, ValueError, SyntaxError) as exc:
        raise PersonaeError(f"{path}: not a PDNC quotation file ({exc})") from exc
    return GoldText(folder.name, folder / "novel_text.txt", quotes, characters)


def read_quoteli3(path: Path) -> tuple[str, list[GoldQuote], list[GoldCharacter]]:
    """A QuoteLi3 XML file: its plain text (tags removed), top-level quotations with spans
    into that text, and its characters (aliases plus the name, underscores as spaces)."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise PersonaeError(f"{path}: not a QuoteLi3 file ({exc})") from exc
    characters = []
    for c in root.iter("character"):
        name = c.get("name", "").replace("_", " ")
        aliases = {a for a in c.get("aliases", "").split(";") if a.strip()} | {name}
        gender = {"male": "M", "female": "F"}.get(c.get("gender", ""), "U")
        characters.append(GoldCharacter(name, {_key(a) for a in aliases}, gender, ""))
    by_main = {c.get("name", ""): i for i, c in enumerate(root.iter("character"))}
    _move_aliases_to_their_mentions(root, characters, by_main)
    body = root.find("text")
    if body is None:
        raise PersonaeError(f"{path}: not a QuoteLi3 file (no <text>)")
    pieces: list[str] = []
    quotes: list[GoldQuote] = []
    length = 0

    def walk(element: ET.Element, in_quote: bool) -> None:
        nonlocal length
        start = length
        if element.text:
            pieces.append(element.text)
            length += len(element.text)
        for child in element:
            walk(child, in_quote or element.tag == "quote")
            if child.tail:
                pieces.append(child.tail)
                length += len(child.tail)
        if element.tag == "quote" and not in_quote:
            # marks and spaces at the ends are trimmed below, once the text is joined
            quotes.append(GoldQuote([(start, length)],
                                    _speaker_index(element.get("speaker", ""), characters, by_main)))

    walk(body, False)
    text = "".join(pieces)
    trimmed = []
    for q in quotes:
        s, e = q.spans[0]
        while s < e and (text[s].isspace() or text[s] in _MARKS):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _MARKS):
            e -= 1
        if e > s:
            trimmed.append(GoldQuote([(s, e)], q.speaker, q.kind))
    return text, trimmed, characters


ALIAS_MENTIONS = 5  # gold mentions of an alias, at least, before they may move it
ALIAS_SHARE = 0.8  # the share of them that must denote one other character


def _move_aliases_to_their_mentions(root: ET.Element, characters: list[GoldCharacter],
                                    by_main: dict[str, int]) -> None:
    """Give an alias to the character the file's own annotated mentions of it denote, when
    the alias list says otherwise: QuoteLi3's Emma lists "Mr. Knightley" under John Knightley,
    whose brother George its mentions of that name are 37 times in 39."""
    denoted: dict[str, Counter] = defaultdict(Counter)
    for m in root.iter("mention"):
        text = (m.text or "").strip()
        if text[:1].isupper() and m.get("speaker") in by_main:
            denoted[_key(text)][by_main[m.get("speaker")]] += 1
    for alias, counts in denoted.items():
        owner, n = counts.most_common(1)[0]
        total = sum(counts.values())
        if total < ALIAS_MENTIONS or n < ALIAS_SHARE * total or alias in characters[owner].aliases:
            continue
        for c in characters:
            c.aliases.discard(alias)
        characters[owner].aliases.add(alias)


def gold_texts(data: Path, only: list[str] | None = None, workdir: Path | None = None) -> list[GoldText]:
    """The PDNC novels under data/pdnc/data and the QuoteLi3 texts under data/quoteli3 (their
    plain text written to `workdir`), restricted to the names in `only`."""
    pdnc = data / "pdnc" / "data"
    quoteli3 = data / "quoteli3"
    if not pdnc.is_dir() and not quoteli3.is_dir():
        raise PersonaeError(f"{data}: neither pdnc/data nor quoteli3 there (give --data DIR, the folder holding them)")
    folders = sorted(p for p in pdnc.iterdir() if (p / "quotation_info.csv").exists()) if pdnc.is_dir() else []
    known = [p.name for p in folders] + [n for n, f in QUOTELI3.items() if (quoteli3 / f).exists()]
    unknown = [n for n in only or [] if n not in known]
    if unknown:
        raise PersonaeError(f"unknown novel {', '.join(unknown)} (known: {', '.join(known)})")
    texts = [read_pdnc(p) for p in folders if not only or p.name in only]
    for name, file in QUOTELI3.items():
        if name in known and (not only or name in only):
            text, quotes, characters = read_quoteli3(quoteli3 / file)
            folder = workdir or Path(tempfile.mkdtemp(prefix="personae-quoteli3-"))
            path = folder / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            texts.append(GoldText(name, path, quotes, characters, cuts_quoted_within=False))
    return texts


# QuoteLi3 texts that are PDNC novels too: seen by the speaker model if their novel was
QUOTELI3_SAME = {"QuoteLi3-pp": "PrideAndPrejudice", "QuoteLi3-emma": "Emma"}


def seen_by_model(names: list[str], model: dict | None = None) -> set[str]:
    """The texts among `names` the speaker model was trained on (its "trained_on" list, and
    QuoteLi3's P&P / Emma when their PDNC novel is there): their figures are not held out."""
    if model is None:
        from personae.stages import speaker_model
        model = speaker_model.load() or {}
    trained = set(model.get("trained_on", ()))
    return {n for n in names if n in trained or QUOTELI3_SAME.get(n) in trained}


def evaluate(data: Path, analyse: Callable[[Path], Book], only: list[str] | None = None) -> list[QuoteScore]:
    """Analyse each gold text and score its quotations (default: all PDNC novels and QuoteLi3)."""
    with tempfile.TemporaryDirectory(prefix="personae-quoteli3-") as work:
        scores = []
        for gold in gold_texts(data, only, Path(work)):
            scores.append(score_quotes(gold.name, analyse(gold.path), gold))
        return scores
