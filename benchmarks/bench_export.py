"""Time the exports, the REFI-QDA round trip, agreement and crosstabs on real sentences.

Usage: python benchmarks/bench_export.py [/work/shared/data/uit-vsfc/dev.csv] [--repeat 3]

The UIT-VSFC sentences become statements of 32 "documents" (4 topics x 8 chunks), with
speakers cycling over 12 names; codings are substring hits of a few keyword codes (every
occurrence is a coding, like a rule tagger), and a "human" second coding drops every 5th
coding and widens every 7th to its whole statement. Nothing is written into the repository.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

from vnqual.agreement import compare
from vnqual.corpus import Corpus
from vnqual.crosstab import cooccurrence, crosstab
from vnqual.export import read_qdpx, to_csv, to_jsonl, to_parquet, to_qdpx, to_xlsx

CODES = {
    "Giảng viên": "giảng viên",
    "Cơ sở vật chất": "phòng",
    "Chương trình": "môn",
    "Bài tập": "bài tập",
    "Thời gian": "thời gian",
    "Nhiệt tình": "nhiệt tình",
}


def build(path: Path) -> tuple[Corpus, pd.DataFrame]:
    data = pd.read_csv(path, dtype=str, keep_default_na=False)
    data["doc_id"] = [f"{t}_{i % 8}" for i, t in enumerate(data["topic"])]
    rows, sources = [], {}
    for doc_id, group in data.groupby("doc_id", sort=True):
        src = ""
        for n, text in enumerate(group["text"], start=1):
            speaker = f"Người {n % 12 + 1}"
            start = len(src) + len(speaker) + 2
            src += f"{speaker}: {text}\n"
            rows.append(
                {
                    "doc_id": doc_id,
                    "statement_id": f"{doc_id}-{n:04d}",
                    "speaker": speaker,
                    "role": "participant",
                    "text": text,
                    "start_char": start,
                    "end_char": start + len(text),
                    "source_file": f"{doc_id}.txt",
                    "turn": n,
                    "line": n,
                    "site": doc_id.split("_")[0],
                }
            )
        sources[doc_id] = src
    corpus = Corpus(pd.DataFrame(rows), sources)
    codings = []
    for st in corpus:
        for code, word in CODES.items():
            for m in re.finditer(re.escape(word), st.text):
                codings.append(
                    {
                        "statement_id": st.statement_id,
                        "code": code,
                        "score": 1.0,
                        "method": "rule",
                        "evidence": word,
                        "doc_id": st.doc_id,
                        "start_char": st.start_char + m.start(),
                        "end_char": st.start_char + m.end(),
                    }
                )
    return corpus, pd.DataFrame(codings)


def timed(label: str, func, repeat: int) -> object:
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - t0)
    print(f"| {label} | {best:.2f} s |")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", nargs="?", default="/work/shared/data/uit-vsfc/dev.csv")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    corpus, codings = build(Path(args.data))
    n_chars = sum(len(t) for t in corpus.sources.values())
    print(
        f"{len(corpus.sources)} documents, {len(corpus)} statements, {n_chars} characters, "
        f"{len(codings)} codings, {codings['code'].nunique()} codes\n"
    )
    human = codings.iloc[[i for i in range(len(codings)) if i % 5]].copy()
    wide = human.index[::7]
    ends = corpus.frame.set_index("statement_id")
    human.loc[wide, "start_char"] = ends.loc[human.loc[wide, "statement_id"], "start_char"].values
    human.loc[wide, "end_char"] = ends.loc[human.loc[wide, "statement_id"], "end_char"].values
    human["coder"] = "Lan"
    print(f"| step | time (best of {args.repeat}) |\n|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        timed("to_csv", lambda: to_csv(codings, tmp / "a.csv"), args.repeat)
        timed("to_xlsx", lambda: to_xlsx(codings, tmp / "a.xlsx"), args.repeat)
        timed("to_jsonl", lambda: to_jsonl(codings, tmp / "a.jsonl"), args.repeat)
        timed("to_parquet", lambda: to_parquet(codings, tmp / "a.parquet"), args.repeat)
        timed("to_qdpx (with speaker cases)", lambda: to_qdpx(codings, corpus, tmp / "a.qdpx"), args.repeat)
        size = (tmp / "a.qdpx").stat().st_size
        back = timed("read_qdpx", lambda: read_qdpx(tmp / "a.qdpx"), args.repeat)
        same = set(map(tuple, back[0][["doc_id", "code", "start_char", "end_char"]].values)) == set(
            map(tuple, codings[["doc_id", "code", "start_char", "end_char"]].values)
        )
        timed(
            "read_qdpx(corpus=...) (statement ids re-derived)",
            lambda: read_qdpx(tmp / "a.qdpx", corpus=corpus),
            args.repeat,
        )
        table = timed(
            "agreement.compare (statement + character)",
            lambda: compare(codings, human, corpus=corpus),
            args.repeat,
        )
        timed("crosstab by site", lambda: crosstab(codings, corpus.frame, by="site"), args.repeat)
        timed("cooccurrence", lambda: cooccurrence(codings, corpus.frame), args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nqdpx size {size / 1e6:.1f} MB; round trip identical: {same}; peak RSS {peak:.0f} MB")
    print(table[table.code == "(all codes)"].to_string(index=False))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
