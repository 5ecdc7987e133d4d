"""Topic quality and speed on real short statements (UIT-VSFC), vnqual vs naive LDA.

Quality (one run, several seeds, mean ± sd): on the 13,009 labelled student-feedback sentences
of ``dev.csv`` (4 human themes: lecturer 72%, training_program, facility, others), with k=4,
compare each ``vnqual.topics.TopicModel`` method (tokens: ``vnqual.text.tokenize(texts,
pos="content")``, the ``vnqual topics`` default) with the naive baseline a researcher would
write: ``underthesea.word_tokenize`` tokens + gensim ``LdaModel`` with default settings.
Reported: NMI and ARI between each statement's topic (argmax; a statement with no vocabulary
term is its own group, -1) and the human theme, and the mean NPMI coherence of the top-10 terms,
all computed against the same reference texts (underthesea tokens of every statement).

Speed (``--speed``): dev.csv replicated to 100k rows.
  * fit: ``TopicModel(10).fit(tokens)`` with tokens already computed (cached);
  * naive pipeline: ``word_tokenize`` on every row + gensim ``LdaModel(passes=10, k=10)``;
  * vnqual cold end-to-end: ``vnqual topics rows.csv -k 10 --out DIR`` in a fresh process with
    an empty segmentation cache, timed in the same run.

Usage::

    python benchmarks/bench_topics.py                 # quality, 5 seeds
    python benchmarks/bench_topics.py --speed         # + speed on 100k rows
    python benchmarks/bench_topics.py --sample        # + `-k auto` time on the sample corpus
    python benchmarks/bench_topics.py --seeds 1 --methods dmm --truth-start   # diagnostic
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

DATA = Path("/work/shared/data/uit-vsfc/dev.csv")
REPO = Path(__file__).resolve().parents[1]
RUN_CLI = "import vnqual.cli._topics; from vnqual.cli import main; main()"


def _load(path: Path):
    import pandas as pd

    return pd.read_csv(path, dtype=str, keep_default_na=False)


def naive_tokens(texts: list[str]) -> list[list[str]]:
    from underthesea import word_tokenize

    return [[w.replace(" ", "_") for w in word_tokenize(t)] for t in texts]


def naive_lda(tokens: list[list[str]], k: int, seed: int, passes: int = 1):
    """gensim defaults: Dictionary without filtering, LdaModel(num_topics=k), argmax topic."""
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    d = Dictionary(tokens)
    bows = [d.doc2bow(t) for t in tokens]
    model = LdaModel(bows, num_topics=k, id2word=d, random_state=seed, passes=passes)
    assign = np.array(
        [
            max(model.get_document_topics(b, minimum_probability=0.0), key=lambda p: p[1])[0] if b else -1
            for b in bows
        ]
    )
    topics = [[d[i] for i, _ in model.get_topic_terms(t, topn=10)] for t in range(k)]
    return assign, topics


def _scores(labels, assign, topics, reference) -> tuple[float, float, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from vnqual.topics import npmi_coherence

    return (
        normalized_mutual_info_score(labels, assign),
        adjusted_rand_score(labels, assign),
        float(np.mean(npmi_coherence(topics, reference))),
    )


def quality(frame, seeds: list[int], methods: list[str]) -> None:
    from vnqual.text import tokenize
    from vnqual.topics import TopicModel

    texts, labels = frame["text"].tolist(), frame["topic"].to_numpy()
    t0 = time.perf_counter()
    reference = naive_tokens(texts)
    t_naive_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    tokens = tokenize(texts, pos="content")
    t_tok = time.perf_counter() - t0
    print(
        f"{len(texts)} statements; underthesea tokens {t_naive_tok:.1f} s, "
        f"vnqual content tokens {t_tok:.1f} s (cache state as found)\n"
    )
    rows = {}
    runs = [("naive LDA (gensim defaults)", None)] + [(f"vnqual {m}", m) for m in methods]
    for name, method in runs:
        res, secs, kept = [], [], []
        for seed in seeds:
            t0 = time.perf_counter()
            if method is None:
                assign, topics = naive_lda(reference, 4, seed)
                kept.append(4)
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    tm = TopicModel(4, method=method, random_state=seed).fit(tokens)
                assign = tm.document_topics()["topic"].to_numpy()
                topics, _ = tm.topic_terms_, kept.append(tm.n_topics_)
            secs.append(time.perf_counter() - t0)
            res.append(_scores(labels, assign, topics, reference))
        rows[name] = (np.array(res), np.mean(secs), kept)
    base = rows[runs[0][0]][0][:, 0].mean()
    print("| method | NMI | ARI | NPMI | NMI / naive | topics kept | fit s |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (res, sec, kept) in rows.items():
        m, s = res.mean(axis=0), res.std(axis=0)
        print(
            f"| {name} | {m[0]:.3f} ± {s[0]:.3f} | {m[1]:.3f} ± {s[1]:.3f} | "
            f"{m[2]:.3f} ± {s[2]:.3f} | {m[0] / base:.1f}x | {min(kept)}-{max(kept)} | "
            f"{sec:.1f} |"
        )
    print(f"\nseeds: {seeds}")


def truth_start(frame) -> None:
    """Diagnostic: start dmm's EM from the human themes and follow NMI as EM goes on."""
    from sklearn.metrics import normalized_mutual_info_score

    from vnqual.features import term_matrix
    from vnqual.text import tokenize
    from vnqual.topics._dmm import DMMBackend

    labels = frame["topic"].to_numpy()
    codes = np.unique(labels, return_inverse=True)[1]
    tokens = tokenize(frame["text"].tolist(), pos="content")
    X = term_matrix(tokens, min_df=2, max_df=0.5, dtype=np.float64)[0]
    start = np.full((len(codes), 4), 0.01)
    start[np.arange(len(codes)), codes] = 0.97
    print("\n## dmm EM started from the human themes (k=4)")
    print("| EM iterations | NMI |\n|---:|---:|")
    for iters in (1, 5, 20, 100):
        b = DMMBackend(4, n_iter=iters).fit(X, np.ones(X.shape[0]), init=start)
        nmi = normalized_mutual_info_score(labels, b.transform(X).argmax(axis=1))
        print(f"| {iters} | {nmi:.3f} |")


