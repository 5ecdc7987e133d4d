from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score, f1_score

from vnqual.agreement import ALL_CODES, COLUMNS, compare, paragraph_units, scores
from vnqual.errors import InputError
from vnqual.export import load_coded, to_qdpx


def _fixture():
    name = "vnqual_tests_coded_fixture"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).parent / "export" / "coded_fixture.py"
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture()
def coded(tmp_path):
    return load_coded(_fixture().make_coded_dir(tmp_path / "ma_hoa"))


def _span(corpus, statement_id, word):
    st = corpus.frame.set_index("statement_id").loc[statement_id]
    start = int(st.start_char) + st.text.index(word)
    return start, start + len(word)


def _human(corpus, rows, coder="Lan"):
    out = []
    for statement_id, word, code in rows:
        s, e = _span(corpus, statement_id, word)
        out.append(
            {
                "doc_id": statement_id.rsplit("-", 1)[0],
                "code": code,
                "start_char": s,
                "end_char": e,
                "coder": coder,
            }
        )
    return pd.DataFrame(out)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_scores_equal_sklearn(seed):
    rng = np.random.default_rng(seed)
    a = rng.random(200) < 0.3
    b = np.where(rng.random(200) < 0.8, a, ~a)
    pct, kappa, f1 = scores(200, int(a.sum()), int(b.sum()), int((a & b).sum()))
    assert pct == pytest.approx(100 * (a == b).mean())
    assert kappa == pytest.approx(cohen_kappa_score(a, b))
    assert f1 == pytest.approx(f1_score(a, b))


def test_scores_undefined_cases_are_nan():
    _, kappa, f1 = scores(10, 0, 0, 0)
    assert math.isnan(kappa) and math.isnan(f1)


def test_identical_codings_agree_fully(coded):
    table = compare(coded, coded.codings, corpus=coded.corpus)
    assert list(table.columns) == list(COLUMNS)
    assert (table["agreement_pct"] == 100).all()
    assert (table["kappa"] == 1).all() and (table["f1"] == 1).all()
    stmt = table[table.level == "statement"].set_index("code")
    assert stmt.loc["Nhân lực", "n_a"] == 4 and stmt.loc["Nhân lực", "n_units"] == 7


def test_statement_level_counts_by_hand(coded):
    corpus = coded.corpus
    human = _human(
        corpus,
        [
            ("QN_toadam-0002", "Kinh phí bồi dưỡng", "Kinh phí"),  # auto: "Kinh phí" here too
            ("QN_toadam-0003", "Giảng viên", "Kinh phí"),  # auto: not Kinh phí
        ],
    )
    table = compare(coded, human, corpus=corpus, levels=["statement"]).set_index("code")
    row = table.loc["Kinh phí"]
    # auto codes Kinh phí in QN-0002 and LC-0002; human in QN-0002 and QN-0003; 7 statements
    assert (row.n_a, row.n_b, row.n_both, row.n_units) == (2, 2, 1, 7)
    a = np.isin(corpus.frame.statement_id, ["QN_toadam-0002", "LC_thaoluan-0002"])
    b = np.isin(corpus.frame.statement_id, ["QN_toadam-0002", "QN_toadam-0003"])
    assert row.kappa == pytest.approx(cohen_kappa_score(a, b)) == pytest.approx(0.3)
    assert row.agreement_pct == pytest.approx(100 * 5 / 7)
    assert table.loc["Nhân lực", "n_b"] == 0 and table.loc["Nhân lực", "f1"] == 0
    assert table.loc[ALL_CODES, "n_units"] == 7 * len(table.drop(ALL_CODES))


def test_character_level_counts_overlapping_characters(coded):
    corpus = coded.corpus
    human = _human(corpus, [("QN_toadam-0002", "Kinh phí bồi dưỡng", "Kinh phí")])
    table = compare(coded, human, corpus=corpus, levels=["character"]).set_index("code")
    row = table.loc["Kinh phí"]
    assert (row.n_a, row.n_b, row.n_both) == (16, len("Kinh phí bồi dưỡng"), 8)
    assert row.n_units == sum(len(t) for t in corpus.sources.values())


