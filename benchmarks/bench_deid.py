"""De-identification quality on the development set (benchmarks/deid/dev.jsonl) and NER speed.

Each sentence is written as one .txt transcript (one folder per split) and the folder goes through
the job behind ``vnqual deidentify PATH --out DIR`` (:func:`vnqual.jobs.deidentify.run`); detections
are read back from the ``DIR/deid-report.csv`` it writes, i.e. what the user gets. A gold span counts
as found when detections of its category cover all its characters; a detection is correct when it
overlaps a gold span of its category. Run from the repository root:

    python benchmarks/bench_deid.py [--split tune|heldout|all] [--no-ner] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import warnings
from collections import defaultdict
from pathlib import Path

import pandas as pd

from vnqual.jobs.deidentify import run

HERE = Path(__file__).parent
LABELS = ("person", "place", "phone", "id", "email", "date")


def run_cli_job(rows: list[dict], work: Path, *, ner: bool) -> pd.DataFrame:
    """Write the sentences as transcripts, de-identify the folder, return deid-report.csv."""
    folder = work / "in"
    folder.mkdir()
    for r in rows:
        (folder / f"{r['id']}.txt").write_text(r["text"] + "\n", encoding="utf-8")
    run(folder, work / "out", ner=ner)
    audit = pd.read_csv(work / "out" / "deid-report.csv", encoding="utf-8-sig", dtype={"doc_id": str})
    return audit[audit["action"] == "replaced"]  # rows "kept" are listed for review, not replaced


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


_MARK = {"P": "person", "L": "place", "T": "phone", "I": "id", "E": "email", "D": "date"}


def stress_rows() -> list[dict]:
    """The hand-written stress sentences of deid/stress.txt with their [[X:...]] spans as gold."""
    rows = []
    lines = (HERE / "deid" / "stress.txt").read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(line for line in lines if line.strip() and not line.startswith("#")):
        text, spans, pos = "", [], 0
        for part in re.split(r"(\[\[[A-Z]:[^\]]+\]\])", line):
            m = re.fullmatch(r"\[\[([A-Z]):([^\]]+)\]\]", part)
            value = m.group(2) if m else part
            if m:
                spans.append({"start": pos, "end": pos + len(value), "label": _MARK[m.group(1)]})
            text += value
            pos += len(value)
        rows.append({"id": f"stress-{n:02d}", "split": "stress", "text": text, "spans": spans})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="all", choices=("tune", "heldout", "stress", "all"))
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    rows_all = [
        json.loads(line) for line in (HERE / "deid" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    rows_all += stress_rows()
    splits = ("tune", "heldout", "stress") if args.split == "all" else (args.split,)
    for split in splits:
        seen: set[str] = set()
        rows = []
        for r in rows_all:  # a repeated sentence is skipped by the reader (same content), so by us too
            if r["split"] == split and r["text"] not in seen:
                seen.add(r["text"])
                rows.append(r)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            audit = run_cli_job(rows, Path(tmp), ner=not args.no_ner)
            took = time.perf_counter() - t0
        table = score(rows, audit, show=args.show_misses)
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
