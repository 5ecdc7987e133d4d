"""Word segmentation speed and memory: vnqual vs the loop a researcher would write.

Measures, in one run, on the real UIT-VSFC statements (``dev.csv``) replicated to 10k and 100k
rows, plus the 13,008 distinct statements:

* naive: ``[underthesea.word_tokenize(t) for t in texts]`` (model loaded beforehand);
* vnqual cold: ``vnqual.text.tokenize.segment(texts, jobs=N)`` with an empty cache folder,
  fresh worker processes and empty in-process caches, with and without in-run deduplication;
  ``jobs`` is an upper bound (one process for small inputs or a busy machine), so the 100k run
  is also timed with the workers forced;
* vnqual warm: the same call again, median of 3 (the whole run is one snapshot in the on-disk
  cache);
* vnqual warm, edited corpus: the same texts in another order (rotated by one), so the run
  snapshot misses and every statement is read from the per-statement cache entries;
* identity: vnqual's CRF decoder vs ``underthesea.word_tokenize`` on every row, and vs
  ``underthesea.pos_tag`` / ``underthesea.chunk`` on the first 2,000 rows (with timings);
* peak RSS of a separate process that runs cold + warm on 100k rows (``--rss``).

Usage::

    python benchmarks/bench_tokenize.py [--data dev.csv] [--jobs 2]
    /usr/bin/time -v python benchmarks/bench_tokenize.py --rss --rows 100000
    python benchmarks/bench_tokenize.py --rss-tree --rows 100000   # main + workers, sampled
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path("/work/shared/data/uit-vsfc/dev.csv")


def _load(path: Path) -> list[str]:
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)["text"].tolist()


def _replicate(texts: list[str], n: int) -> list[str]:
    return (texts * (n // len(texts) + 1))[:n]


def _fresh_state() -> None:
    """Empty in-process caches and stop pooled workers so the next run starts cold."""
    from joblib.externals.loky import get_reusable_executor

    from vnqual.text import _crf

    get_reusable_executor().shutdown(wait=True)
    _crf.clear_caches()


def _vnqual(texts: list[str], jobs: int, dedupe: bool, force: bool = False) -> tuple[float, float, float]:
    """Seconds for a cold, a warm and an edited-corpus warm ``segment`` call (``force``:
    start ``jobs`` workers even when the load average says the machine is busy)."""
    from vnqual.text import _words
    from vnqual.text.tokenize import segment

    _words.DEDUPE = dedupe
    busy = _words._busy_cores
    if force:
        _words._busy_cores = lambda: 0.0
    with tempfile.TemporaryDirectory(prefix="vnqual-bench-cache-") as cache:
        os.environ["VNQUAL_CACHE_DIR"] = cache
        _fresh_state()
        t0 = time.perf_counter()
        result = segment(texts, jobs=jobs)
        t_cold = time.perf_counter() - t0
        digest = hash(tuple(map(tuple, result)))
        del result  # keep one result alive at a time, as a user would
        warm = []
        for _ in range(3):  # median of 3: a 0.1 s call is at the mercy of one GC pause
            t0 = time.perf_counter()
            result = segment(texts, jobs=jobs)
            warm.append(time.perf_counter() - t0)
            if hash(tuple(map(tuple, result))) != digest:
                raise SystemExit("warm result differs from cold result")
            del result
        t_warm = sorted(warm)[1]
        rotated = texts[1:] + texts[:1]
        t0 = time.perf_counter()
        result = segment(rotated, jobs=jobs)
        t_edit = time.perf_counter() - t0
        if hash(tuple(map(tuple, result[-1:] + result[:-1]))) != digest:
            raise SystemExit("edited-corpus warm result differs from cold result")
        del result
    _words.DEDUPE = True
    _words._busy_cores = busy
    return t_cold, t_warm, t_edit


def _naive(texts: list[str]) -> tuple[float, list[list[str]]]:
    import underthesea

    underthesea.word_tokenize("xin chào")  # load the model outside the timing
    t0 = time.perf_counter()
    out = [underthesea.word_tokenize(t) for t in texts]
    return time.perf_counter() - t0, out


def _identity(texts: list[str], reference: list[list[str]]) -> dict[str, int]:
    from vnqual.text import _crf
    from vnqual.text.tokenize import segment

    fast = _crf.word_tokenize_batch(texts)
    decoder_diff = sum(a != b for a, b in zip(fast, reference))
    # segment() works on the analysis copy (one tone style), so a few rows may differ there
    forms = [[t.form for t in s] for s in segment(texts, cache=False)]
    pipeline_diff = sum(f != [w.replace(" ", "_") for w in r] for f, r in zip(forms, reference))
    return {"rows": len(texts), "decoder_differs": decoder_diff, "segment_differs": pipeline_diff}


def _pos_chunk(texts: list[str]) -> None:
    """Identity and speed of POS tags and chunks against underthesea's per-sentence calls."""
    import underthesea

    from vnqual.text import _crf
    from vnqual.text.tokenize import noun_phrases, segment

    underthesea.chunk("xin chào")
    t0 = time.perf_counter()
    ref_pos = [underthesea.pos_tag(t) for t in texts]
    t_pos = time.perf_counter() - t0
    t0 = time.perf_counter()
    ref_chunk = [underthesea.chunk(t) for t in texts]
    t_chunk = time.perf_counter() - t0
    words = [[w for w, _ in r] for r in ref_pos]
    tags = [_crf.pos_tags(w) for w in words]
    pos_diff = sum([p for _, p in r] != t for r, t in zip(ref_pos, tags))
    chunk_diff = sum([c for _, _, c in r] != _crf.chunk_tags(w, t) for r, w, t in zip(ref_chunk, words, tags))
    _fresh_state()
    t0 = time.perf_counter()
    segment(texts, pos=True, cache=False, jobs=1)
    v_pos = time.perf_counter() - t0
    _fresh_state()
    t0 = time.perf_counter()
    noun_phrases(texts, cache=False, jobs=1)
    v_chunk = time.perf_counter() - t0
    print(
        f"POS/chunk on {len(texts)} rows: identity pos_tag differs in {pos_diff}, chunk in "
        f"{chunk_diff}; underthesea pos_tag loop {t_pos:.2f} s, chunk loop {t_chunk:.2f} s; "
        f"vnqual segment(pos=True) {v_pos:.2f} s, noun_phrases {v_chunk:.2f} s (cold, jobs=1)"
    )


