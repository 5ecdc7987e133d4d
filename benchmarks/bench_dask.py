"""``--scheduler local`` (a Dask LocalCluster, one worker process per core) vs the local path.

Statements: the real UIT-VSFC sentences made distinct at any size (``bench_scale.statements``),
written to a temporary Parquet file (nothing is committed). Every run is a fresh process
(``python -m vnqual -q``) with an empty cache folder (cold: every statement is segmented).

For each size N:

* ``vnqual tokens rows.parquet -o tokens.csv`` without and with ``--scheduler local``; the two CSVs
  are compared byte for byte;
* with ``--topics``: ``vnqual topics rows.parquet -k auto --out DIR`` without and with
  ``--scheduler local``; topics.csv, assignments.csv and k_scan.csv compared byte for byte;
* ``--cluster-only`` skips the local runs (the 1M run: its local cold run is in scale.md's range).

Usage::

    python benchmarks/bench_dask.py --sizes 10000 --topics
    python benchmarks/bench_dask.py --sizes 1000000 --cluster-only
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _bench_scale():
    spec = importlib.util.spec_from_file_location("bench_scale", HERE / "bench_scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000])
    ap.add_argument("--topics", action="store_true")
    ap.add_argument("--tag", action="store_true", help="also `tag` with models/codebook_boi_duong.yaml")
    ap.add_argument("--cluster-only", action="store_true")
    args = ap.parse_args()
    bs = _bench_scale()
    print(f"load before: {os.getloadavg()[0]:.1f}")
    print("| N | command | local s (CPU) | --scheduler local s (CPU) | cluster/local | same output |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        import pandas as pd

        texts = bs.statements(n)
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            src = t / "rows.parquet"
            pd.DataFrame({"statement": [f"s{i}" for i in range(n)], "text": texts}).to_parquet(src)
            del texts
            common = ["--max-size", "5000"]
            runs = [
                (
                    "tokens",
                    lambda out, src=src, common=common: [
                        "tokens",
                        str(src),
                        *common,
                        "-o",
                        str(out / "tokens.csv"),
                    ],
                )
            ]
            if args.topics:
                runs.append(
                    (
                        "topics -k auto",
                        lambda out, src=src, common=common: [
                            "topics",
                            str(src),
                            *common,
                            "-k",
                            "auto",
                            "--out",
                            str(out),
                        ],
                    )
                )
            if args.tag:
                codebook = str(HERE.parent / "models" / "codebook_boi_duong.yaml")
                runs.append(
                    (
                        "tag",
                        lambda out, src=src, common=common, codebook=codebook: [
                            "tag",
                            str(src),
                            *common,
                            "--codebook",
                            codebook,
                            "--out",
                            str(out / "ma_hoa"),
                        ],
                    )
                )
            for i, (name, argv) in enumerate(runs):
                row = []
                outs = []
                for mode in ("local", "cluster"):
                    if mode == "local" and args.cluster_only:
                        row.append("-")
                        continue
                    out = t / f"{mode}-{i}"
                    out.mkdir()
                    extra = ["--scheduler", "local"] if mode == "cluster" else []
                    wall = bs.run_cli([*argv(out)[:1], *extra, *argv(out)[1:]], t / f"cache-{mode}-{i}")
                    row.append(f"{wall:.1f} ({bs.CPU[argv(out)[0]]:.1f})")
                    outs.append((wall, out))
                ratio = f"{outs[1][0] / outs[0][0]:.2f}x" if len(outs) == 2 else "-"
                same = "-"
                if len(outs) == 2:
                    names = {
                        "tokens": ["tokens.csv"],
                        "tag": ["ma_hoa/codes.csv", "ma_hoa/hits.csv"],
                    }.get(name, ["topics.csv", "assignments.csv", "k_scan.csv"])
                    same = (
                        "yes"
                        if all((outs[0][1] / f).read_bytes() == (outs[1][1] / f).read_bytes() for f in names)
                        else "NO"
                    )
                print(f"| {n:,} | {name} | {row[0]} | {row[1]} | {ratio} | {same} |", flush=True)
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
