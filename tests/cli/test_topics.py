from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._topics  # noqa: F401  (registers the command until the lead imports it)
from vnqual.cli import cli

MONEY = [
    "Kinh phí bồi dưỡng của xã còn thiếu, ngân sách hỗ trợ rất hạn hẹp.",
    "Ngân sách tỉnh chưa đủ kinh phí chi trả cho học viên đi học.",
    "Xã thiếu tiền, kinh phí hỗ trợ ăn ở cho học viên quá thấp.",
    "Đề nghị tăng kinh phí và ngân sách hỗ trợ cán bộ đi học.",
]
ROAD = [
    "Đường từ xã lên huyện rất xa, mùa mưa hay sạt lở.",
    "Mùa mưa đường núi sạt lở, học viên đi lại rất vất vả.",
    "Nhà ở xa, đường đèo dốc, đi lại mất cả ngày đường.",
    "Đường sá xa xôi, mưa lũ làm sạt lở nên không đến lớp được.",
]
BOOK = [
    "Tài liệu cần có song ngữ, dịch sang tiếng đồng bào.",
    "Đồng bào đọc tài liệu tiếng phổ thông còn khó hiểu.",
    "Cần biên soạn tài liệu song ngữ và sách bằng tiếng dân tộc.",
    "Sách và tài liệu nên dịch ra tiếng Mông cho đồng bào dễ đọc.",
]
SITES = ["Quảng Nam", "Đắk Lắk", "Lai Châu"]


@pytest.fixture()
def table(tmp_path):
    rows = []
    for rep in range(3):
        for group in (MONEY, ROAD, BOOK):
            for j, text in enumerate(group):
                rows.append(
                    {
                        "id": f"PY{len(rows) + 1:03d}",
                        "site": SITES[(j + rep) % 3],
                        "y_kien": text,
                        "topic": "nhãn người",
                    }
                )
    path = tmp_path / "phieu_y_kien.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def run(args):
    return CliRunner().invoke(cli, ["topics", *map(str, args)], catch_exceptions=False)


def read(path):
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)


def test_writes_all_tables_with_metadata_columns(table, tmp_path):
    out = tmp_path / "ket_qua"
    res = run([table, "--text-col", "y_kien", "-k", "3", "--by", "site", "--out", out])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == [
        "assignments.csv",
        "corpus",
        "params.json",
        "quotes.csv",
        "themes.yaml",
        "topic_by_site.csv",
        "topics.csv",
    ]
    topics = read(out / "topics.csv")
    assert list(topics.columns) == ["topic", "label", "size", "top_terms", "coherence", "coherence_flag"]
    assert list(topics["coherence_flag"]) == ["weak" if c < 0 else "ok" for c in topics["coherence"]]
    assert topics["size"].sum() == 36 and len(topics) == 3
    assign = read(out / "assignments.csv")
    assert list(assign.columns[:4]) == ["statement_id", "topic", "label", "weight"]
    assert {"id", "site", "speaker", "doc_id"} <= set(assign.columns)
    assert assign["id"].tolist()[:2] == ["PY001", "PY002"]
    assert assign["topic"].dtype.kind == "i"  # the input's own 'topic' column is renamed
    assert set(assign["input_topic"]) == {"nhãn người"}
    # statements of one planted theme share a topic
    assert assign.iloc[[0, 12, 24]]["topic"].nunique() == 1
    quotes = read(out / "quotes.csv")
    assert list(quotes.columns) == [
        "topic",
        "label",
        "rank",
        "statement_id",
        "speaker",
        "doc_id",
        "start_char",
        "end_char",
        "weight",
        "text",
    ]
    sources = pd.read_csv(table)["y_kien"].tolist()
    assert set(quotes["text"]) <= set(sources)  # verbatim statements
    cross = read(out / "topic_by_site.csv")
    assert list(cross.columns) == ["topic", "label", "Lai Châu", "Quảng Nam", "Đắk Lắk"]
    assert cross[SITES].to_numpy().sum() == 36
    params = json.loads((out / "params.json").read_text(encoding="utf-8"))
    assert params["model"]["method"] == "dmm" and params["seed"] == 1
    assert len(params["input"]["data_sha256"]) == 64 and params["vnqual_version"]
    assert "[0]" in res.output and "\u201c" in res.output  # table with a quote


