"""Whole-process speed of ``vnqual tokens`` / ``vnqual topics`` at scale vs the naive pipeline.

Statements: the real UIT-VSFC sentences (``dev.csv``, 13k distinct) made distinct at any size by
joining two sentences (sentence ``i`` + sentence ``(i * 7919 + round) mod n``), deduplicated,
written to a temporary CSV (nothing is committed).

For each size N, in one run on the same machine:

* naive: ``[underthesea.word_tokenize(t) for t in texts]`` -> gensim ``Dictionary`` ->
  ``LdaModel(num_topics=10)`` with gensim defaults (1 pass), then ``passes=10`` (the gensim
  tutorial's setting); timed in-process with the underthesea model loaded beforehand (this
  favours the naive pipeline: vnqual's times include Python start-up, imports and model load);
* ``vnqual tokens rows.csv -o out.csv`` cold (empty ``VNQUAL_CACHE_DIR``) then warm (same cache);
* ``vnqual topics rows.csv -k 10 --out DIR`` cold (empty cache) then warm (same cache, another
  ``--out``), each a fresh process (``python -m vnqual``).

Usage::

    python benchmarks/bench_scale.py --sizes 10000 50000
    python benchmarks/bench_scale.py --sizes 50000 --skip-naive      # vnqual only
    python benchmarks/bench_scale.py --sizes 50000 --profile topics  # cProfile the warm run
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path("/work/shared/data/uit-vsfc/dev.csv")
REPO = Path(__file__).resolve().parents[1]


def statements(n: int) -> list[str]:
    """``n`` distinct statements built from pairs of real sentences."""
    import pandas as pd

    base = list(dict.fromkeys(pd.read_csv(DATA, dtype=str, keep_default_na=False)["text"]))
    m = len(base)
    out: dict[str, None] = {}
    r = 0
    while len(out) < n:
        for i in range(m):
            j = (i * 7919 + r * 104729 + r) % m
            out[f"{base[i]} {base[j]}" if r or i % 2 else base[i]] = None
            if len(out) >= n:
                break
        r += 1
    return list(out)


def naive(texts: list[str], k: int = 10) -> dict[str, float]:
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel
    from underthesea import word_tokenize

    word_tokenize("khởi động mô hình")
    c0 = time.process_time()
    t0 = time.perf_counter()
    toks = [[w.replace(" ", "_") for w in word_tokenize(t)] for t in texts]
    t_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    d = Dictionary(toks)
    bows = [d.doc2bow(t) for t in toks]
    t_dict = time.perf_counter() - t0
    t0 = time.perf_counter()
    LdaModel(bows, num_topics=k, id2word=d, random_state=0)
    t_lda1 = time.perf_counter() - t0
    t0 = time.perf_counter()
    LdaModel(bows, num_topics=k, id2word=d, random_state=0, passes=10)
    t_lda10 = time.perf_counter() - t0
    return {
        "tokenize": t_tok,
        "dictionary": t_dict,
        "naive_defaults": t_tok + t_dict + t_lda1,
        "naive_passes10": t_tok + t_dict + t_lda10,
        "cpu_total": time.process_time() - c0,
    }


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


#: CPU seconds (user + sys, the process and its worker processes) of each timed step, by label.
CPU: dict[str, float] = {}


def run_cli(
    args: list[str], cache: Path, profile: Path | None = None, extra_env: dict | None = None
) -> float:
    """Wall seconds of ``python -m vnqual -q ARGS`` (its CPU seconds go to :data:`CPU`)."""
    env = dict(os.environ, VNQUAL_CACHE_DIR=str(cache), PYTHONPATH=str(REPO), **(extra_env or {}))
    pre = [sys.executable] + (["-m", "cProfile", "-o", str(profile)] if profile else []) + ["-m", "vnqual"]
    t0, c0 = time.perf_counter(), _children_cpu()
    subprocess.run(pre + ["-q", *args], check=True, env=env, cwd=REPO, stdout=subprocess.DEVNULL)
    CPU[" ".join(args[:1])] = _children_cpu() - c0
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 50000])
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--profile", choices=["tokens", "topics"], action="append", default=[])
    ap.add_argument("--input", choices=["csv", "parquet"], default="csv")
    args = ap.parse_args()
    logging.getLogger("gensim").setLevel(logging.ERROR)
    print(
        "| N | naive tok | naive defaults | naive passes=10 | tokens cold | tokens warm | cold/warm "
        "| topics cold | topics warm | naive10/cold | naive1/cold | naive10/warm | naive1/warm |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n in args.sizes:
        texts = statements(n)
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            import pandas as pd

            frame = pd.DataFrame({"statement": [f"s{i}" for i in range(n)], "text": texts})
            if args.input == "parquet":
                src = t / "rows.parquet"
                frame.to_parquet(src, index=False)
            else:
                src = t / "rows.csv"
                frame.to_csv(src, index=False)
            nv = naive(texts) if not args.skip_naive else {}
            tok = [str(src), "-o", str(t / "tokens.csv")]
            cpu = {}
            tc = run_cli(["tokens", *tok], t / "c1")
            cpu["tokens cold"] = CPU["tokens"]
            prof = t.parent / f"vnqual-tokens-{n}.prof" if "tokens" in args.profile else None
            tw = run_cli(["tokens", *tok], t / "c1", prof)
            cpu["tokens warm"] = CPU["tokens"]
            top = [str(src), "-k", "10"]
            pc = run_cli(["topics", *top, "--out", str(t / "o1")], t / "c2")
            cpu["topics cold"] = CPU["topics"]
            prof = t.parent / f"vnqual-topics-{n}.prof" if "topics" in args.profile else None
            pw = run_cli(["topics", *top, "--out", str(t / "o2")], t / "c2", prof)
            cpu["topics warm"] = CPU["topics"]
            same = all(
                (t / "o1" / f).read_bytes() == (t / "o2" / f).read_bytes()
                for f in ("topics.csv", "assignments.csv")
            )
            assert same, "warm topics output differs from cold"

        def f(key: str, nv: dict = nv) -> str:
            return f"{nv[key]:.1f}" if key in nv else "-"

        def r(key: str, t_: float, nv: dict = nv) -> str:
            return f"{nv[key] / t_:.1f}x" if key in nv else "-"

        print(
            f"| {n} | {f('tokenize')} | {f('naive_defaults')} | {f('naive_passes10')} | {tc:.1f} | {tw:.2f} "
            f"| {tc / tw:.1f}x | {pc:.1f} | {pw:.2f} | {r('naive_passes10', pc)} | {r('naive_defaults', pc)} "
            f"| {r('naive_passes10', pw)} "
            f"| {r('naive_defaults', pw)} |",
            flush=True,
        )
        load = os.getloadavg()[0]
        print(
            f"|   CPU s (user+sys) | naive {nv.get('cpu_total', 0):.1f} (both LDA runs) | "
            + " | ".join(f"{k_} {v:.1f}" for k_, v in cpu.items())
            + f" | load avg {load:.1f} |",
            flush=True,
        )
        if args.profile:
            print(f"profiles: {tempfile.gettempdir()}/vnqual-*-{n}.prof", flush=True)


if __name__ == "__main__":
    main()
