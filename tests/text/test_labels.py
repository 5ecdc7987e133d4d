"""Speaker labels: the shapes recognised at the start of a line, speakers and roles."""

from __future__ import annotations

import pytest

from vnqual.text._labels import parse_label, role_of


@pytest.mark.parametrize(
    "line, speaker, role",
    [
        ("Chủ trì: Xin mời.", "Chủ trì", "facilitator"),
        ("**Chủ trì:** Xin mời.", "Chủ trì", "facilitator"),
        ("**Chủ trì**: Xin mời.", "Chủ trì", "facilitator"),
        ("Người điều phối: Bắt đầu.", "Người điều phối", "facilitator"),
        ("Người điều hành: Bắt đầu.", "Người điều hành", "facilitator"),
        ("Người dẫn chương trình: Kính thưa.", "Người dẫn chương trình", "facilitator"),
        ("MC: Kính thưa.", "MC", "facilitator"),
        ("Người phỏng vấn: Chị bao nhiêu tuổi?", "Người phỏng vấn", "interviewer"),
        ("NPV: Chị bao nhiêu tuổi?", "NPV", "interviewer"),
        ("PV: Chị bao nhiêu tuổi?", "PV", "interviewer"),
        ("Hỏi: Chị bao nhiêu tuổi?", "Hỏi", "interviewer"),
        ("H: Chị bao nhiêu tuổi?", "H", "interviewer"),
        ("Người trả lời: Bốn mươi.", "Người trả lời", "participant"),
        ("NTL: Bốn mươi.", "NTL", "participant"),
        ("Đáp: Bốn mươi.", "Đáp", "participant"),
        ("Trả lời: Bốn mươi.", "Trả lời", "participant"),
        ("TL: Bốn mươi.", "TL", "participant"),
        ("TLN_QN_01: Tôi đồng ý.", "TLN_QN_01", "participant"),
        ("PVS_DL_03: Tôi đồng ý.", "PVS_DL_03", "participant"),
        ("TD_LC_03: Tôi đồng ý.", "TD_LC_03", "participant"),
        ("SPEAKER_01: Tôi đồng ý.", "SPEAKER_01", "participant"),
        ("[00:12:34] Lan: Tôi đồng ý.", "Lan", "participant"),
        ("Ông Nguyễn Văn An: Kinh phí thiếu.", "Ông Nguyễn Văn An", "participant"),
        (
            "Bà Hà Thị Lan (Chủ tịch UBND xã Tà Tổng, huyện Mường Tè): Xã ở xa.",
            "Bà Hà Thị Lan",
            "participant",
        ),
        ("Nguyễn Thị Mai (chủ trì, Sở Nội vụ): Mời.", "Nguyễn Thị Mai", "facilitator"),
        ("TS. Phạm Thu Hà (điều phối): Mời.", "Phạm Thu Hà", "facilitator"),
        ("Anh Minh: Ruộng thiếu nước.", "Anh Minh", "participant"),
        ("Chị Lan: Đúng vậy.", "Chị Lan", "participant"),
        ("Đ/c Hùng: Đúng vậy.", "Đ/c Hùng", "participant"),
        ("Đồng chí Y Sơn Mlô: Đúng vậy.", "Đồng chí Y Sơn Mlô", "participant"),
        ("Thầy Minh: Đúng vậy.", "Thầy Minh", "participant"),
        ("Cô Hoa: Đúng vậy.", "Cô Hoa", "participant"),
        ("ThS. Nguyễn Thị Lan: Đúng vậy.", "Nguyễn Thị Lan", "participant"),
        ("Bà H'Linh Niê: Đúng vậy.", "Bà H'Linh Niê", "participant"),
        ("Chủ trì - Ông Lâm: Mời.", "Ông Lâm", "facilitator"),
        ("- Ông An: Gạch đầu dòng.", "Ông An", "participant"),
        ("Lan:Không có dấu cách.", "Lan", "participant"),
        # Minutes (biên bản) style: name, then the position after a comma or a spaced dash.
        ("Bà Hoà, PCT Hội LHPN: Chị em cần học gần nhà.", "Bà Hoà", "participant"),
        ("Ông Nguyễn Văn Tâm, Bí thư Đảng ủy xã: Tôi đồng ý.", "Ông Nguyễn Văn Tâm", "participant"),
        ("Đ/c Tâm - Bí thư Đảng ủy: Tôi đồng ý.", "Đ/c Tâm", "participant"),
        ("Ông Lâm, chủ trì: Mời các đồng chí.", "Ông Lâm", "facilitator"),
        # a position in lower case, as minutes write it
        ("Bà Lò Thị Hoa, công chức Văn phòng - Thống kê xã: Xã thiếu máy.", "Bà Lò Thị Hoa", "participant"),
        ("Ông Tòng Văn Sơn, phó chủ tịch UBND xã: Tôi đồng ý.", "Ông Tòng Văn Sơn", "participant"),
        # The same label typed twice: the text starts after the second one.
        ("Bà Thủy (Kế toán): Bà Thủy (Kế toán): Em thấy phần mềm đổi.", "Bà Thủy", "participant"),
    ],
)
def test_known_label_shapes(line, speaker, role):
    label = parse_label(line)
    assert label is not None and (label.speaker, label.role) == (speaker, role)
    assert speaker not in line[label.end :]


