"""What the literary span model looks at: noun-phrase candidates, and (for training) docs
that carry the tagger's tags and the parser's sentences, as they do when personae runs.

Registered with spaCy on import, so the shipped model's config can name them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from spacy.attrs import LOWER, SENT_START, TAG
from spacy.strings import StringStore
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry
from thinc.api import Ragged, get_current_ops

# A LitBank mention lies within one sentence, starts where a noun phrase may start and ends
# on a noun or a name: 93% of LitBank's train mentions end on END_TAGS, 99% start on one of
# START_TAGS. The span model sees only these candidates, a sixth of all 1-10 token n-grams.
END_TAGS = ("NN", "NNS", "NNP", "NNPS")
START_TAGS = ("DT", "PDT", "PRP$", "NN", "NNS", "NNP", "NNPS", "JJ", "RB", "CD")
# Words LitBank marks as places or persons that end on no noun, whatever their tag: place
# adverbs ("there", "home", "abroad": 2% of the mentions, a third of the dev spans the tags
# missed) and the "one" of "no one", "every one"; candidates also on their own.
END_WORDS = ("here", "there", "home", "everywhere", "elsewhere", "somewhere", "anywhere",
             "nowhere", "abroad", "yonder", "upstairs", "downstairs", "ashore", "one")

_HASHES = StringStore()  # string hashes are the same in every vocab


def _hashes(tags: Iterable[str]) -> np.ndarray:
    return np.array([_HASHES.add(t) for t in tags], dtype="uint64")


@registry.misc("personae.noun_phrase_suggester.v1")
def noun_phrase_suggester(max_size: int = 10, end_tags: list[str] = list(END_TAGS),
                          start_tags: list[str] = list(START_TAGS),
                          end_words: list[str] = list(END_WORDS)) -> Callable:
    ends_ok, starts_ok, words_ok = _hashes(end_tags), _hashes(start_tags), _hashes(end_words)
    widths = np.arange(max_size)

    def suggest(docs: Iterable[Doc], *, ops=None) -> Ragged:
        ops = ops or get_current_ops()
        found, lengths = [], []
        for doc in docs:
            if len(doc) == 0:
                lengths.append(0)
                continue
            attrs = doc.to_array([TAG, SENT_START, LOWER])
            tags = attrs[:, 0].astype("uint64")
            sentence = np.cumsum(attrs[:, 1].astype("int64") == 1)
            ends = np.nonzero(np.isin(tags, ends_ok) | np.isin(attrs[:, 2].astype("uint64"), words_ok))[0]
            starts = ends[:, None] - widths[None, :]
            valid = starts >= 0
            starts = np.clip(starts, 0, None)
            valid &= ((np.isin(tags, starts_ok)[starts] | (widths[None, :] == 0))
                      & (sentence[starts] == sentence[ends][:, None]))
            stops = np.broadcast_to(ends[:, None] + 1, starts.shape)
            pairs = np.stack([starts[valid], stops[valid]], axis=1).astype("int32")
            found.append(pairs)
            lengths.append(len(pairs))
        data = np.concatenate(found) if found else np.zeros((0, 2), dtype="int32")
        return Ragged(ops.asarray2i(data), ops.asarray1i(np.array(lengths, dtype="int32")))

    return suggest


@registry.readers("personae.tagged_corpus.v1")
def tagged_corpus(path: Path | None) -> Callable:
    """Training examples whose predicted side keeps the tags, parse and sentence starts stored in
    the DocBin (from the pinned tagger and parser; scripts/train_entities.py convert), so
    the suggester and the tag features see in training what they see at run time. (No path:
    no examples; spacy train resolves the pretraining corpus it does not use.)"""
    def read(nlp) -> Iterable[Example]:
        if path is None:
            return
        for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
            words = dict(words=[t.text for t in reference],
                         spaces=[bool(t.whitespace_) for t in reference],
                         tags=[t.tag_ for t in reference])
            if reference.has_annotation("DEP"):  # the parse, which gives the sentences too
                words.update(heads=[t.head.i for t in reference], deps=[t.dep_ for t in reference])
            else:
                words["sent_starts"] = [bool(t.is_sent_start) for t in reference]
            predicted = Doc(nlp.vocab, **words)
            yield Example(predicted, reference)
    return read
