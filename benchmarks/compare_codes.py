"""Compare two ``vnqual tag`` folders: same rows, ranks, applies, methods; scores within a tolerance.

Used to check that a change of the tagger's implementation changes no code, score or evidence
beyond float tolerance (issue #21): run ``vnqual tag`` with the old and the new code on the same
input, then::

    python benchmarks/compare_codes.py OLD_DIR NEW_DIR [--tol 0.0002]

Numbers inside ``evidence`` (``model: 0.99``, ``kinh_phí(+0.17)``) are compared with the
tolerance of their printed precision (0.01); the words around them must be equal. ``hits.csv``
must be identical.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

_NUM = re.compile(r"[+-]?\d+\.\d+")


def compare(old: Path, new: Path, tol: float = 2e-4) -> list[str]:
    """Differences between the folders (empty: equal within tolerance)."""
    problems = []
    a, b = (
        pd.read_csv(p / "codes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for p in (old, new)
    )
    if list(a.columns) != list(b.columns):
        problems.append(f"columns differ: {list(a.columns)} vs {list(b.columns)}")
    key = ["statement_id", "code"]
    if len(a) != len(b) or not (a[key].values == b[key].values).all():
        sa, sb = set(map(tuple, a[key].values)), set(map(tuple, b[key].values))
        problems.append(f"rows differ: {len(sa - sb)} only in old, {len(sb - sa)} only in new")
        return problems
    for col in [c for c in a.columns if c not in ("score", "evidence")]:
        bad = (a[col] != b[col]).sum()
        if bad:
            problems.append(f"{col}: {bad} rows differ")
    ds = (a["score"].astype(float) - b["score"].astype(float)).abs()
    if ds.max() > tol:
        problems.append(f"score: {(ds > tol).sum()} rows differ by more than {tol} (max {ds.max():.4g})")
    words_a = a["evidence"].str.replace(_NUM, "#", regex=True)
    words_b = b["evidence"].str.replace(_NUM, "#", regex=True)
    if (words_a != words_b).any():
        problems.append(f"evidence: {(words_a != words_b).sum()} rows differ in words")
    else:
        for ea, eb in zip(a["evidence"], b["evidence"]):
            na, nb = (list(map(float, _NUM.findall(e))) for e in (ea, eb))
            if any(abs(x - y) > 0.0100001 for x, y in zip(na, nb)):
                problems.append(f"evidence numbers differ: {ea!r} vs {eb!r}")
                break
    if (old / "hits.csv").read_bytes() != (new / "hits.csv").read_bytes():
        problems.append("hits.csv differs")
    print(f"{len(a)} rows compared; max score difference {ds.max():.2g}")
    return problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--tol", type=float, default=2e-4)
    args = ap.parse_args()
    problems = compare(args.old, args.new, args.tol)
    for p in problems:
        print(p)
    print("SAME within tolerance" if not problems else "DIFFERENT")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