@pytest.mark.parametrize(
    "line",
    [
        "Nội dung gồm: kinh phí, giảng viên.",
        "Kết luận như sau: ba lớp bồi dưỡng.",
        "Anh ấy nói: không đủ kinh phí.",
        "Chị Lan nói: xã thiếu giáo viên.",
        "Trả lời câu hỏi của chị Lan: chưa có.",
        "Ngày: 23/6/2020",
        "Lưu ý: mang theo tài liệu.",
        "Thời gian: 8 giờ sáng.",
        "Có ba việc cần làm ngay trong năm nay và năm sau: một là tài liệu.",
        "10:30: bắt đầu họp",
        "http://noivu.gov.vn",
        "Xin mời.",
        "Anh Tuấn, em hỏi thêm: vì sao?",
        "Về kinh phí, Sở Tài chính cho biết: còn thiếu.",
        "Hà Nội, Ngày 12 tháng 3: khai mạc.",
    ],
)
def test_colon_inside_text_is_not_a_label(line):
    assert parse_label(line) is None


def test_role_of_names_and_notes():
    assert role_of("Ông Lâm", "chủ trì hội thảo") == "facilitator"
    assert role_of("PV2") == "interviewer"
    assert role_of("MC") == "facilitator"
    assert role_of("PVS_DL_03") == "participant"
    assert role_of("") == ""


# ------------------------------------------------------------------ titles, ranks, degrees
@pytest.mark.parametrize(
    "line, speaker, title, role",
    [
        ("Bộ trưởng Nguyễn Thái Bình: Xin trả lời.", "Nguyễn Thái Bình", "Bộ trưởng", "participant"),
        ("Bộ trưởng Bình: Đúng vậy.", "Bình", "Bộ trưởng", "participant"),
        ("Thứ trưởng Lê Văn Hải: Đúng vậy.", "Lê Văn Hải", "Thứ trưởng", "participant"),
        (
            "Phó Chủ tịch UBND tỉnh Quảng Nam Nguyễn Văn Sáu: Tỉnh đã giao.",
            "Nguyễn Văn Sáu",
            "Phó Chủ tịch UBND tỉnh Quảng Nam",
            "participant",
        ),
        ("Giám đốc Sở Nội vụ Trần Thị Hoa: Sở đã làm.", "Trần Thị Hoa", "Giám đốc Sở Nội vụ", "participant"),
        ("Bí thư Lò Văn Páo: Xã có ba bản.", "Lò Văn Páo", "Bí thư", "participant"),
        ("Đại biểu Nguyễn Văn A (Hà Nội): Tôi đề nghị.", "Nguyễn Văn A", "Đại biểu", "participant"),
        ("Cử tri Lê Văn B (xã Gio Mỹ): Dân cần đường.", "Lê Văn B", "Cử tri", "participant"),
        (
            "Trung tướng, PGS, TS PHẠM QUỐC TRUNG, Hiệu trưởng Trường Sĩ quan Chính trị: Nhà trường luôn",
            "PHẠM QUỐC TRUNG",
            "Trung tướng, PGS, TS",
            "participant",
        ),
        ("PGS.TS Nguyễn Văn An: Tôi cho rằng.", "Nguyễn Văn An", "PGS.TS", "participant"),
        ("PGS. TS. Lê Quân: Tôi cho rằng.", "Lê Quân", "PGS. TS.", "participant"),
        ("GS.TSKH Đặng Hùng: Đúng.", "Đặng Hùng", "GS.TSKH", "participant"),
        ("Đại tá Nguyễn Văn Hùng: Đơn vị sẵn sàng.", "Nguyễn Văn Hùng", "Đại tá", "participant"),
        ("Thiếu tướng Trần Minh: Đúng.", "Trần Minh", "Thiếu tướng", "participant"),
        ("ÔNG NGUYỄN VĂN AN: Tôi đồng ý.", "ÔNG NGUYỄN VĂN AN", "", "participant"),
        ("**Bộ trưởng Bình:** Đúng vậy.", "Bình", "Bộ trưởng", "participant"),
        ("- Ca sĩ LÊ CÁT TRỌNG LÝ: Tôi hát.", "LÊ CÁT TRỌNG LÝ", "Ca sĩ", "participant"),
        ("– Nhà báo Lê Hà: Chị nghĩ sao?", "Lê Hà", "Nhà báo", "interviewer"),
        ("Phóng viên: Ông nghĩ sao?", "Phóng viên", "", "interviewer"),
        ("Câu hỏi: Thủ tục thế nào?", "Câu hỏi", "", "interviewer"),
        ("MC Thu Hà: Kính thưa quý vị.", "Thu Hà", "MC", "facilitator"),
        ("Chủ tọa: Mời đại biểu.", "Chủ tọa", "", "facilitator"),
        ("Người dẫn chương trình: Xin chào.", "Người dẫn chương trình", "", "facilitator"),
        ("BBC: Ông nghĩ sao?", "BBC", "", "interviewer"),
        ("VOA: Ông nghĩ sao?", "VOA", "", "interviewer"),
        ("NV: Ông nghĩ sao?", "NV", "", "interviewer"),
        ("HP: Tôi nghĩ khác.", "HP", "", "participant"),
        ("Thứ trưởng: Xin trả lời.", "Thứ trưởng", "Thứ trưởng", "participant"),
    ],
)
def test_titles_ranks_degrees_and_roles(line, speaker, title, role):
    label = parse_label(line)
    assert label is not None
    assert (label.speaker, label.title, label.role) == (speaker, title, role)
    assert line[label.end - 1] in ": " and speaker not in line[label.end :]


