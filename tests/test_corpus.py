"""Corpus: views, filters, save/load round trip."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from vnqual.corpus import Corpus
from vnqual.errors import InputError, OutputError

SRC = "Chủ trì: Xin mời các đồng chí phát biểu.\nÔng An: Kinh phí bồi dưỡng còn thiếu."


def _corpus() -> Corpus:
    a0, a1 = SRC.index("Xin"), SRC.index(".") + 1
    b0 = SRC.index("Kinh")
    frame = pd.DataFrame(
        {
            "doc_id": ["qn", "qn"],
            "statement_id": ["qn-0001", "qn-0002"],
            "speaker": ["Chủ trì", "Ông An"],
            "role": ["facilitator", "participant"],
            "text": [SRC[a0:a1], SRC[b0:]],
            "start_char": [a0, b0],
            "end_char": [a1, len(SRC)],
            "source_file": ["qn.txt", "qn.txt"],
            "turn": [1, 2],
            "line": [1, 2],
            "site": ["Quảng Nam", "Quảng Nam"],
            "id": ["007", "008"],
        }
    )
    return Corpus(frame, {"qn": SRC})


def test_filter_and_exclude_roles_keep_matching_rows():
    corpus = _corpus()
    assert corpus.filter(role="participant").texts() == ["Kinh phí bồi dưỡng còn thiếu."]
    assert corpus.exclude_roles(["facilitator"]).frame["speaker"].tolist() == ["Ông An"]
    assert len(corpus.filter(speaker=["Chủ trì", "Ông An"])) == 2


def test_filter_unknown_column_names_it():
    with pytest.raises(InputError, match="no column 'tinh'"):
        _corpus().filter(tinh="Lai Châu")


def test_metadata_columns_are_the_non_core_ones():
    assert _corpus().metadata_columns() == ["site", "id"]


def test_save_load_round_trip_keeps_text_offsets_and_string_ids(tmp_path):
    corpus = _corpus()
    corpus.save(tmp_path / "out")
    loaded = Corpus.load(tmp_path / "out")
    pd.testing.assert_frame_equal(loaded.frame, corpus.frame)
    assert loaded.sources == corpus.sources
    assert loaded.frame["id"].tolist() == ["007", "008"]  # leading zeros survive


def test_load_rejects_edited_statements(tmp_path):
    _corpus().save(tmp_path / "out")
    src = tmp_path / "out" / "sources" / "qn.txt"
    src.write_text(SRC.replace("Kinh phí", "Ngân sách"), encoding="utf-8")
    with pytest.raises(InputError, match="does not match its source"):
        Corpus.load(tmp_path / "out")


def test_save_failure_leaves_previous_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _corpus().save(out)
    before = (out / "statements.csv").read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", boom)
    with pytest.raises(OutputError, match=f"^{re.escape(str(out))}: cannot write \\(disk full\\)"):
        _corpus().save(out)
    assert (out / "statements.csv").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def _with_preamble() -> Corpus:
    """A labelled transcript with a title and a table cell before the first label, and a
    document without any speaker label (its paragraphs are its content)."""
    src = "Biên bản tọa đàm\nSở Nội vụ tỉnh Lai Châu\n" + SRC
    notes = "Ghi chép phỏng vấn: xã thiếu kinh phí."
    rows = [
        ("qn", "", "", "Biên bản tọa đàm"),
        ("qn", "", "", "Sở Nội vụ tỉnh Lai Châu"),
        ("qn", "Chủ trì", "facilitator", "Xin mời các đồng chí phát biểu."),
        ("qn", "Ông An", "participant", "Kinh phí bồi dưỡng còn thiếu."),
    ]
    sources = {"qn": src, "pv": notes}
    recs = []
    for i, (doc, speaker, role, text) in enumerate(rows, 1):
        start = src.index(text)
        recs.append(
            {
                "doc_id": doc,
                "statement_id": f"{doc}-{i:04d}",
                "speaker": speaker,
                "role": role,
                "text": text,
                "start_char": start,
                "end_char": start + len(text),
                "source_file": "qn.txt",
                "turn": i,
                "line": i,
            }
        )
    recs.append(
        {
            "doc_id": "pv",
            "statement_id": "pv-0001",
            "speaker": "",
            "role": "",
            "text": notes,
            "start_char": 0,
            "end_char": len(notes),
            "source_file": "pv.txt",
            "turn": 1,
            "line": 1,
        }
    )
    return Corpus(pd.DataFrame(recs), sources)


def test_unattributed_marks_text_outside_turns_of_labelled_documents_only():
    corpus = _with_preamble()
    corpus.check_offsets()
    assert corpus.unattributed().tolist() == [True, True, False, False, False]
    kept = corpus.exclude_roles(["facilitator", "unattributed"])
    assert kept.frame["statement_id"].tolist() == ["qn-0004", "pv-0001"]
    assert len(corpus.exclude_roles(["facilitator"])) == 4  # unattributed only on request


def test_excluding_a_role_nobody_has_warns_and_drops_nothing():
    corpus = _corpus()
    with pytest.warns(
        UserWarning,
        match=r"`exclude_role` facilitatr: no statement has this role "
        r"\(roles here: facilitator, participant",
    ):
        kept = corpus.exclude_roles(["facilitatr"])
    assert len(kept.frame) == len(corpus.frame)
