"""``vnqual topics --themes``: an edited themes.yaml gives back what the researcher asked for."""

from __future__ import annotations

import re

import pandas as pd
from click.testing import CliRunner

from vnqual.cli import cli


def _edit(text: str) -> str:
    """Rename every theme (theme 0 in Vietnamese), merge 4 into 3, drop 5."""
    out, current = [], None
    for line in text.splitlines():
        m = re.match(r"  - id: (\d+)", line)
        current = int(m.group(1)) if m else current
        if line.startswith("    name:"):
            line = '    name: "Đào tạo ở tỉnh"' if current == 0 else f'    name: "Chủ đề {current}"'
        out.append(line)
        if line.startswith("    terms:") and current == 3:
            out.append("    merge: [4]")
        if line.startswith("    terms:") and current == 5:
            out.append("    drop: true")
    return "\n".join(out) + "\n"


def _assignments(folder) -> pd.DataFrame:
    return pd.read_csv(folder / "assignments.csv", dtype={"statement_id": str}).set_index("statement_id")


def _run(*args: str) -> None:
    res = CliRunner().invoke(cli, ["topics", *args, "--quiet"])
    assert res.exit_code == 0, res.output


def test_edited_themes_keep_their_statements_and_a_merge_holds_the_union(sample_corpus_dir, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    _run(str(sample_corpus_dir), "-k", "6", "--out", str(a))
    (a / "themes.yaml").write_text(_edit((a / "themes.yaml").read_text("utf-8")), "utf-8")
    _run(str(sample_corpus_dir), "--themes", str(a / "themes.yaml"), "--out", str(b))
    before, after = _assignments(a), _assignments(b)
    after = after.loc[before.index]
    names = {0: "Đào tạo ở tỉnh", 1: "Chủ đề 1", 2: "Chủ đề 2", 3: "Chủ đề 3", 4: "Chủ đề 3"}
    assert set(after["label"].dropna()) == {"Đào tạo ở tỉnh", "Chủ đề 1", "Chủ đề 2", "Chủ đề 3"}
    untouched = before["topic"].isin([0, 1, 2])
    stay = (after.loc[untouched, "label"] == before.loc[untouched, "topic"].map(names)).mean()
    assert stay >= 0.9
    union = before["topic"].isin([3, 4])
    assert (after.loc[union, "label"] == "Chủ đề 3").mean() >= 0.8
    assert "Chủ đề 5" not in set(after["label"])


def test_start_from_the_earlier_assignment_only_for_the_same_statements(tmp_path):
    from vnqual.topics._themes import read_themes

    (tmp_path / "themes.yaml").write_text(
        """themes:
  - {id: 0, name: Kinh phí, label: "kinh phí", terms: [kinh phí], merge: [2]}
  - {id: 1, name: "đường", label: "đường", terms: [đường]}
  - {id: 2, name: "ngân sách", label: "ngân sách", terms: [ngân sách]}
  - {id: 3, name: "mưa", label: "mưa", terms: [mưa], drop: true}
""",
        encoding="utf-8",
    )
    pd.DataFrame({"statement_id": ["s1", "s2", "s3", "s4", "s5"], "topic": [0, 1, 2, 3, -1]}).to_csv(
        tmp_path / "assignments.csv", index=False
    )
    plan = read_themes(tmp_path / "themes.yaml")
    # merged 2 -> theme 0, dropped 3 and unassigned -> -1 (placed by the model); order follows the ids given
    assert plan.initial_topics(["s5", "s4", "s3", "s2", "s1"]) == [-1, -1, 0, 1, 0]
    assert plan.initial_topics(["s1", "s2", "s3", "s4", "x"]) is None  # other statements: terms only
    assert plan.initial_topics(["s1", "s2"]) is None
