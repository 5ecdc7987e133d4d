"""Write the de-identification development set (dev.jsonl) from hand-written templates.

Every sentence is synthetic: templates written for vnqual in the styles of workshop transcripts and
news reports, filled with invented names, places and numbers (seeded, so the file is reproducible).
Gold spans come from the slots: ``person`` is the name only (not the honorific or title), ``place`` a
place name below province level (the unit word such as ``xã`` is not part of it), ``phone``, ``id``,
``email``, ``date`` (dates of birth). Provinces, organisations named by type (``Sở Nội vụ``) and
capitalised non-names (``Tết``, ``Nông thôn mới``) are NOT gold.

Two splits: ``tune`` (templates looked at while writing the detectors) and ``heldout`` (other
templates, written at the same time, BEFORE any detector existed, and only scored at the end).

Run: ``python benchmarks/deid/make_devset.py`` (writes benchmarks/deid/dev.jsonl).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Mai",
    "Trịnh",
    "Lương",
    "Tạ",
    "Cao",
    "Hà",
    "Kiều",
    "Quách",
    "Thái",
    "Từ",
    "Triệu",
    "Lò",
    "Vàng",
    "Sùng",
    "Giàng",
    "Hầu",
    "Mùa",
    "Lầu",
]
MIDDLE_M = [
    "Văn",
    "Hữu",
    "Đức",
    "Công",
    "Minh",
    "Quang",
    "Xuân",
    "Đình",
    "Thanh",
    "Ngọc",
    "Bá",
    "Quốc",
    "Trọng",
]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Hồng", "Diệu", "Phương"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Minh",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Tuấn",
    "Vinh",
    "Hiếu",
    "Lan",
    "Hoa",
    "Hương",
    "Hằng",
    "Linh",
    "Mai",
    "Nga",
    "Oanh",
    "Phượng",
    "Sương",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
    "Nhung",
    "Duyên",
    "Thủy",
    "Loan",
    "Hạnh",
    "Pấng",
    "Dính",
    "Chứ",
    "Sủng",
    "Páo",
    "Blông",
    "Khoa",
    "Toàn",
    "Thịnh",
    "Lộc",
    "Đạt",
    "Nghĩa",
    "Quyết",
]
GIVEN2 = [
    "Thu Sương",
    "Lan Anh",
    "Minh Tuấn",
    "Thanh Hà",
    "Ngọc Ánh",
    "Quốc Bảo",
    "Hải Yến",
    "Bảo Ngọc",
    "Đức Anh",
]
MINORITY = [
    "H'Linh Niê",
    "Y Bhin Niê",
    "Ksor H'Bloanh",
    "Rơ Châm Tuấn",
    "Siu Đoan",
    "H'Nga Byă",
    "Lò Văn Pấng",
    "Vàng A Dính",
    "Giàng Seo Chứ",
    "Sùng A Páo",
    "Ama Khiêm",
    "Y Kông Buôn Yă",
]
HON = ["ông", "bà", "anh", "chị", "em", "cô", "chú", "bác"]
HON_FORMAL = ["đồng chí", "đ/c", "Đ/c", "ông", "bà"]
KIN = ["chị", "anh", "em", "bác", "cô", "chú", "dì", "cậu", "o", "mệ"]
TITLES = [
    "Chủ tịch UBND xã",
    "Phó Chủ tịch UBND huyện",
    "Bí thư Đảng ủy xã",
    "công chức Tư pháp - Hộ tịch",
    "Trưởng phòng Nội vụ",
    "Phó Giám đốc Sở Nội vụ",
    "trưởng thôn",
    "cán bộ địa chính",
    "Chủ tịch Hội Phụ nữ xã",
    "giáo viên Trường Chính trị tỉnh",
    "trạm trưởng trạm y tế",
]
XA = [
    "Ia Lốp",
    "Tà Tổng",
    "Cư Pui",
    "Ea Kly",
    "Tam Xuân",
    "Quế Phong",
    "Nậm Tăm",
    "Hòa Tiến",
    "Bình Minh",
    "Đắk Ring",
    "Mường Mô",
    "Phước Sơn",
    "Yang Mao",
    "Sơn Long",
    "Tân Lập",
]
HUYEN = [
    "Ea Súp",
    "Krông Bông",
    "Mường Tè",
    "Núi Thành",
    "Phước Sơn",
    "Sìn Hồ",
    "Lắk",
    "Bắc Trà My",
    "Tam Đường",
    "Cư M'gar",
    "Thăng Bình",
]
THON = [
    "Buôn Jun",
    "Thôn 3",
    "Bản Nà Luông",
    "Ấp Bình Hòa",
    "Làng Kon Tu",
    "Xóm Trại",
    "Bản Pa Ủ",
    "Buôn Tơ Lơ",
]
PROVINCES = ["Quảng Nam", "Đắk Lắk", "Lai Châu", "Hà Giang", "Gia Lai", "Nghệ An", "Kon Tum"]


def full_name(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.12:
        return rng.choice(MINORITY)
    female = rng.random() < 0.5
    mid = rng.choice(MIDDLE_F if female else MIDDLE_M)
    sur = rng.choice(SURNAMES)
    if r < 0.25:  # 2 syllables
        return f"{sur} {rng.choice(GIVEN)}"
    if r < 0.45:  # 4 syllables
        return f"{sur} {mid} {rng.choice(GIVEN2)}"
    return f"{sur} {mid} {rng.choice(GIVEN)}"


def given(rng: random.Random) -> str:
    return rng.choice(GIVEN) if rng.random() < 0.8 else rng.choice(GIVEN2)


def mobile(rng: random.Random) -> str:
    d = "0" + rng.choice("35789") + "".join(rng.choice("0123456789") for _ in range(8))
    style = rng.randrange(7)
    if style == 0:
        return d
    if style == 1:
        return f"{d[:4]} {d[4:7]} {d[7:]}"
    if style == 2:
        return f"{d[:4]}.{d[4:7]}.{d[7:]}"
    if style == 3:
        return f"+84 {d[1:4]} {d[4:7]} {d[7:]}"
    if style == 4:
        return "+84" + d[1:]
    if style == 5:
        return f"{d[:3]}-{d[3:6]}-{d[6:]}"
    return f"{d[:4]} {d[4:6]} {d[6:8]} {d[8:]}"


def landline(rng: random.Random) -> str:
    area = rng.choice(["0262", "0235", "0213", "024", "028", "0236"])
    rest = "".join(rng.choice("0123456789") for _ in range(11 - len(area)))
    rest = str(rng.randrange(2, 10)) + rest[1:]
    style = rng.randrange(3)
    if style == 0:
        return area + rest
    if style == 1:
        return f"{area} {rest[:3]} {rest[3:]}" if len(rest) > 6 else f"{area} {rest}"
    return f"({area}) {rest[:4]} {rest[4:]}"


def id_number(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind <= 1:  # CCCD: province code 0xx + sex/century + year + 6 digits
        d = "0" + f"{rng.randrange(1, 97):02d}" + rng.choice("0123") + f"{rng.randrange(0, 100):02d}"
        d += "".join(rng.choice("0123456789") for _ in range(6))
        return d if kind == 0 else f"{d[:3]} {d[3:6]} {d[6:9]} {d[9:]}"
    if kind == 2:  # CMND 9 digits
        return str(rng.randrange(1, 4)) + "".join(rng.choice("0123456789") for _ in range(8))
    return rng.choice("BCN") + "".join(rng.choice("0123456789") for _ in range(7))  # passport


def email(rng: random.Random, name: str) -> str:
    base = re.sub(r"[^a-z]", "", name.split()[-1].lower().translate(_ASCII)) or "canbo"
    user = rng.choice([base, base + str(rng.randrange(70, 99)), f"{base}.{rng.choice('nltp')}", f"{base}_xa"])
    dom = rng.choice(
        ["gmail.com", "yahoo.com.vn", "quangnam.gov.vn", "daklak.gov.vn", "moha.gov.vn", "outlook.com"]
    )
    return f"{user}@{dom}"


_ASCII = str.maketrans(
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ",
    "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd",
)


def dob(rng: random.Random) -> str:
    y, m, d = rng.randrange(1955, 2002), rng.randrange(1, 13), rng.randrange(1, 29)
    return rng.choice(
        [
            f"{d:02d}/{m:02d}/{y}",
            f"{d}/{m}/{y}",
            f"{d:02d}-{m:02d}-{y}",
            f"ngày {d} tháng {m} năm {y}",
            str(y),
        ]
    )


# Slots: {PER} full name, {GIV} given name, {HON} honorific (lowercase), {KIN} kinship term,
# {FORMAL} đồng chí/đ/c, {TITLE} position, {XA} {HUYEN} {THON} places (gold), {TINH} province (not
# gold), {MOB} {LAND} phones, {ID} id number, {MAIL} email, {DOB} date of birth.
TUNE = [
    "Người điều phối: Xin mời {HON} {PER} phát biểu ý kiến.",
    "Bà {PER} (Phó Giám đốc Sở Nội vụ): Thay mặt Sở, tôi xin cảm ơn đoàn công tác.",
    "Ông {PER} (Chủ tịch UBND xã {XA}): Xã chúng tôi còn thiếu cán bộ có chuyên môn.",
    "{FORMAL} {GIV} bí thư xã nói là kinh phí năm nay bị cắt một nửa.",
    "Hôm trước {KIN} {GIV} ở thôn {THON} có gọi cho tôi hỏi về lớp học.",
    "Tôi là {PER}, sinh năm {DOB}, hiện công tác tại UBND xã {XA}, huyện {HUYEN}.",
    "Có gì các anh chị liên hệ số {MOB} hoặc email {MAIL} nhé.",
    "Số điện thoại của văn phòng là {LAND}, giờ hành chính.",
    "Chị {GIV} cho biết lớp bồi dưỡng tổ chức ở huyện {HUYEN} kéo dài ba ngày.",
    "Theo {HON} {GIV}, học viên người dân tộc thiểu số cần tài liệu song ngữ.",
    '{PER}, {TITLE} {XA}, chia sẻ: "Chúng tôi rất mong có thêm lớp ngắn hạn."',
    "Căn cước công dân số {ID} cấp ngày 10/5/2021 tại Cục Cảnh sát QLHC về TTXH.",
    "Anh {PER}: Dạ, em xin nói thêm một chút về chuyện phụ cấp.",
    "Em {GIV}: Bọn em ở bản {THON} đi học phải đi bộ mấy tiếng.",
    "Đồng chí {PER} - {TITLE} - đề nghị tăng thời lượng thực hành.",
    "Ngày sinh: {DOB}. Quê quán: xã {XA}, huyện {HUYEN}, tỉnh {TINH}.",
    "Nhiều người ở xã {XA} còn nhớ bác {GIV} ngày trước làm trưởng thôn.",
    "Tôi có nói chuyện với {HON} {PER} và {HON} {PER} sau buổi tọa đàm.",
    "Mọi góp ý xin gửi về {MAIL} trước ngày 30.",
    "Phóng viên: Thưa {HON} {GIV}, ông đánh giá thế nào về chất lượng đội ngũ?",
    "Ông {GIV}: Cảm ơn nhà báo. Nói thật là còn yếu lắm.",
    "Số CMND {ID} của {HON} {PER} đã được ghi vào danh sách.",
    "Liên hệ {KIN} {GIV} qua Zalo {MOB}.",
    "Tại buổi làm việc với huyện {HUYEN}, đ/c {PER} nhấn mạnh yêu cầu về chuẩn hóa.",
    "Thôn {THON} thuộc xã {XA} có 120 hộ, phần lớn là đồng bào Ê Đê.",
    "{PER} (SN {DOB}) trú tại thôn {THON}, xã {XA}.",
    "Điều phối viên: Cảm ơn chị {GIV}. Tiếp theo mời anh {GIV}.",
    "Mấy năm nay {KIN} {GIV} đi học lớp trung cấp lý luận chính trị ở huyện.",
    "Theo báo cáo của UBND huyện {HUYEN}, năm 2022 có 45 lượt cán bộ được cử đi học.",
    "Cô {PER}, giáo viên ở bản {THON}, kể rằng học sinh thường nghỉ học vào mùa rẫy.",
    "Hotline hỗ trợ: {MOB} (gặp {HON} {GIV}).",
    "Hộ chiếu số {ID}, hết hạn năm 2030.",
    'Chú {GIV} nói: "Đi học thì ai làm thay việc ở xã?"',
    "Sau khi đồng chí {PER} nghỉ hưu, xã {XA} chưa có người thay.",
    "Ý kiến của {HON} {PER} ({TITLE}) được nhiều đại biểu đồng tình.",
    "Em gọi vào số {LAND} mãi không ai nghe.",
    "Năm sinh {DOB}, dân tộc Thái, trình độ đại học.",
    "Gửi file cho anh {GIV} qua địa chỉ {MAIL} giúp em với.",
    "Huyện {HUYEN} và huyện {HUYEN} đều thiếu giảng viên kiêm chức.",
    "Bác {PER} năm nay đã ngoài bảy mươi nhưng vẫn nhiệt tình với công việc của thôn.",
]
HELDOUT = [
    "Chủ trì: Mời {FORMAL} {PER} trình bày tham luận.",
    "{TITLE} {XA} {PER} cho biết: năm nay xã đạt 15/19 tiêu chí.",
    "Chị {PER} ({TITLE}): Dạ em cảm ơn, em xin có mấy ý như sau.",
    "Hỏi: {KIN} {GIV} có hay đi tập huấn không? Đáp: Dạ năm một hai lần thôi.",
    "Trao đổi với phóng viên, {HON} {PER} ở xã {XA} thừa nhận còn nhiều khó khăn.",
    "Người trả lời: {PER}, {DOB}, điện thoại {MOB}.",
    "Mọi thắc mắc liên hệ {FORMAL} {GIV}, SĐT: {MOB}, email: {MAIL}.",
    "Tôi ở bản {THON}, xã {XA}, đi ra huyện {HUYEN} mất gần nửa ngày.",
    "Số định danh cá nhân: {ID}.",
    "Văn phòng huyện ủy {HUYEN} (ĐT: {LAND}) sẽ tổng hợp ý kiến.",
    "Nói như {KIN} {GIV} thì đúng là lớp học xa quá.",
    'Ông {GIV} bảo: "Học xong về lại làm như cũ thôi."',
    "{PER} – {TITLE} – là người gắn bó với xã {XA} hơn hai mươi năm.",
    "Cháu {GIV} nhà {HON} {GIV} năm nay thi đỗ công chức xã.",
    "Thông tin cá nhân: {PER}; sinh ngày {DOB}; CCCD {ID}.",
    "Đại diện thôn {THON}, {HON} {PER} đề nghị mở lớp ngay tại nhà văn hóa.",
    "Tôi đồng ý với ý kiến của {HON} {GIV} vừa rồi.",
    "Liên lạc: {MAIL} | {MOB}",
    "Tháng trước {FORMAL} {PER} về làm việc tại huyện {HUYEN}.",
    "Thầy {PER} dạy ở trường dân tộc nội trú huyện {HUYEN} đã mười năm.",
]
DISTRACTORS = [
    "Sở Nội vụ tỉnh {TINH} đã ban hành kế hoạch bồi dưỡng năm 2023.",
    "Chương trình Nông thôn mới giai đoạn 2021-2025 đặt mục tiêu 80% số xã đạt chuẩn.",
    "Sau Tết Nguyên đán, các lớp học mới bắt đầu trở lại.",
    "Chủ tịch UBND xã phải ký rất nhiều văn bản mỗi ngày.",
    "Theo Nghị định 33/2023/NĐ-CP, cán bộ cấp xã có chức danh được quy định rõ.",
    "Kinh phí bồi dưỡng năm nay là 150.000.000 đồng, giảm so với năm 2022.",
    "Học viện Hành chính Quốc gia phối hợp với Trường Chính trị tỉnh {TINH} mở lớp.",
    "Đảng ủy, HĐND, UBND và Mặt trận Tổ quốc xã đều cử người đi học.",
    "Quyết định số 1956/QĐ-TTg về đào tạo nghề cho lao động nông thôn đã hết hiệu lực.",
    "Tọa đàm diễn ra tại Hội trường Sở Nội vụ, thành phố Tam Kỳ, tỉnh {TINH}.",
    "Bình thường thì mỗi năm có hai đợt tập huấn, An toàn thực phẩm cũng được lồng ghép.",
    "Hội Nông dân và Hội Liên hiệp Phụ nữ là hai tổ chức tích cực nhất.",
    "Tâm lý chung của cán bộ lớn tuổi là ngại đi học xa.",
    "Bộ Nội vụ đã có Thông tư 06/2022/TT-BNV hướng dẫn nội dung này.",
    "Anh chị em cán bộ ở cơ sở rất vất vả, nhất là vào mùa mưa.",
    "Tổng số học viên là 1.245 người, trong đó 612 người là nữ.",
    "Xin chào các đồng chí, hôm nay chúng ta bàn về công tác cán bộ.",
    "Ủy ban Dân tộc và Ban Tuyên giáo Trung ương cũng tham gia biên soạn tài liệu.",
    "Thành phố Hồ Chí Minh và Hà Nội có nhiều chương trình đào tạo trực tuyến.",
    "Mã số thuế của hợp tác xã là 4001234567 theo giấy đăng ký.",
]


def fill(template: str, rng: random.Random) -> tuple[str, list[dict]]:
    out, spans, pos = [], [], 0
    for part in re.split(r"(\{[A-Z]+\})", template):
        m = re.fullmatch(r"\{([A-Z]+)\}", part)
        label = None
        if not m:
            value = part
        else:
            slot = m.group(1)
            if slot == "PER":
                value, label = full_name(rng), "person"
            elif slot == "GIV":
                value, label = given(rng), "person"
            elif slot == "HON":
                value = rng.choice(HON)
            elif slot == "KIN":
                value = rng.choice(KIN)
            elif slot == "FORMAL":
                value = rng.choice(HON_FORMAL)
            elif slot == "TITLE":
                value = rng.choice(TITLES)
            elif slot in ("XA", "HUYEN"):
                value, label = rng.choice(XA if slot == "XA" else HUYEN), "place"
            elif slot == "THON":
                value, label = rng.choice(THON), "place"
            elif slot == "TINH":
                value = rng.choice(PROVINCES)
            elif slot == "MOB":
                value, label = mobile(rng), "phone"
            elif slot == "LAND":
                value, label = landline(rng), "phone"
            elif slot == "ID":
                value, label = id_number(rng), "id"
            elif slot == "MAIL":
                value, label = email(rng, full_name(rng)), "email"
            elif slot == "DOB":
                value, label = dob(rng), "date"
            else:
                raise ValueError(slot)
        if out == [] and value[:1].islower():
            value = value[0].upper() + value[1:]
        if label == "place" and value.split()[0].lower() in ("buôn", "thôn", "bản", "ấp", "làng", "xóm"):
            unit = len(value.split()[0]) + 1
            spans.append({"start": pos + unit, "end": pos + len(value), "label": label})
        elif label:
            spans.append({"start": pos, "end": pos + len(value), "label": label})
        out.append(value)
        pos += len(value)
    text = "".join(out)
    # Template "thôn {THON}" with a THON value that carries its own unit word: drop the doubled word.
    for unit in ("thôn", "bản"):
        for m in list(re.finditer(rf"\b{unit} (?=(Buôn|Thôn|Bản|Ấp|Làng|Xóm) )", text)):
            cut = m.end() - m.start()
            text = text[: m.start()] + text[m.end() :]
            for s in spans:
                if s["start"] >= m.end():
                    s["start"] -= cut
                    s["end"] -= cut
            break
    return text, spans


def main() -> None:
    rng = random.Random(19)
    rows = []
    for split, templates, n_each in (("tune", TUNE, 6), ("heldout", HELDOUT, 6)):
        for t_i, template in enumerate(templates):
            for k in range(n_each):
                text, spans = fill(template, rng)
                rows.append({"id": f"{split}-{t_i:02d}-{k}", "split": split, "text": text, "spans": spans})
        for d_i, template in enumerate(DISTRACTORS[:10] if split == "tune" else DISTRACTORS[10:]):
            text, spans = fill(template, rng)
            rows.append({"id": f"{split}-d{d_i:02d}", "split": split, "text": text, "spans": spans})
    out = Path(__file__).with_name("dev.jsonl")
    with open(out, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            for s in row["spans"]:
                assert row["text"][s["start"] : s["end"]], row
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{out}: {len(rows)} sentences")


if __name__ == "__main__":
    main()