def test_coding_spanning_two_statements_counts_for_both(coded):
    corpus = coded.corpus
    s, _ = _span(corpus, "QN_toadam-0002", "Kinh phí")
    _, e = _span(corpus, "QN_toadam-0003", "Giảng viên")
    human = pd.DataFrame({"doc_id": ["QN_toadam"], "code": ["Nhân lực"], "start_char": [s], "end_char": [e]})
    row = compare(coded, human, corpus=corpus, levels=["statement"]).set_index("code")
    assert row.loc["Nhân lực", "n_b"] == 2 and row.loc["Nhân lực", "n_both"] == 2


def test_two_coders_in_one_qdpx_without_corpus(coded, tmp_path):
    corpus = coded.corpus
    lan = _human(
        corpus,
        [("QN_toadam-0002", "Kinh phí", "Kinh phí"), ("LC_thaoluan-0002", "Nhân lực", "Nhân lực")],
        coder="Lan",
    )
    minh = _human(
        corpus,
        [
            ("QN_toadam-0002", "Kinh phí bồi dưỡng", "Kinh phí"),
            ("LC_thaoluan-0003", "cán bộ trẻ", "Nhân lực"),
        ],
        coder="Minh",
    )
    path = to_qdpx(pd.concat([lan, minh]), corpus, tmp_path / "hai_nguoi.qdpx")
    table = compare(path, path, coder_a="Lan", coder_b="Minh").set_index(["level", "code"])
    assert table.loc[("statement", "Kinh phí"), "kappa"] == 1
    assert table.loc[("statement", "Nhân lực"), "n_both"] == 0
    assert table.loc[("statement", "Nhân lực"), "n_units"] == 7  # statements from cases
    with pytest.raises(InputError, match="no codings by coder 'Hoa'; coders: Lan, Minh"):
        compare(path, path, coder_a="Hoa")


def test_paragraph_units_without_statement_spans(coded, tmp_path):
    corpus = coded.corpus
    human = _human(corpus, [("QN_toadam-0002", "Kinh phí", "Kinh phí")])
    a = to_qdpx(coded.codings, corpus, tmp_path / "a.qdpx", cases=False)
    b = to_qdpx(human, corpus, tmp_path / "b.qdpx", cases=False)
    with pytest.warns(UserWarning, match="non-blank lines"):
        table = compare(a, b, levels=["statement"]).set_index("code")
    assert table.loc["Kinh phí", "n_units"] == len(paragraph_units(corpus.sources)) == 7
    assert table.loc["Kinh phí", "n_both"] == 1


def test_no_shared_documents(coded):
    other = pd.DataFrame({"doc_id": ["khac"], "code": ["A"], "start_char": [0], "end_char": [3]})
    with pytest.raises(InputError, match="share no documents"):
        compare(coded.codings[coded.codings.doc_id == "QN_toadam"], other)


def test_unknown_level():
    with pytest.raises(InputError, match="unknown agreement level"):
        compare(pd.DataFrame(), pd.DataFrame(), levels=["word"])


def test_codings_only_of_documents_outside_the_corpus_are_dropped(coded):
    other = pd.DataFrame({"doc_id": ["y_kien"], "code": ["A"], "start_char": [0], "end_char": [3]})
    with pytest.warns(UserWarning, match="not in the corpus: y_kien"):
        table = compare(coded, other, levels=["statement"])
    assert (table["n_b"] == 0).all() and (table["n_a"] > 0).any()


