"""Small synthetic Vietnamese statements with planted themes (token lists, no segmentation)."""

from __future__ import annotations

import numpy as np

THEMES = {
    "Kinh phí": ["kinh_phí", "ngân_sách", "tiền", "thiếu", "hỗ_trợ", "chi_trả"],
    "Đi lại": ["đường", "xa", "mưa", "đi_lại", "núi", "sạt_lở"],
    "Tài liệu": ["tài_liệu", "tiếng", "song_ngữ", "dịch", "sách", "đồng_bào"],
}
COMMON = ["cán_bộ", "xã", "bồi_dưỡng"]


def planted(n_per_theme: int = 30, seed: int = 0) -> tuple[list[list[str]], list[int]]:
    """Statements of 4-6 theme words plus one common word; returns (tokens, true theme)."""
    rng = np.random.default_rng(seed)
    docs, truth = [], []
    for i in range(n_per_theme):
        for t, words in enumerate(THEMES.values()):
            k = 4 + (i % 3)
            doc = list(rng.choice(words, size=k, replace=True)) + [COMMON[i % len(COMMON)]]
            docs.append([str(w) for w in doc])
            truth.append(t)
    return docs, truth
