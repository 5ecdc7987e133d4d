"""Building ReportData from a real corpus and earlier topics/tag output folders; writing the file."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from vnqual import Corpus
from vnqual.errors import InputError
from vnqual.report import (
    build_report_data,
    read_topics_dir,
    render_report,
    statements_sha256,
    term_shares,
    write_report,
)


def test_statements_sha256_follows_the_documented_recipe(sample_corpus: Corpus) -> None:
    frame = sample_corpus.frame
    lines = "".join(
        json.dumps(
            [r.statement_id, r.doc_id, int(r.start_char), int(r.end_char), r.speaker, r.role, r.text],
            ensure_ascii=False,
        )
        + "\n"
        for r in frame.itertuples()
    )
    assert statements_sha256(frame) == hashlib.sha256(lines.encode("utf-8")).hexdigest()


def test_statements_sha256_changes_with_one_character(sample_corpus: Corpus) -> None:
    frame = sample_corpus.frame.copy()
    before = statements_sha256(frame)
    frame.loc[0, "text"] = frame.loc[0, "text"].replace("a", "á", 1)
    assert statements_sha256(frame) != before


@pytest.mark.parametrize(
    "texts, terms, expected",
    [
        (["Kinh phí còn thiếu.", "Thiếu tài liệu."], ["kinh_phí", "thiếu"], [50.0, 100.0]),
        (["bồi dưỡng cán bộ", "cán bộ"], ["bộ"], [100.0]),  # whole syllables...
        (["bồi dưỡng"], ["dưỡ"], [0.0]),  # ...not parts of one
        ([], ["xã"], [0.0]),
    ],
)
def test_term_shares(texts: list[str], terms: list[str], expected: list[float]) -> None:
    assert term_shares(texts, terms) == expected


def test_build_from_result_dirs(
    sample_corpus: Corpus, result_dirs: tuple[Path, Path], sample_corpus_dir: Path
) -> None:
    topics_dir, tag_dir = result_dirs
    data = build_report_data(sample_corpus, by="site", topics_dir=topics_dir, tag_dir=tag_dir)
    frame = sample_corpus.frame
    assert data.overview["n_statements"] == len(frame)
    assert data.overview["n_documents"] == frame["doc_id"].nunique() == len(data.documents)
    assert data.overview["n_sites"] == frame["site"].nunique() == 4
    assert data.counts["site"].sum() == len(frame)
    # Quotes: texts cut from the sources (quotes.csv holds a wrong text on purpose).
    assert not data.quotes["text"].str.startswith("SAI").any()
    for q in data.quotes.itertuples():
        assert sample_corpus.sources[q.doc_id][q.start_char : q.end_char] == q.text
        assert q.site == frame.set_index("statement_id").loc[q.statement_id, "site"]
    # Theme x site counts add up to the statements; theme 1 mentions kinh phí.
    assert int(data.topic_by.to_numpy().sum()) == len(frame)
    assert list(data.topic_by.columns) == sorted(frame["site"].unique())
    shares = dict(data.topic_terms["1"])
    assert shares["kinh_phí"] == pytest.approx(100.0)
    assert data.topic_terms_label.startswith("%")
    # Keywords per site, codes from codes.csv.
    assert set(data.keywords["group"]) == set(frame["site"])
    n_kinh_phi = frame["text"].str.contains("kinh phí", case=False).sum()
    assert data.code_counts["Kinh phí"] == n_kinh_phi
    assert list(data.code_counts.index) == ["Tài liệu", "Đi lại", "Kinh phí"]  # codebook order
    assert data.code_counts["Đi lại"] == 0
    assert data.cooccurrence.loc["Kinh phí", "Kinh phí"] == n_kinh_phi
    assert int(data.codes_by.loc["Kinh phí"].sum()) == n_kinh_phi
    # Methods.
    assert data.params["topics.method"] == "nmf" and data.params["k"] == 2
    assert data.statements_sha256 == statements_sha256(frame)
    assert data.k_scan["k"].tolist() == [2, 3, 4]
    for doc in data.documents.itertuples():  # the methods' data hashes are of the source bytes
        source = sample_corpus_dir / doc.source_file
        assert doc.sha256 == hashlib.sha256(source.read_bytes()).hexdigest()


def test_quotes_of_another_corpus_are_left_out_with_a_warning(
    sample_corpus: Corpus, result_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    d = tmp_path / "chu_de"
    shutil.copytree(result_dirs[0], d)
    quotes = pd.read_csv(d / "quotes.csv", dtype=str)
    quotes.loc[0, "statement_id"] = "HaGiang_2021-0001"
    quotes.to_csv(d / "quotes.csv", index=False)
    with pytest.warns(UserWarning, match="1 quote.s. name statements that are not in the corpus"):
        data = build_report_data(sample_corpus, topics_dir=d)
    assert "HaGiang_2021-0001" not in set(data.quotes["statement_id"])
    assert len(data.quotes) == len(quotes) - 1


def test_build_without_by_has_no_group_parts(sample_corpus: Corpus, result_dirs: tuple[Path, Path]) -> None:
    data = build_report_data(sample_corpus, topics_dir=result_dirs[0])
    assert data.topic_by is None and data.keywords is None and data.code_counts is None
    assert "Chưa chọn cột nhóm" in render_report(data)


def test_unknown_by_column_is_a_user_error(sample_corpus: Corpus, result_dirs: tuple[Path, Path]) -> None:
    with pytest.raises(InputError, match=r"^`by` 'tinh': no such column; available: .*site"):
        build_report_data(sample_corpus, by="tinh", topics_dir=result_dirs[0])


def test_topics_dir_without_topics_csv(tmp_path: Path, result_dirs: tuple[Path, Path]) -> None:
    broken = tmp_path / "chu_de"
    shutil.copytree(result_dirs[0], broken)
    (broken / "topics.csv").unlink()
    with pytest.raises(
        InputError,
        match=r"topics\.csv: missing; give the --out folder of "
        r"`vnqual topics --out DIR`",
    ):
        read_topics_dir(broken)


def test_topics_dir_missing_column(tmp_path: Path, result_dirs: tuple[Path, Path]) -> None:
    broken = tmp_path / "chu_de"
    shutil.copytree(result_dirs[0], broken)
    pd.read_csv(broken / "assignments.csv").drop(columns="topic").to_csv(
        broken / "assignments.csv", index=False
    )
    with pytest.raises(InputError, match=r"assignments\.csv: lacks column\(s\) topic"):
        read_topics_dir(broken)


def test_damaged_params_json_names_the_file_and_line(tmp_path: Path, result_dirs: tuple[Path, Path]) -> None:
    broken = tmp_path / "chu_de"
    shutil.copytree(result_dirs[0], broken)
    (broken / "params.json").write_text('{"k": 6,\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"params\.json: invalid JSON \(line 2\); re-run "):
        read_topics_dir(broken)


def test_quotes_default_to_highest_weight_without_quotes_csv(
    tmp_path: Path, result_dirs: tuple[Path, Path]
) -> None:
    d = tmp_path / "chu_de"
    shutil.copytree(result_dirs[0], d)
    (d / "quotes.csv").unlink()
    assign = pd.read_csv(d / "assignments.csv", dtype=str)
    assign["weight"] = [0.5] * len(assign)
    assign.loc[len(assign) - 1, "weight"] = 0.9
    assign.to_csv(d / "assignments.csv", index=False)
    res = read_topics_dir(d)
    last = assign.iloc[-1]
    first_of_topic = res.quotes[res.quotes["topic"] == last["topic"]].iloc[0]
    assert first_of_topic["statement_id"] == last["statement_id"]
    assert res.quotes.groupby("topic").size().max() <= 20


def test_write_report_is_atomic_and_shareable(tmp_path: Path, report_data: object) -> None:
    out = tmp_path / "bao_cao.html"
    old = os.umask(0o022)
    try:
        write_report(report_data, out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao.html"]
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_write_report_failure_leaves_old_file(tmp_path: Path) -> None:
    out = tmp_path / "bao_cao.html"
    out.write_text("cũ", encoding="utf-8")
    with pytest.raises(AttributeError):
        write_report(object(), out)  # type: ignore[arg-type]
    assert out.read_text(encoding="utf-8") == "cũ"
    assert [p.name for p in tmp_path.iterdir()] == ["bao_cao.html"]


def test_participants_quoted_before_facilitators_and_titles(
    sample_corpus: Corpus, result_dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    d = tmp_path / "chu_de"
    shutil.copytree(result_dirs[0], d)
    frame = sample_corpus.frame
    first = frame.head(12)  # document titles, the facilitator's opening, then participants
    assert set(first["role"]) >= {"facilitator", "participant"}
    pd.DataFrame({"topic": "0", "statement_id": first["statement_id"]}).to_csv(d / "quotes.csv", index=False)
    quotes = build_report_data(sample_corpus, topics_dir=d).quotes
    shown = frame.set_index("statement_id").loc[quotes["statement_id"]]
    n_good = int(((first["role"] == "participant") & (first["text"].str.len() >= 40)).sum())
    assert (shown["role"].head(min(5, n_good)) == "participant").all()
    assert len(quotes) == 5


def test_by_a_column_named_topic(tmp_path: Path) -> None:
    """Student-feedback style table: its own ``topic`` column must not clash with the themes."""
    from vnqual import read_corpus

    rows = [
        ("giảng viên nhiệt tình, dễ hiểu", "lecturer"),
        ("thầy dạy hay và vui tính", "lecturer"),
        ("phòng học nóng, máy chiếu hỏng", "facility"),
        ("wifi yếu, phòng máy cũ", "facility"),
        ("chương trình học nặng", "training_program"),
        ("môn học nhiều bài tập", "training_program"),
    ]
    table = pd.DataFrame(rows * 2, columns=["text", "topic"])
    (tmp_path / "phan_hoi.csv").write_text(table.to_csv(index=False), encoding="utf-8")
    corpus = read_corpus(tmp_path / "phan_hoi.csv")
    d = tmp_path / "chu_de"
    d.mkdir()
    theme = ["0" if t != "facility" else "1" for t in corpus.frame["topic"]]
    pd.DataFrame(
        {
            "topic": ["0", "1"],
            "label": ["giảng dạy", "cơ sở vật chất"],
            "size": [theme.count("0"), theme.count("1")],
            "top_terms": ["thầy, môn_học", "phòng, máy_chiếu"],
        }
    ).to_csv(d / "topics.csv", index=False)
    # assignments.csv may carry metadata columns, the --by one included
    pd.DataFrame(
        {"statement_id": corpus.frame["statement_id"], "topic": theme, "weight": 1.0, "site": "x"}
    ).to_csv(d / "assignments.csv", index=False)
    data = build_report_data(corpus, by="topic", topics_dir=d)
    assert int(data.topic_by.to_numpy().sum()) == len(corpus.frame)
    assert data.topic_by.loc["1: cơ sở vật chất", "facility"] == 4
    assert set(data.quotes["topic"]) == {"0", "1"}
    assert set(data.quotes.loc[data.quotes["topic"] == "1", "_by"]) == {"facility"}
    html = render_report(data)
    assert "topic: facility" in html  # the quote footer names the group value


@pytest.mark.slow
def test_runs_topic_model_and_is_reproducible(sample_corpus: Corpus) -> None:
    first = build_report_data(sample_corpus, by="site", random_state=3)
    again = build_report_data(sample_corpus, by="site", random_state=3)
    assert render_report(first) == render_report(again)
    assert first.k_scan is not None and first.k_scan["chosen"].sum() == 1
    chosen = int(first.k_scan.loc[first.k_scan["chosen"], "n_topics"].iloc[0])
    assert first.params["k"] == chosen == len(first.topics)
    assert first.params["topics.k"] == "auto" and first.params["topics.seed"] == 3
    assert int(first.topic_by.to_numpy().sum()) == int(first.topics["size"].sum())
    counts = first.quotes.groupby("topic").size()
    assert counts.min() >= 3 and counts.max() <= 5
    for q in first.quotes.itertuples():
        assert sample_corpus.sources[q.doc_id][q.start_char : q.end_char] == q.text


def test_fixed_k(sample_corpus: Corpus) -> None:
    data = build_report_data(sample_corpus, k=2, random_state=0)
    assert data.k_scan is None and len(data.topics) <= 2 and data.params["topics.k"] == 2
    assert data.params["topics.method"] == "dmm" and data.params["topics.pos"] == "content"


def test_too_many_topics_is_skipped_with_a_note(sample_corpus: Corpus) -> None:
    small = sample_corpus.filter(doc_id=sample_corpus.frame["doc_id"].iloc[0])
    small = small.filter(statement_id=list(small.frame["statement_id"].head(8)))
    with pytest.warns(UserWarning, match="themes skipped: too few statements"):
        data = build_report_data(small, k=6)
    assert data.topics is None and data.notes and data.notes[0].startswith("Themes skipped:")
    assert "Themes skipped:" in render_report(data)


def test_codebook_is_run_like_vnqual_tag(small_inputs: tuple[Path, Path]) -> None:
    from vnqual import read_corpus

    table, codebook = small_inputs
    corpus = read_corpus(table)
    sites = sorted(set(corpus.frame["site"]))
    data = build_report_data(corpus, by="site", codebook=codebook, topics_dir=None, k=2)
    assert list(data.code_counts.index) == ["Kinh phí", "Tài liệu", "Đi lại"]
    # Every keyword match is counted (the model may add more, never fewer).
    assert data.code_counts["Kinh phí"] >= 3 and data.code_counts["Tài liệu"] >= 3
    assert data.code_counts["Đi lại"] >= 3
    assert data.cooccurrence.loc["Kinh phí", "Đi lại"] >= 1  # statement 7 has both
    assert (data.cooccurrence.to_numpy().diagonal() == data.code_counts.to_numpy()).all()
    assert list(data.codes_by.columns) == sites
    assert data.params["codebook_sha256"] == hashlib.sha256(codebook.read_bytes()).hexdigest()
    # Without a seed each step uses its command's default: `vnqual tag` 0, `vnqual topics` 1.
    assert data.params["tag.random_state"] == 0 and data.params["topics.seed"] == 1
    assert data.params["random_state"] == "default"
    seeded = build_report_data(corpus, codebook=codebook, k=2, random_state=5)
    assert seeded.params["tag.random_state"] == seeded.params["topics.seed"] == 5


def test_a_path_instead_of_a_corpus_is_a_clear_type_error():
    with pytest.raises(
        TypeError, match="expected a vnqual Corpus, got str; read one with vnqual.read_corpus"
    ):
        build_report_data("corpora/toa-dam-boi-duong")
