"""Encoding detection and the legacy Vietnamese tables, checked against glibc iconv and GNU recode.

Oracle tests need ``iconv`` (libc-bin) and ``recode`` (Debian package ``recode``); they are
skipped with a reason when a tool is missing. CI installs both.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vnqual.errors import EncodingError
from vnqual.io import read_corpus
from vnqual.io._encoding import decode_bytes, encode_legacy, is_vietnamese_syllable
from vnqual.io._legacy import decode_tcvn3, decode_viqr, decode_vni, encode_viqr

# The 67 lower-case non-ASCII letters of the Vietnamese alphabet, written out by hand.
LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
UPPER = LOWER.upper()
BASE_UPPER = "ĂÂÊÔƠƯĐ"
# Transcript-like paragraph; ASCII punctuation and no upper-case toned letter, so that every
# oracle (including TCVN3, which has neither) can write it.
PLAIN = (
    "Người điều phối: Hôm nay chúng ta thảo luận về công tác bồi dưỡng cán bộ cấp xã.\n"
    "Ông Nguyễn Văn An (Phó Giám đốc Sở Nội vụ): Kinh phí bồi dưỡng của tỉnh còn rất hạn hẹp, "
    "nhiều lớp phải dời sang năm sau.\n"
    "Bà Hà Thị Lan: Xã chúng tôi ở xa, đi lại mất cả ngày; mùa mưa thì đường sạt lở.\n"
    "Anh Thuỷ nói thuỷ lợi và hoà giải ở cơ sở là những việc khó nhất - nhưng quan trọng nhất.\n"
)
UPPER_LINE = "Ở ĐÂY, ỦY BAN NHÂN DÂN XÃ ĐÃ HỌP.\n"
# The same with Windows typography and upper-case toned letters, as Word writes it.
TYPOGRAPHIC = (
    PLAIN.replace(" - ", " – ").replace("khó nhất", "“khó nhất”").replace(".\n", "…\n", 1) + UPPER_LINE
)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = "recode" if name == "recode" else "libc-bin"
        pytest.skip(f"oracle {name} is not installed (apt-get install {package})")
    return path


def _run(*cmd: str, data: bytes) -> bytes:
    done = subprocess.run([_tool(cmd[0]), *cmd[1:]], input=data, capture_output=True, check=True)
    return done.stdout


def _iconv(text: str, charset: str) -> bytes:
    return _run("iconv", "-f", "UTF-8", "-t", charset, data=text.encode("utf-8"))


def _recode(text: str, charset: str) -> bytes:
    return _run("recode", "-f", f"UTF-8..{charset}", data=text.encode("utf-8"))


def _unrecode(data: bytes, charset: str) -> str:
    return _run("recode", "-f", f"{charset}..UTF-8", data=data).decode("utf-8")


# --- detection on paragraphs written by the oracle tools ---------------------------------------
@pytest.mark.parametrize(
    "make, text, label",
    [
        (lambda t: _iconv(t, "CP1258"), TYPOGRAPHIC, "cp1258"),
        (lambda t: _iconv(t, "TCVN5712-1"), PLAIN, "tcvn3"),
        (lambda t: _recode(t, "TCVN"), PLAIN, "tcvn3"),
        (lambda t: _recode(t, "VNI"), PLAIN + UPPER_LINE, "vni"),
        (lambda t: encode_legacy(t, "tcvn3"), PLAIN, "tcvn3"),
        (lambda t: encode_legacy(t, "vni"), TYPOGRAPHIC, "vni"),
    ],
    ids=["cp1258-iconv", "tcvn3-iconv", "tcvn3-recode", "vni-recode", "tcvn3-own", "vni-own"],
)
def test_detects_legacy_paragraph(make, text, label):
    data = make(text)
    assert data != text.encode("utf-8")
    assert decode_bytes(data, source="toa_dam.txt") == (text, label)


def test_tcvn3_paragraph_with_windows_quotes_and_upper_case():
    # Unikey-style TCVN3: 1252 punctuation kept, upper-case toned letters use lower-case codes.
    text, label = decode_bytes(encode_legacy(TYPOGRAPHIC, "tcvn3"))
    assert label == "tcvn3"
    assert "“khó nhất”" in text
    assert text.endswith("ở ĐÂY, ủY BAN NHÂN DÂN Xã Đã HọP.\n")


@pytest.mark.parametrize("word", ["Việt Nam", "hoà bình", "Đà Nẵng", "ở", "Ông ấy nói"])
@pytest.mark.parametrize("label", ["cp1258", "tcvn3", "vni"])
def test_detects_short_legacy_texts(word, label):
    data = _iconv(word, "CP1258") if label == "cp1258" else encode_legacy(word, label)
    assert decode_bytes(data) == (word, label)


def test_cp1258_comes_out_composed():
    data = _iconv("Người", "CP1258")
    assert b"\xcc" in data  # grave as a separate combining byte
    text, _ = decode_bytes(data)
    assert text == "Người" and unicodedata.is_normalized("NFC", text)


# --- tables against the oracles ----------------------------------------------------------------
def test_tcvn3_table_matches_glibc_and_recode():
    letters = " ".join(LOWER + BASE_UPPER)
    ours = encode_legacy(letters, "tcvn3")
    assert ours == _iconv(letters, "TCVN5712-1")
    assert ours == _recode(letters, "TCVN")
    assert decode_tcvn3(_iconv(letters, "TCVN5712-1")) == letters
    assert _run("iconv", "-f", "TCVN5712-1", "-t", "UTF-8", data=ours).decode() == letters


def test_tcvn3_upper_case_toned_letters_use_lower_case_codes():
    # VN3 has no codes for them (glibc writes VN1 codes such as 0x11 for Ứ instead).
    for upper, lower in zip(UPPER, LOWER):
        if upper in BASE_UPPER:
            continue
        assert encode_legacy(upper, "tcvn3") == encode_legacy(lower, "tcvn3")
        assert decode_tcvn3(encode_legacy(upper, "tcvn3")) == lower


def test_vni_table_matches_recode():
    # recode 3.6 swaps the marks of Ắ and Ằ (AÈ/AÉ); Unikey, xvnkb and recode's own lower case
    # (ắ = aé, ằ = aè) agree with vnqual, so those two are checked separately below.
    letters = " ".join(ch for ch in LOWER + UPPER if ch not in "ẮẰ")
    ours = encode_legacy(letters, "vni")
    assert ours == _recode(letters, "VNI")
    assert decode_vni(_recode(letters, "VNI")) == letters
    assert _unrecode(ours, "VNI") == letters


def test_vni_upper_breve_marks_follow_lower_case_pattern():
    for upper, lower in [("Ắ", "ắ"), ("Ằ", "ằ"), ("Ẳ", "ẳ"), ("Ấ", "ấ")]:
        up, low = encode_legacy(upper, "vni"), encode_legacy(lower, "vni")
        assert up == bytes([ord("A"), low[1] - 0x20])
        assert decode_vni(up) == upper


def test_viqr_matches_recode():
    letters = " ".join(LOWER + UPPER)
    assert decode_viqr(_recode(letters, "VIQR").decode("ascii")) == letters
    assert _unrecode(encode_viqr(letters).encode("ascii"), "VIQR") == letters
    # recode does not escape a period after an open syllable ("sau."); RFC 1456 reads it as
    # a dot below, so that one word differs.
    expected = PLAIN.replace("năm sau.", "năm saụ")
    assert decode_bytes(_recode(PLAIN, "VIQR"), encoding="viqr") == (expected, "viqr")


def test_cp1258_matches_glibc():
    data = _iconv(" ".join(LOWER + UPPER), "CP1258")
    expected = _run("iconv", "-f", "CP1258", "-t", "UTF-8", data=data).decode("utf-8")
    assert decode_bytes(data, encoding="windows-1258") == (unicodedata.normalize("NFC", expected), "cp1258")


@pytest.mark.parametrize("label", ["tcvn3", "vni", "viqr"])
def test_legacy_pangram_round_trips(label):
    text = " ".join(LOWER + UPPER) + "\n" + TYPOGRAPHIC
    if label == "tcvn3":
        text = "".join(ch.lower() if ch in UPPER and ch not in BASE_UPPER else ch for ch in text)
    assert decode_bytes(encode_legacy(text, label), encoding=label) == (text, label)


# --- VIQR ------------------------------------------------------------------------------------
def test_viqr_is_never_detected():
    assert decode_bytes(b"Vie^.t Nam") == ("Vie^.t Nam", "utf-8")


@pytest.mark.parametrize(
    "viqr, text",
    [
        ("Vie^.t Nam", "Việt Nam"),
        ("DDa^y la` ddu+o+`ng", "Đây là đường"),
        ("To^i ddi nha\\.", "Tôi đi nha."),  # escaped period stays punctuation
        ("To^i ddi nha.", "Tôi đi nhạ"),  # RFC 1456: unescaped, it is a dot below
        ("The^\\^ va^.y?", "Thê^ vậy?"),  # one tone per syllable: ? stays punctuation
        ("Ted\\dy", "Teddy"),
        ("O^ng te^n gi`\\?", "Ông tên gì?"),
        ("Ho.c.", "Học."),  # a second mark cannot combine
    ],
)
def test_viqr_decodes_rfc1456_examples(viqr, text):
    assert decode_bytes(viqr.encode(), encoding="viqr") == (text, "viqr")


viqr_prone = st.text(alphabet=st.sampled_from(LOWER + UPPER + "aeiouydDAEIOUY .?'`~^(+\\\n"))


@given(st.one_of(viqr_prone, st.text()))
@example("\\Đ")  # a backslash before đ/Đ, written dd/DD, must be escaped itself
@example("a\\đ")
@settings(max_examples=400, deadline=None)
def test_viqr_round_trip_property(text):
    assert decode_viqr(encode_viqr(text)) == unicodedata.normalize("NFC", text)


@given(st.text(alphabet=st.sampled_from(LOWER + UPPER + "abcdeghiklmnopqrstuvxy .,\n")))
@settings(max_examples=200, deadline=None)
def test_vni_round_trip_property(text):
    assert decode_vni(encode_legacy(text, "vni")) == text


# --- UTF-8 / UTF-16 and BOMs -------------------------------------------------------------------
_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")


@given(st.text(alphabet=st.one_of(_TEXT_CHARS, st.sampled_from("\t\n\r"))))
@settings(max_examples=300, deadline=None)
def test_valid_utf8_always_decodes_to_itself(text):
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_valid_utf8_is_utf8_or_rejected_as_binary(text):
    data = text.encode("utf-8")
    try:
        decoded, label = decode_bytes(data)
    except EncodingError as err:
        assert "binary" in str(err) or "UTF-8" in str(err)
        return
    if text.startswith("\ufeff"):
        assert (decoded, label) == (text[1:], "utf-8-sig")
    else:
        assert (decoded, label) == (text, "utf-8")


@pytest.mark.parametrize(
    "data, label",
    [
        (b"\xef\xbb\xbf" + "Việt Nam".encode(), "utf-8-sig"),
        ("Việt Nam".encode("utf-16"), "utf-16-le"),
        (b"\xfe\xff" + "Việt Nam".encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe" + "Việt Nam".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_bom_selects_encoding_and_is_dropped(data, label):
    assert decode_bytes(data) == ("Việt Nam", label)


# --- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04\x14\x00\x06\x00",  # a .docx/.xlsx (ZIP)
        "Việt Nam".encode("utf-16-le"),  # UTF-16 without BOM: NUL bytes
        bytes(range(1, 32)) * 3,
    ],
    ids=["png", "zip", "utf16-no-bom", "controls"],
)
def test_binary_data_is_rejected(data):
    with pytest.raises(EncodingError, match=r"^bao_cao\.bin: looks like a binary file"):
        decode_bytes(data, source="bao_cao.bin")


def test_latin1_prose_is_not_guessed():
    with pytest.raises(EncodingError) as info:
        decode_bytes("Le café est très bon à Noël".encode("latin-1"), source="notes.txt")
    message = str(info.value)
    assert message.startswith("notes.txt: cannot tell the text encoding")
    assert "`encoding`" in message and "tcvn3" in message and "\n" not in message


def test_broken_utf8_names_offset_and_line():
    data = "Người điều phối: chào các anh chị.\nXã".encode() + b"\xff" + " ở xa.".encode()
    offset = data.index(b"\xff")
    with pytest.raises(
        EncodingError,
        match=r"toa_dam\.txt: invalid UTF-8 byte 0xFF at offset "
        rf"{offset} \(line 2\)",
    ):
        decode_bytes(data, source="toa_dam.txt")


@pytest.mark.parametrize("name", ["klingon", "base64", "rot13"])
def test_unknown_override_lists_valid_names(name):
    with pytest.raises(
        EncodingError,
        match=rf"a\.txt: unknown encoding '{name}'; use one of "
        r"utf-8, utf-8-sig, utf-16, cp1258 \(windows-1258\), tcvn3, vni, viqr",
    ):
        decode_bytes(b"abc", encoding=name, source="a.txt")


def test_override_undecodable_names_offset_and_line():
    data = b"dong 1\ndong 2 \xff\n"
    with pytest.raises(
        EncodingError,
        match=r"^a\.txt: byte 0xFF at offset 14 \(line 2\) is not "
        r"valid utf-8; pass the right `encoding`",
    ):
        decode_bytes(data, encoding="UTF8", source="a.txt")


@pytest.mark.parametrize(
    "name, label",
    [("windows-1258", "cp1258"), ("TCVN", "tcvn3"), ("VNI-Windows", "vni"), ("latin_1", "iso8859-1")],
)
def test_override_aliases(name, label):
    data = encode_legacy("Việt", "vni") if label == "vni" else b"Vi\xd6t"
    assert decode_bytes(data, encoding=name)[1] == label


def test_override_wins_over_detection():
    data = "Việt".encode()
    assert decode_bytes(data, encoding="latin-1") == ("Viá»\x87t", "iso8859-1")


def test_encode_legacy_rejects_unrepresentable_text():
    with pytest.raises(EncodingError, match="character '你' at position 0 has no code in tcvn3"):
        encode_legacy("你好", "tcvn3")
    with pytest.raises(EncodingError, match="unknown legacy encoding"):
        encode_legacy("a", "viscii")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "token, ok",
    [
        ("Nguyễn", True),
        ("nghiêng", True),
        ("khuỷu", True),
        ("ĐƯỜNG", True),
        ("quý", True),
        ("Néi", False),
        ("Vieät", False),
        ("hòà", False),
        ("Viá»‡t", False),
    ],
)
def test_syllable_check(token, ok):
    assert is_vietnamese_syllable(token) is ok


def test_forced_utf16_on_a_utf8_file_is_refused_as_the_wrong_encoding(tmp_path):
    path = tmp_path / "bien_ban.txt"
    path.write_text(
        "Chủ trì: Xin mời các đồng chí phát biểu.\nÔng An: Kinh phí bồi dưỡng còn thiếu.\n" * 3,
        encoding="utf-8",
    )
    with pytest.raises(EncodingError) as info:
        read_corpus(path, encoding="utf-16")
    message = str(info.value)
    assert message.startswith(f"{path}: read as utf-16 (`encoding` utf-16), ")
    assert message.endswith("wrong encoding: it reads as utf-8 without `encoding`")
    assert "\n" not in message


def test_unknown_encoding_name_is_one_error_before_any_file(tmp_path):
    (tmp_path / "a.txt").write_text("Ông An: Kinh phí.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Bà Lan: Đi lại xa.\n", encoding="utf-8")
    with pytest.raises(EncodingError) as info:
        read_corpus(tmp_path, encoding="utf-99")
    assert str(info.value).startswith("unknown encoding 'utf-99'; use one of utf-8")


def test_cli_unknown_encoding_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from vnqual.cli import cli

    (tmp_path / "a.txt").write_text("Ông An: Kinh phí.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["tokens", str(tmp_path), "--encoding", "utf-99"])
    assert result.exit_code == 2
    assert "Invalid value for '--encoding': unknown encoding 'utf-99'" in result.output
    assert "Traceback" not in result.output
