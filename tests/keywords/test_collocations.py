from __future__ import annotations

import math

import numpy as np
import pytest

from vnqual.errors import InputError
from vnqual.keywords import collocations
from vnqual.keywords._collocations import g_squared, runs_from_spans

RUNS = (
    [["kinh_phí", "bồi_dưỡng", "cán_bộ", "xã"]] * 4
    + [["cán_bộ", "tỉnh", None, "kinh_phí", "địa_phương"]] * 2
    + [["cán_bộ", "xã", "đi", "xa"]] * 2
)


def test_counts_pairs_and_triples_without_crossing_breaks():
    got = collocations(RUNS, min_count=1).set_index("words")
    assert got.loc["kinh_phí bồi_dưỡng", "count"] == 4
    assert got.loc["cán_bộ xã", "count"] == 6
    assert got.loc["kinh_phí bồi_dưỡng cán_bộ", "n"] == 3
    assert "tỉnh kinh_phí" not in got.index  # None = punctuation / stop word in between
    assert "xã cán_bộ" not in got.index  # statements do not run into each other
    assert got.loc["cán_bộ xã", "term"] == "cán bộ xã"


def test_min_count_top_and_rank():
    got = collocations(RUNS, min_count=4, sizes=(2,))
    assert set(got["words"]) == {"kinh_phí bồi_dưỡng", "bồi_dưỡng cán_bộ", "cán_bộ xã"}
    assert got["rank"].tolist() == [1, 2, 3]
    assert len(collocations(RUNS, min_count=1, top=2)) == 2


def test_llr_equals_scipy_g_test_on_the_2x2_table():
    from scipy.stats import chi2_contingency

    got = collocations(RUNS, min_count=1, sizes=(2,)).set_index("words")
    # pair positions: 4*3 + 2*(1+1) + 2*3 = 22; cán_bộ starts 8 ("cán_bộ xã" x6,
    # "cán_bộ tỉnh" x2), xã ends 6.
    k11, first, second, total = 6, 8, 6, 22
    table = np.array([[k11, first - k11], [second - k11, total - first - second + k11]])
    g_stat = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    assert got.loc["cán_bộ xã", "llr"] == pytest.approx(g_stat)
    assert g_squared(np.array([6]), np.array([8.0]), np.array([6.0]), 22.0)[0] == pytest.approx(g_stat)


def test_pmi_is_log2_of_observed_over_expected():
    got = collocations(RUNS, min_count=1).set_index("words")
    # 22 pair positions; kinh_phí starts 6 of them, bồi_dưỡng ends 4.
    p_pair, p_first, p_second = 4 / 22, 6 / 22, 4 / 22
    assert got.loc["kinh_phí bồi_dưỡng", "pmi"] == pytest.approx(math.log2(p_pair / (p_first * p_second)))
    assert got.loc["kinh_phí bồi_dưỡng", "npmi"] == pytest.approx(
        math.log2(p_pair / (p_first * p_second)) / -math.log2(p_pair)
    )
    assert got["npmi"].min() >= -1 and got["npmi"].max() <= 1


def test_signed_llr_is_negative_for_pairs_rarer_than_chance():
    value = g_squared(np.array([1]), np.array([50.0]), np.array([50.0]), 100.0)[0]
    assert value < 0


def test_runs_from_spans_breaks_where_something_was_dropped():
    text = "Cán bộ xã, kinh phí và bồi dưỡng"
    tokens = ["cán_bộ", "xã", "kinh_phí", "bồi_dưỡng"]
    spans = [(0, 6), (7, 9), (11, 19), (23, 32)]
    assert runs_from_spans([text], [tokens], [spans]) == [
        ["cán_bộ", "xã", None, "kinh_phí", None, "bồi_dưỡng"]
    ]


def test_options_are_checked():
    with pytest.raises(InputError, match="unknown measure"):
        collocations(RUNS, measure="dice")
    with pytest.raises(InputError, match="sizes must be 2, 3 or 4"):
        collocations(RUNS, sizes=(1,))
    assert collocations(RUNS, min_count=100).empty


def test_row_counting_is_the_same_with_and_without_int64_packing():
    from vnqual.keywords._collocations import _unique_rows

    rng = np.random.default_rng(0)
    keys = rng.integers(0, 5, size=(200, 3))
    packed = _unique_rows(keys, 5)
    generic = _unique_rows(keys, 2**40)  # 2**120 does not fit: falls back to np.unique(axis=0)
    for a, b in zip(packed, generic):
        assert np.array_equal(a, b)
