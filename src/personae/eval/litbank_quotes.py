"""Quotation scores on LitBank's quotation annotations: the openings (about 2,000 words) of
90 books, annotated with every quotation and its speaker. BookNLP reports its speaker
attribution on this data (86.4 small / 89.9 big).

The annotations are on LitBank's tokenised text (a sentence a line, tokens between spaces),
which has lost the books' paragraphs; quotation finding reads paragraphs, so each book's
opening is analysed from its original text (litbank/original/*.txt.gz), to which the tokens
are aligned in order. Gold units:
- quotations/tsv/*.ann: `QUOTE id start-sentence start-token end-sentence end-token text`
  and `ATTRIB id speaker`, the speaker a coreference entity ("Buck_Mulligan-0");
- coref/brat/*.ann: that entity's mentions, as character spans of the tokenised text.

Detection is scored as `personae eval quotes` scores it (overlap of half the longer span).
A speaker is right when the character we give the matched quotation is the gold entity:
our character is the gold entity whose mentions it shares most (the same span, both ways).
Unmatched or unattributed gold quotations count as wrong.
"""
from __future__ import annotations

import gzip
from bisect import bisect_right
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from personae.book import Book
from personae.errors import PersonaeError
from personae.eval.litbank import split_stems
from personae.eval.quotes import QuoteScore, match_spans, uncut_records

ALIGN_REACH = 400  # characters of the original searched for the next token
_BRAT_SPAN = re.compile(r"(\d+) (\d+)")


@dataclass
class LitBankQuotes:
    name: str
    text: str  # the original, up to the end of the annotated opening's paragraph
    quotes: list[tuple[int, int, str | None]]  # start, end (in text), speaker entity or None
    entity_mentions: dict[tuple[int, int], str]  # gold coreference mention span -> entity
    unaligned: int  # tokens not found in the original


def align_tokens(text: str, sentences: list[list[str]]) -> list[list[tuple[int, int] | None]]:
    """Each token's (start, end) in `text`, found in order, each within ALIGN_REACH of the
    last; None for one not found there (a token the tokeniser rewrote)."""
    pos, spans = 0, []
    for tokens in sentences:
        row: list[tuple[int, int] | None] = []
        for token in tokens:
            at = text.find(token, pos, pos + ALIGN_REACH + len(token)) if token else -1
            row.append((at, at + len(token)) if at >= 0 else None)
            if at >= 0:
                pos = at + len(token)
        spans.append(row)
    return spans