@pytest.mark.parametrize("table_first", [False, True])
def test_statement_id_code_table_is_coded_whole_statements(tmp_path, table_first):
    folder = _fixture().make_coded_dir(tmp_path / "ma_hoa")
    coded = load_coded(folder)
    pairs = coded.codings[["statement_id", "code"]].drop_duplicates()
    table = pairs.groupby("statement_id", sort=False)["code"].agg(";".join).reset_index()
    path = tmp_path / "da_ma_hoa.csv"  # the `vnqual tag --train` format
    table.to_csv(path, index=False)
    a, b = (path, folder) if table_first else (folder, path)
    result = compare(a, b, levels=["statement"]).set_index("code")
    assert result.loc[ALL_CODES, "agreement_pct"] == 100.0
    for code, n in pairs["code"].value_counts().items():
        assert result.loc[code, "n_a"] == result.loc[code, "n_b"] == result.loc[code, "n_both"] == n
    with pytest.raises(InputError, match="needs the corpus of those statements"):
        compare(path, path)


def test_dataframes_without_corpus_count_the_coded_statements(coded):
    a = coded.codings
    b = a.iloc[::2]
    with (
        pytest.warns(UserWarning, match="inflates agreement"),
        pytest.warns(UserWarning, match="character level skipped"),
    ):
        table = compare(a, b).set_index("code")
    assert set(table["level"]) == {"statement"}  # no texts: character level is skipped
    per_code = table.drop(ALL_CODES)
    assert (per_code["n_units"] == a["statement_id"].nunique()).all()
    for code in set(a["code"]):
        n_a = a.loc[a["code"] == code, "statement_id"].nunique()
        n_b = b.loc[b["code"] == code, "statement_id"].nunique()
        assert (table.loc[code, "n_a"], table.loc[code, "n_b"], table.loc[code, "n_both"]) == (n_a, n_b, n_b)


def test_one_level_may_be_given_as_a_str(coded):
    table = compare(coded, coded, levels="character")
    assert set(table["level"]) == {"character"}


def test_hand_coded_sample_is_compared_on_the_statements_it_covers(tmp_path):
    folder = _fixture().make_coded_dir(tmp_path / "ma_hoa")
    path = tmp_path / "mã_hóa_tay.csv"  # 3 of 7 statements looked at; one with no code (blank)
    pd.DataFrame(
        {
            "statement_id": ["QN_toadam-0002", "QN_toadam-0003", "QN_toadam-0001"],
            "code": ["Kinh phí", "Nhân lực", ""],
        }
    ).to_csv(path, index=False)
    result = compare(folder, path)
    assert result.attrs["units"] == "compared on the 3 statements coded in mã_hóa_tay.csv"
    st = result[result["level"] == "statement"].set_index("code")
    assert (st.drop(ALL_CODES)["n_units"] == 3).all()
    # Kinh phí: A codes 0002, B codes 0002 -> full agreement on the sample (was 7 units, 2 not coded by B)
    assert st.loc["Kinh phí", ["n_a", "n_b", "n_both"]].tolist() == [1, 1, 1]
    assert st.loc["Kinh phí", "kappa"] == 1.0
    # Nhân lực: A codes 0002 and 0003 (and LC statements outside the sample), B only 0003
    assert st.loc["Nhân lực", ["n_a", "n_b", "n_both"]].tolist() == [2, 1, 1]
    ch = result[result["level"] == "character"].set_index("code")
    frame = load_coded(folder).corpus.frame.set_index("statement_id")
    sample = frame.loc[["QN_toadam-0001", "QN_toadam-0002", "QN_toadam-0003"]]
    assert ch.loc["Kinh phí", "n_units"] == int((sample.end_char - sample.start_char).sum())
    everything = compare(folder, path, all_units=True)
    assert "units" not in everything.attrs
    assert (
        everything[everything["level"] == "statement"].set_index("code").drop(ALL_CODES)["n_units"] == 7
    ).all()
    assert everything.set_index(["code", "level"]).loc[("Nhân lực", "statement"), "n_a"] == 4
