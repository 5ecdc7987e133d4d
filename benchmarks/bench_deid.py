"""De-identification quality on the development set (benchmarks/deid/dev.jsonl) and NER speed.

Each sentence is one document of a corpus (one corpus per split), de-identified with
:func:`vnqual.deid.deidentify` exactly as ``vnqual deidentify`` does; detections are read from the
audit list (the same rows as ``deid-report.csv``). A gold span counts as found when detections of its
category cover all its characters; a detection is correct when it overlaps a gold span of its
category. Run from the repository root:

    python benchmarks/bench_deid.py [--split tune|heldout|all] [--no-ner] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import pandas as pd

from vnqual.corpus import Corpus
from vnqual.deid import deidentify

HERE = Path(__file__).parent
LABELS = ("person", "place", "phone", "id", "email", "date")


def corpus_of(rows: list[dict]) -> Corpus:
    frame = pd.DataFrame(
        {
            "doc_id": [r["id"] for r in rows],
            "statement_id": [r["id"] + "-1" for r in rows],
            "speaker": [""] * len(rows),
            "role": [""] * len(rows),
            "text": [r["text"] for r in rows],
            "start_char": [0] * len(rows),
            "end_char": [len(r["text"]) for r in rows],
            "source_file": [r["id"] + ".txt" for r in rows],
            "turn": [1] * len(rows),
            "line": [1] * len(rows),
        }
    )
    return Corpus(frame, {r["id"]: r["text"] for r in rows})


def score(rows: list[dict], audit: pd.DataFrame, *, show: bool) -> dict[str, dict[str, float]]:
    det: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for r in audit.itertuples(index=False):
        det[r.doc_id].append((int(r.start), int(r.end), r.category))
    tp_r: dict[str, int] = defaultdict(int)
    n_gold: dict[str, int] = defaultdict(int)
    tp_p: dict[str, int] = defaultdict(int)
    n_det: dict[str, int] = defaultdict(int)
    for row in rows:
        spans = det.get(row["id"], [])
        for g in row["spans"]:
            lab = g["label"]
            n_gold[lab] += 1
            chars = set(range(g["start"], g["end"]))
            covered = set()
            for s, e, c in spans:
                if c == lab:
                    covered |= set(range(s, e))
            if chars <= covered:
                tp_r[lab] += 1
            elif show:
                print(f"MISS {lab:6} {row['text'][g['start'] : g['end']]!r:28} | {row['text']}")
        for s, e, c in spans:
            n_det[c] += 1
            if any(c == g["label"] and s < g["end"] and g["start"] < e for g in row["spans"]):
                tp_p[c] += 1
            elif show:
                print(f"FP   {c:6} {row['text'][s:e]!r:28} | {row['text']}")
    out = {}
    for lab in LABELS:
        out[lab] = {
            "gold": n_gold[lab],
            "recall": tp_r[lab] / n_gold[lab] if n_gold[lab] else float("nan"),
            "detected": n_det[lab],
            "precision": tp_p[lab] / n_det[lab] if n_det[lab] else float("nan"),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="all", choices=("tune", "heldout", "all"))
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    rows_all = [
        json.loads(line) for line in (HERE / "deid" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    splits = ("tune", "heldout") if args.split == "all" else (args.split,)
    for split in splits:
        rows = [r for r in rows_all if r["split"] == split]
        corpus = corpus_of(rows)
        t0 = time.perf_counter()
        result = deidentify(
            corpus, categories="person,phone,id,email,url,place,date", keep_level="tỉnh", ner=not args.no_ner
        )
        took = time.perf_counter() - t0
        table = score(rows, result.audit, show=args.show_misses)
        n_chars = sum(len(r["text"]) for r in rows)
        print(
            f"\n## split={split} ner={not args.no_ner}: {len(rows)} sentences, {n_chars} chars, {took:.2f} s"
        )
        print("| category | gold | recall | detected | precision |")
        print("|---|---|---|---|---|")
        for lab, m in table.items():
            print(f"| {lab} | {m['gold']} | {m['recall']:.3f} | {m['detected']} | {m['precision']:.3f} |")


if __name__ == "__main__":
    main()
