"""Whole-process speed and peak memory of ``vnqual tag`` (and ``report``) at survey scale.

Statements: the real UIT-VSFC sentences (``dev.csv``) made distinct at any size as in
``bench_scale.py`` (two sentences joined), written to a temporary CSV (nothing is committed).
Hand-coded rows for ``--train``: UIT-VSFC ``train`` rows with their topic as the code
(``benchmarks/codebook_uit_vsfc.yaml``), the first ``--train-rows`` of them.

For each size N, each a fresh process (``python -m vnqual -q``), in one run:

* ``tokens rows.csv -o tok.csv`` with an empty cache (``VNQUAL_CACHE_DIR``): the yardstick;
* ``tag rows.csv --codebook models/codebook_boi_duong.yaml --out A`` with an empty cache (cold)
  and again with ``--out B`` (warm: same inputs and options);
* ``tag rows.csv --codebook benchmarks/codebook_uit_vsfc.yaml --train train.csv`` cold;
* optionally ``topics -k 10`` and ``report`` (``--report``): report after topics and tag.

Peak memory is the highest sum of RSS over the process and all its descendants (loky workers),
sampled every 50 ms from ``/proc``.

Usage::

    python benchmarks/bench_tag.py --sizes 10000 100000
    python benchmarks/bench_tag.py --sizes 10000 --report
    python benchmarks/bench_tag.py --sizes 10000 --profile tag   # cProfile the cold tag run
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import DATA, REPO, statements  # noqa: E402
from bench_tokenize import _tree_rss_kb  # noqa: E402  (RSS of a process and its children)

CODEBOOK = REPO / "models" / "codebook_boi_duong.yaml"
VSFC_CODEBOOK = REPO / "benchmarks" / "codebook_uit_vsfc.yaml"


def run(args: list[str], cache: Path, profile: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak tree RSS (MB) of ``python -m vnqual -q ARGS`` (printed as it ends)."""
    env = dict(os.environ, VNQUAL_CACHE_DIR=str(cache), PYTHONPATH=str(REPO))
    pre = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else []) + ["-m", "vnqual"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(pre + ["-q", *args], env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid) * 1024)
            time.sleep(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    rc = proc.wait()
    done.set()
    th.join()
    if rc:
        raise SystemExit(f"vnqual {' '.join(args)} failed with exit code {rc}")
    wall = time.perf_counter() - t0
    print(f"  {args[0]} ({cache.name}): {wall:.1f} s, {peak / 2**20:.0f} MB", file=sys.stderr, flush=True)
    return wall, peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    ap.add_argument("--train-rows", type=int, default=10000)
    ap.add_argument("--report", action="store_true", help="also time topics + report")
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--profile", choices=["tag", "tag-warm", "report"], action="append", default=[])
    args = ap.parse_args()
    import pandas as pd

    dev = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    train = dev[dev.split == "train"].head(args.train_rows)
    rows = []
    for n in args.sizes:
        texts = statements(n)
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            src = t / "rows.csv"
            pd.DataFrame({"statement": [f"s{i}" for i in range(n)], "text": texts}).to_csv(src, index=False)
            tr = t / "train.csv"
            pd.DataFrame({"text": train.text, "code": train.topic}).to_csv(tr, index=False)
            prof = {k: t / f"{k}.prof" if k in args.profile else None for k in ("tag", "tag-warm", "report")}
            r: dict[str, tuple[float, float]] = {}
            r["tokens cold"] = run(["tokens", str(src), "-o", str(t / "tok.csv")], t / "c0")
            r["tag cold"] = run(
                ["tag", str(src), "--codebook", str(CODEBOOK), "--out", str(t / "A")], t / "c1", prof["tag"]
            )
            r["tag warm"] = run(
                ["tag", str(src), "--codebook", str(CODEBOOK), "--out", str(t / "B")],
                t / "c1",
                prof["tag-warm"],
            )
            a = (t / "A" / "codes.csv").read_bytes()
            b = (t / "B" / "codes.csv").read_bytes()
            same = "identical" if a == b else "DIFFERENT"
            if not args.skip_train:
                r["tag --train cold"] = run(
                    [
                        "tag",
                        str(src),
                        "--codebook",
                        str(VSFC_CODEBOOK),
                        "--train",
                        str(tr),
                        "--out",
                        str(t / "T"),
                    ],
                    t / "c2",
                )
            if args.report:
                report = ["report", str(src), "--codebook", str(CODEBOOK), "-k", "10"]
                r["report cold"] = run([*report, "-o", str(t / "r0.html")], t / "c3")
                r["topics cold"] = run(["topics", str(src), "-k", "10", "--out", str(t / "P")], t / "c1")
                r["report after topics+tag"] = run(
                    [
                        "report",
                        str(src),
                        "--codebook",
                        str(CODEBOOK),
                        "-k",
                        "10",
                        "-o",
                        str(t / "r.html"),
                    ],
                    t / "c1",
                    prof["report"],
                )
            for k, p in prof.items():
                if p is not None and p.exists():
                    import pstats

                    print(f"--- profile {k} (N={n})")
                    pstats.Stats(str(p)).sort_stats("cumulative").print_stats(30)
            tok = r["tokens cold"][0]
            for label, (sec, mb) in r.items():
                rows.append((n, label, sec, sec / tok, mb))
            print(f"N={n}: warm codes.csv vs cold: {same}", flush=True)
    print("| N | run | wall s | x tokens cold | peak RSS MB (all processes) |")
    print("|---|---|---|---|---|")
    for n, label, sec, ratio, mb in rows:
        print(f"| {n:,} | {label} | {sec:.1f} | {ratio:.2f} | {mb:.0f} |")


if __name__ == "__main__":
    main()