@pytest.mark.parametrize(
    "line",
    [
        "Bộ trưởng cho biết: năm nay sẽ xong.",
        "Theo Giám đốc Sở, có ba việc cần làm:",
        "Đại biểu đề nghị như sau:",
        "Chủ tịch UBND tỉnh nhấn mạnh: phải làm ngay.",
        "LTS: Bài viết dưới đây là ý kiến của độc giả.",
        "Lời tòa soạn: Chúng tôi giới thiệu.",
        "NỘI DUNG BUỔI GIAO LƯU:",
        "Lời giới thiệu:",
        "Ảnh: Nguyễn Văn A",
        "https://example.vn/bai-viet: xem",
    ],
)
def test_prose_notes_and_headings_are_not_labels(line):
    assert parse_label(line) is None


def test_user_pattern_adds_to_builtin_shapes():
    import re

    pattern = re.compile(r"\[(?P<speaker>[^\]]+)\]")
    assert parse_label("[Người số 3] Tôi đồng ý.", pattern=pattern).speaker == "Người số 3"
    assert parse_label("Bộ trưởng Bình: Đúng.", pattern=pattern).speaker == "Bình"


@pytest.mark.parametrize(
    "line, speaker, title, role",
    [
        ("Khánh An – VOA: Cảm ơn Đại sứ.", "Khánh An", "VOA", "interviewer"),
        ("Đại sứ Knapper: Vâng.", "Knapper", "Đại sứ", "participant"),
        ("- Tiến sĩ Giáp Văn Dương: Đúng vậy.", "Giáp Văn Dương", "Tiến sĩ", "participant"),
        ("- Phóng viên: Anh nghĩ sao?", "Phóng viên", "", "interviewer"),
        ("Khán giả Võ Thị Tuyết: Bao giờ giá giảm?", "Võ Thị Tuyết", "Khán giả", "interviewer"),
        (
            "Giám đốc Sở Giao thông vận tải Phạm Thị Mai: Dự án chậm.",
            "Phạm Thị Mai",
            "Giám đốc Sở Giao thông vận tải",
            "participant",
        ),
        ("Chủ tọa - Ông Vũ Văn Thuận: Mời.", "Ông Vũ Văn Thuận", "Chủ tọa", "facilitator"),
    ],
)
def test_shapes_from_published_interviews(line, speaker, title, role):
    label = parse_label(line)
    assert label is not None and (label.speaker, label.title, label.role) == (speaker, title, role)


def test_unit_names_need_a_full_name_and_no_verb():
    assert parse_label("Giám đốc Sở thông tin: x") is None
    assert parse_label("Giám đốc Sở Nội vụ cho biết: năm nay") is None


@pytest.mark.parametrize(
    "line, speaker",
    [
        ("Bạn đọc Nguyễn Văn An hỏi: Tôi muốn biết thủ tục.", "Nguyễn Văn An"),
        ("Câu hỏi của bạn Trần Thị Bình (Hà Nội): Tôi muốn hỏi.", "Trần Thị Bình"),
        ("Hỏi của độc giả Lê Văn Cường: Tôi muốn hỏi.", "Lê Văn Cường"),
    ],
)
def test_readers_questions(line, speaker):
    label = parse_label(line)
    assert label is not None and (label.speaker, label.role) == (speaker, "interviewer")


@pytest.mark.parametrize("line", ["Chị Lan hỏi: có không?", "Anh ấy hỏi: vì sao?", "Tôi hỏi: có không?"])
def test_reported_questions_are_not_labels(line):
    assert parse_label(line) is None
