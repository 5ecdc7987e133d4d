"""Turns on real page shapes: Q&A, questions set apart, labels after a question, non-speech lines."""

from __future__ import annotations

from vnqual.text.segment import split_units


def units(text: str, **kwargs):
    found = split_units(text, **kwargs)
    for u in found:
        assert text[u.start : u.end] == u.text
    return [(u.speaker, u.role, u.text) for u in found]


def test_label_alone_on_its_line_gives_the_next_lines():
    src = "Bộ trưởng Nguyễn Thái Bình:\nNăm nay ngành đã làm xong.\nCòn hai việc."
    assert units(src) == [
        ("Nguyễn Thái Bình", "participant", "Năm nay ngành đã làm xong."),
        ("Nguyễn Thái Bình", "participant", "Còn hai việc."),
    ]
    assert [u.title for u in split_units(src)] == ["Bộ trưởng", "Bộ trưởng"]


def test_pv_then_unlabelled_answer_paragraphs():
    src = (
        "Bộ trưởng Bình: Xin chào.\n"
        "PV: Thưa Bộ trưởng, năm nay ngành làm được gì?\n"
        "Chúng tôi đã xong ba việc.\n"
        "Việc thứ tư còn chậm.\n"
        "PV: Vì sao chậm?\n"
        "Vì thiếu kinh phí.\n"
    )
    assert [s for s, _, _ in units(src)] == ["Bình", "PV", "Bình", "Bình", "PV", "Bình"]
    assert [r for _, r, _ in units(src)][1] == "interviewer"


def test_unlabelled_questions_set_apart_become_interviewer_turns():
    src = (
        "Cải cách thủ tục ở xã\n"
        "Thưa ông, xã đã làm gì để giảm giấy tờ?\n"
        "Ông Trần Văn Lộc: Chúng tôi bỏ bớt hai loại giấy.\n"
        "Người dân có hài lòng không?\n"
        "Ông Trần Văn Lộc: Phần lớn là hài lòng.\n"
        "Nhưng vẫn còn phàn nàn về thời gian chờ.\n"
    )
    got = units(src)
    assert [(s, r) for s, r, _ in got] == [
        ("", ""),
        ("", "interviewer"),
        ("Ông Trần Văn Lộc", "participant"),
        ("", "interviewer"),
        ("Ông Trần Văn Lộc", "participant"),
        ("Ông Trần Văn Lộc", "participant"),
    ]


def test_label_after_a_question_inside_a_line():
    src = "PV: Ông nghĩ sao về đề án? PGS. TS. Lê Quân: Tôi cho rằng cần làm ngay.\n"
    assert units(src) == [
        ("PV", "interviewer", "Ông nghĩ sao về đề án?"),
        ("Lê Quân", "participant", "Tôi cho rằng cần làm ngay."),
    ]


def test_online_reader_line_introduces_the_question():
    src = (
        "Nguyễn Tấn Thành - Nam 26 tuổi - Thanh Hoá\n"
        "Tôi muốn hỏi thủ tục đăng ký tạm trú thế nào?\n"
        "Thứ trưởng Lê Văn Hải: Bạn đến công an xã để làm.\n"
    )
    assert units(src) == [
        ("Nguyễn Tấn Thành", "interviewer", "Tôi muốn hỏi thủ tục đăng ký tạm trú thế nào?"),
        ("Lê Văn Hải", "participant", "Bạn đến công an xã để làm."),
    ]


def test_dash_dialogue():
    src = (
        "- Ca sĩ LÊ CÁT TRỌNG LÝ: Tôi viết bài này năm ngoái.\n"
        "- Chị viết trong bao lâu?\n"
        "– Là lúc tôi ở quê.\n"
    )
    got = units(src)
    assert [(s, r) for s, r, _ in got] == [
        ("LÊ CÁT TRỌNG LÝ", "participant"),
        ("", "interviewer"),
        ("LÊ CÁT TRỌNG LÝ", "participant"),
    ]


def test_non_speech_lines_are_nobodys_speech_and_the_speaker_goes_on():
    src = (
        "LTS: Dưới đây là cuộc trao đổi.\n"
        "NỘI DUNG BUỔI GIAO LƯU\n"
        "Bộ trưởng Bình: Năm nay có ba việc.\n"
        "Bộ trưởng Nguyễn Thái Bình.\n"
        "anh_bo_truong.jpg\n"
        "https://example.vn/giao-luu\n"
        "Ảnh: Lê Hà\n"
        "PHÁT LÝ\n"
        "* Để người đọc dễ theo dõi, tòa soạn chia thành các phần.\n"
        "Việc thứ nhất là đào tạo.\n"
    )
    got = units(src)
    assert got[0][:2] == ("", "") and got[1][:2] == ("", "")
    assert got[2] == ("Bình", "participant", "Năm nay có ba việc.")
    assert all(s == "" and r == "" for s, r, _ in got[3:-1])
    assert got[-1] == ("Bình", "participant", "Việc thứ nhất là đào tạo.")


