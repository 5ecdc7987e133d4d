from __future__ import annotations

import warnings
from collections import Counter

import pandas as pd
import pytest

from vnqual.errors import InputError, VnqualWarning
from vnqual.keywords import frequencies

TOKENS = [["cán_bộ", "xã", "kinh_phí"], ["kinh_phí", "bồi_dưỡng", "kinh_phí"], ["cán_bộ", "tỉnh"]]
FRAME = pd.DataFrame(
    {
        "doc_id": ["lc", "lc", "qn"],
        "statement_id": ["lc-1", "lc-2", "qn-1"],
        "site": ["Lai Châu", "Lai Châu", "Quảng Nam"],
    }
)


def test_counts_match_a_plain_counter(corpus):
    tokens = corpus.tokens().tolist()
    expected = Counter(t for toks in tokens for t in toks)
    got = frequencies(corpus)
    assert dict(zip(got["token"], got["count"])) == dict(expected)
    assert got["share"].sum() == pytest.approx(1.0)


def test_sorted_by_count_then_term_with_display_and_canonical_forms():
    got = frequencies(TOKENS, frame=FRAME)
    assert got["token"].tolist()[:2] == ["kinh_phí", "cán_bộ"]
    assert got["term"].tolist()[:2] == ["kinh phí", "cán bộ"]
    assert got["rank"].tolist() == list(range(1, len(got) + 1))


def test_statement_and_document_frequencies():
    got = frequencies(TOKENS, frame=FRAME).set_index("token")
    assert got.loc["kinh_phí", ["count", "n_statements", "n_documents"]].tolist() == [3, 2, 1]
    assert got.loc["cán_bộ", ["count", "n_statements", "n_documents"]].tolist() == [2, 2, 2]


def test_by_group_counts_add_up_and_stay_in_their_group(corpus):
    overall = frequencies(corpus).set_index("token")["count"]
    by_site = frequencies(corpus, by="site")
    summed = by_site.groupby("token")["count"].sum()
    assert summed.sort_index().equals(overall.sort_index())
    assert set(by_site.loc[by_site["token"] == "xã", "group"]) == {"Lai Châu"}
    assert by_site.groupby("group")["share"].sum().round(9).eq(1.0).all()


def test_top_and_min_count_limit_each_group():
    got = frequencies(TOKENS, frame=FRAME, by="site", top=1)
    assert got[["group", "token", "count"]].values.tolist() == [
        ["Lai Châu", "kinh_phí", 3],
        ["Quảng Nam", "cán_bộ", 1],
    ]
    assert frequencies(TOKENS, frame=FRAME, min_count=2)["token"].tolist() == ["kinh_phí", "cán_bộ"]


def test_empty_group_values_are_skipped_with_a_warning():
    frame = FRAME.assign(site=["Lai Châu", "", "Quảng Nam"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = frequencies(TOKENS, frame=frame, by="site")
    assert any(issubclass(w.category, VnqualWarning) and "'site'" in str(w.message) for w in caught)
    assert "bồi_dưỡng" not in set(got["token"])


def test_bad_inputs_raise_clear_errors():
    with pytest.raises(InputError, match="no column 'tinh'"):
        frequencies(TOKENS, frame=FRAME, by="tinh")
    with pytest.raises(InputError, match="3 token lists but 2 statement rows"):
        frequencies(TOKENS, frame=FRAME.head(2))
    with pytest.raises(TypeError, match="single str"):
        frequencies("cán bộ xã")
    with pytest.raises(TypeError, match="list of str"):
        frequencies(["cán_bộ", "xã"])