def _token_starts(tokenised: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The character offset of each token in the tokenised text, in order, and its (sentence,
    token)."""
    starts, where = [], []
    at = 0
    for s, line in enumerate(tokenised.split("\n")):
        for t, token in enumerate(line.split(" ")):
            starts.append(at)
            where.append((s, t))
            at += len(token) + 1
    return starts, where


def read_book(data: Path, name: str) -> LitBankQuotes:
    """One annotated opening, aligned to its original text."""
    quotations = data / "quotations" / "tsv"
    original = data / "original" / f"{name}.txt.gz"
    if not original.exists():
        raise PersonaeError(f"{original}: no original text for LitBank book {name}")
    tokens = quotations / f"{name}_brat.txt"
    if not tokens.exists():
        raise PersonaeError(f"{tokens}: LitBank's tokenised text of {name} is missing")
    full = gzip.open(original, "rt", encoding="utf-8").read()
    tokenised = tokens.read_text(encoding="utf-8")
    sentences = [line.split(" ") for line in tokenised.split("\n")]
    spans = align_tokens(full, sentences)
    found = [span for row in spans for span in row if span]
    if not found:
        raise PersonaeError(f"{original}: none of LitBank's tokens of {name} found in it")
    end = full.find("\n\n", found[-1][1])
    text = full[:end if end >= 0 else len(full)]

    def span_of(first: tuple[int, int], last: tuple[int, int]) -> tuple[int, int] | None:
        a, b = spans[first[0]][first[1]], spans[last[0]][last[1]]
        return (a[0], b[1]) if a and b else None

    rows = [line.split("\t") for line in (quotations / f"{name}_brat.ann").read_text(encoding="utf-8").splitlines()]
    speaker = {r[1]: r[2] for r in rows if r[0] == "ATTRIB" and len(r) > 2}
    quotes = []
    for r in rows:
        if r[0] == "QUOTE" and len(r) > 5:
            span = span_of((int(r[2]), int(r[3])), (int(r[4]), int(r[5])))
            if span:
                quotes.append((*span, speaker.get(r[1])))
    entity_mentions = {}
    coref = data / "coref" / "brat" / f"{name}_brat.ann"
    if coref.exists():
        starts, token_at = _token_starts(coref.with_suffix(".txt").read_text(encoding="utf-8"))
        for line in coref.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) < 2 or not fields[0].startswith("T"):
                continue
            entity, _, where = fields[1].partition(" ")
            offsets = [int(v) for pair in _BRAT_SPAN.findall(where) for v in pair]
            if not offsets:
                continue
            # brat's end is exclusive: the last token is the one holding the end's last character
            first, last = bisect_right(starts, offsets[0]) - 1, bisect_right(starts, offsets[-1] - 1) - 1
            span = span_of(token_at[first], token_at[last])
            if span:
                entity_mentions[span] = entity
    return LitBankQuotes(name, text, quotes, entity_mentions,
                         sum(1 for row in spans for s in row if s is None))


def books(data: Path, split: str | None = None) -> list[str]:
    """The annotated books (file stems without "_brat"), all or those of LitBank's split."""
    folder = data / "quotations" / "tsv"
    if not folder.is_dir():
        raise PersonaeError(f"{folder}: not found (LitBank's quotations)")
    names = sorted(p.name[:-len("_brat.ann")] for p in folder.glob("*_brat.ann"))
    if split:
        wanted = set(split_stems(data, split))
        names = [n for n in names if n in wanted]
    return [n for n in names if (data / "original" / f"{n}.txt.gz").exists()]


def assign_entities(book: Book, entity_mentions: dict[tuple[int, int], str]) -> dict[str, str]:
    """Each of our characters -> the gold entity whose mentions it shares most."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in book.mentions:
        if m.character:
            entity = entity_mentions.get((m.start, m.end)) or entity_mentions.get(m.found[:2])
            if entity:
                votes[m.character][entity] += 1
    return {c: v.most_common(1)[0][0] for c, v in votes.items()}


def score_book(gold: LitBankQuotes, book: Book) -> QuoteScore:
    score = QuoteScore(gold.name)
    ours = uncut_records(book)  # LitBank keeps a quotation quoted within a speech in it
    predicted = [(q.start, q.end) for q in ours]
    matched = match_spans(predicted, [(s, e) for s, e, _ in gold.quotes])
    score.predicted, score.gold_parts, score.matched = len(predicted), len(gold.quotes), len(matched)
    entity_of = assign_entities(book, gold.entity_mentions)
    right = total = attributed_right = attributed = 0
    for g, (_, _, speaker) in enumerate(gold.quotes):
        if speaker is None:
            continue
        total += 1
        our_speaker = ours[matched[g]].speaker if g in matched else None
        ok = our_speaker is not None and entity_of.get(our_speaker) == speaker
        right += ok
        if our_speaker is not None:
            attributed += 1
            attributed_right += ok
    score.speakers["all"] = [right, total]
    score.attributed = [attributed_right, attributed]
    score.unaligned = gold.unaligned
    return score


def evaluate(data: Path, analyse: Callable[[Path], Book], split: str | None = None,
             only: list[str] | None = None) -> list[QuoteScore]:
    """Score each annotated opening, analysed from its original text."""
    scores = []
    names = books(data, split)
    if only:
        names = [n for n in names if any(o in n for o in only)]
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            gold = read_book(data, name)
            path = Path(tmp) / f"{name}.txt"
            path.write_text(gold.text, encoding="utf-8")
            scores.append(score_book(gold, analyse(path)))
    return scores
