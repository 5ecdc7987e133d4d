"""Speaker turns on interview, Q&A, panel and minutes shapes, measured from `vnqual ingest` output.

The development set is ``benchmarks/speakers/devset_*.txt``: 32 short documents written for this
benchmark (invented people and places, in the shapes of published Vietnamese interviews, online
Q&As, roundtables and minutes), annotated by hand:

- ``=== name`` starts a document;
- ``@ speaker | role`` is the gold speaker and role of the next turn start;
- ``⟦`` marks where a turn's speech starts (after its label, if any);
- ``#x `` starts a line that is not speech (editor's note, heading, byline, caption, URL, image).

The markers are removed, the documents are written as .txt files to a temporary folder, read with
``python -m vnqual ingest`` (the user's command) and its ``statements.csv`` is scored:

- turn recall: gold turn starts where a statement starts a new turn (speaker or role changes);
- turn precision: statements starting a new turn that start a gold turn;
- speaker accuracy on matched turns (the name as written; honorifics such as ``Ông`` ignored, a
  short form ``Ông Hòa`` of ``Lê Văn Hòa`` counts as right: the speaker file unifies them);
- interviewer role accuracy: gold interviewer turns whose statement has role ``interviewer``;
- label text left: labelled gold turns whose statement still holds (part of) the label;
- non-speech lines read as speech: such lines inside a statement with a speaker or a role.

Usage::

    PYTHONPATH=. python benchmarks/bench_speakers.py            # this checkout
    PYTHONPATH=/work/main python benchmarks/bench_speakers.py   # another checkout ("before")
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent / "speakers"
HONORIFICS = {"ông", "bà", "anh", "chị", "thầy", "cô", "đ/c", "đồng", "chí", "em", "chú", "bác"}


@dataclass
class Gold:
    start: int
    speaker: str
    role: str
    label_start: int | None  # where the label starts, None for an unlabelled turn


@dataclass
class Doc:
    name: str
    text: str = ""
    turns: list[Gold] = field(default_factory=list)
    non_speech: list[int] = field(default_factory=list)


def parse_devset(files: list[Path]) -> list[Doc]:
    docs: list[Doc] = []
    for file in files:
        queue: list[tuple[str, str]] = []
        out: list[str] = []
        pos = 0
        prev_plain: int | None = None  # start of the previous line if it may be a label alone
        for raw in file.read_text(encoding="utf-8").splitlines():
            if raw.startswith("==="):
                if docs and out:
                    docs[-1].text = "\n".join(out) + "\n"
                docs.append(Doc(raw[3:].strip()))
                out, pos, queue, prev_plain = [], 0, [], None
                continue
            if raw.startswith("@"):
                speaker, role = (p.strip() for p in raw[1:].split("|"))
                queue.append((speaker, role))
                continue
            doc = docs[-1]
            if raw.startswith("#x "):
                line = raw[3:]
                doc.non_speech.append(pos + len(line) - len(line.lstrip()))
                out.append(line)
                pos += len(line) + 1
                prev_plain = None
                continue
            line, cursor = "", 0
            for k, part in enumerate(raw.split("⟦")):
                if k:
                    speaker, role = queue.pop(0)
                    before = line[cursor:]
                    label_start: int | None = None
                    if any(ch.isalpha() for ch in before):
                        q = before.rfind("? ")
                        label_start = pos + cursor + (q + 2 if q >= 0 else len(before) - len(before.lstrip()))
                    elif prev_plain is not None and k == 1:
                        label_start = prev_plain
                    doc.turns.append(Gold(pos + len(line), speaker, role, label_start))
                    cursor = len(line)
                line += part
            # A line without a marker that does not end a sentence may be a label alone on its line.
            prev_plain = (
                pos if "⟦" not in raw and not raw.rstrip().endswith((".", "?", "!", "”", '"')) else None
            )
            out.append(line)
            pos += len(line) + 1
        if docs and out:
            docs[-1].text = "\n".join(out) + "\n"
    return docs


def _name(speaker: str) -> list[str]:
    return [w for w in speaker.casefold().replace(",", " ").split() if w not in HONORIFICS]


def same_speaker(predicted: str, gold: str) -> bool:
    p, g = _name(predicted), _name(gold)
    if p == g:
        return True
    return bool(p) and bool(g) and p[-1] == g[-1] and set(p) <= set(g)


def ingest(docs: list[Doc], folder: Path) -> dict[str, list[dict[str, str]]]:
    src = folder / "devset"
    src.mkdir()
    for doc in docs:
        (src / f"{doc.name}.txt").write_text(doc.text, encoding="utf-8")
    out = folder / "corpus"
    cmd = [sys.executable, "-m", "vnqual", "-q", "ingest", str(src), "--out", str(out)]
    subprocess.run(cmd, check=True, env=os.environ.copy(), cwd=folder)
    rows: dict[str, list[dict[str, str]]] = {}
    with open(out / "statements.csv", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.setdefault(row["doc_id"], []).append(row)
    return rows


def score(docs: list[Doc], rows: dict[str, list[dict[str, str]]]) -> dict[str, float]:
    n_gold = found = n_pred = correct_pred = speaker_ok = 0
    n_interviewer = interviewer_ok = n_labelled = label_left = non_speech = 0
    misses: list[str] = []
    for doc in docs:
        stmts = sorted(rows.get(doc.name, []), key=lambda r: int(r["start_char"]))
        starts: set[int] = set()
        prev: dict[str, str] | None = None
        after_speech = False
        for r in stmts:
            speech = bool(r["speaker"] or r["role"])
            if speech:
                new = prev is None or (r["speaker"], r["role"]) != (prev["speaker"], prev["role"])
                new = new or (r["turn"] != prev["turn"] and after_speech)
                if new:
                    starts.add(int(r["start_char"]))
                prev = r
            after_speech = speech

        def covering(offset: int, stmts: list[dict[str, str]] = stmts) -> dict[str, str] | None:
            for r in stmts:
                if int(r["start_char"]) <= offset < int(r["end_char"]):
                    return r
            return None

        gold_starts = {g.start for g in doc.turns}
        misses += [
            f"{doc.name}: extra turn at {doc.text[o : o + 40]!r}" for o in sorted(starts - gold_starts)
        ]
        n_pred += len(starts)
        correct_pred += len(starts & gold_starts)
        for g in doc.turns:
            n_gold += 1
            stmt = covering(g.start)
            if g.start in starts:
                found += 1
                if stmt is not None and same_speaker(stmt["speaker"], g.speaker):
                    speaker_ok += 1
                else:
                    misses.append(f"{doc.name}: speaker {stmt and stmt['speaker']!r} for {g.speaker!r}")
            else:
                misses.append(f"{doc.name}: turn at {doc.text[g.start : g.start + 40]!r} not found")
            if g.role == "interviewer":
                n_interviewer += 1
                interviewer_ok += stmt is not None and stmt["role"] == "interviewer"
            if g.label_start is not None:
                n_labelled += 1
                left = any(
                    int(r["start_char"]) < g.start and int(r["end_char"]) > g.label_start
                    for r in stmts
                    if doc.text[max(int(r["start_char"]), g.label_start) : g.start].strip(" -–*:")
                )
                label_left += left
                if left:
                    misses.append(f"{doc.name}: label left before {doc.text[g.start : g.start + 30]!r}")
        for offset in doc.non_speech:
            line_end = doc.text.find("\n", offset)
            speech = [
                r
                for r in stmts
                if (r["speaker"] or r["role"])
                and int(r["start_char"]) < line_end
                and int(r["end_char"]) > offset
            ]
            if speech:
                non_speech += 1
                misses.append(f"{doc.name}: non-speech read as {speech[0]['speaker'] or speech[0]['role']!r}")
    return {
        "documents": len(docs),
        "gold turns": n_gold,
        "non-speech lines": sum(len(d.non_speech) for d in docs),
        "turn recall": found / n_gold,
        "turn precision": correct_pred / n_pred if n_pred else 0.0,
        "speaker accuracy (matched turns)": speaker_ok / found if found else 0.0,
        "interviewer role accuracy": interviewer_ok / n_interviewer,
        "label text left (% labelled turns)": 100 * label_left / n_labelled,
        "non-speech lines read as speech": non_speech,
        "_misses": misses,  # type: ignore[dict-item]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true", help="List each miss.")
    parser.add_argument(
        "--set",
        choices=("dev", "fresh"),
        default="dev",
        help="dev: the 32 documents the reader was tuned on; fresh: 10 written after tuning, run once.",
    )
    args = parser.parse_args()
    docs = parse_devset(sorted(HERE.glob("devset_*.txt" if args.set == "dev" else "fresh_*.txt")))
    with tempfile.TemporaryDirectory() as tmp:
        result = score(docs, ingest(docs, Path(tmp)))
    misses = result.pop("_misses")
    for key, value in result.items():
        print(f"{key:36} {value:.3f}" if isinstance(value, float) else f"{key:36} {value}")
    if args.show_misses:
        print(*misses, sep="\n")


if __name__ == "__main__":
    main()
