"""The learned speaker model: a conditional logit over each quotation's candidates.

score(candidate) = w . features(quotation, candidate) (stages/speaker_features.py); the
quotation goes to its best-scoring candidate; or (model "kind": "trees") the score is a sum
of small boosted trees' leaves, evaluated with numpy. Two passes: the first reads who speaks the
turns around from the rule cascade, the second from the first pass's picks. The weights are a small JSON file,
models/speakers.json, written by scripts/train_speakers.py together with the novels it was
trained on ("trained_on"). Pure numpy at run time.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from personae.book import Book
from personae.stages.speaker_features import FEATURES, INDEX, Candidates, add_context, extract
from personae.stages.speakers import first_person_is_speaker

MODEL_PATH = Path(__file__).resolve().parents[1] / "models" / "speakers.json"


@lru_cache(maxsize=4)
def _read(path: str) -> dict | None:
    p = Path(path)
    if not p.exists():
        return None
    return json.loads(p.read_text(encoding="utf-8"))


def load(path: Path | None = None) -> dict | None:
    """The model file's content, or None when there is none (the rules alone then)."""
    return _read(str(path or MODEL_PATH))


def weight_vector(model: dict, key: str = "weights") -> np.ndarray:
    """The model's weights in FEATURES order (a feature the file lacks weighs nothing)."""
    given = dict(zip(model["features"], model[key]))
    return np.array([float(given.get(f, 0.0)) for f in FEATURES])


def tree_scores(X: np.ndarray, trees: list[dict], features: list[str]) -> np.ndarray:
    """The summed leaf values of boosted trees, each a dict of flat arrays: feature (a name's
    index into `features`, -1 at a leaf), threshold (x <= threshold goes left), left, right,
    value. Evaluated a level at a time for all rows at once."""
    column = np.array([INDEX.get(f, -1) for f in features] + [-1])
    total = np.zeros(len(X))
    rows = np.arange(len(X))
    for t in trees:
        feat = np.array(t["feature"])
        cols = column[feat]  # -1 (a leaf) indexes the appended -1
        thr, left, right = np.array(t["threshold"]), np.array(t["left"]), np.array(t["right"])
        node = np.zeros(len(X), dtype=int)
        while True:
            inner = feat[node] >= 0
            if not inner.any():
                break
            n = node[inner]
            go_left = X[rows[inner], np.maximum(cols[n], 0)] <= thr[n]
            node[inner] = np.where(go_left, left[n], right[n])
        total += np.array(t["value"])[node]
    return total


def scorer(model: dict, key: str):
    """scores(X) for the pass `key` ("weights" / "weights2", or "trees" / "trees2")."""
    if model.get("kind") == "trees":
        trees = model[key.replace("weights", "trees")]
        return lambda X: tree_scores(X, trees, model["features"]) if len(X) else np.zeros(0)
    w = weight_vector(model, key)
    return lambda X: X @ w


def decode(cands: Candidates, scores: np.ndarray, same: float, skip: float) -> list[str | None]:
    """The speakers of each conversation's turns chosen together (second-order Viterbi):
    the sum of each turn's candidate log-probabilities, `same` for each turn whose speaker
    spoke the turn before (usually a penalty) and `skip` for each whose speaker spoke two
    turns before (A, B, A: a bonus). A turn's candidates and scores are its first
    quotation's with candidates; its other quotations get the turn's speaker, or the one
    their own speech tag names (_own_if_tagged)."""
    picks: list[str | None] = [None] * (len(cands.rows) - 1)
    # per turn: candidate ids and log-softmax scores
    turn_ids: list[list[str]] = []
    turn_e: list[np.ndarray] = []
    first: list[int | None] = []  # per turn: the quotation whose scores stand for it
    for t in cands.turns:
        i = next((i for i in t if cands.rows[i + 1] > cands.rows[i]), None)
        first.append(i)
        if i is None:
            turn_ids.append([])
            turn_e.append(np.zeros(0))
            continue
        lo, hi = cands.rows[i], cands.rows[i + 1]
        s = scores[lo:hi] - scores[lo:hi].max()
        turn_ids.append(cands.ids[lo:hi])
        turn_e.append(s - np.log(np.exp(s).sum()))
    k = 0
    while k < len(cands.turns):
        end = k + 1
        while end < len(cands.turns) and cands.conversation[end] == cands.conversation[k] and turn_ids[end]:
            end += 1
        if not turn_ids[k]:
            k = end
            continue
        chain = list(range(k, end))
        # the same voice again is less unlikely after a pause in the narration
        sames = [same + (PAUSE_SAME if cands.pause and cands.pause[j] else 0.0) for j in chain]
        best = _viterbi([turn_ids[j] for j in chain], [turn_e[j] for j in chain], sames, skip)
        for j, c in zip(chain, best):
            for i in cands.turns[j]:
                if cands.rows[i + 1] > cands.rows[i]:
                    picks[i] = c if i == first[j] else _own_if_tagged(cands, scores, i, c)
        k = end
    return picks


