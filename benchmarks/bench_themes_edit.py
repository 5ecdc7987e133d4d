"""themes.yaml edits round trip: do untouched themes keep their statements, does a merge hold the union?

Runs the CLI as a researcher would: ``vnqual topics CORPUS -k 6 --out A``, edits A/themes.yaml
(rename theme 0, ``merge: [4]`` on theme 3, ``drop: true`` on theme 5), then
``vnqual topics CORPUS --themes A/themes.yaml --out B``, and compares A/assignments.csv with
B/assignments.csv. Results: benchmarks/topics.md ("themes.yaml edits").

    PYTHONPATH=. python benchmarks/bench_themes_edit.py [CORPUS]
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from vnqual.cli import cli


def edit(text: str) -> str:
    """Rename theme 0, merge 4 into 3, drop 5 (line edits on the file as written).

    Themes 1-3 are renamed too (``Chủ đề N``), only so that they can be found by name in the
    second run's assignments.csv (names do not change the fit).
    """
    out, current = [], None
    for line in text.splitlines():
        m = re.match(r"  - id: (\d+)", line)
        if m:
            current = int(m.group(1))
        out.append(line)
        if line.startswith("    name:") and current is not None:
            out[-1] = '    name: "Đào tạo ở tỉnh"' if current == 0 else f'    name: "Chủ đề {current}"'
        if line.startswith("    terms:") and current == 3:
            out.append("    merge: [4]")
        if line.startswith("    terms:") and current == 5:
            out.append("    drop: true")
    return "\n".join(out) + "\n"


def measure(corpus: str, tmp: Path) -> dict[str, float]:
    """Shares of statements that stay (untouched themes) and land in the merged theme (union of 3, 4)."""
    a, b = tmp / "a", tmp / "b"
    runner = CliRunner()
    for args in (["-k", "6", "--out", str(a)], ["--themes", str(a / "themes.yaml"), "--out", str(b)]):
        if args[0] == "--themes":
            (a / "themes.yaml").write_text(edit((a / "themes.yaml").read_text("utf-8")), "utf-8")
        res = runner.invoke(cli, ["topics", corpus, "--quiet", *args])
        assert res.exit_code == 0, res.output
    before = pd.read_csv(a / "assignments.csv", dtype={"statement_id": str}).set_index("statement_id")
    after = pd.read_csv(b / "assignments.csv", dtype={"statement_id": str}).set_index("statement_id")
    after = after.loc[before.index]
    new_label = {0: "Đào tạo ở tỉnh", 1: "Chủ đề 1", 2: "Chủ đề 2", 3: "Chủ đề 3"}
    stay, total = 0, 0
    for t in (0, 1, 2):
        rows = before["topic"] == t
        stay += int((after.loc[rows, "label"] == new_label[t]).sum())
        total += int(rows.sum())
    union = before["topic"].isin([3, 4])
    merged = int((after.loc[union, "label"] == new_label[3]).sum())
    merged_size = int((after["label"] == new_label[3]).sum())
    print(f"untouched themes 0-2: {stay}/{total} statements stay ({stay / total:.1%})")
    n_union = int(union.sum())
    print(f"merged 3+4: {merged}/{n_union} of the union in it ({merged / n_union:.1%}); size {merged_size}")
    return {"stay": stay / total, "merged": merged / float(union.sum())}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        measure(sys.argv[1] if len(sys.argv) > 1 else "corpora/toa-dam-boi-duong", Path(d))
