"""Where the literary entity model loses its LitBank score: the candidates' ceiling and the
kinds of errors, on a split (dev by default).

    python scripts/entity_diag.py [--split dev] [--model DIR]

For each document the shipped pipeline (or --model, a packaged pipeline) parses the text as
`personae eval litbank` does. It prints:

- ceiling: the share of gold spans (nested ones included), per type, that line up with
  spaCy's tokens at all, and that the span model's suggester proposes;
- errors, for the model's own spans (doc.spans) and for the mentions the mentions stage
  makes of them (what `personae eval litbank` scores): each gold span missed and each
  predicted span not in gold as a type error (same span, other type), a boundary error
  (overlaps one of the same type), boundary+type (overlaps one of another type only), missed
  entirely / spurious (overlaps nothing), split by form: proper name, common noun phrase,
  pronoun-like (no noun in it: "there", "here", "no one", "himself").
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from personae import nlp as shipped
from personae.book import ENTITY_TYPES
from personae.eval.litbank import gold_spans, split_stems
from personae.spans import noun_phrase_suggester
from personae.stages import mentions as mention_stage

HERE = Path(__file__).resolve().parents[1]
LITBANK = HERE.parent / "shared" / "data" / "litbank"
NOUNS = ("NN", "NNS", "NNP", "NNPS")
# nouns that stand for a pronoun: LitBank marks "no one", "everybody" as persons
PRONOUN_NOUNS = frozenset("one someone anyone everyone nobody somebody anybody everybody "
                          "nothing something".split())


def form(doc, start: int, end: int) -> str:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return "common"
    if any(t.tag_ in ("NNP", "NNPS") for t in span):
        return "proper"
    nouns = [t for t in span if t.tag_ in NOUNS and t.lower_ not in PRONOUN_NOUNS]
    return "common" if nouns else "pronoun-like"


def classify(item, others: set, own_side_is_gold: bool) -> str:
    """What became of a gold span missed (or a predicted span not in gold), by the spans of
    the other side."""
    s, e, label = item
    same_span = [o for o in others if o[0] == s and o[1] == e]
    if same_span:
        return "type"
    overlapping = [o for o in others if o[0] < e and s < o[1]]
    if any(o[2] == label for o in overlapping):
        return "boundary"
    if overlapping:
        return "boundary+type"
    return "missed" if own_side_is_gold else "spurious"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--litbank", type=Path, default=LITBANK)
    parser.add_argument("--model", type=Path, default=None, help="a packaged pipeline instead of the shipped one")
    parser.add_argument("--max-size", type=int, default=10, help="the suggester's longest candidate")
    args = parser.parse_args()
    if args.model is not None:
        shipped.LITERARY_MODEL = args.model
    nlp = shipped.load()
    suggest = noun_phrase_suggester(max_size=args.max_size)
    folder = args.litbank / "entities" / "brat"

    gold_n, aligned, proposed = Counter(), Counter(), Counter()
    by_form_gold, by_form_proposed = Counter(), Counter()
    errors = {"model": Counter(), "mentions": Counter()}
    totals = {"model": Counter(), "mentions": Counter()}
    candidates_n = tokens_n = 0
    for stem in split_stems(args.litbank, args.split):
        text, gold = gold_spans(folder, stem)
        doc = nlp(shipped.clean_for_parse(text))
        tokens_n += len(doc)
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t.text) for t in doc}
        pairs = suggest([doc]).dataXd
        pairs = pairs.get() if hasattr(pairs, "get") else pairs
        candidates_n += len(pairs)
        cands = {(doc[int(a)].idx, doc[int(b) - 1].idx + len(doc[int(b) - 1].text)) for a, b in pairs}
        for s, e, label in gold:
            f = form(doc, s, e)
            gold_n[label] += 1
            by_form_gold[f] += 1
            aligned[label] += s in starts and e in ends
            if (s, e) in cands:
                proposed[label] += 1
                by_form_proposed[f] += 1
        model = {(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans.get(mention_stage.SPANS_KEY, [])}
        found, _ = mention_stage.extract(doc, 0, 0)
        final = {(m.start, m.end, m.type) for m in found if m.kind != "PRON"}
        for name, predicted in (("model", model), ("mentions", final)):
            totals[name]["tp"] += len(predicted & gold)
            totals[name]["fp"] += len(predicted - gold)
            totals[name]["fn"] += len(gold - predicted)
            for g in gold - predicted:
                errors[name][("fn", classify(g, predicted, True), form(doc, g[0], g[1]))] += 1
            for p in predicted - gold:
                errors[name][("fp", classify(p, gold, False), form(doc, p[0], p[1]))] += 1

    print(f"{args.split}: {sum(gold_n.values())} gold spans, {tokens_n:,} tokens, "
          f"{candidates_n:,} candidates ({candidates_n / max(tokens_n, 1):.1f} per token)")
    print(f"\n{'type':<8}{'gold':>7}{'on tokens':>11}{'suggested':>11}")
    for label in ENTITY_TYPES:
        n = gold_n[label]
        print(f"{label:<8}{n:>7}{100 * aligned[label] / max(n, 1):>10.1f}%{100 * proposed[label] / max(n, 1):>10.1f}%")
    n = sum(gold_n.values())
    print(f"{'all':<8}{n:>7}{100 * sum(aligned.values()) / n:>10.1f}%{100 * sum(proposed.values()) / n:>10.1f}%")
    print("suggested by form: " + ", ".join(
        f"{f} {by_form_proposed[f]}/{by_form_gold[f]} ({100 * by_form_proposed[f] / max(by_form_gold[f], 1):.1f}%)"
        for f in ("proper", "common", "pronoun-like")))

    for name in ("model", "mentions"):
        t = totals[name]
        p = t["tp"] / max(t["tp"] + t["fp"], 1)
        r = t["tp"] / max(t["tp"] + t["fn"], 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        print(f"\n{name}: tp {t['tp']} fp {t['fp']} fn {t['fn']}  P {100 * p:.1f} R {100 * r:.1f} F1 {100 * f1:.1f}")
        print(f"  {'side':<5}{'error':<15}{'proper':>8}{'common':>8}{'pron-like':>10}{'all':>7}")
        for side in ("fn", "fp"):
            kinds = ("missed", "boundary", "type", "boundary+type") if side == "fn" else \
                    ("spurious", "boundary", "type", "boundary+type")
            for kind in kinds:
                row = [errors[name][(side, kind, f)] for f in ("proper", "common", "pronoun-like")]
                print(f"  {side:<5}{kind:<15}{row[0]:>8}{row[1]:>8}{row[2]:>10}{sum(row):>7}")


if __name__ == "__main__":
    main()
