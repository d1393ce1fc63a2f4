"""Coreference lab on LitBank: cache the pipeline up to the coref stage for a split, then
re-run only coref (+ speakers) and score, fast; `--errors` lists the gold links we miss or
make wrongly, by mention form, to decide which rules are worth writing.

    python scripts/coref_diag.py cache --split train      # once (slow: the whole pipeline)
    python scripts/coref_diag.py score --split train [--errors]
    python scripts/coref_diag.py learn --split train [--from-current]  # coref.PRONOUN_WEIGHTS
    python scripts/coref_diag.py mentions --split train  # boundary misses; each error class's worth
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from collections import Counter
from pathlib import Path

from personae.eval.coref import coref_table, gold_document, predicted_clusters, score_document
from personae.eval.litbank import split_stems

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "litbank"
CACHE = Path(tempfile.gettempdir()) / "personae-coref-cache"


def cache(split: str) -> None:
    from personae.book import Book
    from personae.sources import read_source
    from personae.stages import characters, narrator, parse, quotes

    CACHE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for stem in split_stems(DATA, split):
            out = CACHE / f"{stem}.pkl"
            if out.exists():
                continue
            gold = gold_document(DATA, stem)
            path = Path(tmp) / f"{stem}.txt"
            path.write_text(gold.text, encoding="utf-8")
            source = read_source(path)
            book = Book(source=source)
            book.quote_spans = quotes.find_quotes(source.text, *source.body, source.paragraph_starts)
            parse.run(book, lambda n: None, 1)
            characters.run(book)
            quotes.mark_quoted(book)
            narrator.run(book)
            out.write_bytes(pickle.dumps(book))
            print(stem, file=sys.stderr)


def run_rest(book):
    from personae import pipeline
    from personae.stages import coref, portraits, speakers
    portraits.attach_name_facts(book)  # as the pipeline does before coref
    titles = coref.set_aside_nested_titles(book)  # as the pipeline does
    pipeline.link_people(book)  # coref (and unnamed speakers), read twice as the pipeline does
    speakers.run(book)
    if hasattr(coref, "after_speakers"):
        coref.after_speakers(book)
    coref.put_back(book, titles)
    return book


def errors(gold, book, tally: Counter, examples: dict, forms: Counter) -> None:
    """Tally per predicted mention, by form: right/wrong antecedent against gold."""
    text = gold.text
    gold_of = {span: i for i, c in enumerate(gold.clusters) for span in c}
    pred = predicted_clusters(book)
    pred_of = {span: i for i, c in enumerate(pred) for span in c}
    kind_of = {(m.start, m.end): m for m in book.mentions}
    spans = sorted(pred_of)
    for span in spans:
        m = kind_of.get(span)
        if m is None:  # reported as the span model found it, clustered under its repaired form
            continue
        word = m.text.lower() if m.kind == "PRON" else m.kind + ":" + m.type
        if m.kind == "NOM":
            word = "NOM:" + m.text.lower().split()[0]
        g = gold_of.get(span)
        # earlier mentions in the same predicted / gold cluster
        earlier_pred = [s for s in pred[pred_of[span]] if s < span]
        earlier_gold = [s for s in gold.clusters[g] if s < span] if g is not None else []
        if g is None:
            status = "spurious"
        elif not earlier_gold and not earlier_pred:
            status = "new-ok"
        elif not earlier_gold:
            status = "linked-but-new"
        elif not earlier_pred:
            status = "missed-link"
        else:
            ant = max(earlier_pred)
            status = "right" if gold_of.get(ant) == g else "wrong-link"
        tally[(word, status)] += 1
        forms[word] += 1
        if status in ("missed-link", "wrong-link", "linked-but-new"):
            lo = max(0, span[0] - 150)
            examples.setdefault((word, status), []).append(
                f"{gold.stem[:20]}: ...{text[lo:span[0]]}[[{text[span[0]:span[1]]}]]{text[span[1]:span[1]+40]}...".replace("\n", " "))


def score(split: str, show_errors: bool, stems=None) -> None:
    results = []
    tally, examples, forms = Counter(), {}, Counter()
    for stem in stems or split_stems(DATA, split):
        gold = gold_document(DATA, stem)
        book = run_rest(pickle.loads((CACHE / f"{stem}.pkl").read_bytes()))
        results.append(score_document(gold, book))
        if show_errors:
            errors(gold, book, tally, examples, forms)
    from rich.console import Console
    Console(width=150).print(coref_table(results, f"{split} (cached)"))
    if show_errors:
        print(f"{'form':28} " + " ".join(f"{s:>14}" for s in
              ("new-ok", "right", "missed-link", "wrong-link", "linked-but-new", "spurious")))
        for word, n in forms.most_common(45):
            print(f"{word:28} " + " ".join(f"{tally[(word, s)]:14d}" for s in
                  ("new-ok", "right", "missed-link", "wrong-link", "linked-but-new", "spurious")))
        Path("/tmp/coref_examples.txt").write_text("\n".join(
            f"== {k}\n" + "\n".join(v[:12]) for k, v in sorted(examples.items(), key=lambda kv: -len(kv[1]))))


def _form(m) -> str:
    """The error class of a mention: quotation / narration I, you, we; he/she; they; common
    noun or name, of a person or not."""
    word = m.text.lower()
    if m.kind == "PRON":
        for person, words in (("I", "i me my mine myself"), ("you", "you your yours yourself thou thee thy"),
                              ("we", "we us our ours ourselves")):
            if word in words.split():
                return ("quote " if m.in_quote else "narration ") + person
        if word in "he him his himself she her hers herself".split():
            return "he/she"
        return "they" if word in "they them their theirs themselves".split() else "other pronoun"
    return f"{m.kind}:{'PER' if m.type == 'PER' else 'other'}"


def mentions(split: str) -> None:
    """Where the score goes: gold mentions found exactly, a word or mark off (a boundary
    miss: counted as a miss plus a spurious mention), or not at all; and the average F1 with
    each error class linked as gold links it (our mentions kept), then all of them."""
    from collections import defaultdict

    from personae.eval.coref_metrics import CorefScores
    from personae.eval.coref_metrics import score as coref_score
    from personae.stages import coref

    gold_kinds, predicted_kinds = Counter(), Counter()
    totals: dict[str, CorefScores] = defaultdict(CorefScores)
    classes = ("quote I", "quote you", "quote we", "narration I", "narration you", "narration we",
               "he/she", "they", "NOM:PER", "NOM:other", "PROP:PER", "PROP:other")
    for stem in split_stems(DATA, split):
        gold = gold_document(DATA, stem)
        book = run_rest(pickle.loads((CACHE / f"{stem}.pkl").read_bytes()))
        predicted = predicted_clusters(book)
        gold_of = {span: i for i, c in enumerate(gold.clusters) for span in c}
        form = {}
        titles = {id(m) for m in coref.nested_titles(book.mentions)}
        for m in book.mentions:
            if id(m) in titles:
                continue
            form.setdefault(m.found[:2], _form(m))  # the span predicted_clusters reports
        ours = set(form)
        overlapping = lambda a, spans: any(a[0] < b[1] and b[0] < a[1] for b in spans)
        for span in gold_of:
            gold_kinds["exact" if span in ours else "boundary" if overlapping(span, ours) else "not found"] += 1
        for span in ours:
            predicted_kinds["exact" if span in gold_of else "boundary" if overlapping(span, gold_of) else "spurious"] += 1
        totals["as we link"] += coref_score(gold.clusters, predicted)
        for cls in (*classes, "all"):
            # the class's mentions taken out, then each put with the most of its gold chain
            kept = [[s for s in c if s not in gold_of or cls not in ("all", form[s])] for c in predicted]
            kept = [c for c in kept if c]
            where: dict[int, Counter] = defaultdict(Counter)
            for k, c in enumerate(kept):
                for s in c:
                    if s in gold_of:
                        where[gold_of[s]][k] += 1
            alone: dict[int, list] = defaultdict(list)
            for s in sorted(ours):
                if s in gold_of and cls in ("all", form[s]) and all(s not in c for c in kept):
                    if where[gold_of[s]]:
                        kept[where[gold_of[s]].most_common(1)[0][0]].append(s)
                    else:
                        alone[gold_of[s]].append(s)
                        where[gold_of[s]][len(kept)] += 1
                        kept.append(alone[gold_of[s]])
            totals[cls] += coref_score(gold.clusters, kept)
    print(f"gold mentions: {dict(gold_kinds)}")
    print(f"our mentions: {dict(predicted_kinds)}")
    base = totals["as we link"].average_f1
    for name, t in totals.items():
        print(f"{name:16} avg F1 {100 * t.average_f1:5.1f} ({100 * (t.average_f1 - base):+.1f})  "
              f"MUC {100 * t.muc.f1:.1f}  B³ {100 * t.b_cubed.f1:.1f}  CEAF-e {100 * t.ceaf_e.f1:.1f}")


def learn(split: str, from_current: bool = False) -> None:
    """Fit coref.PRONOUN_WEIGHTS: a conditional logit over each pronoun's candidates, the
    right one being the candidate holding the latest gold antecedent. The choices made while
    reading are salience's, or with `from_current` the current weights' (a second round)."""
    import numpy as np
    from scipy.optimize import minimize

    from personae.stages import coref

    saved = coref.PRONOUN_WEIGHTS
    if not from_current:
        coref.PRONOUN_WEIGHTS = None
    data = []
    for stem in split_stems(DATA, split):
        gold = gold_document(DATA, stem)
        gold_of = {span: i for i, c in enumerate(gold.clusters) for span in c}
        coref.TRACE = []
        run_rest(pickle.loads((CACHE / f"{stem}.pkl").read_bytes()))
        for span, candidate_spans, features in coref.TRACE:
            g = gold_of.get(span)
            if g is None:
                continue
            latest = [max((s for s in spans if s < span and gold_of.get(s) == g), default=None)
                      for spans in candidate_spans]
            right = [i for i, s in enumerate(latest) if s is not None]
            if right and len(features) > 1:
                data.append((np.array(features), max(right, key=lambda i: latest[i])))
    coref.TRACE, coref.PRONOUN_WEIGHTS = None, saved

    def loss(w):
        total, grad = 0.1 * w @ w, 0.2 * w
        for x, y in data:
            z = x @ w
            z -= z.max()
            p = np.exp(z) / np.exp(z).sum()
            total -= np.log(p[y])
            grad -= x[y] - p @ x
        return total, grad

    w = minimize(loss, np.zeros(data[0][0].shape[1]), jac=True, method="L-BFGS-B").x
    right = sum(int(np.argmax(x @ w) == y) for x, y in data)
    base = sum(int(y == int(np.argmax(x[:, 0]))) for x, y in data)
    print(f"{len(data)} pronouns with 2+ candidates; right: learnt {right}, salience {base}")
    print("PRONOUN_WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=("cache", "score", "learn", "mentions"))
    p.add_argument("--split", default="train")
    p.add_argument("--errors", action="store_true")
    p.add_argument("--stems", nargs="*")
    p.add_argument("--from-current", action="store_true", help="learn: read with the current weights")
    a = p.parse_args()
    if a.what == "learn":
        learn(a.split, a.from_current)
    elif a.what == "mentions":
        mentions(a.split)
    else:
        cache(a.split) if a.what == "cache" else score(a.split, a.errors, a.stems)
