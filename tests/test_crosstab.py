from __future__ import annotations

import pandas as pd
import pytest

from vnqual.crosstab import cooccurrence, crosstab
from vnqual.errors import InputError


@pytest.fixture()
def statements():
    return pd.DataFrame(
        {
            "statement_id": ["qn-1", "qn-2", "qn-3", "lc-1", "lc-2"],
            "doc_id": ["qn", "qn", "qn", "lc", "lc"],
            "start_char": [0, 10, 20, 0, 10],
            "end_char": [9, 19, 29, 9, 19],
            "site": ["Quảng Nam"] * 3 + ["Lai Châu"] * 2,
            "role": ["facilitator", "participant", "participant", "facilitator", "participant"],
        }
    )


@pytest.fixture()
def codings():
    return pd.DataFrame(
        {
            "statement_id": ["qn-2", "qn-2", "qn-2", "qn-3", "lc-2"],
            "code": ["Kinh phí", "Kinh phí", "Nhân lực", "Kinh phí", "Nhân lực"],
        }
    )


def test_crosstab_counts_statements_not_codings(codings, statements):
    table = crosstab(codings, statements, by="site")
    assert table.loc["Kinh phí", "Quảng Nam"] == 2  # qn-2 (twice) and qn-3
    assert table.loc["Kinh phí", "Lai Châu"] == 0
    assert table.loc["Nhân lực"].tolist() == [1, 1, 2]
    assert list(table.columns) == ["Lai Châu", "Quảng Nam", "All"]


def test_crosstab_percent_uses_group_sizes(codings, statements):
    table = crosstab(codings, statements, by=["site", "role"], percent=True)
    assert table.loc["Kinh phí", "Quảng Nam | participant"] == 100.0
    assert table.loc["Kinh phí", "Quảng Nam | facilitator"] == 0.0  # group present, uncoded
    assert table.loc["Nhân lực", "All"] == 40.0


def test_crosstab_finds_statements_from_spans(statements):
    codings = pd.DataFrame({"doc_id": ["lc"], "code": ["Chính sách"], "start_char": [12], "end_char": [15]})
    table = crosstab(codings, statements, by="role")
    assert table.loc["Chính sách", "participant"] == 1


def test_crosstab_unknown_column(codings, statements):
    with pytest.raises(InputError, match="no column 'tinh'"):
        crosstab(codings, statements, by="tinh")


def test_cooccurrence_is_symmetric_with_code_totals(codings, statements):
    matrix = cooccurrence(codings, statements, codes=["Nhân lực", "Kinh phí", "Chưa dùng"])
    assert list(matrix.index) == ["Nhân lực", "Kinh phí", "Chưa dùng"]
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["Kinh phí", "Kinh phí"] == 2
    assert matrix.loc["Kinh phí", "Nhân lực"] == 1
    assert matrix.loc["Chưa dùng"].sum() == 0
