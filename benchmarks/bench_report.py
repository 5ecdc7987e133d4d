"""Benchmark ``vnqual report``: wall time and file size (sample corpus; 10k UIT-VSFC statements).

Runs the real command in a subprocess, twice per corpus: the first run fills the segmentation
cache, the second is the one timed ("after caching"). The UIT-VSFC rows are copied to a
temporary folder only (never into the repository).

Usage::

    .venv/bin/python benchmarks/bench_report.py            # both corpora
    .venv/bin/python benchmarks/bench_report.py --rows 10000 --skip-sample
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "toa-dam-boi-duong"
UIT = Path("/work/shared/data/uit-vsfc/dev.csv")
#: Targets from issue 7.
MAX_SECONDS_SAMPLE = 30.0
MAX_BYTES_10K = 5 * 1024 * 1024


#: ``vnqual`` as the console script runs it (the import registers `report` if it is not yet).
_VNQUAL = "import vnqual.cli._report; from vnqual.cli import main; main()"


def _vnqual(*args: str) -> float:
    """Run ``vnqual -q ARGS`` in a fresh process and return the wall time in seconds."""
    cmd = [sys.executable, "-c", _VNQUAL, "-q", *args]
    print("$ vnqual -q " + " ".join(args), flush=True)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO)
    return time.perf_counter() - start


def _bench(name: str, args: list[str], out: Path) -> tuple[float, float, int]:
    cold = _vnqual(*args, "-o", str(out))
    warm = _vnqual(*args, "-o", str(out))
    size = out.stat().st_size
    print(
        f"{name}: first run {cold:.1f} s, after caching {warm:.1f} s, {size / 1024:.0f} KiB ({size:,} bytes)"
    )
    return cold, warm, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="UIT-VSFC rows (first N).")
    parser.add_argument("--skip-sample", action="store_true")
    parser.add_argument("--skip-uit", action="store_true")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vnqual-bench-report-") as tmp:
        tmp_dir = Path(tmp)
        if not opts.skip_sample:
            args = ["report", str(SAMPLE), "--by", "site"]
            codebook = REPO / "models" / "codebook_boi_duong.yaml"
            if codebook.is_file():
                args += ["--codebook", str(codebook)]
            _, warm, _ = _bench("sample corpus", args, tmp_dir / "bao_cao.html")
            print(f"  target < {MAX_SECONDS_SAMPLE:.0f} s: {'ok' if warm < MAX_SECONDS_SAMPLE else 'MISSED'}")
        if not opts.skip_uit:
            if not UIT.is_file():
                sys.exit(f"{UIT}: not found (UIT-VSFC dev.csv, see its README)")
            lines = UIT.read_text(encoding="utf-8").splitlines(keepends=True)
            csv = tmp_dir / f"uit_vsfc_dev_{opts.rows}.csv"
            csv.write_text("".join(lines[: opts.rows + 1]), encoding="utf-8")
            _, _, size = _bench(
                f"UIT-VSFC {opts.rows} rows", ["report", str(csv), "--by", "topic"], tmp_dir / "uit.html"
            )
            print(f"  target < 5 MB: {'ok' if size < MAX_BYTES_10K else 'MISSED'}")


if __name__ == "__main__":
    main()
