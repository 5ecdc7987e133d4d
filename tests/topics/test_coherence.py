from __future__ import annotations

import numpy as np

from tests.topics._data import planted
from vnqual.topics import npmi_coherence


def test_coherent_topic_scores_higher_than_mixed_one():
    tokens, _ = planted()
    good = ["kinh_phí", "ngân_sách", "tiền", "thiếu"]
    mixed = ["kinh_phí", "đường", "tài_liệu", "núi"]
    scores = npmi_coherence([good, mixed], tokens)
    assert scores[0] > 0.3 > scores[1]


def test_nan_guard_on_tiny_corpus():
    texts = [["kinh_phí"], ["đường"], ["tài_liệu", "sách"]]
    scores = npmi_coherence([["kinh_phí", "đường"], ["không_có", "từ_lạ"], ["sách"]], texts)
    assert np.all(np.isfinite(scores))
    assert scores[1] == 0.0 and scores[2] == 0.0  # fewer than two known terms
    assert np.all(np.isfinite(npmi_coherence([["a", "b"]], [])))