def test_question_in_a_roundtable_is_kept_and_warned_once():
    src = (
        "Chủ trì: Mời ông An.\n"
        "Ông An: Xã thiếu giáo viên.\n"
        "Vậy ai sẽ dạy các lớp này?\n"
        "Chúng tôi chưa biết.\n"
        "Bà Lan: Tôi đồng ý.\n"
    )
    messages = []
    got = split_units(src, warn=messages.append, source="toa_dam.txt")
    assert [u.speaker for u in got] == ["Chủ trì", "Ông An", "Ông An", "Ông An", "Bà Lan"]
    assert len(messages) == 1
    assert messages[0].startswith("toa_dam.txt: 1 paragraph(s) that read as questions")
    assert "line 3" in messages[0]


def test_chair_questions_stay_the_chairs():
    src = (
        "Chủ trì: Mời ông An.\nKinh phí có đủ không?\nÔng An: Chưa đủ.\n"
        "Chủ trì: Còn giảng viên?\nThì sao?\nÔng An: Thiếu.\n"
    )
    assert [s for s, _, _ in units(src)] == ["Chủ trì", "Chủ trì", "Ông An", "Chủ trì", "Chủ trì", "Ông An"]


def test_user_pattern_adds_and_never_replaces():
    src = "[Người số 3] Tôi đồng ý.\nBộ trưởng Bình: Cảm ơn.\n"
    got = units(src, pattern=[r"\[(?P<speaker>[^\]]+)\]"])
    assert [s for s, _, _ in got] == ["Người số 3", "Bình"]


def test_dash_questions_and_plain_answers_of_the_person_the_lead_names():
    src = (
        "Bộ trưởng Đào Văn Hải: “Đào tạo nghề là chìa khóa”\n"
        "THỨ HAI, NGÀY 3 THÁNG 6 NĂM 2024 08:15\n"
        "Nhân dịp đầu năm, phóng viên có cuộc trò chuyện với Bộ trưởng Đào Văn Hải.\n"
        "- Năm qua ngành đã làm được nhiều việc, nhất là đào tạo nghề cho lao động nông thôn.\n"
        "Đúng vậy, năm qua có hơn một triệu người học nghề.\n"
        "Phần lớn có việc làm sau sáu tháng.\n"
        "image044\n"
        "- Còn khó khăn lớn nhất là gì?\n"
        "Là chất lượng giáo viên dạy nghề.\n"
    )
    got = units(src)
    assert [(s, r) for s, r, _ in got] == [
        ("", ""),
        ("", ""),
        ("", ""),
        ("", "interviewer"),
        ("Đào Văn Hải", "participant"),
        ("Đào Văn Hải", "participant"),
        ("", ""),
        ("", "interviewer"),
        ("Đào Văn Hải", "participant"),
    ]
    assert got[3][2].startswith("Năm qua")  # the dialogue dash is not part of the question


def test_headline_with_a_lower_case_body_is_not_a_label():
    src = "Chuyên gia: cần đo lường chất lượng dịch vụ công\nPV: Bà nghĩ sao?\nTS Vũ Thu Trang: Cần đo.\n"
    assert [(s, r) for s, r, _ in units(src)] == [
        ("", ""),
        ("PV", "interviewer"),
        ("Vũ Thu Trang", "participant"),
    ]


def test_furniture_lines():
    from vnqual.text._layout import is_furniture

    for line in (
        "- Thứ Sáu, 08/11/2019, 15:51 - Chia sẻ",
        "image044",
        "Nuôi tôm lót bạt trên cát. Trong ảnh: Xử lý ao nuôi tôm. Ảnh: HỮU PHÚC",
        "Thủ tướng phát biểu tại cuộc gặp kiều bào - Ảnh: VGP/Nhật Bắc",
        "Lời Toà Soạn: Gần hai tuần sau chuyến thăm.",
        "https://example.vn/a",
        "(Trần Văn Quý, phường Tân An)",
        "Biên bản kết thúc lúc 21 giờ cùng ngày.",
        "Ông Vũ Đức Long trả lời bạn đọc.",
    ):
        assert is_furniture(line), line
    for line in (
        "Xã tôi thiếu giáo viên.",
        "Ngày 12/3 chúng tôi họp, 8:30 bắt đầu và kéo dài đến trưa.",
        "Ông Bình nói đúng.",
    ):
        assert not is_furniture(line), line


def test_lead_person_is_the_most_named_full_name():
    from vnqual.text._layout import lead_person

    lead = [
        "Thầy Hà Văn Lưu, Hiệu trưởng Trường Tiểu học xã Mường Than, chia sẻ với chúng tôi.",
        "Năm nay thầy Hà Văn Lưu đã có hai mươi năm dạy ở bản, cùng cô Lò Thị Ngân.",
    ]
    assert lead_person(lead) == "Hà Văn Lưu"
    assert lead_person(["Cuộc trò chuyện về nghề dịch sách."]) is None
