"""Sanity checks of log-odds on real student feedback (UIT-VSFC train+dev, read-only).

The two word lists below were written BEFORE running ``log_odds`` on the data (from general
knowledge of what students say about rooms and equipment vs. about teachers), and were not edited
after seeing the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DEV = Path("/work/shared/data/uit-vsfc/dev.csv")

FACILITY_WORDS = {
    "phòng",
    "phòng_học",
    "phòng_máy",
    "máy_lạnh",
    "điều_hòa",
    "quạt",
    "thiết_bị",
    "trang_thiết_bị",
    "cơ_sở_vật_chất",
    "cơ_sở",
    "vật_chất",
    "wifi",
    "mạng",
    "internet",
    "máy_chiếu",
    "projector",
    "máy_tính",
    "máy",
    "loa",
    "micro",
    "mic",
    "âm_thanh",
    "đèn",
    "ánh_sáng",
    "bàn",
    "ghế",
    "bàn_ghế",
    "bảng",
    "nóng",
    "hỏng",
    "cũ",
    "ổ_cắm",
    "điện",
    "thư_viện",
    "giảng_đường",
    "căng_tin",
    "nhà_vệ_sinh",
    "ký_túc_xá",
    "bãi_xe",
    "lab",
    "trường",
    "trang_bị",
    "chật",
    "ồn",
}
LECTURER_WORDS = {
    "thầy",
    "cô",
    "giảng_viên",
    "giáo_viên",
    "giảng_dạy",
    "dạy",
    "giảng",
    "nhiệt_tình",
    "tận_tâm",
    "tận_tình",
    "dễ_hiểu",
    "vui_tính",
    "thân_thiện",
    "nhiệt_huyết",
    "tâm_huyết",
    "hướng_dẫn",
    "giải_đáp",
    "thắc_mắc",
    "truyền_đạt",
    "hiểu",
    "kiến_thức",
    "ví_dụ",
    "hài_hước",
    "khó_tính",
    "chu_đáo",
    "quan_tâm",
    "sinh_viên",
    "bài_giảng",
    "lên_lớp",
}


@pytest.mark.slow
@pytest.mark.skipif(not DEV.is_file(), reason="UIT-VSFC data not available")
def test_logodds_by_topic_puts_facility_and_teaching_words_on_top():
    from vnqual import read_corpus
    from vnqual.keywords import log_odds

    result = log_odds(read_corpus(DEV), by="topic", top=15)
    top = {g: set(sub["token"]) for g, sub in result.groupby("group")}
    facility = top["facility"] & FACILITY_WORDS
    lecturer = top["lecturer"] & LECTURER_WORDS
    assert len(facility) >= 5, sorted(top["facility"])
    assert len(lecturer) >= 5, sorted(top["lecturer"])
    # and the lists do not swap: teaching words are not what marks the facility group
    assert not top["facility"] & {"thầy", "cô", "giảng_viên", "nhiệt_tình"}
    assert not top["lecturer"] & {"phòng", "máy_chiếu", "máy_lạnh", "thiết_bị"}
