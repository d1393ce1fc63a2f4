"""Coreference scores on LitBank: personae's mentions and characters against the gold chains.

Gold: the CoNLL-2012 files of a split (`coref/conll/<doc>_brat.conll`, last column the chain
ids), placed on the tokenised text `coref/brat/<doc>_brat.txt` (one sentence a line, tokens
split by single spaces), so every gold mention is a character span of that text.

Predicted: `analyse` is run on that same text (written to a temporary .txt). Every mention in
`book.mentions` (all six entity types; names, common nouns, pronouns) is a predicted mention;
the mentions of one character form a cluster, every other mention is a singleton.

Alignment: a predicted mention matches a gold mention only when the character spans are
equal, i.e. exact match on token boundaries (the CoNLL scorer's rule with predicted
mentions); a mention whose span differs by a word or a mark is a miss plus a spurious one.
Scores are given with singletons (LitBank annotates them, and they are what its coreference
papers score) and without them (CoNLL-2012 style: singleton clusters dropped on both sides).
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from personae.book import Book
from personae.errors import PersonaeError
from personae.eval.coref_metrics import CorefScores, drop_singletons, score
from personae.eval.litbank import split_stems
from personae.stages.coref import nested_titles

Span = tuple[int, int]  # character offsets, half-open


@dataclass
class GoldDocument:
    stem: str
    text: str
    clusters: list[list[Span]]


@dataclass
class DocumentScore:
    stem: str
    scores: CorefScores  # singletons included
    scores_no_singletons: CorefScores
    gold_mentions: int
    predicted_mentions: int
    matched_mentions: int  # predicted spans equal to a gold span


def read_conll(path: Path) -> tuple[list[list[str]], list[list[tuple[int, int, int]]]]:
    """Sentences of tokens, and the chains as (sentence, first token, last token) mentions."""
    sentences: list[list[str]] = [[]]
    chains: dict[str, list[tuple[int, int, int]]] = {}
    open_at: dict[str, list[int]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
            continue
        columns = line.split("\t")
        if len(columns) < 4:
            raise PersonaeError(f"{path}:{number}: not a CoNLL token line")
        sentence, token = len(sentences) - 1, len(sentences[-1])
        sentences[-1].append(columns[3])
        label = columns[-1].strip()
        if label in ("", "_", "-"):
            continue
        for part in label.split("|"):
            chain = part.strip("()")
            if part.startswith("("):
                open_at.setdefault(chain, []).append(token)
            if part.endswith(")"):
                if not open_at.get(chain):
                    raise PersonaeError(f"{path}:{number}: chain {chain} closed but never opened")
                chains.setdefault(chain, []).append((sentence, open_at[chain].pop(), token))
    if not sentences[-1]:
        sentences.pop()
    return sentences, list(chains.values())


def token_spans(text: str) -> list[list[Span]]:
    """Character span of every token of a tokenised text (a sentence a line, single spaces)."""
    spans, offset = [], 0
    for line in text.split("\n"):
        row, start = [], offset
        for token in line.split(" "):
            if token:
                row.append((start, start + len(token)))
            start += len(token) + 1
        if row:
            spans.append(row)
        offset += len(line) + 1
    return spans


def gold_document(litbank: Path, stem: str) -> GoldDocument:
    conll = litbank / "coref" / "conll" / f"{stem}_brat.conll"
    txt = litbank / "coref" / "brat" / f"{stem}_brat.txt"
    for path in (conll, txt):
        if not path.exists():
            raise PersonaeError(f"{path}: missing (give --data DIR, the folder holding litbank/)")
    text = txt.read_text(encoding="utf-8")
    sentences, chains = read_conll(conll)
    spans = token_spans(text)
    words = [[text[s:e] for s, e in row] for row in spans]
    if words != sentences:
        raise PersonaeError(f"{conll}: tokens differ from {txt}")
    clusters = []
    for chain in chains:
        clusters.append(sorted({(spans[s][first][0], spans[s][last][1]) for s, first, last in chain}))
    # a span in two chains (rare) stays in the first: the metrics need a partition
    seen: set[Span] = set()
    for cluster in clusters:
        cluster[:] = [span for span in cluster if span not in seen]
        seen.update(cluster)
    return GoldDocument(stem, text, [c for c in clusters if c])


def predicted_clusters(book: Book) -> list[list[Span]]:
    """The mentions of each character as one cluster, those of each other coreference group
    (`Mention.entity`) as one; every other mention alone, but for a title nested in a name."""
    owner: dict[Span, str | None] = {}
    # "Mr." inside "Mr. Bennet" is an entity mention but LitBank's coreference marks none
    titles = {id(m) for m in nested_titles(book.mentions)}
    for m in book.mentions:
        if id(m) in titles:
            continue
        span = m.found[:2]  # as book.json reports it
        if owner.get(span) is None:  # the same span twice (nested types): keep a character if any
            owner[span] = m.character or m.entity
    by_character: dict[str, list[Span]] = {}
    clusters: list[list[Span]] = []
    for span, character in owner.items():
        if character is None:
            clusters.append([span])
        else:
            by_character.setdefault(character, []).append(span)
    return [*by_character.values(), *clusters]


def score_document(gold: GoldDocument, book: Book) -> DocumentScore:
    predicted = predicted_clusters(book)
    gold_set = {span for c in gold.clusters for span in c}
    predicted_set = {span for c in predicted for span in c}
    return DocumentScore(
        gold.stem, score(gold.clusters, predicted),
        score(drop_singletons(gold.clusters), drop_singletons(predicted)),
        len(gold_set), len(predicted_set), len(gold_set & predicted_set))


def evaluate(litbank: Path, analyse: Callable[[Path], Book], split: str = "dev",
             stems: list[str] | None = None) -> list[DocumentScore]:
    """Run `analyse` on the text of each document of the split and score its coreference."""
    results = []
    with tempfile.TemporaryDirectory(prefix="personae-coref-") as tmp:
        for stem in stems or split_stems(litbank, split):
            gold = gold_document(litbank, stem)
            path = Path(tmp) / f"{stem}.txt"
            path.write_text(gold.text, encoding="utf-8")
            results.append(score_document(gold, analyse(path)))
    return results


def _prf(s) -> str:
    return f"{100 * s.precision:4.1f} {100 * s.recall:4.1f} [bold]{100 * s.f1:4.1f}[/]"


def coref_table(results: list[DocumentScore], title: str):
    """A rich table: one row a document, then the whole split (numerators and denominators
    summed over documents, as the reference scorer does), with and without singletons."""
    from rich.table import Table

    table = Table(title=title, caption="avg F1 = mean of the MUC, B³ and CEAF-e F1 (the CoNLL score); "
                                       "no sing. = the same without singleton clusters; "
                                       "mentions = exact-span detection")
    table.add_column("document")
    for column in ("mentions P R", "MUC P R F", "B³ P R F", "CEAF-e P R F", "avg F1", "no sing."):
        table.add_column(column, justify="right", no_wrap=True)

    def row(name: str, s: CorefScores, plain: CorefScores, gold: int, predicted: int, matched: int,
            style: str | None = None) -> None:
        mentions = f"{100 * matched / max(predicted, 1):4.1f} {100 * matched / max(gold, 1):4.1f}"
        table.add_row(name, mentions, _prf(s.muc), _prf(s.b_cubed), _prf(s.ceaf_e),
                      f"{100 * s.average_f1:.1f}", f"{100 * plain.average_f1:.1f}", style=style)

    total, plain = CorefScores(), CorefScores()
    for d in results:
        row(d.stem[:24], d.scores, d.scores_no_singletons, d.gold_mentions, d.predicted_mentions,
            d.matched_mentions)
        total, plain = total + d.scores, plain + d.scores_no_singletons
    row("overall", total, plain, sum(d.gold_mentions for d in results),
        sum(d.predicted_mentions for d in results), sum(d.matched_mentions for d in results), style="bold")
    return table
