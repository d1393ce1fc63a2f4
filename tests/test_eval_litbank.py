import pytest

from personae.errors import PersonaeError
from personae.eval.litbank import Score, evaluate, gold_spans, overall, split_stems
from tests.conftest import SHARED, need_shared


def test_eval_litbank_score_arithmetic():
    s = Score(tp=8, fp=2, fn=8)
    assert s.precision == pytest.approx(0.8)
    assert s.recall == pytest.approx(0.5)
    assert s.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Score().f1 == 0.0
    assert overall({"PER": Score(1, 2, 3), "LOC": Score(4, 5, 6)}) == Score(5, 7, 9)


def test_eval_litbank_reads_brat_and_splits(tmp_path):
    (tmp_path / "splits").mkdir()
    (tmp_path / "splits" / "dev.ids").write_text("1_tiny_brat.tsv\n")
    folder = tmp_path / "entities" / "brat"
    folder.mkdir(parents=True)
    (folder / "1_tiny_brat.txt").write_text("Mr. Darcy went to London .\n", encoding="utf-8")
    (folder / "1_tiny_brat.ann").write_text("T1\tPER 0 9\tMr. Darcy\nT2\tGPE 18 24\tLondon\n")
    assert split_stems(tmp_path, "dev") == ["1_tiny"]
    text, gold = gold_spans(folder, "1_tiny")
    assert gold == {(0, 9, "PER"), (18, 24, "GPE")}
    scores = evaluate(tmp_path, "dev")
    assert sum(s.tp + s.fn for s in scores.values()) == 2
    from personae import analyse  # the book's mentions, as book.json reports them
    scores = evaluate(tmp_path, "dev", analyse)
    assert sum(s.tp + s.fn for s in scores.values()) == 2
    assert scores["PER"].tp + scores["GPE"].tp >= 1
    with pytest.raises(PersonaeError, match="no LitBank split"):
        split_stems(tmp_path, "test")


def test_eval_litbank_dev_is_scored():
    litbank = need_shared(SHARED / "litbank")
    scores = evaluate(litbank, "dev")
    total = overall(scores)
    assert total.tp + total.fn == 1422  # every gold mention of the dev split, nested ones too
    assert total.f1 > 0.40