def speed(frame, n_rows: int, k: int, with_lda: bool) -> None:
    import pandas as pd

    from vnqual.text import tokenize
    from vnqual.topics import TopicModel

    texts = frame["text"].tolist()
    rows = (texts * (n_rows // len(texts) + 1))[:n_rows]
    print(f"\n## speed, {n_rows} statements (dev.csv replicated), k={k}")
    # naive pipeline (model loaded before timing)
    naive_tokens(rows[:10])
    t0 = time.perf_counter()
    ntoks = naive_tokens(rows)
    t_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive_lda(ntoks, k, 0, passes=10)
    t_lda = time.perf_counter() - t0
    print(f"naive: word_tokenize {t_tok:.1f} s + LdaModel(passes=10) {t_lda:.1f} s = {t_tok + t_lda:.1f} s")
    # vnqual fit, tokens cached
    toks = tokenize(rows, pos="content")
    methods = ["dmm", "nmf"] + (["lda"] if with_lda else [])
    for method in methods:
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            TopicModel(k, method=method, random_state=0).fit(toks)
        print(f"vnqual fit {method} (tokens cached): {time.perf_counter() - t0:.1f} s")
    # vnqual cold end to end
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "rows.csv"
        pd.DataFrame({"text": rows}).to_csv(csv, index=False)
        env = dict(os.environ, VNQUAL_CACHE_DIR=str(Path(tmp) / "cache"))
        cmd = [
            sys.executable,
            "-c",
            RUN_CLI,
            "-q",
            "topics",
            str(csv),
            "-k",
            str(k),
            "--out",
            str(Path(tmp) / "out"),
        ]
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, cwd=REPO, stdout=subprocess.DEVNULL)
        t_cli = time.perf_counter() - t0
    naive = t_tok + t_lda
    print(f"vnqual topics cold end-to-end: {t_cli:.1f} s -> {naive / t_cli:.1f}x faster than naive")


def sample_scan() -> None:
    cmd = [
        sys.executable,
        "-c",
        RUN_CLI,
        "-q",
        "topics",
        str(REPO / "corpora/toa-dam-boi-duong"),
        "--exclude-role",
        "facilitator",
        "-k",
        "auto",
    ]
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL)  # warm the cache
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
    print(
        f"\n`vnqual topics corpora/toa-dam-boi-duong --exclude-role facilitator -k auto` "
        f"(warm cache): {time.perf_counter() - t0:.1f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--methods", default="dmm,nmf,lda")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--lda-speed", action="store_true", help="also time method lda on --rows")
    ap.add_argument("--sample", action="store_true")
    ap.add_argument(
        "--truth-start", action="store_true", help="diagnostic: EM of dmm started from the human themes"
    )
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    logging.getLogger("gensim").setLevel(logging.ERROR)  # "too few updates" of the naive runs
    frame = _load(args.data)
    quality(frame, list(range(args.seeds)), args.methods.split(","))
    if args.truth_start:
        truth_start(frame)
    if args.speed:
        speed(frame, args.rows, 10, args.lda_speed)
    if args.sample:
        sample_scan()


if __name__ == "__main__":
    main()
