from __future__ import annotations

from tests.topics._data import planted
from vnqual.topics import scan_k
from vnqual.topics._select import default_k_range, jaccard_stability


def test_scan_picks_planted_number_of_themes():
    tokens, _ = planted(20)
    scan, model = scan_k(tokens, [2, 3, 4, 5], random_state=0)
    assert list(scan.columns) == ["k", "n_topics", "npmi", "stability", "score", "chosen"]
    assert scan["chosen"].sum() == 1
    assert int(scan.loc[scan["chosen"], "k"].iloc[0]) == 3
    assert model.n_topics_ == 3
    assert scan["npmi"].notna().all()


def test_scan_is_deterministic():
    tokens, _ = planted(10)
    a, _ = scan_k(tokens, [2, 3], random_state=4)
    b, _ = scan_k(tokens, [2, 3], random_state=4)
    assert a.equals(b)


def test_default_k_range_is_bounded_by_corpus_size():
    assert default_k_range(1000) == list(range(3, 13))
    assert default_k_range(60) == [3, 4, 5, 6]
    assert default_k_range(25) == [2]
    assert default_k_range(200, n_seeded=5)[0] == 5


def test_jaccard_stability_matches_topics_in_any_order():
    a = [["x", "y"], ["u", "v"]]
    assert jaccard_stability(a, a[::-1]) == 1.0
    assert jaccard_stability(a, [["x", "q"], ["r", "s"]]) == (1 / 3) / 2
