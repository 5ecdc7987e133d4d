"""Large inputs: ``vnqual tokens`` / ``topics -k 10`` / ``tag`` on 100k-1M+ statements, wall time
and peak memory of the whole process tree (main process + segmentation workers).

Statements: the real UIT-VSFC sentences made distinct at any size (``bench_scale.statements``),
written once to a Parquet file in ``--work`` (default: a temporary folder; nothing is committed).
Every run is a fresh ``python -m vnqual -q`` process with an empty cache folder (cold), its
process tree sampled every 100 ms from ``/proc``.

Usage::

    python benchmarks/bench_stream.py --sizes 100000 1000000 --commands topics
    python benchmarks/bench_stream.py --sizes 1000000 --commands tokens topics --work /tmp/stream
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows_file(work: Path, n: int) -> Path:
    """``rows{n}.parquet`` in ``work`` (written once)."""
    import pandas as pd

    src = work / f"rows{n}.parquet"
    if not src.exists():
        texts = _module("bench_scale").statements(n)
        frame = pd.DataFrame({"statement": [f"s{i}" for i in range(n)], "text": texts})
        frame.to_parquet(src.with_suffix(".tmp"))
        os.replace(src.with_suffix(".tmp"), src)
    return src


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak tree RSS (MB) and exit code of ``python -m vnqual -q *args``."""
    tree_rss = _module("bench_tokenize")._tree_rss_kb
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vnqual", "-q", *args], env=env)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.1)
    return time.perf_counter() - t0, peak / 1024, proc.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--commands", nargs="+", default=["topics"], choices=["tokens", "topics", "tag"])
    ap.add_argument("--work", type=Path, default=None, help="folder for the input and outputs")
    ap.add_argument("--warm", action="store_true", help="also run each command a second time")
    args = ap.parse_args()
    tmp = None
    if args.work is None:
        tmp = tempfile.TemporaryDirectory()
        args.work = Path(tmp.name)
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load before: {os.getloadavg()[0]:.1f}", flush=True)
    print("| N | command | run | wall s | peak RSS, all processes (MB) |")
    print("|---|---|---|---|---|")
    for n in args.sizes:
        src = rows_file(args.work, n)
        for command in args.commands:
            cache = tempfile.mkdtemp(dir=args.work, prefix="cache-")
            env = {**os.environ, "VNQUAL_CACHE_DIR": cache}
            out = args.work / f"out-{command}-{n}"
            cli = {
                "tokens": ["tokens", str(src), "-o", str(out.with_suffix(".csv"))],
                "topics": ["topics", str(src), "-k", "10", "--seed", "0", "--out", str(out)],
                "tag": [
                    "tag",
                    str(src),
                    "--codebook",
                    str(REPO / "models" / "codebook_boi_duong.yaml"),
                    "--out",
                    str(out),
                ],
            }[command]
            for label in ("cold", "warm") if args.warm else ("cold",):
                wall, peak, rc = run([*cli, "--max-size", "5000"], env)
                status = "" if rc == 0 else f" exit {rc}"
                print(f"| {n:,} | {command} | {label} | {wall:.1f} | {peak:.0f} |{status}", flush=True)
    print(f"load after: {os.getloadavg()[0]:.1f}")
    if tmp is not None:
        tmp.cleanup()


REPO = HERE.parent

if __name__ == "__main__":
    main()
