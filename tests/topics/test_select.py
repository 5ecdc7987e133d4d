from __future__ import annotations

import numpy as np

from tests.topics._data import planted
from vnqual.topics import scan_k
from vnqual.topics._select import default_k_range, document_nmi, jaccard_stability, scan_note


def test_scan_picks_planted_number_of_themes():
    tokens, _ = planted(20)
    scan, model = scan_k(tokens, [2, 3, 4, 5], random_state=0)
    assert list(scan.columns) == ["k", "n_topics", "npmi", "stability", "doc_nmi", "score", "chosen"]
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


def test_document_nmi():
    assert document_nmi([0, 0, 1, 1], ["a", "a", "b", "b"]) == 1.0
    assert document_nmi([0, 1, 0, 1], ["a", "a", "b", "b"]) == 0.0
    assert document_nmi([0, 1, -1, -1], ["a", "b", "a", "b"]) == 1.0  # statements without a theme left out
    assert document_nmi([0, 1, 0, 1], None) == 0.0
    assert document_nmi([0, 1, 0, 1], ["a"] * 4) == 0.0


def _two_documents_with_their_own_words():
    """Three planted themes cut across two documents; each document also has its own words
    (place names, local terms) in every statement, so k=2 can split the documents."""
    tokens, _ = planted(20, seed=1)
    rng = np.random.default_rng(3)
    local = {"A": ["buôn", "già_làng", "Ê_Đê", "cồng_chiêng"], "B": ["bản", "trưởng_bản", "Mông", "ruộng"]}
    docs, ids = [], []
    for i, t in enumerate(tokens):
        d = "A" if i % 2 else "B"
        docs.append(t + [str(w) for w in rng.choice(local[d], size=8)])
        ids.append(d)
    return docs, ids


def test_scan_prefers_themes_that_cut_across_documents():
    docs, ids = _two_documents_with_their_own_words()
    blind, _ = scan_k(docs, [2, 3], random_state=0)
    aware, model = scan_k(docs, [2, 3], random_state=0, doc_ids=ids)
    by_k = aware.set_index("k")
    assert by_k.loc[2, "doc_nmi"] > 0.95  # k=2 reproduces the two documents
    assert int(blind.loc[blind["chosen"], "k"].iloc[0]) == 2  # coherence + stability alone tie: k=2
    assert int(aware.loc[aware["chosen"], "k"].iloc[0]) == 3
    assert by_k.loc[3, "doc_nmi"] < by_k.loc[2, "doc_nmi"]
    assert model.n_topics_ == 3
    assert "themes vs documents NMI" in scan_note(aware)
