"""scripts/train_speakers.py on a tiny synthetic set: the conditional logit learns the feature
that marks the speaker, the novel split and folds are seeded and disjoint."""
import sys
from argparse import Namespace
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import load_script

from personae.stages.speaker_features import FEATURES, INDEX, Candidates
from personae.stages.speaker_model import predict


@pytest.fixture(scope="module")
def trainer():
    return load_script("train_speakers")


def synthetic(trainer, name, quotes=60, seed=0):
    """Quotations of 2-4 candidates; the speaker is the one with "tag", a distractor has
    "last_before" half the time; other features are noise."""
    rng = np.random.default_rng(seed)
    ids, rows, blocks, positive, gold_of, first_part = [], [0], [], [], [], {}
    for i in range(quotes):
        n = int(rng.integers(2, 5))
        X = (rng.random((n, len(FEATURES))) < 0.1).astype(float)
        X[:, INDEX["tag"]] = 0
        X[:, INDEX["last_before"]] = 0
        # not noise: the model rules a self-call or a he/she tag's other sex out, a name tag in
        for column in ("addresses_self", "gender_mismatch", "tag:PROP"):
            X[:, INDEX[column]] = 0
        speaker = int(rng.integers(n))
        X[speaker, INDEX["tag"]] = 1
        if rng.random() < 0.5:
            X[(speaker + 1) % n, INDEX["last_before"]] = 1
        ids += [f"K{k}" for k in range(n)]
        rows.append(rows[-1] + n)
        blocks.append(X)
        positive += [k == speaker for k in range(n)]
        gold_of.append((i, speaker))
        first_part[i] = i
    turns = [[i] for i in range(quotes)]
    cands = Candidates(ids, rows, np.vstack(blocks), turns, list(range(quotes)), list(range(quotes)),
                       [True] * quotes, [False] * quotes)
    return trainer.Example(name, cands, np.array(positive), gold_of, first_part, ["explicit"] * quotes)


def test_train_speakers_learns_the_marking_feature(trainer):
    train = [synthetic(trainer, "A", seed=1), synthetic(trainer, "B", seed=2)]
    args = Namespace(trees=False, l2=0.1, passes=2, seed=5)
    model = trainer.train(train, args)
    w = dict(zip(model["features"], model["weights"]))
    assert w["tag"] > 1 and w["tag"] > abs(w["last_before"])
    held = synthetic(trainer, "C", seed=3)
    acc = trainer.accuracy(held, model)
    assert acc["all"] == [60, 60] and acc["explicit"] == [60, 60]
    assert len(predict(held.cands, model)) == 60


def test_train_speakers_split_and_folds_are_seeded_and_disjoint(trainer):
    names = [f"N{i:02d}" for i in range(23)]
    train, held = trainer.split(names, 5)
    assert (train, held) == trainer.split(list(reversed(names)), 5)
    assert len(train) == 15 and not set(train) & set(held) and set(train) | set(held) == set(names)
    folds = trainer.folds(names, 5, 5)
    assert sorted(n for f in folds for n in f) == names and len(folds) == 5


def test_train_speakers_trees_round_trip(trainer):
    pytest.importorskip("lightgbm")
    train = [synthetic(trainer, "A", seed=1), synthetic(trainer, "B", seed=2)]
    model = trainer.train(train, Namespace(trees=True, rounds=20, leaves=4, seed=5, passes=1, l2=1.0))
    assert model["kind"] == "trees" and model["trees"]
    assert trainer.accuracy(synthetic(trainer, "C", seed=3), model)["all"][0] >= 57


def test_train_speakers_cache_is_kept_per_version_of_the_package_code(trainer, tmp_path, monkeypatch):
    package = tmp_path / "src" / "personae"
    (package / "models" / "literary").mkdir(parents=True)
    (package / "stages.py").write_text("A = 1\n")
    (package / "models" / "speakers.json").write_text("{}")
    (package / "models" / "literary" / "meta.json").write_text("{}")
    monkeypatch.setattr(trainer, "HERE", tmp_path)
    trainer._code_version.cache_clear()
    first = trainer._code_version()
    # the entity model is no input (the parse cache has its own key)
    (package / "models" / "literary" / "meta.json").write_text('{"retrained": true}')
    trainer._code_version.cache_clear()
    assert trainer._code_version() == first
    # the speaker model is: the coreference's second reading hears its first reading's voices
    (package / "models" / "speakers.json").write_text('{"retrained": true}')
    trainer._code_version.cache_clear()
    assert trainer._code_version() != first
    (package / "models" / "speakers.json").write_text("{}")
    trainer._code_version.cache_clear()
    assert trainer._code_version() == first
    (package / "stages.py").write_text("A = 2\n")
    trainer._code_version.cache_clear()
    assert trainer._code_version() != first
    trainer._code_version.cache_clear()
