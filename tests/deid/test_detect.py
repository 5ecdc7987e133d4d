"""Detectors, one category at a time: what they find and what they leave alone."""

from __future__ import annotations

import pytest

from vnqual.deid._detect import find_numbers, find_orgs, find_persons, find_places, resolve


def _found(spans, text):
    return [text[s.start : s.end] for s in resolve(spans)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gọi em số 0912345678 nhé.", "0912345678"),
        ("SĐT: 0912 345 678.", "0912 345 678"),
        ("Zalo 091.234.5678 ạ", "091.234.5678"),
        ("Liên hệ +84 912 345 678.", "+84 912 345 678"),
        ("Liên hệ +84912345678", "+84912345678"),
        ("Máy bàn (0262) 3822 123, giờ hành chính", "(0262) 3822 123"),
        ("Máy bàn 02623822123.", "02623822123"),
        ("số 035-123-4567 của chị", "035-123-4567"),
    ],
)
def test_phone_shapes_are_found(text, expected):
    assert _found(find_numbers(text, ["phone"]), text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Kinh phí 150.000.000 đồng, năm 2020.",
        "Theo Quyết định số 1956/QĐ-TTg và Nghị định 33/2023/NĐ-CP.",
        "Tổng số 1.245 học viên, 612 nữ.",
        "Mã số thuế 4001234567 của hợp tác xã.",
    ],
)
def test_ordinary_numbers_are_not_phones_or_ids(text):
    assert find_numbers(text, ["phone", "id"]) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CCCD 066185001234 cấp năm 2021", "066185001234"),
        ("số căn cước 066 185 001 234.", "066 185 001 234"),
        ("CMND số 241234567.", "241234567"),
        ("Hộ chiếu B1234567 còn hạn.", "B1234567"),
    ],
)
def test_id_numbers_are_found(text, expected):
    assert _found(find_numbers(text, ["id", "phone"]), text) == [expected]


def test_emails_urls_and_dates_of_birth():
    text = "Gửi về thu.suong@quangnam.gov.vn, xem www.facebook.com/suong.le; sinh ngày 12/3/1980."
    spans = resolve(find_numbers(text, ["email", "url", "date"]))
    assert [(s.category, text[s.start : s.end]) for s in spans] == [
        ("email", "thu.suong@quangnam.gov.vn"),
        ("url", "www.facebook.com/suong.le"),
        ("date", "12/3/1980"),
    ]


def test_a_workshop_date_is_not_a_date_of_birth():
    assert find_numbers("Hội thảo ngày 26/6/2020 tại Tam Kỳ.", ["date"]) == []


@pytest.mark.parametrize(
    "text, names",
    [
        ("Bà Lê Thị Thu Sương (Phó Giám đốc): Xin chào.", ["Lê Thị Thu Sương"]),
        ("Cảm ơn bà Sương và chị Lan Anh.", ["Sương", "Lan Anh"]),
        ("đồng chí Tâm bí thư xã nói rằng kinh phí thiếu.", ["Tâm"]),
        ("Đ/c Y Sơn Mlô cho biết.", ["Y Sơn Mlô"]),
        ("Em gặp bác Hùng với o Hoa ngoài chợ.", ["Hùng", "Hoa"]),
        ("Theo Nguyễn Văn An, lớp học quá xa.", ["Nguyễn Văn An"]),
        ("Mời chị H'Linh Niê phát biểu.", ["H'Linh Niê"]),
        ("Bí thư xã Lường Văn Tỉnh cho rằng tài liệu dài.", ["Lường Văn Tỉnh"]),
        ("Quyên kể lại rằng hôm đó mất điện.", ["Quyên"]),
        ('"Chúng tôi thiếu người", Triết nói.', ["Triết"]),
        ("Tôi nói với họ rồi.", []),
    ],
)
def test_person_names_after_titles_and_family_names(text, names):
    assert _found(find_persons(text), text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Sở Nội vụ tỉnh Quảng Nam ban hành kế hoạch.",
        "Chương trình Nông thôn mới sau Tết Nguyên đán.",
        "Xin mời ông Chủ tịch UBND xã phát biểu.",
        "Thành phố Hồ Chí Minh có nhiều lớp trực tuyến.",
        "Học tập và làm theo tư tưởng Hồ Chí Minh.",
        "Anh chị em cán bộ ở cơ sở rất vất vả.",
        "Cán bộ người dân tộc Hà Nhì cần tài liệu song ngữ.",
    ],
)
def test_capitalised_non_names_are_not_persons(text):
    assert _found(find_persons(text), text) == []


def test_places_carry_their_level():
    text = "Tôi ở thôn Phú Hòa, xã Tam Xuân, huyện Núi Thành, tỉnh Quảng Nam."
    assert [(text[s.start : s.end], s.level) for s in find_places(text)] == [
        ("Phú Hòa", 4),
        ("Tam Xuân", 3),
        ("Núi Thành", 2),
        ("Quảng Nam", 1),
    ]


def test_capitalised_words_after_o_tai_ve_are_unsure_places():
    text = "Người dân ở Pà Cò và về Bảo Lạc; họp ở Sở Nội vụ, tại Hà Nội, ở Hội trường."
    spans = find_places(text)
    found = [(text[s.start : s.end], s.confidence < 0.75) for s in spans]
    assert found == [("Pà Cò", True), ("Bảo Lạc", True)]


def test_lowercase_after_a_unit_word_is_not_a_place():
    assert find_places("Các xã nghèo và huyện miền núi còn khó khăn; xã Nông thôn mới.") == []


def test_organisations_after_a_type_word():
    text = "Hợp tác xã Tân Tiến và Công ty Hoa Sen cùng tài trợ."
    assert _found(find_orgs(text), text) == ["Tân Tiến", "Hoa Sen"]


def test_a_long_unpunctuated_turn_is_tagged_in_pieces():
    from vnqual.deid._ner import _MAX_PIECE, _pieces

    text = "ừ thì " * 200 + "gặp anh Tuấn"
    pieces = _pieces(text)
    assert len(pieces) > 1 and all(len(p) <= _MAX_PIECE for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    assert all(text[s : s + len(p)] == p for s, p in pieces)


@pytest.mark.parametrize(
    "text, found",
    [
        ("Tôi làm việc ở Buôn Ma Thuột từ năm 2015.", [("Buôn Ma Thuột", 2)]),
        ("Buôn Ma Thuột là nơi tổ chức tọa đàm.", [("Buôn Ma Thuột", 2)]),
        ("Hội nghị tại TP. Buôn Ma Thuột, tỉnh Đắk Lắk.", [("Buôn Ma Thuột", 2), ("Đắk Lắk", 1)]),
        ("Chị ở thị xã Buôn Hồ.", [("Buôn Hồ", 2)]),
        ("Đoàn về thăm Buôn Ako Dhong hôm qua.", [("Buôn Ako Dhong", 4)]),  # a name, written capitalised
        ("Anh ở buôn Ako Dhong.", [("Ako Dhong", 4)]),  # unit word, then the name
    ],
)
def test_a_unit_word_that_is_part_of_the_name_is_replaced_with_it(text, found):
    assert [(s.text, s.level) for s in find_places(text)] == found