def _own_if_tagged(cands: Candidates, scores: np.ndarray, i: int, turn_pick: str) -> str:
    """A quotation after the first of its turn takes the turn's speaker unless its own best
    candidate is the one its own speech tag names: '"Do I take you too fast?" he asked ...
    "No, I'm all right, thanks," she said' is two speakers in one paragraph (PDNC all
    81.9% -> 82.1%, held-out 79.4% -> 79.6%; every quotation its own best: 82.0 / 79.5)."""
    lo, hi = cands.rows[i], cands.rows[i + 1]
    own = lo + int(np.argmax(scores[lo:hi]))
    tagged = cands.X[own, INDEX["tag"]] > 0 or cands.X[own, INDEX["tag_name"]] > 0
    return cands.ids[own] if tagged else turn_pick


def _viterbi(ids: list[list[str]], e: list[np.ndarray], same: list[float], skip: float) -> list[str]:
    """Best speaker sequence; the state is (speaker of the turn before, speaker of this one);
    same[t] is the score of turn t's speaker having spoken turn t-1."""
    if len(ids) == 1:
        return [ids[0][int(np.argmax(e[0]))]]
    # delta[a, b]: best score of turns ..t with turn t-1 = ids[t-1][a], turn t = ids[t][b]
    eq = np.array([[x == y for y in ids[1]] for x in ids[0]], dtype=float)
    delta = e[0][:, None] + e[1][None, :] + same[1] * eq
    back: list[np.ndarray] = []
    for t in range(2, len(ids)):
        prev, cur, nxt = ids[t - 2], ids[t - 1], ids[t]
        # val[a, b] = max over z of delta[z, a] + skip * [prev[z] == nxt[b]]
        base = delta.max(axis=0)  # per a
        arg = delta.argmax(axis=0)
        val = np.repeat(base[:, None], len(nxt), axis=1)
        choice = np.repeat(arg[:, None], len(nxt), axis=1)
        where = {c: z for z, c in enumerate(prev)}
        for b, c in enumerate(nxt):
            z = where.get(c)
            if z is not None:
                alt = delta[z, :] + skip
                better = alt > val[:, b]
                val[better, b] = alt[better]
                choice[better, b] = z
        eq = np.array([[x == y for y in nxt] for x in cur], dtype=float)
        delta = val + same[t] * eq + e[t][None, :]
        back.append(choice)
    a, b = np.unravel_index(int(np.argmax(delta)), delta.shape)
    path = [int(b), int(a)]
    for choice in reversed(back):
        z = int(choice[path[-1], path[-2]])
        path.append(z)
    path.reverse()
    return [ids[t][j] for t, j in enumerate(path)]


def predict(cands: Candidates, model: dict, rounds: int | None = None) -> list[str | None]:
    """The first pass (features of the rules' turn-taking), then, when the model has one,
    the second (the first pass's picks as who spoke the turns around), decoded jointly per
    conversation and re-read from its own picks. No one speaks a turn that calls them by name,
    nor a woman a line its tag gives "he", and a line whose tag names someone is theirs
    (`_constrained`)."""
    picks = choose(cands, _constrained(scorer(model, "weights")))
    if model.get("weights2") or model.get("trees2"):
        score = _constrained(scorer(model, "weights2"))
        if "decode" in model:
            return _decode_rounds(cands, picks, score, model["decode"], rounds or DECODE_ROUNDS)
        picks = choose(add_context(cands, picks), score)
    return picks


