"""Time encoding detection and text normalisation on the UIT-VSFC sentences.

Usage: python benchmarks/bench_encoding.py [path/to/dev.csv]

The sentences are joined into one text (about 0.8 MB of UTF-8), written in each encoding with
the system tools (iconv for Windows-1258 and TCVN, recode for VNI) and decoded with vnqual.
Needs ``iconv`` (libc-bin) and ``recode``.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from vnqual.io._encoding import decode_bytes
from vnqual.io._legacy import VIET_LETTERS
from vnqual.text.normalize import analysis_form, canonical

DEFAULT = Path("/work/shared/data/uit-vsfc/dev.csv")


def _timed(func, *args, repeat=3, **kwargs):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        best = min(best, time.perf_counter() - start)
    return result, best


def main(path: Path = DEFAULT) -> None:
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)["text"]
    # Keep sentences every tool can write (ASCII + Vietnamese letters; a few hold emoji).
    rows = [r for r in rows if all(ch.isascii() or ch in VIET_LETTERS for ch in r)]
    text = "\n".join(rows) + "\n"
    utf8 = text.encode("utf-8")
    files = {
        "utf-8": utf8,
        "cp1258": subprocess.run(
            ["iconv", "-f", "UTF-8", "-t", "CP1258"], input=utf8, capture_output=True, check=True
        ).stdout,
        "tcvn3": subprocess.run(
            ["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=utf8, capture_output=True, check=True
        ).stdout,
        "vni": subprocess.run(
            ["recode", "-f", "UTF-8..VNI"], input=utf8, capture_output=True, check=True
        ).stdout,
    }
    print(f"{len(text):,} characters, {len(utf8) / 1e6:.2f} MB as UTF-8")
    for times in (1, 10):
        for label, data in files.items():
            (decoded, got), seconds = _timed(decode_bytes, data * times)
            status = "ok" if (decoded, got) == (text * times, label) else f"MISMATCH ({got})"
            print(f"decode_bytes {label:7s} {len(data) * times / 1e6:5.2f} MB  {seconds:6.3f} s  {status}")
    canon, seconds = _timed(canonical, text)
    print(f"canonical            {seconds:6.3f} s")
    form, seconds = _timed(analysis_form, text, repeat=1)
    print(f"analysis_form (cold) {seconds:6.3f} s  length kept: {len(form) == len(canon)}")
    _, seconds = _timed(analysis_form, text)
    print(f"analysis_form (warm) {seconds:6.3f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