def _rate(n: int, syl: int, seconds: float) -> str:
    return f"{seconds:8.2f} s | {n / seconds:9,.0f} | {syl / seconds:10,.0f}"


def _rss_child(rows: int, jobs: int) -> None:
    texts = _replicate(_load(DATA), rows)
    t_cold, t_warm, _ = _vnqual(texts, jobs, dedupe=False)
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "rows": rows,
                "cold_s": t_cold,
                "warm_s": t_warm,
                "peak_rss_main_mb": own,
                "peak_rss_worker_mb": workers,
            }
        )
    )


def _tree_rss_kb(root: int) -> int:
    """Resident memory of ``root`` and all its descendants (Linux ``/proc``), in kB."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
            with open(f"/proc/{entry}/statm") as fh:
                pages = int(fh.read().split()[1])
        except OSError:
            continue
        parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[int(entry)] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    tree, frontier = {root}, [root]
    while frontier:
        kids = [p for p, pp in parent.items() if pp in frontier and p not in tree]
        tree.update(kids)
        frontier = kids
    return sum(rss.get(p, 0) for p in tree)


def _rss_run(rows: int, jobs: int) -> str:
    """Run the ``--rss`` child and sample its whole process tree every 50 ms."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--rss", "--rows", str(rows), "--jobs", str(jobs)],
        stdout=subprocess.PIPE,
        text=True,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kb(proc.pid))
        time.sleep(0.05)
    out = proc.stdout.read().strip() if proc.stdout else ""
    return f"{out} peak RSS of the whole process tree (sampled): {peak / 1024:.0f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rss", action="store_true", help="only the peak-RSS run")
    parser.add_argument(
        "--rss-tree",
        action="store_true",
        help="only the peak-RSS run, sampling main process + workers together",
    )
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    if args.rss:
        _rss_child(args.rows, args.jobs)
        return
    if args.rss_tree:
        print(_rss_run(args.rows, args.jobs))
        return
    texts = _load(args.data)
    unique = list(dict.fromkeys(texts))
    sets = {
        "10k rows": texts[:10_000],
        f"{len(unique):,} distinct": unique,
        "100k rows": _replicate(texts, 100_000),
    }
    print(
        f"# python {sys.version.split()[0]}, {os.cpu_count()} CPUs, jobs={args.jobs}, "
        f"load average at start {os.getloadavg()[0]:.1f} (vnqual stays in one process when "
        "other processes keep every core busy)"
    )
    t_naive, reference = _naive(texts)
    print("identity on all rows:", _identity(texts, reference))
    _pos_chunk(texts[:2000])
    print("\n| data | run | time | statements/s | syllables/s | speed-up vs naive |")
    print("|---|---|---|---|---|---|")
    for name, rows in sets.items():
        syl = sum(len(t.split()) for t in rows)
        t_naive, _ = _naive(rows)
        runs = {"naive loop": t_naive}
        for dedupe in (False, True):
            cold, warm, edit = _vnqual(rows, args.jobs, dedupe)
            tag = "dedup" if dedupe else "no dedup"
            runs[f"vnqual cold, {tag}"] = cold
            runs[f"vnqual warm, {tag}"] = warm
            runs[f"vnqual warm, edited corpus, {tag}"] = edit
        cold1, _, _ = _vnqual(rows, 1, dedupe=False)
        runs["vnqual cold, no dedup, jobs=1"] = cold1
        if len(rows) > 50_000:
            forced, _, _ = _vnqual(rows, args.jobs, dedupe=False, force=True)
            runs[f"vnqual cold, no dedup, {args.jobs} workers even if busy"] = forced
        for run, sec in runs.items():
            print(f"| {name} | {run} | {_rate(len(rows), syl, sec)} | {t_naive / sec:5.1f}x |")
        print(
            f"| {name} | warm vs cold (no dedup) | | | | "
            f"{runs['vnqual cold, no dedup'] / runs['vnqual warm, no dedup']:5.1f}x |"
        )
        print(
            f"| {name} | warm vs cold (dedup) | | | | "
            f"{runs['vnqual cold, dedup'] / runs['vnqual warm, dedup']:5.1f}x |",
            flush=True,
        )
    print("\npeak RSS, separate process, 100k rows cold + warm, no dedup:", _rss_run(100_000, args.jobs))
    print(f"load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
