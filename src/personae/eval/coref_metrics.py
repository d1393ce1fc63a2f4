"""Coreference scores over clusters of mention ids: MUC, B³, CEAF-e and their average (the
CoNLL score), as defined for the reference CoNLL scorer (Pradhan et al. 2014).

A clustering is a sequence of clusters, each an iterable of hashable mention ids; a mention
is in one cluster at most. Key (gold) and response (predicted) may hold different mentions
(predicted mentions): a key mention the response lacks counts as its own partition in MUC
and adds nothing in B³ and CEAF-e, and the other way round for precision.

Each metric returns a `PRF` of numerators and denominators, so that scores over many
documents add up the way the reference scorer does it (micro-averaged).
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from personae.eval import f1, ratio

Clusters = Sequence[Iterable[Hashable]]


@dataclass(frozen=True)
class PRF:
    recall_num: float = 0.0
    recall_den: float = 0.0
    precision_num: float = 0.0
    precision_den: float = 0.0

    @property
    def recall(self) -> float:
        return ratio(self.recall_num, self.recall_den)

    @property
    def precision(self) -> float:
        return ratio(self.precision_num, self.precision_den)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.recall_num + other.recall_num, self.recall_den + other.recall_den,
                   self.precision_num + other.precision_num, self.precision_den + other.precision_den)


def _normalise(clusters: Clusters) -> list[frozenset]:
    """Clusters as frozensets, empty ones dropped; a mention in two clusters is an input error."""
    out, seen = [], set()
    for cluster in clusters:
        members = frozenset(cluster)
        if seen & members:
            raise ValueError(f"mention(s) in more than one cluster: {sorted(map(str, seen & members))[:3]}")
        seen |= members
        if members:
            out.append(members)
    return out


def _index(clusters: list[frozenset]) -> dict[Hashable, int]:
    return {m: i for i, cluster in enumerate(clusters) for m in cluster}


def _muc_side(key: list[frozenset], response: list[frozenset]) -> tuple[float, float]:
    """Σ(|K| - |partitions of K by the response|), Σ(|K| - 1) (Vilain et al. 1995)."""
    where = _index(response)
    num = den = 0
    for cluster in key:
        # a mention the response lacks is a partition of its own
        partitions = len({where[m] for m in cluster if m in where}) + sum(m not in where for m in cluster)
        num += len(cluster) - partitions
        den += len(cluster) - 1
    return num, den


def muc(key: Clusters, response: Clusters) -> PRF:
    key, response = _normalise(key), _normalise(response)
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    return PRF(r_num, r_den, p_num, p_den)


def _b_cubed_side(key: list[frozenset], response: list[frozenset]) -> tuple[float, float]:
    """Σ over key mentions of |K ∩ R(m)| / |K| (Bagga & Baldwin 1998), and the mention count."""
    where = _index(response)
    num = 0.0
    for cluster in key:
        overlaps: dict[int, int] = {}
        for m in cluster:
            if m in where:
                overlaps[where[m]] = overlaps.get(where[m], 0) + 1
        num += sum(n * n for n in overlaps.values()) / len(cluster)
    return num, sum(len(c) for c in key)


def b_cubed(key: Clusters, response: Clusters) -> PRF:
    key, response = _normalise(key), _normalise(response)
    r_num, r_den = _b_cubed_side(key, response)
    p_num, p_den = _b_cubed_side(response, key)
    return PRF(r_num, r_den, p_num, p_den)


def ceaf_e(key: Clusters, response: Clusters) -> PRF:
    """Entity-based CEAF (Luo 2005): the best one-to-one alignment of key and response
    entities under φ4(K, R) = 2|K ∩ R| / (|K| + |R|)."""
    key, response = _normalise(key), _normalise(response)
    if not key or not response:
        return PRF(0.0, len(key), 0.0, len(response))
    similarity = np.zeros((len(key), len(response)))
    where = _index(response)
    for i, cluster in enumerate(key):
        for m in cluster:
            if m in where:
                similarity[i, where[m]] += 1
    sizes_k = np.array([len(c) for c in key], dtype=float)[:, None]
    sizes_r = np.array([len(c) for c in response], dtype=float)[None, :]
    similarity = 2 * similarity / (sizes_k + sizes_r)
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    total = float(similarity[rows, cols].sum())
    return PRF(total, len(key), total, len(response))


def drop_singletons(clusters: Clusters) -> list[frozenset]:
    """The clusters of two or more mentions (the CoNLL-2012 convention, which has no singletons)."""
    return [c for c in _normalise(clusters) if len(c) > 1]


@dataclass(frozen=True)
class CorefScores:
    muc: PRF = PRF()
    b_cubed: PRF = PRF()
    ceaf_e: PRF = PRF()

    @property
    def average_f1(self) -> float:
        """The CoNLL score: the mean of the three F1s."""
        return (self.muc.f1 + self.b_cubed.f1 + self.ceaf_e.f1) / 3

    def __add__(self, other: CorefScores) -> CorefScores:
        return CorefScores(self.muc + other.muc, self.b_cubed + other.b_cubed, self.ceaf_e + other.ceaf_e)


def score(key: Clusters, response: Clusters) -> CorefScores:
    """All three metrics for one document."""
    return CorefScores(muc(key, response), b_cubed(key, response), ceaf_e(key, response))