def _decode_rounds(cands: Candidates, picks: list[str | None], score, d: dict, rounds: int) -> list[str | None]:
    """The joint decoding of the first pass's `picks` read as context, `rounds` times,
    the turns around each quotation read again from the last round's picks: a run flipped by
    one early mistake comes right from its anchors (PDNC all 81.6% -> 81.7%, held-out 78.6%
    -> 79.0%). A tagged turn keeps its first reading: re-read, its neighbours' picks could
    outweigh its tag ('"... impertinence!" Mrs. Turton cried' had gone to Mr. Das)."""
    tagged = np.zeros(len(cands.ids), dtype=bool)
    for i in range(len(cands.rows) - 1):
        if cands.tagged[cands.turn_of[i]]:
            tagged[cands.rows[i]:cands.rows[i + 1]] = True
    scores = np.zeros(len(cands.ids))
    for round_ in range(rounds):
        # one context matrix alive at a time: a long book's is large
        second = add_context(cands, picks)
        fresh = score(second.X) if len(second.ids) else np.zeros(0)
        scores = fresh if round_ == 0 else np.where(tagged, scores, fresh)
        picks = decode(second, scores, d["same"], d["skip"])
        del second
    return picks


PAUSE_SAME = 1.0  # added to the decoder's `same` for a turn after a pause (Candidates.pause)
DECODE_ROUNDS = 3  # more change nothing (5 rounds: the same scores)
SELF_ADDRESS = 20.0  # "How goes it, Aziz?" is not said by Aziz: all but ruled out
# '"...," he said' is not said by a woman, nor "she said" by a man: all but ruled out too
# (PDNC + QuoteLi3 5,515 -> 5,513 quotations wrong; LitBank 75.8 -> 76.7%, where the man on
# Sister Carrie's train, no cast member, had "he said" lines given to Carrie)
WRONG_SEX = 20.0
# a line whose own tag names a cast member ('"...impertinence!" Mrs. Turton cried') is
# theirs, whatever the turns around suggest: added to that candidate's score (PDNC +
# QuoteLi3 5,513 -> 5,505 wrong, explicit 95.1 -> 95.3%; LitBank quotes 76.7 -> 76.8%)
NAMED_TAG = 20.0


def _constrained(score):
    """`score` less SELF_ADDRESS for a candidate the turn calls by name, less WRONG_SEX
    for one of the other sex than the quotation's own he or she tag (the pronoun regime:
    no name tags it), and plus NAMED_TAG for the one its own tag names."""
    calls, sex, pronoun = INDEX["addresses_self"], INDEX["gender_mismatch"], INDEX["regime:pronoun"]
    named = INDEX["tag:PROP"]

    def scores(X: np.ndarray) -> np.ndarray:
        if not len(X):
            return score(X)
        return (score(X) - SELF_ADDRESS * (X[:, calls] > 0) - WRONG_SEX * ((X[:, sex] > 0) & (X[:, pronoun] > 0))
                + NAMED_TAG * (X[:, named] > 0))
    return scores


def choose(cands: Candidates, w) -> list[str | None]:
    """Per quotation, its best candidate (None when it has none); `w` is a weight vector
    or a function scoring rows of features."""
    scores = (w(cands.X) if callable(w) else cands.X @ w) if len(cands.ids) else np.zeros(0)
    picks: list[str | None] = []
    for i in range(len(cands.rows) - 1):
        lo, hi = cands.rows[i], cands.rows[i + 1]
        picks.append(cands.ids[lo + int(np.argmax(scores[lo:hi]))] if hi > lo else None)
    return picks


def rerank(book: Book, rules: list[str], notes: dict, model: dict, rounds: int | None = None) -> list[str | None]:
    """Give each quotation the model's speaker (a quotation with no candidate keeps the
    rules' one) and make the "I" inside it that speaker; returns the picks."""
    picks = predict(extract(book, rules, notes), model, rounds)
    for q, pick in zip(book.quotes, picks):
        if pick is not None:
            q.speaker = pick
    first_person_is_speaker(book)
    return picks
