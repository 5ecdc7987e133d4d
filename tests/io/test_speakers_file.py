"""The speaker file: written by ingest, edited by the researcher, applied with ``speakers=``."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from vnqual.corpus import Corpus
from vnqual.errors import InputError, VnqualWarning
from vnqual.io import read_corpus
from vnqual.io._speakers_file import read_speakers, speaker_rows, write_speakers

INTERVIEW = (
    "PV: Thưa Bộ trưởng, năm nay ngành làm được gì?\n"
    "Bộ trưởng Nguyễn Thái Bình: Chúng tôi đã làm nhiều việc.\n"
    "PV: Còn kinh phí thì sao?\n"
    "Bộ trưởng Bình: Kinh phí còn thiếu.\n"
    "Ông Bình: Nhưng sẽ có thêm.\n"
)


@pytest.fixture()
def folder(tmp_path):
    root = tmp_path / "phong_van"
    root.mkdir()
    (root / "bo_truong.txt").write_text(INTERVIEW, encoding="utf-8")
    (root / "xa.txt").write_text("Chủ trì: Mời anh.\nAnh Minh: Tôi đồng ý.\n", encoding="utf-8")
    return root


def test_speaker_rows_one_per_label(folder):
    table = speaker_rows(read_corpus(folder))
    assert list(table.columns[:6]) == [
        "label",
        "speaker",
        "role",
        "speaker_title",
        "n_statements",
        "first_line",
    ]
    assert {"doc_ids", "gender", "position", "unit", "level"} <= set(table.columns)
    rows = table.set_index("label")
    assert rows.loc["PV", "role"] == "interviewer" and rows.loc["PV", "n_statements"] == 2
    assert rows.loc["Nguyễn Thái Bình", "speaker_title"] == "Bộ trưởng"
    assert rows.loc["Bình", "doc_ids"] == "bo_truong"
    assert rows.loc["Chủ trì", "first_line"] == "Mời anh."


def test_edited_file_merges_aliases_sets_roles_and_adds_attributes(folder, tmp_path):
    path = tmp_path / "speakers.csv"
    write_speakers(read_corpus(folder), path)
    table = read_speakers(path)
    table.loc[table["label"].isin(["Bình", "Ông Bình"]), "speaker"] = "Nguyễn Thái Bình"
    table.loc[table["label"].str.contains("Bình"), "level"] = "trung ương"
    table.loc[table["label"] == "Chủ trì", "role"] = "interviewer"
    table.loc[table["label"] == "Anh Minh", "level"] = "xã"
    table.to_csv(path, index=False, encoding="utf-8-sig")
    corpus = read_corpus(folder, speakers=path)
    frame = corpus.frame
    bo = frame[frame["speaker_label"].str.contains("Bình")]
    assert set(bo["speaker"]) == {"Nguyễn Thái Bình"} and set(bo["level"]) == {"trung ương"}
    assert frame.loc[frame["speaker"] == "Chủ trì", "role"].tolist() == ["interviewer"]
    assert "gender" not in frame.columns  # offered empty, left empty: not added
    assert corpus.filter(level="xã").texts() == ["Tôi đồng ý."]
    corpus.check_offsets()


def test_bad_rows_are_warned_with_their_line(folder, tmp_path):
    path = tmp_path / "speakers.csv"
    path.write_text(
        "label,speaker,role,site\nPV,Phóng viên,nhà báo,\nÔng Không Có,,,\nPV,,,\nAnh Minh,,,x\n",
        encoding="utf-8",
    )
    with pytest.warns(VnqualWarning) as record:
        corpus = read_corpus(folder, speakers=path)
    messages = [str(w.message) for w in record]
    assert (
        "speakers.csv line 2: role 'nhà báo' is not one of facilitator, interviewer, participant; "
        "role kept as read" in messages
    )
    assert "speakers.csv line 3: label 'Ông Không Có' matches no statement; check its spelling" in messages
    assert "speakers.csv line 4: label 'PV' repeats an earlier row; row ignored" in messages
    assert set(corpus.frame.loc[corpus.frame["speaker_label"] == "PV", "speaker"]) == {"Phóng viên"}
    assert corpus.filter(site="x").texts() == ["Tôi đồng ý."]


def test_attribute_named_like_a_statement_column_is_refused(folder, tmp_path):
    path = tmp_path / "speakers.csv"
    path.write_text("label,text\nPV,xx\n", encoding="utf-8")
    with pytest.warns(VnqualWarning, match="column 'text' is already a statement column"):
        corpus = read_corpus(folder, speakers=path)
    assert "xx" not in corpus.texts()


def test_file_without_label_column_is_an_error(folder, tmp_path):
    path = tmp_path / "speakers.csv"
    path.write_text("name,role\nPV,interviewer\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'label' column"):
        read_corpus(folder, speakers=path)


def test_saved_corpus_keeps_mapping_and_old_corpora_load(folder, tmp_path):
    path = tmp_path / "speakers.csv"
    path.write_text("label,speaker,gender\nÔng Bình,Nguyễn Thái Bình,nam\n", encoding="utf-8")
    corpus = read_corpus(folder, speakers=path)
    corpus.save(tmp_path / "c")
    again = read_corpus(tmp_path / "c", speakers=path)
    assert again.filter(gender="nam").frame["speaker"].tolist() == ["Nguyễn Thái Bình"]
    # A corpus saved before speaker_title existed still loads, with an empty column.
    frame = pd.read_csv(tmp_path / "c" / "statements.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["speaker_title"]).to_csv(tmp_path / "c" / "statements.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        old = Corpus.load(tmp_path / "c")
    assert set(old.frame["speaker_title"]) == {""}


def test_file_with_no_labels_among_labelled_siblings_is_named(folder):
    (folder / "ghi_chep.txt").write_text("Một đoạn ghi chép.\nKhông có nhãn người nói.\n", encoding="utf-8")
    with pytest.warns(VnqualWarning, match=r"ghi_chep.txt: no speaker label found while 2 other file\(s\)"):
        read_corpus(folder)


def test_exclude_facilitator_also_drops_interviewers(folder):
    corpus = read_corpus(folder)
    kept = corpus.exclude_roles(["facilitator"])
    assert set(kept.frame["role"]) == {"participant"}
    only = corpus.exclude_roles(["interviewer"])
    assert "facilitator" in set(only.frame["role"]) and "interviewer" not in set(only.frame["role"])


def test_attributes_become_refi_qda_case_variables(folder, tmp_path):
    import zipfile

    from vnqual.export import to_qdpx

    path = tmp_path / "speakers.csv"
    path.write_text("label,level\nNguyễn Thái Bình,trung ương\nAnh Minh,xã\n", encoding="utf-8")
    corpus = read_corpus(folder, speakers=path)
    st = corpus.frame.iloc[0]
    codings = pd.DataFrame(
        {
            "doc_id": [st.doc_id],
            "code": ["Kinh phí"],
            "start_char": [st.start_char],
            "end_char": [st.end_char],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", VnqualWarning)  # speaker_label varies within merged speakers
        out = to_qdpx(codings, corpus, tmp_path / "a.qdpx")
    with zipfile.ZipFile(out) as zf:
        project = zf.read("project.qde").decode("utf-8")
    cases = project[project.index("<Cases>") :]
    assert 'name="level"' in project and "<TextValue>xã</TextValue>" in cases
