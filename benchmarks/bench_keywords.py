"""Benchmark and sanity check of ``vnqual keywords`` / ``kwic`` / ``collocations``.

Usage::

    python benchmarks/bench_keywords.py [--rows 100000] [--data /work/shared/data/uit-vsfc/dev.csv]

1. Sanity (real data): ``log_odds(by="topic")`` on UIT-VSFC train+dev; prints the top-15 words
   of every topic as a markdown table (recorded in benchmarks/keywords.md).
2. Speed: the data replicated to ``--rows`` statements in a temporary CSV (never in the repo);
   one warm-up ``vnqual tokens`` run fills the segmentation cache, then every command is timed
   end to end (new process: start-up, reading, cached tokens, analysis, writing the output).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

DATA = Path("/work/shared/data/uit-vsfc/dev.csv")


def sanity(data: Path) -> None:
    from vnqual import read_corpus
    from vnqual.keywords import log_odds

    corpus = read_corpus(data)
    start = time.perf_counter()
    result = log_odds(corpus, by="topic", top=15)
    took = time.perf_counter() - start
    print(
        f"\n### log_odds(by='topic') on {data.name}: {len(corpus)} statements, {took:.1f} s "
        "(tokenising included)\n"
    )
    groups = list(dict.fromkeys(result["group"]))
    print("| rank | " + " | ".join(groups) + " |")
    print("|---:|" + "---|" * len(groups))
    for rank in range(1, 16):
        cells = []
        for group in groups:
            row = result[(result["group"] == group) & (result["rank"] == rank)]
            cells.append(
                ""
                if row.empty
                else f"{row['term'].iloc[0]} ({row['count_group'].iloc[0]}/"
                f"{row['count_rest'].iloc[0]}, z={row['z'].iloc[0]:.1f})"
            )
        print(f"| {rank} | " + " | ".join(cells) + " |")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    # Same as `vnqual -q ...`; importing the module registers the commands in any case.
    launcher = "import vnqual.cli._keywords; from vnqual.cli import main; main()"
    proc = subprocess.run(
        [sys.executable, "-c", launcher, "-q", *args], capture_output=True, text=True, check=False
    )
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: vnqual {' '.join(args)}\n{proc.stderr}")
    return took


def speed(data: Path, rows: int) -> None:
    frame = pd.read_csv(data, dtype=str, keep_default_na=False)
    reps = -(-rows // len(frame))
    big = pd.concat([frame] * reps, ignore_index=True).head(rows)
    big["id"] = [f"r{i:06d}" for i in range(len(big))]
    with tempfile.TemporaryDirectory(prefix="vnqual-bench-") as tmp:
        csv = Path(tmp) / f"vsfc_{rows}.csv"
        big.to_csv(csv, index=False)
        out = Path(tmp) / "out.csv"
        print(f"\n### {rows} statements ({len(frame)} distinct texts x {reps}), {os.cpu_count()} CPU(s)\n")
        print("| command | wall time |")
        print("|---|---:|")
        warm = timed(["tokens", str(csv), "--out", str(out)])
        print(f"| `vnqual tokens` (warm-up, fills the cache) | {warm:.1f} s |")
        warm = timed(["keywords", str(csv), "--method", "textrank", "--by", "topic"])
        print(f"| `vnqual keywords --method textrank` (warm-up, fills the chunk cache) | {warm:.1f} s |")
        commands = [
            ["keywords", str(csv)],
            ["keywords", str(csv), "--by", "topic"],
            ["keywords", str(csv), "--method", "logodds", "--by", "topic"],
            ["keywords", str(csv), "--method", "tfidf", "--by", "topic"],
            [
                "keywords",
                str(csv),
                "--method",
                "tfidf",
                "--level",
                "statement",
                "--top",
                "5",
                "--out",
                str(out),
            ],
            ["keywords", str(csv), "--method", "textrank", "--by", "topic"],
            ["kwic", str(csv), "máy chiếu", "--out", str(out)],
            ["collocations", str(csv), "--min-count", "20"],
        ]
        for args in commands:
            took = timed(args)
            shown = " ".join(a if a != str(csv) else csv.name for a in args)
            shown = shown.replace(str(out), "out.csv")
            print(f"| `vnqual {shown}` | {took:.1f} s |")
        analysis_only(csv)


def analysis_only(csv: Path) -> None:
    """Time the keyword functions alone, on token lists already in memory."""
    from vnqual import read_corpus
    from vnqual.keywords import collocations, frequencies, log_odds, tfidf_terms

    corpus = read_corpus(csv)
    start = time.perf_counter()
    tokens = corpus.tokens().tolist()
    print(
        f"\nAnalysis only, tokens in memory (reading {time.perf_counter() - start:.1f} s "
        "of cached tokens not included):\n"
    )
    print("| function | time |")
    print("|---|---:|")
    frame = corpus.frame
    calls = {
        "frequencies(by='topic', top=20)": lambda: frequencies(tokens, frame=frame, by="topic", top=20),
        "log_odds(by='topic')": lambda: log_odds(tokens, frame=frame, by="topic"),
        "tfidf_terms(by='topic')": lambda: tfidf_terms(tokens, frame=frame, by="topic"),
        "tfidf_terms(level='statement', top=5)": lambda: tfidf_terms(
            tokens, frame=frame, level="statement", top=5
        ),
        "collocations(min_count=20)": lambda: collocations(tokens, min_count=20),
    }
    for name, call in calls.items():
        start = time.perf_counter()
        call()
        print(f"| `{name}` | {time.perf_counter() - start:.2f} s |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--skip-sanity", action="store_true")
    args = parser.parse_args()
    if not args.skip_sanity:
        sanity(args.data)
    speed(args.data, args.rows)


if __name__ == "__main__":
    main()