def test_same_seed_gives_identical_files(table, tmp_path):
    for name in ("a", "b"):
        res = run(
            [
                table,
                "--text-col",
                "y_kien",
                "-k",
                "auto",
                "--seed",
                "3",
                "--out",
                tmp_path / name,
                "--by",
                "site",
            ]
        )
        assert res.exit_code == 0, res.output
    files = sorted(str(p.relative_to(tmp_path / "a")) for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert "k_scan.csv" in files and "themes.yaml" in files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    scan = read(tmp_path / "a" / "k_scan.csv")
    assert list(scan.columns) == ["k", "n_topics", "npmi", "stability", "doc_nmi", "score", "chosen"]
    assert scan["doc_nmi"].between(0, 1).all()


def test_save_then_apply_model(table, tmp_path):
    res = run([table, "--text-col", "y_kien", "-k", "3", "--save", tmp_path / "mo_hinh"])
    assert res.exit_code == 0, res.output
    new = tmp_path / "moi.csv"
    pd.DataFrame({"text": ["Kinh phí hỗ trợ còn thiếu.", "Đường xa, mưa sạt lở."]}).to_csv(new, index=False)
    res = run([new, "--model", tmp_path / "mo_hinh", "--out", tmp_path / "ap_dung"])
    assert res.exit_code == 0, res.output
    assign = read(tmp_path / "ap_dung" / "assignments.csv")
    assert assign["topic"].nunique() == 2


@pytest.mark.parametrize(
    "args, message",
    [
        (["-k", "1"], "Error: k must be at least 2 (got 1)"),
        (["-k", "30"], "Error: too few statements for k=30"),
        (["--by", "tinh", "--out", "x"], "Error: --by tinh: no such column; available:"),
        (["--by", "site"], "Error: --by needs --out DIR"),
        (["--min-df", "50"], "Error: no terms left after filtering (min_df=50"),
    ],
)
def test_user_errors_are_one_line(table, args, message):
    res = run([table, "--text-col", "y_kien", *args])
    assert res.exit_code == 1
    assert res.output.startswith(message) and res.output.count("\n") == 1


def test_bad_seed_words_file_names_file(table, tmp_path):
    bad = tmp_path / "chu_de.yaml"
    bad.write_text("Kinh phí: [kinh phí\n", encoding="utf-8")
    res = run([table, "--text-col", "y_kien", "-k", "3", "--seed-words", bad])
    assert res.exit_code == 1 and "chu_de.yaml line" in res.output and "invalid YAML" in res.output


def test_seed_words_label_topics(table, tmp_path):
    seeds = tmp_path / "chu_de.yaml"
    seeds.write_text("Kinh phí: [kinh phí, ngân sách]\nGiao thông: [đường, sạt lở]\n", encoding="utf-8")
    res = run([table, "--text-col", "y_kien", "-k", "3", "--seed-words", seeds, "--out", tmp_path / "o"])
    assert res.exit_code == 0, res.output
    topics = read(tmp_path / "o" / "topics.csv")
    assert {"Kinh phí", "Giao thông"} <= set(topics["label"])


def test_unknown_method_is_usage_error(table):
    res = run([table, "--text-col", "y_kien", "--method", "bertopic"])
    assert res.exit_code == 2 and "bertopic" in res.output


def test_help_has_vietnamese_example():
    res = run(["--help"])
    assert res.exit_code == 0
    example = res.output.split("Example", 1)[1]
    assert "vnqual topics corpora/toa-dam-boi-duong" in example and "chủ_đề.yaml" in example


@pytest.mark.slow
def test_sample_corpus_without_facilitators(sample_corpus_dir, tmp_path):
    res = run(
        [
            sample_corpus_dir,
            "--exclude-role",
            "facilitator",
            "-k",
            "5",
            "--by",
            "site",
            "--out",
            tmp_path / "o",
        ]
    )
    assert res.exit_code == 0, res.output
    assign = read(tmp_path / "o" / "assignments.csv")
    assert "facilitator" not in set(assign["role"]) and len(assign) > 150
    assert read(tmp_path / "o" / "topics.csv")["size"].sum() <= len(assign)


def test_exclude_role_takes_a_comma_list_and_unattributed(tmp_path):
    folder = tmp_path / "ban_ghi"
    folder.mkdir()
    body = "\n".join(f"Đ/c {i}: {t}" for i, t in enumerate(MONEY + ROAD + BOOK))
    (folder / "td.txt").write_text(
        "Biên bản tọa đàm tỉnh Lai Châu\nNgày 2 tháng 7\nChủ trì: Xin mời các đồng chí.\n" + body,
        encoding="utf-8",
    )
    out = tmp_path / "ket_qua"
    result = run([folder, "-k", "2", "--exclude-role", "facilitator,unattributed", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ids = read(out / "assignments.csv")["statement_id"].tolist()
    assert len(ids) == len(MONEY + ROAD + BOOK)
    full = run([folder, "-k", "2", "--out", tmp_path / "tat_ca"])
    assert full.exit_code == 0, full.output
    assert len(read(tmp_path / "tat_ca" / "assignments.csv")) == len(ids) + 3


def test_note_names_unattributed_statements_when_not_excluded(tmp_path, monkeypatch):
    import vnqual.cli._common as common

    monkeypatch.setattr(common, "is_quiet", lambda: False)
    folder = tmp_path / "ban_ghi"
    folder.mkdir()
    body = "\n".join(f"Đ/c {i}: {t}" for i, t in enumerate(MONEY + ROAD))
    (folder / "td.txt").write_text("Biên bản tọa đàm\nNgày 2 tháng 7\n" + body, encoding="utf-8")
    noted = run([folder, "-k", "2"])
    assert noted.exit_code == 0 and "note: 2 statements lie outside speaker turns" in noted.stderr
    quiet = run([folder, "-k", "2", "--exclude-role", "unattributed"])
    assert quiet.exit_code == 0 and "outside speaker turns" not in quiet.stderr


def test_unknown_excluded_role_is_named_in_a_warning(table):
    result = run([table, "--text-col", "y_kien", "-k", "2", "--exclude-role", "facilitatr"])
    assert result.exit_code == 0
    assert ("Warning: --exclude-role facilitatr: no statement has this role (roles here: ") in result.stderr


def test_rerun_replaces_the_whole_output_folder(table, tmp_path):
    out = tmp_path / "ket_qua"
    assert run([table, "--text-col", "y_kien", "-k", "auto", "--by", "site", "--out", out]).exit_code == 0
    assert {"k_scan.csv", "topic_by_site.csv"} <= {p.name for p in out.iterdir()}
    res = run([table, "--text-col", "y_kien", "-k", "3", "--out", out])
    assert res.exit_code == 0, res.output
    # Nothing of the first run (its k scan and crosstab) stays beside the new tables.
    assert sorted(p.name for p in out.iterdir()) == [
        "assignments.csv",
        "corpus",
        "params.json",
        "quotes.csv",
        "themes.yaml",
        "topics.csv",
    ]


def test_out_refuses_a_folder_that_is_not_a_topics_output(table, tmp_path):
    notes = tmp_path / "ghi_chep"
    notes.mkdir()
    (notes / "bien_ban.txt").write_text("Chủ trì: Mời.", encoding="utf-8")
    res = run([table, "--text-col", "y_kien", "-k", "3", "--out", notes])
    assert res.exit_code == 1 and res.output.count("\n") == 1
    assert "is not a `vnqual topics` output" in res.output
    assert [p.name for p in notes.iterdir()] == ["bien_ban.txt"]


@pytest.mark.parametrize("where", ["out", "save"])
def test_output_below_a_file_is_a_one_line_error(table, tmp_path, where):
    blocker = tmp_path / "tep"
    blocker.write_text("", encoding="utf-8")
    res = run([table, "--text-col", "y_kien", "-k", "3", f"--{where}", blocker / "con"])
    assert res.exit_code == 1
    assert (
        res.output == f"Error: {blocker / 'con'}: cannot write, {blocker} is a file, not a "
        "folder; choose another output path\n"
    )


def test_model_with_fitting_options_is_an_error(table, tmp_path):
    assert run([table, "--text-col", "y_kien", "-k", "3", "--save", tmp_path / "mo_hinh"]).exit_code == 0
    res = run([table, "--text-col", "y_kien", "--model", tmp_path / "mo_hinh", "-k", "4"])
    assert res.exit_code == 1 and "drop -k" in res.output
    res = run([table, "--text-col", "y_kien", "--model", tmp_path / "mo_hinh", "--out", tmp_path / "mo_hinh"])
    assert res.exit_code == 1 and "would replace the model" in res.output
    assert (tmp_path / "mo_hinh" / "model.json").is_file()


def test_blank_group_values_are_named_in_crosstab(table, tmp_path):
    frame = pd.read_csv(table)
    frame.loc[:5, "site"] = ""
    frame.to_csv(table, index=False)
    res = run([table, "--text-col", "y_kien", "-k", "3", "--by", "site", "--out", tmp_path / "o"])
    assert res.exit_code == 0, res.output
    tab = read(tmp_path / "o" / "topic_by_site.csv")
    assert "(blank)" in tab.columns and not any(c.startswith("Unnamed") for c in tab.columns)
    assert tab["(blank)"].sum() == 6


def test_scan_range_is_the_same_in_help_readme_and_output(table):
    from tests.conftest import REPO
    from vnqual.topics._select import K_MAX, K_MIN, K_RANGE_TEXT

    help_text = " ".join(CliRunner().invoke(cli, ["topics", "--help"]).output.split())
    assert K_RANGE_TEXT in help_text
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert K_RANGE_TEXT in readme
    res = run([table, "--text-col", "y_kien", "-k", "auto"])
    assert res.exit_code == 0, res.output
    assert f"scanning k={K_MIN}.." in " ".join(res.stdout.split())  # capped by size: 36 statements -> 3..3
    assert "themes vs documents NMI" in " ".join(res.stdout.split())
    assert K_MAX == 12


def test_themes_yaml_round_trip_rename_merge_drop(table, tmp_path):
    import yaml

    first = tmp_path / "a"
    assert run([table, "--text-col", "y_kien", "-k", "4", "--out", first]).exit_code == 0
    data = yaml.safe_load((first / "themes.yaml").read_text(encoding="utf-8"))
    entries = data["themes"]
    assert [e["id"] for e in entries] == [0, 1, 2, 3]
    assert {"id", "name", "label", "size", "terms"} <= set(entries[0])
    assert [e["name"] for e in entries] == list(read(first / "topics.csv")["label"])
    # the researcher names theme 0, merges 3 into 1 and drops 2
    entries[0]["name"] = "Thiếu kinh phí"
    entries[1]["merge"] = [3]
    entries[2]["drop"] = True
    dropped_terms = set(entries[2]["terms"][:3])
    edited = tmp_path / "themes.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    outs = []
    for name in ("b", "c"):
        res = run([table, "--text-col", "y_kien", "--themes", edited, "--out", tmp_path / name])
        assert res.exit_code == 0, res.output
        outs.append(tmp_path / name)
    topics = read(outs[0] / "topics.csv")
    assert len(topics) == 2
    assert "Thiếu kinh phí" in set(topics["label"])
    assert "Thiếu kinh phí" in outs[0].joinpath("themes.yaml").read_text(encoding="utf-8")
    assert not dropped_terms <= set(" ".join(topics["top_terms"]).replace("; ", ",").split(","))
    for f in sorted(str(p.relative_to(outs[0])) for p in outs[0].rglob("*") if p.is_file()):  # reproducible
        assert (outs[0] / f).read_bytes() == (outs[1] / f).read_bytes(), f
    params = json.loads((outs[0] / "params.json").read_text(encoding="utf-8"))
    assert params["themes_file"] == str(edited)


def test_themes_with_seed_words_or_model_is_an_error(table, tmp_path):
    out = tmp_path / "a"
    assert (
        run([table, "--text-col", "y_kien", "-k", "3", "--out", out, "--save", tmp_path / "m"]).exit_code == 0
    )
    seeds = tmp_path / "s.yaml"
    seeds.write_text("Kinh phí: [kinh phí]\n", encoding="utf-8")
    res = CliRunner().invoke(
        cli,
        [
            "topics",
            str(table),
            "--text-col",
            "y_kien",
            "--themes",
            str(out / "themes.yaml"),
            "--seed-words",
            str(seeds),
        ],
    )
    assert res.exit_code != 0 and "drop --seed-words" in res.output
    res = CliRunner().invoke(
        cli,
        [
            "topics",
            str(table),
            "--text-col",
            "y_kien",
            "--themes",
            str(out / "themes.yaml"),
            "--model",
            str(tmp_path / "m"),
        ],
    )
    assert res.exit_code != 0 and "--themes" in res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("themes:\n  - {id: 0, name: a, terms: [x], merge: [9]}\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["topics", str(table), "--text-col", "y_kien", "--themes", str(bad)])
    assert res.exit_code != 0 and "bad.yaml line 2" in res.output and "Traceback" not in res.output


def test_function_words_file_replaces_the_shipped_list(table, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run([table, "--text-col", "y_kien", "-k", "3", "--out", a]).exit_code == 0
    first = read(a / "topics.csv")
    word = first["top_terms"][0].split("; ")[0]
    words = tmp_path / "hu_tu.txt"
    words.write_text(f"# nhóm tự chọn\n{word}\n", encoding="utf-8")
    res = run([table, "--text-col", "y_kien", "-k", "3", "--function-words", words, "--out", b])
    assert res.exit_code == 0, res.output
    again = read(b / "topics.csv")
    assert word not in "; ".join(again["top_terms"]).split("; ")
    assert word not in " / ".join(again["label"]).split(" / ")
    # function words change how themes are described, never the fit
    assert read(a / "assignments.csv")["topic"].tolist() == read(b / "assignments.csv")["topic"].tolist()


def test_out_tables_are_formula_guarded(tmp_path):
    """Statements and metadata that look like spreadsheet formulas reach every topics CSV guarded."""
    evil, at_site = "=cmd|'/C calc'!A0 kinh phí bồi dưỡng còn thiếu", "@site"
    rows = []
    for rep in range(3):
        for group in (MONEY, ROAD, BOOK):
            for j, text in enumerate(group):
                first = rep == 0 and j == 0
                rows.append(
                    {
                        "site": at_site if j == 0 else SITES[(j + rep) % 3],
                        "y_kien": f"{evil} {text}" if first and group is MONEY else text,
                        "ghi_chu": "-1 ý kiến" if first else "",
                    }
                )
    path = tmp_path / "phieu.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    out = tmp_path / "ket_qua"
    res = run([path, "--text-col", "y_kien", "-k", "3", "--by", "site", "--quotes", "4", "--out", out])
    assert res.exit_code == 0, res.output
    for file in sorted(out.glob("*.csv")):
        with open(file, encoding="utf-8-sig", newline="") as fh:
            cells = [cell for row in csv.reader(fh) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "@", "+")], file.name
        assert not [c for c in cells if c[:1] == "-" and not c[1:2].isdigit()], file.name
    assign = read(out / "assignments.csv")
    assert (assign["site"] == "'@site").sum() == 9
    assert "'-1 ý kiến" in set(assign["ghi_chu"])
    assert "'@site" in read(out / "topic_by_site.csv").columns
    quotes = read(out / "quotes.csv")
    assert any(str(t).startswith("'=cmd|") for t in quotes["text"])
