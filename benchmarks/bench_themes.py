"""What a researcher sees of the themes, measured from the CLI's own output files.

Runs ``vnqual topics ... --out DIR`` (in a fresh process, like a user) and reads ``topics.csv``,
``quotes.csv``, ``assignments.csv`` and ``k_scan.csv``:

* function words in labels (each `` / `` part) and in the top-10 terms: against vnqual's own list
  (``function_words_vi.txt``; 0 by construction, checked end to end) and against an independent
  yardstick, the generic MIT ``vietnamese-stopwords`` list (``stopwords_vi_extended_source.txt``,
  1,942 entries: pronouns, particles, light verbs, but also a few content words such as ``vấn đề``);
* share of quotes spoken by the facilitator/interviewer role (target 0), and distinct speakers among
  each theme's quotes;
* for ``-k auto``: the chosen k, the number of documents, and the NMI between each statement's theme
  and its document (1 = themes copy the documents), from ``assignments.csv``;
* on UIT-VSFC ``dev.csv`` (k=4, default method): NMI between the CLI's themes and the human themes
  (a statement without a vocabulary term is its own group, -1, as in ``bench_topics.py``).

``--baseline DIR`` runs the same commands with the code of another checkout (e.g. ``/work/main``) for a
before/after table.

Usage::

    python benchmarks/bench_themes.py [--baseline /work/main] [--no-uit]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "toa-dam-boi-duong"
UIT = Path("/work/shared/data/uit-vsfc/dev.csv")
RUN_CLI = "import vnqual.cli._topics; from vnqual.cli import main; main()"
FACILITATOR_ROLES = {"facilitator", "interviewer", "moderator", "chair"}

SCENARIOS = {
    "sample, participants, k=6 (README)": [
        str(SAMPLE),
        "--exclude-role",
        "facilitator,unattributed",
        "-k",
        "6",
    ],
    "sample, facilitator kept, k=6": [str(SAMPLE), "--exclude-role", "unattributed", "-k", "6"],
    "sample, participants, -k auto": [
        str(SAMPLE),
        "--exclude-role",
        "facilitator,unattributed",
        "-k",
        "auto",
    ],
    "sample, facilitator kept, -k auto": [str(SAMPLE), "--exclude-role", "unattributed", "-k", "auto"],
    "UIT-VSFC dev, k=4": [str(UIT), "--text-col", "text", "-k", "4"],
}


def _canonical(term: str) -> str:
    return "_".join(term.replace("_", " ").lower().split())


def _word_list(file: Path) -> frozenset[str]:
    lines = file.read_text(encoding="utf-8").splitlines()
    return frozenset(_canonical(x.split("#", 1)[0]) for x in lines if x.split("#", 1)[0].strip())


def run_cli(code_root: Path, args: list[str], out: Path) -> None:
    cmd = [sys.executable, "-c", RUN_CLI, "-q", "topics", *args, "--out", str(out)]
    subprocess.run(cmd, check=True, cwd=code_root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(out: Path, own: frozenset[str], generic: frozenset[str]) -> dict[str, object]:
    from sklearn.metrics import normalized_mutual_info_score

    read = lambda name: pd.read_csv(out / name, encoding="utf-8-sig", keep_default_na=False)  # noqa: E731
    topics, quotes, assign = read("topics.csv"), read("quotes.csv"), read("assignments.csv")
    parts = [_canonical(p) for lab in topics["label"] for p in str(lab).split(" / ")]
    terms = [_canonical(t) for row in topics["top_terms"] for t in str(row).split("; ")[:10]]
    share = lambda items, words: sum(i in words for i in items) / max(len(items), 1)  # noqa: E731
    role = assign.set_index("statement_id")["role"].astype(str).str.lower()
    q_roles = quotes["statement_id"].map(role)
    has_speakers = (quotes["speaker"].astype(str) != "").any()
    speakers = quotes.groupby("topic")["speaker"].nunique() if has_speakers else None
    themed = assign[assign["topic"] >= 0]
    row: dict[str, object] = {
        "k": len(topics),
        "labels": " | ".join(topics["label"]),
        "fw_labels_own": share(parts, own),
        "fw_top10_own": share(terms, own),
        "fw_labels_generic": share(parts, generic),
        "fw_top10_generic": share(terms, generic),
        "quotes": len(quotes),
        "facilitator_quotes": float(q_roles.isin(FACILITATOR_ROLES).mean()) if len(quotes) else 0.0,
        "speakers_per_theme": (
            f"{speakers.mean():.1f} (min {speakers.min()})" if speakers is not None else "n/a (no speakers)"
        ),
        "n_docs": assign["doc_id"].nunique(),
        "theme_doc_nmi": (
            float(normalized_mutual_info_score(themed["doc_id"], themed["topic"]))
            if themed["doc_id"].nunique() > 1
            else float("nan")
        ),
    }
    if (out / "k_scan.csv").is_file():
        row["k_scan"] = read("k_scan.csv").to_dict("records")
    return row


def uit_nmi(out: Path) -> float:
    from sklearn.metrics import normalized_mutual_info_score

    truth = pd.read_csv(UIT, dtype=str, keep_default_na=False)["topic"]
    assign = pd.read_csv(out / "assignments.csv", encoding="utf-8-sig", keep_default_na=False)
    return float(normalized_mutual_info_score(truth, assign["topic"]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--baseline", type=Path, default=None, help="checkout whose code gives the 'before' figures"
    )
    ap.add_argument("--no-uit", action="store_true")
    opts = ap.parse_args()
    own = _word_list(REPO / "vnqual/data/function_words_vi.txt")
    generic = _word_list(REPO / "vnqual/data/stopwords_vi_extended_source.txt")
    roots = {"this branch": REPO}
    if opts.baseline is not None:
        roots = {"baseline": opts.baseline.resolve(), **roots}
    rows = []
    for who, root in roots.items():
        for name, args in SCENARIOS.items():
            if opts.no_uit and "UIT" in name:
                continue
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "out"
                run_cli(root, args, out)
                row = {"code": who, "scenario": name, **measure(out, own, generic)}
                if "UIT" in name:
                    row["nmi_vs_human"] = uit_nmi(out)
            rows.append(row)
    print(
        "| code | scenario | k | FW in labels (own / generic) | FW in top-10 (own / generic) | "
        "facilitator quotes | speakers per theme | themes-docs NMI | NMI vs human |"
    )
    print("|---|---|---:|---:|---:|---:|---|---:|---:|")
    for r in rows:
        nmi_h = f"{r['nmi_vs_human']:.3f}" if "nmi_vs_human" in r else ""
        doc = "" if pd.isna(r["theme_doc_nmi"]) else f"{r['theme_doc_nmi']:.3f}"
        print(
            f"| {r['code']} | {r['scenario']} | {r['k']} | "
            f"{r['fw_labels_own']:.0%} / {r['fw_labels_generic']:.0%} | "
            f"{r['fw_top10_own']:.1%} / {r['fw_top10_generic']:.1%} | {r['facilitator_quotes']:.0%} | "
            f"{r['speakers_per_theme']} | {doc} | {nmi_h} |"
        )
    print()
    for r in rows:
        print(f"{r['code']} / {r['scenario']}: {r['labels']}")
        for s in r.get("k_scan", []):
            print("   ", {k: s[k] for k in s})


if __name__ == "__main__":
    main()
