from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._keywords  # noqa: F401  (registers the commands until the lead imports it)
from vnqual.cli import cli
from vnqual.corpus import Corpus


def run(*args: str):
    return CliRunner().invoke(cli, ["-q", *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """The corpus of tests/keywords/conftest.py, saved as an ingested corpus folder."""
    import importlib.util
    from pathlib import Path

    file = Path(__file__).parents[1] / "keywords" / "conftest.py"
    spec = importlib.util.spec_from_file_location("keywords_fixture", file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    path = tmp_path_factory.mktemp("cli_keywords") / "toa-dam"
    module.build_corpus().save(path)
    return str(path)


@pytest.mark.parametrize("command", ["keywords", "kwic", "collocations"])
def test_help_has_a_vietnamese_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and "corpora/toa-dam-boi-duong" in result.output


def test_keywords_freq_table_shows_display_forms(corpus_dir):
    result = run("keywords", corpus_dir, "--top", "5", "--no-default-stopwords")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["rank", "term", "count", "share", "n_statements", "n_documents"]
    assert "bồi dưỡng" in result.output and "bồi_dưỡng" not in result.output


def test_keywords_logodds_csv_contract(corpus_dir, tmp_path):
    out = tmp_path / "tu_khoa.csv"
    result = run(
        "keywords", corpus_dir, "--method", "logodds", "--by", "site", "--top", "3", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    got = pd.read_csv(out, encoding="utf-8-sig")
    assert list(got.columns) == [
        "group",
        "rank",
        "term",
        "token",
        "count_group",
        "count_rest",
        "log_odds",
        "z",
    ]
    assert set(got["group"]) == {"Lai Châu", "Quảng Nam"}
    assert (got["log_odds"] > 0).all()


def test_keywords_tfidf_json(corpus_dir):
    result = run(
        "keywords", corpus_dir, "--method", "tfidf", "--level", "document", "--top", "2", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["doc_id"] for r in rows} == {"LC_toadam", "QN_toadam"}
    assert all(" " not in r["token"] for r in rows)


def test_keywords_usage_errors(corpus_dir):
    result = run("keywords", corpus_dir, "--method", "logodds")
    assert result.exit_code == 2 and "--method logodds needs --by COL" in result.output
    result = run("keywords", corpus_dir, "--method", "freq", "--by", "tinh")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no column 'tinh'")


def test_kwic_csv_export_is_traceable(corpus_dir, tmp_path):
    out = tmp_path / "xa.csv"
    result = run("kwic", corpus_dir, "xã", "--window", "3", "--by", "site", "--out", str(out))
    assert result.exit_code == 0, result.output
    got = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    corpus = Corpus.load(corpus_dir)
    assert len(got) == 6 and got.columns[0] == "site"
    for doc_id, start, end, keyword in got[["doc_id", "start_char", "end_char", "keyword"]].values:
        assert corpus.sources[doc_id][start:end] == keyword


def test_kwic_table_and_flags(corpus_dir):
    result = run("kwic", corpus_dir, "bồi*", "--glob", "--window", "2")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["statement_id", "speaker", "left", "keyword", "right"]
    assert "bồi dưỡng" in result.output
    result = run("kwic", corpus_dir, "xã", "--glob", "--regex")
    assert result.exit_code == 2 and "either --glob or --regex" in result.output
    result = run("kwic", corpus_dir, "xã(", "--regex")
    assert result.exit_code == 1 and "invalid regular expression" in result.output
    assert result.output.rstrip().endswith("; escape special characters or use --glob")


def test_kwic_guards_formulas_in_a_table_input(tmp_path):
    table = tmp_path / "phieu.csv"
    pd.DataFrame({"text": ["=1+1 cán bộ xã", "-xã thiếu kinh phí"]}).to_csv(table, index=False)
    out = tmp_path / "kq.csv"
    result = run("kwic", str(table), "xã", "--window", "5", "--out", str(out))
    assert result.exit_code == 0, result.output
    got = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert got["left"].tolist() == ["'=1+1 cán bộ", "'-"]


def test_collocations_json(corpus_dir):
    result = run("collocations", corpus_dir, "--min-count", "3", "--format", "json", "--no-default-stopwords")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"rank", "term", "words", "n", "count", "pmi", "npmi", "llr"} == set(rows[0])
    found = {r["words"]: r["count"] for r in rows}
    assert found["kinh_phí bồi_dưỡng"] == 4 and found["cán_bộ xã"] == 5
    llr = [r["llr"] for r in rows]
    assert llr == sorted(llr, reverse=True)


def test_cli_format_choices_match_the_writer():
    from vnqual.cli._keywords import FORMATS
    from vnqual.keywords._output import FORMATS as WRITER_FORMATS

    assert FORMATS == WRITER_FORMATS
