"""Write the reference outputs that ``tests/codebook/test_same_results.py`` compares against.

The references guard the tagger against changes of its results that nobody meant: a speed-up
or a refactoring must leave them as they are. A change meant to alter codes regenerates them in
the same commit, with a CHANGELOG line, by running (in the repository root)::

    python tests/codebook/golden/make_golden.py tests/codebook/golden [path/to/uit-vsfc/dev.csv]

History: first written from commit a23a13e (before the speed-up of issue #21); the sped-up
tagger reproduced all three byte for byte (checked at d7c5031, by running this script in a
worktree of a23a13e). Regenerated for the weak labels of several codes per statement (#16):
``sample.csv`` and ``vsfc2k.csv`` changed; ``vsfc2k_train600.csv`` (single-label hand-coding)
and every ``hits.csv`` stayed byte for byte those of a23a13e.
Regenerated for weaker negatives when keywords match several codes per statement (#16, ninth
session): only ``sample.csv`` changed.

Three runs of ``vnqual tag`` with its defaults:

* ``sample``: the bundled sample corpus with ``models/codebook_boi_duong.yaml``;
* ``vsfc2k``: the first 2,000 rows of ``../shared/data/uit-vsfc/dev.csv`` (columns ``id, text``)
  with ``benchmarks/codebook_uit_vsfc.yaml``;
* ``vsfc2k_train600``: the same, with ``--train`` of the UIT-VSFC ``train`` rows 2000-2599
  (``text``, their ``topic`` as ``code``).

The UIT-VSFC references keep no statement text: ``evidence`` is reduced to a digest of its
words and the list of its numbers (:func:`reduce_codes`), ``hits.csv`` to its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

COLUMNS = ["statement_id", "code", "score", "method", "rank", "applies", "start_char", "end_char"]
_NUM = re.compile(r"[+-]?\d+\.\d+")


def vsfc_inputs(data: Path, folder: Path) -> tuple[Path, Path]:
    """Write the 2k statements and the 600 hand-coded rows to ``folder``; return their paths."""
    frame = pd.read_csv(data, dtype=str, keep_default_na=False)
    rows, train = folder / "vsfc2k.csv", folder / "train600.csv"
    frame.head(2000)[["id", "text"]].to_csv(rows, index=False)
    coded = frame[frame.split == "train"].iloc[2000:2600]
    pd.DataFrame({"text": coded.text, "code": coded.topic}).to_csv(train, index=False)
    return rows, train


def reduce_codes(out: Path, *, private: bool) -> pd.DataFrame:
    """``codes.csv`` of a tag folder as compared; ``private``: evidence without its words."""
    codes = pd.read_csv(out / "codes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = codes[COLUMNS].copy()
    if private:
        words = codes["evidence"].str.replace(_NUM, "#", regex=True)
        frame["evidence_words"] = [hashlib.sha256(w.encode()).hexdigest()[:16] for w in words]
        frame["evidence_numbers"] = [" ".join(_NUM.findall(e)) for e in codes["evidence"]]
    else:
        frame["evidence"] = codes["evidence"]
    return frame


def hits_digest(out: Path) -> str:
    """SHA-256 of a tag folder's ``hits.csv``."""
    return hashlib.sha256((out / "hits.csv").read_bytes()).hexdigest()


def main() -> None:
    golden = Path(sys.argv[1]).resolve()
    repo = Path.cwd()
    default = repo.parent / "shared" / "data" / "uit-vsfc" / "dev.csv"
    data = Path(sys.argv[2]) if len(sys.argv) > 2 else default
    digests = {}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        rows, train = vsfc_inputs(data, t)
        runs = {
            "sample": (["corpora/toa-dam-boi-duong", "--codebook", "models/codebook_boi_duong.yaml"], False),
            "vsfc2k": ([str(rows), "--codebook", "benchmarks/codebook_uit_vsfc.yaml"], True),
            "vsfc2k_train600": (
                [str(rows), "--codebook", "benchmarks/codebook_uit_vsfc.yaml", "--train", str(train)],
                True,
            ),
        }
        for name, (args, private) in runs.items():
            out = t / name
            subprocess.run(
                [sys.executable, "-m", "vnqual", "-q", "tag", *args, "--out", str(out)], check=True
            )
            reduce_codes(out, private=private).to_csv(golden / f"{name}.csv", index=False)
            digests[name] = hits_digest(out)
    (golden / "hits_sha256.json").write_text(json.dumps(digests, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
