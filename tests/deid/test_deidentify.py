"""deidentify(): one pseudonym per person across documents, exact offsets, key re-use, names file."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from vnqual.deid import Registry, carry_codings, deidentify, read_key, rewrite, write_key
from vnqual.errors import InputError


@pytest.fixture()
def result(interview_corpus):
    return deidentify(interview_corpus, ner=False)


def _tag_of(result, name):
    entity = result.registry.lookup("person", name)
    assert entity is not None, name
    return entity.pseudonym


def test_same_person_same_pseudonym_across_documents(result):
    tag = _tag_of(result, "Lê Thị Thu Sương")
    qn = result.corpus.sources["pv_quang_nam"]
    dl = result.corpus.sources["pv_dak_lak"]
    assert f"Bà {tag} (Phó Chủ tịch UBND xã" in qn
    assert f"Cảm ơn bà {tag}." in qn
    assert f"em học cùng chị {tag} ở huyện" in dl
    khai = _tag_of(result, "Trần Văn Khải")
    assert f"anh {khai}" in qn and f"Anh {khai} là em" in dl
    assert khai != tag


def test_nothing_identifying_is_left(result):
    text = "\n".join(result.corpus.sources.values()) + " ".join(result.corpus.frame["speaker"])
    for leftover in (
        "Sương",
        "Khải",
        "Tâm",
        "Phước",
        "Tam Xuân",
        "Núi Thành",
        "Phú Hòa",
        "Ea Lê",
        "0912 345 678",
        "049085001234",
        "khai.tv@gmail.com",
        "987 654 321",
        "1979",
    ):
        assert leftover not in text, leftover


def test_kept_things_stay(result):
    qn = result.corpus.sources["pv_quang_nam"]
    for kept in ("tỉnh Quảng Nam", "Sở Nội vụ", "Tết", "Nông thôn mới", "Người phỏng vấn:"):
        assert kept in qn


def test_offsets_are_exact_and_other_characters_unchanged(interview_corpus, result):
    result.corpus.check_offsets()
    for doc, src in interview_corpus.sources.items():
        rows = result.offset_map[result.offset_map["doc_id"] == doc]
        # Putting the original spans back into the new text gives the original text.
        back = [(r.new_start, r.new_end, src[r.orig_start : r.orig_end]) for r in rows.itertuples()]
        assert rewrite(result.corpus.sources[doc], back)[0] == src
        for r in rows.itertuples():
            assert re.fullmatch(
                r"\[[A-ZĐƯỜỊÀẤÁÂ ]+ \d+\]", result.corpus.sources[doc][r.new_start : r.new_end]
            )


def test_audit_list_has_positions_but_no_original_text(interview_corpus, result):
    audit = result.audit
    assert list(audit.columns[:4]) == ["doc_id", "category", "start", "end"]
    flat = " ".join(audit.astype(str).agg(" ".join, axis=1))
    assert "Sương" not in flat and "0912" not in flat
    first = audit.iloc[0]
    assert interview_corpus.sources[first["doc_id"]][
        first["start"] : first["end"]
    ]  # points into the original


def test_rerun_with_key_keeps_pseudonyms_and_numbers_new_names_after(interview_corpus, tmp_path):
    first = deidentify(interview_corpus.filter(doc_id="pv_quang_nam"), ner=False)
    key = write_key(first.registry, tmp_path / "deid-key.csv")
    again = deidentify(interview_corpus, key=key, ner=False)
    assert _tag_of(again, "Lê Thị Thu Sương") == _tag_of(first, "Lê Thị Thu Sương")
    assert _tag_of(again, "Trần Văn Khải") == _tag_of(first, "Trần Văn Khải")
    old_numbers = {
        int(re.search(r"\d+", e.pseudonym).group()) for e in first.registry.entities if e.category == "person"
    }
    new_tag = _tag_of(again, "Nguyễn Hữu Phước")
    assert int(re.search(r"\d+", new_tag).group()) > max(old_numbers)
    # and a second run with the same key is identical
    twice = deidentify(interview_corpus, key=read_key(key), ner=False)
    assert twice.corpus.sources == deidentify(interview_corpus, key=read_key(key), ner=False).corpus.sources


def test_names_file_wins_and_its_replacement_is_used(interview_corpus, tmp_path):
    names = tmp_path / "ten.csv"
    names.write_text(
        "name,aliases,replacement\nLê Thị Thu Sương,Sương|cô Sương,Chị A\nHoa Sen,,\n", encoding="utf-8"
    )
    res = deidentify(interview_corpus, names=names, ner=False)
    assert "Bà Chị A (Phó" in res.corpus.sources["pv_quang_nam"]
    assert "chị Chị A ở huyện" in res.corpus.sources["pv_dak_lak"]
    assert set(res.audit.loc[res.audit["replacement"] == "Chị A", "detector"]) == {"names"}


def test_categories_switch_detectors_off(interview_corpus):
    res = deidentify(interview_corpus, categories="phone", ner=False)
    assert set(res.audit["category"]) == {"phone"}
    assert "Lê Thị Thu Sương" in res.corpus.sources["pv_quang_nam"]


def test_keep_level_huyen_keeps_districts(interview_corpus):
    res = deidentify(interview_corpus, keep_level="huyện", ner=False)
    assert "huyện Núi Thành" in res.corpus.sources["pv_quang_nam"]
    assert "xã Tam Xuân" not in res.corpus.sources["pv_quang_nam"]


def test_ner_detections_are_listed_as_uncertain(interview_corpus):
    res = deidentify(interview_corpus, ner=True)
    assert set(res.audit.loc[res.audit["detector"] == "ner", "uncertain"]) <= {True}
    assert (res.audit["uncertain"] == (res.audit["confidence"] < 0.75)).all()


def test_bad_options_name_the_parameter(interview_corpus):
    with pytest.raises(InputError, match="`categories`: unknown phones"):
        deidentify(interview_corpus, categories="person,phones")
    with pytest.raises(InputError, match="keep_level"):
        deidentify(interview_corpus, keep_level="district")
    with pytest.raises(TypeError, match="corpus"):
        deidentify("phong_van.txt")  # type: ignore[arg-type]


def test_codings_carried_both_ways(interview_corpus, result):
    src = interview_corpus.sources["pv_quang_nam"]
    start = src.index("Dạ, tôi sinh năm")
    end = src.index("Điện thoại 0912 345 678.") + len("Điện thoại 0912 345 678.")
    mid = src.index("Sương.")  # a coding that ends inside a name covers the whole pseudonym
    codings = pd.DataFrame(
        {
            "doc_id": ["pv_quang_nam"] * 2,
            "start_char": [start, mid - 3],
            "end_char": [end, mid + 2],
            "excerpt": [src[start:end], src[mid - 3 : mid + 2]],
        }
    )
    moved = carry_codings(codings, result.offset_map, sources=result.corpus.sources)
    assert moved["excerpt"][0].startswith("Dạ, tôi sinh năm [NGÀY SINH")
    assert re.search(r"Điện thoại \[SĐT \d+\]\.$", moved["excerpt"][0])
    assert moved["excerpt"][1] == "bà " + _tag_of(result, "Lê Thị Thu Sương")
    back = carry_codings(moved, result.offset_map, direction="to_original", sources=interview_corpus.sources)
    assert back["excerpt"][0] == src[start:end]


def test_registry_numbers_after_the_highest_pseudonym():
    reg = Registry()
    reg.add("person", "Lê Văn A", pseudonym="[NGƯỜI 07]")
    assert reg.add("person", "Trần B").pseudonym == "[NGƯỜI 08]"
    assert reg.add("place", "Ia Lốp").pseudonym == "[ĐỊA DANH 01]"


def test_a_numbered_village_does_not_hide_every_number(tmp_path):
    from vnqual import read_corpus

    text = "Anh Lò Văn Pấng: Em ở thôn 3, nhà có 3 người, học 3 năm.\n"
    (tmp_path / "pv_3.txt").write_text(text, encoding="utf-8")
    res = deidentify(read_corpus(tmp_path / "pv_3.txt"), ner=False)
    assert res.doc_ids == {"pv_3": "pv_3"}
    assert "thôn [ĐỊA DANH 01], nhà có 3 người, học 3 năm." in res.corpus.sources["pv_3"]


def test_a_name_in_a_file_name_leaves_the_document_id(tmp_path):
    from vnqual import read_corpus

    (tmp_path / "pv_chi_Lan.txt").write_text("Chị Lan: Dạ em ở bản Nà Luông ạ.\n", encoding="utf-8")
    res = deidentify(read_corpus(tmp_path / "pv_chi_Lan.txt"), ner=False)
    assert res.doc_ids == {"pv_chi_Lan": "pv_chi_NGƯỜI_01"}
    assert set(res.corpus.frame["doc_id"]) == {"pv_chi_NGƯỜI_01"}
    assert not any("Lan" in s for s in res.corpus.frame["source_file"])
    res.corpus.check_offsets()


def test_a_known_name_opening_a_sentence_is_replaced_but_not_an_ordinary_word(tmp_path):
    from vnqual import read_corpus

    text = (
        "Người phỏng vấn: Chị Đinh Thị Tài và anh Hà Văn Bình có đi học không?\n"
        "Người trả lời: Tài thì đi rồi. Tài liệu thì nhiều lắm. Bình thường thì Bình cũng đi.\n"
    )
    (tmp_path / "pv.txt").write_text(text, encoding="utf-8")
    res = deidentify(read_corpus(tmp_path / "pv.txt"), ner=False)
    tai, binh = _tag_of(res, "Đinh Thị Tài"), _tag_of(res, "Hà Văn Bình")
    assert (
        f"{tai} thì đi rồi. Tài liệu thì nhiều lắm. Bình thường thì {binh} cũng đi."
        in res.corpus.sources["pv"]
    )
    opening = res.audit[res.audit["start"] == text.index("Tài thì")]
    assert opening["uncertain"].tolist() == [True]


def test_ner_finds_turned_down_are_listed_as_kept(tmp_path):
    from vnqual import read_corpus

    text = "Chị Lò Thị Xuân: Dạ có ạ.\nHotline hỗ trợ: 1900 1234.\n"
    (tmp_path / "pv.txt").write_text(text, encoding="utf-8")
    res = deidentify(read_corpus(tmp_path / "pv.txt"), ner=True)
    kept = res.audit[res.audit["action"] == "kept"]
    # underthesea tags "Hotline" as a person; one capitalised word opening a sentence is turned down
    assert [text[s:e] for s, e in zip(kept["start"], kept["end"])] == ["Hotline"]
    assert set(kept["replacement"]) == {""} and kept["uncertain"].all()
    assert "Hotline hỗ trợ" in res.corpus.sources["pv"]


def test_speaker_file_labels_do_not_leak(tmp_path):
    """A speaker file keeps the label as read in speaker_label: de-identified, it is the pseudonym."""
    from vnqual.io import read_corpus

    folder = tmp_path / "pv"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "PV: Thưa Bộ trưởng, năm nay thế nào?\nBộ trưởng Nguyễn Thái Bình: Năm nay tốt.\n"
        "PV: Ông Bình nghĩ sao về kinh phí?\nÔng Bình: Còn thiếu.\n",
        encoding="utf-8",
    )
    sheet = tmp_path / "speakers.csv"
    sheet.write_text("label,speaker\nÔng Bình,Nguyễn Thái Bình\n", encoding="utf-8")
    result = deidentify(read_corpus(folder, speakers=sheet), key=tmp_path / "key.csv")
    frame = result.corpus.frame
    for column in ("speaker", "speaker_label", "text"):
        assert not frame[column].str.contains("Bình").any(), column
    assert frame.loc[frame["role"] == "participant", "speaker_label"].nunique() == 1


def test_buon_ma_thuot_is_replaced_whole_and_kept_at_district_level(tmp_path):
    from vnqual.io import read_corpus

    (tmp_path / "toa_dam.txt").write_text(
        "Chị Hoa: Tôi công tác ở Buôn Ma Thuột, trước đó ở xã Ea Tu.\n", encoding="utf-8"
    )
    corpus = read_corpus(tmp_path / "toa_dam.txt")
    text = next(iter(deidentify(corpus, ner=False).corpus.sources.values()))
    assert "Buôn" not in text and "Thuột" not in text and "Ea Tu" not in text
    kept = next(iter(deidentify(corpus, keep_level="huyện", ner=False).corpus.sources.values()))
    assert "ở Buôn Ma Thuột," in kept and "Ea Tu" not in kept
