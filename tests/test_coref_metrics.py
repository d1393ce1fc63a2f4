"""The coreference metrics against small examples worked out by hand (the classic ones)."""
import pytest

from personae.eval.coref_metrics import PRF, b_cubed, ceaf_e, drop_singletons, muc, score

# Bagga & Baldwin 1998, figure 2: one key, two responses that MUC cannot tell apart
BB_KEY = [{1, 2, 3, 4, 5}, {6, 7}, {8, 9, 10, 11, 12}]
BB_A = [{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10, 11, 12}]
BB_B = [{1, 2, 3, 4, 5, 8, 9, 10, 11, 12}, {6, 7}]

# Pradhan et al. 2014, figure 1: predicted mentions, one missing (e), two spurious (h, i)
P_KEY = [{"a", "b", "c"}, {"d", "e", "f", "g"}]
P_RESPONSE = [{"a", "b"}, {"c", "d"}, {"f", "g", "h", "i"}]


def test_coref_metrics_muc_vilain_example():
    # Vilain et al. 1995: key {A B C D}, response {A B} {C D}: one link missing of three
    s = muc([{"A", "B", "C", "D"}], [{"A", "B"}, {"C", "D"}])
    assert s.recall == pytest.approx(2 / 3)
    assert s.precision == pytest.approx(1.0)
    assert s.f1 == pytest.approx(0.8)


def test_coref_metrics_muc_cannot_separate_bagga_baldwin_responses():
    for response in (BB_A, BB_B):
        s = muc(BB_KEY, response)
        # recall: every key entity whole (9/9); precision: one of 10 response links wrong
        assert (s.recall, s.precision) == pytest.approx((1.0, 0.9))


def test_coref_metrics_b_cubed_bagga_baldwin():
    a, b = b_cubed(BB_KEY, BB_A), b_cubed(BB_KEY, BB_B)
    assert a.recall == b.recall == pytest.approx(1.0)
    # A: 1-5 score 5/5, 6-7 score 2/7, 8-12 score 5/7, over 12 mentions
    assert a.precision == pytest.approx((5 * 1 + 2 * 2 / 7 + 5 * 5 / 7) / 12)  # 0.762
    # B: 1-5 and 8-12 score 5/10, 6-7 score 1
    assert b.precision == pytest.approx((10 * 0.5 + 2) / 12)  # 0.583
    assert a.precision > b.precision


def test_coref_metrics_ceaf_e_bagga_baldwin():
    s = ceaf_e(BB_KEY, BB_A)
    # best alignment: {1..5}-{1..5} φ4 = 1, {8..12}-{6..12} φ4 = 2*5/12; {6,7} unaligned
    total = 1 + 10 / 12
    assert s.recall == pytest.approx(total / 3)
    assert s.precision == pytest.approx(total / 2)


def test_coref_metrics_predicted_mentions_pradhan_example():
    s = score(P_KEY, P_RESPONSE)
    # MUC: a-b-c split in 2, d-e-f-g in 3 (e missing): (1 + 1) / (2 + 3); same the other way
    assert (s.muc.recall, s.muc.precision) == pytest.approx((0.4, 0.4))
    # B³ recall: (2²/3 + 1²/3 + 1²/4 + 2²/4) / 7; precision: (2²/2 + 1²/2 + 1²/2 + 2²/4) / 8
    assert s.b_cubed.recall == pytest.approx((4 / 3 + 1 / 3 + 1 / 4 + 1) / 7)
    assert s.b_cubed.precision == pytest.approx(4 / 8)
    # CEAF-e: abc-ab (2*2/5) + defg-fghi (2*2/8) = 1.3, over 2 key / 3 response entities
    assert s.ceaf_e.recall == pytest.approx(1.3 / 2)
    assert s.ceaf_e.precision == pytest.approx(1.3 / 3)
    assert s.average_f1 == pytest.approx((s.muc.f1 + s.b_cubed.f1 + s.ceaf_e.f1) / 3)


def test_coref_metrics_identical_clusterings_score_one():
    s = score(BB_KEY, [set(c) for c in reversed(BB_KEY)])
    assert s.average_f1 == pytest.approx(1.0)


def test_coref_metrics_all_singletons_response():
    mentions = [m for c in BB_KEY for m in c]
    s = score(BB_KEY, [{m} for m in mentions])
    assert s.muc.recall == 0.0 and s.muc.f1 == 0.0
    assert s.b_cubed.precision == pytest.approx(1.0)
    assert s.b_cubed.recall == pytest.approx((5 * 1 / 5 + 2 * 1 / 2 + 5 * 1 / 5) / 12)
    # each key entity aligns with one of its own singletons: φ4 = 2/6, 2/3, 2/6
    assert s.ceaf_e.recall == pytest.approx((2 / 6 + 2 / 3 + 2 / 6) / 3)
    assert s.ceaf_e.precision == pytest.approx((2 / 6 + 2 / 3 + 2 / 6) / 12)


def test_coref_metrics_empty_response_and_sums():
    s = score(BB_KEY, [])
    assert s.average_f1 == 0.0 and s.b_cubed.recall_den == 12
    total = PRF(1, 2, 3, 4) + PRF(1, 2, 1, 4)
    assert (total.recall, total.precision) == (0.5, 0.5)
    summed = score(P_KEY, P_RESPONSE) + score(BB_KEY, BB_A)
    assert summed.muc.recall_den == 5 + 9


def test_coref_metrics_drop_singletons_and_bad_input():
    assert drop_singletons([{1}, {2, 3}, set()]) == [frozenset({2, 3})]
    with pytest.raises(ValueError, match="more than one cluster"):
        muc([{1, 2}, {2, 3}], [{1}])
