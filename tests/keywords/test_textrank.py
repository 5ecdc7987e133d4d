from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from vnqual.errors import InputError
from vnqual.keywords import keyphrases
from vnqual.keywords._textrank import pagerank, rank_phrases
from vnqual.types import Token

NO_STOP = {"stopwords": None}


def test_pagerank_equals_the_leading_eigenvector_of_the_google_matrix():
    weights = np.array([[0, 2, 1, 0], [2, 0, 1, 0], [1, 1, 0, 3], [0, 0, 3, 0]], dtype=float)
    d, n = 0.85, 4
    google = d * (weights / weights.sum(axis=1, keepdims=True)).T + (1 - d) / n
    values, vectors = np.linalg.eig(google)
    expected = np.real(vectors[:, np.argmax(np.real(values))])
    expected /= expected.sum()
    got = pagerank(sparse.csr_matrix(weights), damping=d)
    assert got == pytest.approx(expected, abs=1e-8)
    assert got.sum() == pytest.approx(1.0)


def test_pagerank_gives_isolated_nodes_the_teleport_share_only():
    weights = sparse.csr_matrix(np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]], dtype=float))
    got = pagerank(weights)
    assert got[0] == pytest.approx(got[1]) and got[2] < got[0]
    assert got.sum() == pytest.approx(1.0)


def test_rank_phrases_counts_and_drops_nested_phrases():
    statements = [
        [("cán_bộ", "xã"), ("kinh_phí",)],
        [("cán_bộ", "xã")],
        [("cán_bộ",)],
        [("Lai_Châu",), ("kinh_phí",)],
        [("cán_bộ", "xã"), ("Lai_Châu",)],
    ]
    got = rank_phrases(statements, top=None)
    assert got["token"].tolist()[0] == "cán_bộ_xã"
    assert "cán_bộ" not in set(got["token"]) and "xã" not in set(got["token"])
    row = got.set_index("token").loc["cán_bộ_xã"]
    assert row["count"] == 3 and row["n_words"] == 2 and row["term"] == "cán bộ xã"
    assert "Lai_Châu" in set(got["token"])  # proper noun spelling kept
    assert got["score"].is_monotonic_decreasing


def test_a_longer_phrase_survives_a_better_ranked_word_it_contains():
    # xã is the hub of the word graph; cán_bộ only ever occurs in "cán_bộ xã"
    statements = [[("xã",), (w,)] for w in ["đường", "bản", "lớp", "tỉnh", "huyện", "bà_con"]] + [
        [("cán_bộ", "xã")]
    ] * 2
    got = rank_phrases(statements, top=None)
    assert got["token"].tolist()[:2] == ["xã", "cán_bộ_xã"]
    assert "cán_bộ" not in set(got["token"])  # only inside the better-ranked cán_bộ_xã


def test_corpus_keyphrases_join_adjacent_nouns_per_document(corpus):
    got = keyphrases(corpus, top=5, token_options=NO_STOP)
    assert list(got.columns) == ["doc_id", "rank", "term", "token", "score", "count", "n_words"]
    lc = got[got["doc_id"] == "LC_toadam"]
    qn = got[got["doc_id"] == "QN_toadam"]
    assert lc[["term", "token", "n_words"]].iloc[0].tolist() == ["cán bộ xã", "cán_bộ_xã", 2]
    assert "cán bộ tỉnh" in set(qn["term"]) and "chuyển đổi số" in set(qn["term"])
    assert lc["rank"].tolist() == list(range(1, len(lc) + 1))
    assert (got["count"] >= 2).all()  # min_count=2 by default


def test_groups_and_candidate_input():
    cands = [
        [Token("kinh_phí bồi_dưỡng", 0, 18)],
        [Token("kinh_phí bồi_dưỡng", 0, 18)],
        [Token("chuyển_đổi số", 0, 13)],
    ]
    frame = pd.DataFrame({"site": ["Lai Châu", "Lai Châu", "Quảng Nam"]})
    got = keyphrases(cands, frame=frame, by="site", min_count=1)
    assert got[["group", "term", "count", "n_words"]].values.tolist() == [
        ["Lai Châu", "kinh phí bồi dưỡng", 2, 2],
        ["Quảng Nam", "chuyển đổi số", 1, 2],
    ]


def test_options_are_checked(corpus):
    with pytest.raises(InputError, match="window must be >= 2"):
        keyphrases(corpus, window=1)
    with pytest.raises(InputError, match="damping"):
        keyphrases(corpus, damping=1.5)


def test_a_group_without_phrases_keeps_integer_columns():
    cands = [
        [Token("kinh_phí bồi_dưỡng", 0, 18)],
        [Token("kinh_phí bồi_dưỡng", 0, 18)],
        [Token("chuyển_đổi số", 0, 13)],
    ]
    frame = pd.DataFrame({"site": ["Lai Châu", "Lai Châu", "Quảng Nam"]})
    got = keyphrases(cands, frame=frame, by="site", min_count=2)  # Quảng Nam has none
    assert got["group"].tolist() == ["Lai Châu"]
    assert [str(got[c].dtype) for c in ("rank", "count", "n_words")] == ["int64"] * 3
    none = keyphrases(cands, frame=frame, by="site", min_count=5)
    assert none.empty and list(none.columns) == [
        "group",
        "rank",
        "term",
        "token",
        "score",
        "count",
        "n_words",
    ]
    assert str(none["rank"].dtype) == "int64"
