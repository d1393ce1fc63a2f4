"""Static word vectors for the literary span model, trained on the raw novels in ../shared/data.

    python scripts/train_vectors.py      # -> build/vectors (a spaCy pipeline holding only vectors)

Text: LitBank's full originals (litbank/original/*.txt.gz), the whole books in books/ and the
PDNC novels, but never a novel whose LitBank excerpt is in the dev split (the split lists in
litbank/splits/), so the dev score stays a score on unseen books. Tokens are spaCy's English
tokenizer's, lower-cased, and the vectors are keyed by those lower-case forms. spaCy looks them
up by ORTH (3.8 keeps a table's LOWER attr on disk only for floret tables), so a capitalised
word finds none and its case reaches the model only through SHAPE; --cased keys each row under
the Title and UPPER forms too (LitBank dev F1 63.2 against 63.6 without: not kept). gensim
skip-gram with one worker and a fixed seed, so a rerun gives the same vectors; the most
frequent VOCAB words are kept, which keeps the shipped model under 50 MB. The
settings are written beside the vectors (build/vectors/settings.json).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
DATA = HERE.parent / "shared" / "data"
OUT = HERE / "build" / "vectors"

SETTINGS = {
    "sg": 1,             # skip-gram: better than CBOW for the rare words names are
    "vector_size": 100,  # 100 x VOCAB float32 = 20 MB at 50k words
    "window": 5,
    "min_count": 5,
    "negative": 5,
    "sample": 1e-4,
    "epochs": 5,
    "seed": 1,
    "workers": 1,        # more than one worker makes gensim's result depend on thread timing
}
VOCAB = 50_000

# the same repairs personae.nlp.clean_for_parse makes before tagging: hard wraps and _italics_
_LINE_WRAP = re.compile(r"(?<![\r\n])\r?\n(?![\r\n])|(?<=\w)_|_(?=\w)")
_PARAGRAPH = re.compile(r"\r?\n[ \t]*\r?\n")


def stable_hash(word: str) -> int:
    """gensim seeds each word's first vector with hash(word); Python's hash of a str changes
    from run to run, this one does not."""
    return zlib.crc32(word.encode("utf-8"))


def dev_stems(data: Path) -> set[str]:
    ids = (data / "litbank" / "splits" / "dev.ids").read_text().split()
    return {i.removesuffix("_brat.tsv") for i in ids}


def _squash(name: str) -> str:
    """'1023_bleak_house' and 'BleakHouse' -> 'bleakhouse', to match novels across corpora."""
    return re.sub(r"[^a-z]", "", re.sub(r"^\d+_", "", name).lower())


def sources(data: Path) -> list[Path]:
    """Every raw novel to train on; dev-split novels left out wherever they turn up."""
    held_out = {_squash(s) for s in dev_stems(data)}
    found = sorted((data / "litbank" / "original").glob("*.txt.gz"))
    found += sorted((data / "books").glob("*.txt"))
    found += sorted((data / "pdnc" / "data").glob("*/novel_text.txt"))

    def name(p: Path) -> str:
        return p.parent.name if p.name == "novel_text.txt" else p.name.split(".")[0]

    def held(p: Path) -> bool:  # same title, or one title the start of the other ("Tess")
        n = _squash(name(p))
        return any(n == h or min(len(n), len(h)) >= 6 and (n.startswith(h) or h.startswith(n))
                   for h in held_out)

    return [p for p in found if not held(p)]


def read(path: Path) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        return f.read()


class Sentences:
    """Paragraphs as lists of lower-cased spaCy tokens, cached in memory after one pass."""

    def __init__(self, paths: list[Path]):
        import spacy
        tokenizer = spacy.blank("en").tokenizer
        self.paragraphs: list[list[str]] = []
        for path in paths:
            text = _LINE_WRAP.sub(" ", read(path))
            pieces = [p for p in _PARAGRAPH.split(text) if p.strip()]
            for doc in tokenizer.pipe(pieces, batch_size=256):
                words = [t.lower_ for t in doc if not t.is_space]
                # gensim cuts at 10,000 tokens anyway; long paragraphs are rare
                if words:
                    self.paragraphs.append(words)

    def __iter__(self):
        return iter(self.paragraphs)


def cased_vectors(strings, words: list[str], data, cased: bool = True) -> "Vectors":
    """Vectors for lower-cased `words`, keyed by ORTH; with `cased` each row is also found by
    the word's Title and UPPER forms (no more rows, only more keys)."""
    import numpy as np
    from spacy.vectors import Vectors
    data = np.ascontiguousarray(data, dtype="float32")
    vectors = Vectors(strings=strings, data=data, keys=[strings.add(w) for w in words],
                      name="personae_literary_w2v")
    for row, word in enumerate(words if cased else []):
        for form in {word.title(), word.upper()} - {word}:
            key = strings.add(form)
            if key not in vectors:  # a lower-case word keeps its own row
                vectors.add(key, row=row)
    return vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--vocab", type=int, default=VOCAB)
    parser.add_argument("--cased", action="store_true", help="key rows by Title and UPPER forms too")
    args = parser.parse_args()
    from gensim.models import Word2Vec
    import spacy

    paths = sources(args.data)
    started = time.time()
    sentences = Sentences(paths)
    words = sum(len(p) for p in sentences.paragraphs)
    print(f"{len(paths)} novels, {words:,} tokens, tokenized in {time.time() - started:.0f} s")
    started = time.time()
    model = Word2Vec(sentences, hashfxn=stable_hash, **SETTINGS)
    print(f"trained in {time.time() - started:.0f} s; {len(model.wv):,} words")

    keep = model.wv.index_to_key[:args.vocab]  # gensim sorts by frequency
    nlp = spacy.blank("en")
    nlp.vocab.vectors = cased_vectors(nlp.vocab.strings, keep, model.wv.vectors[:len(keep)],
                                       args.cased)
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    held_out = sorted(dev_stems(args.data))
    (args.out / "settings.json").write_text(json.dumps(
        {"gensim": SETTINGS, "vocab": len(keep), "keys": "lower, Title, UPPER" if args.cased else "lower", "tokens": words,
         "novels": [p.relative_to(args.data).as_posix() for p in paths],
         "excluded_dev": held_out}, indent=1))
    print(f"{len(keep):,} vectors x {model.wv.vector_size} -> {args.out}")


if __name__ == "__main__":
    main()
