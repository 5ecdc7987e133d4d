"""The tagger's results do not change unless a change means them to (issue #21).

``golden/`` holds reference outputs of ``vnqual tag`` (how they were made and when they were last
regenerated on purpose: ``golden/make_golden.py``; first from commit a23a13e, before the speed-up
of #21, which reproduced them exactly). These tests run today's ``vnqual tag`` the same way and
compare: the same (statement, code) rows in the same order, the same method, rank, applies and
span; scores within one unit of their printed precision (0.001) and the numbers inside
``evidence`` within 0.01, so a float difference of another CPU cannot fail them; the same
evidence words; a byte-identical ``hits.csv``. The UIT-VSFC subset is real data read in place
from ``../shared/data``; where it is absent the two tests that use it are skipped.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from vnqual.cli import cli

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
VSFC = REPO.parent / "shared" / "data" / "uit-vsfc" / "dev.csv"
SCORE_TOL = 0.0011
EVIDENCE_TOL = 0.0101

_spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
assert _spec is not None and _spec.loader is not None
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def differences(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    """What differs between two reduced ``codes.csv`` tables beyond the tolerances."""
    key = ["statement_id", "code"]
    if list(old.columns) != list(new.columns):
        return [f"columns: {list(old.columns)} vs {list(new.columns)}"]
    if len(old) != len(new) or (old[key].to_numpy() != new[key].to_numpy()).any():
        only_old = set(map(tuple, old[key].to_numpy())) - set(map(tuple, new[key].to_numpy()))
        only_new = set(map(tuple, new[key].to_numpy())) - set(map(tuple, old[key].to_numpy()))
        return [f"rows: {len(only_old)} only before, {len(only_new)} only now, or another order"]
    problems = []
    exact = [c for c in old.columns if c not in ("score", "evidence", "evidence_numbers")]
    for col in exact:
        bad = old[col] != new[col]
        if bad.any():
            problems.append(f"{col}: {int(bad.sum())} rows, first {old[bad].iloc[0].to_dict()}")
    gap = (old["score"].astype(float) - new["score"].astype(float)).abs()
    if gap.max() > SCORE_TOL:
        problems.append(f"score: {int((gap > SCORE_TOL).sum())} rows, max difference {gap.max():.4f}")
    if "evidence" in old.columns:
        words = [s.str.replace(golden._NUM, "#", regex=True) for s in (old.evidence, new.evidence)]
        if (words[0] != words[1]).any():
            problems.append(f"evidence words: {int((words[0] != words[1]).sum())} rows")
        numbers = [s.map(lambda e: golden._NUM.findall(e)) for s in (old.evidence, new.evidence)]
    else:
        numbers = [s.str.split() for s in (old.evidence_numbers, new.evidence_numbers)]
    for a, b in zip(*numbers):
        if len(a) != len(b) or any(abs(float(x) - float(y)) > EVIDENCE_TOL for x, y in zip(a, b)):
            problems.append(f"evidence numbers: {a} vs {b}")
            break
    return problems


def _tag(args: list[str], out: Path) -> None:
    result = CliRunner().invoke(cli, ["tag", *args, "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output


def _expected(name: str) -> tuple[pd.DataFrame, str]:
    frame = pd.read_csv(GOLDEN / f"{name}.csv", dtype=str, keep_default_na=False)
    return frame, json.loads((GOLDEN / "hits_sha256.json").read_text(encoding="utf-8"))[name]


def test_differences_sees_a_changed_score_rank_and_evidence():
    old, _ = _expected("sample")
    assert differences(old, old.copy()) == []
    new = old.copy()
    new.loc[3, "score"] = f"{float(old.loc[3, 'score']) - 0.002:.3f}"
    new.loc[5, "rank"] = "9"
    new.loc[7, "evidence"] = old.loc[7, "evidence"].replace("model", "mode")
    found = differences(old, new)
    assert [p.split(":")[0] for p in found] == ["rank", "score", "evidence words"]
    assert differences(old, new.drop(index=2).reset_index(drop=True))[0].startswith("rows:")


def test_sample_corpus_as_before(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    out = tmp_path / "ma_hoa"
    _tag(["corpora/toa-dam-boi-duong", "--codebook", "models/codebook_boi_duong.yaml"], out)
    expected, hits = _expected("sample")
    now = golden.reduce_codes(out, private=False).astype(str)
    assert differences(expected, now) == []
    assert golden.hits_digest(out) == hits


@pytest.mark.skipif(not VSFC.is_file(), reason=f"real UIT-VSFC statements not here ({VSFC})")
@pytest.mark.parametrize("name", ["vsfc2k", "vsfc2k_train600"])
def test_real_2k_subset_as_before(tmp_path, monkeypatch, name):
    monkeypatch.chdir(REPO)
    rows, train = golden.vsfc_inputs(VSFC, tmp_path)
    args = [str(rows), "--codebook", "benchmarks/codebook_uit_vsfc.yaml"]
    if name.endswith("train600"):
        args += ["--train", str(train)]
    out = tmp_path / name
    _tag(args, out)
    expected, hits = _expected(name)
    now = golden.reduce_codes(out, private=True).astype(str)
    assert differences(expected, now) == []
    assert golden.hits_digest(out) == hits
