from __future__ import annotations

import math

import pandas as pd
import pytest

from vnqual.errors import InputError
from vnqual.keywords import log_odds

# Lai Châu talks about roads and distance, Quảng Nam about digital transformation.
TOKENS = (
    [["đường", "xa", "cán_bộ", "kinh_phí"]] * 6
    + [["bản", "xa", "cán_bộ"]] * 4
    + [["chuyển_đổi_số", "cán_bộ", "kinh_phí"]] * 5
    + [["trực_tuyến", "chuyển_đổi_số"]] * 3
)
SITES = ["Lai Châu"] * 10 + ["Quảng Nam"] * 8
FRAME = pd.DataFrame({"site": SITES})


def test_direction_each_group_tops_with_its_own_words():
    got = log_odds(TOKENS, by="site", frame=FRAME, top=None)
    lc = got[got["group"] == "Lai Châu"].set_index("token")
    qn = got[got["group"] == "Quảng Nam"].set_index("token")
    assert lc.index[0] in {"xa", "đường"} and qn.index[0] == "chuyển_đổi_số"
    assert lc.loc["xa", "log_odds"] > 0 and lc.loc["xa", "z"] > 1.96
    # kinh_phí is relatively more frequent in Quảng Nam (5 of 21 words vs 6 of 36)
    assert lc.loc["kinh_phí", "log_odds"] < 0 < qn.loc["kinh_phí", "log_odds"]
    assert lc.loc["xa", ["count_group", "count_rest"]].tolist() == [10, 0]
    assert qn.loc["cán_bộ", ["count_group", "count_rest"]].tolist() == [5, 10]


def test_two_groups_are_mirror_images():
    got = log_odds(TOKENS, by="site", frame=FRAME, top=None)
    wide = got.pivot(index="token", columns="group", values="log_odds").dropna()
    assert (wide["Lai Châu"] + wide["Quảng Nam"]).abs().max() < 1e-12


def test_matches_the_formula_of_monroe_et_al():
    alpha0 = 7.0
    got = log_odds(TOKENS, by="site", frame=FRAME, top=None, alpha0=alpha0)
    row = got[(got["group"] == "Quảng Nam") & (got["token"] == "kinh_phí")].iloc[0]
    y_i, y_j = 5, 6  # kinh_phí in Quảng Nam / Lai Châu
    n_i, n_j = 5 * 3 + 3 * 2, 6 * 4 + 4 * 3
    a = alpha0 * (y_i + y_j) / (n_i + n_j)
    delta = math.log((y_i + a) / (n_i + alpha0 - y_i - a)) - math.log((y_j + a) / (n_j + alpha0 - y_j - a))
    z = delta / math.sqrt(1 / (y_i + a) + 1 / (y_j + a))
    assert row["log_odds"] == pytest.approx(delta)
    assert row["z"] == pytest.approx(z)


def test_prior_keeps_a_single_rare_word_below_a_frequent_distinctive_one():
    tokens = TOKENS + [["hiếm"]]
    frame = pd.DataFrame({"site": SITES + ["Quảng Nam"]})
    got = log_odds(tokens, by="site", frame=frame, top=None)
    qn = got[got["group"] == "Quảng Nam"].set_index("token")
    # Unsmoothed, hiếm (1 vs 0) would have an infinite log-odds ratio.
    assert math.isfinite(qn.loc["hiếm", "log_odds"])
    assert qn.loc["chuyển_đổi_số", "z"] > qn.loc["hiếm", "z"] > 0


def test_columns_and_top(corpus):
    got = log_odds(corpus, by="site", top=5)
    assert list(got.columns) == [
        "group",
        "rank",
        "term",
        "token",
        "count_group",
        "count_rest",
        "log_odds",
        "z",
    ]
    assert got.groupby("group").size().tolist() == [5, 5]
    assert got.groupby("group")["z"].apply(lambda z: z.is_monotonic_decreasing).all()


def test_needs_two_groups_and_a_positive_prior():
    with pytest.raises(InputError, match="at least two values"):
        log_odds(TOKENS, by="site", frame=FRAME.assign(site="Lai Châu"))
    with pytest.raises(InputError, match="alpha0 must be > 0"):
        log_odds(TOKENS, by="site", frame=FRAME, alpha0=0)
