"""Hand-coded training data for ``vnqual tag --train``: a CSV of coded texts or a REFI-QDA project."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vnqual.codebook._codebook import Codebook
from vnqual.codebook._targets import PartialLabel
from vnqual.corpus import Corpus
from vnqual.errors import CodebookError, InputError
from vnqual.types import DOC_ID, END_CHAR, START_CHAR, STATEMENT_ID, PathLike


@dataclass
class Training:
    """Hand-coded examples.

    ``human`` maps statement ids of the tagged corpus to the codes a coder gave them;
    ``partial`` maps statement ids to the codes a reviewer accepted and rejected one by one
    (``vnqual review``; other codes stay unknown); ``texts``/``labels`` are extra coded texts
    that are not in the corpus.
    """

    source: str
    human: dict[str, list[str]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    labels: list[list[str] | PartialLabel] = field(default_factory=list)
    partial: dict[str, PartialLabel] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.human) + len(self.partial) + len(self.texts)


def read_training(path: PathLike, corpus: Corpus, codebook: Codebook) -> Training:
    """Read ``--train``: a ``.csv`` (``text`` or ``statement_id``, and ``code``) or a ``.qdpx``.

    CSV: one row per coded text; several codes in one cell are separated by ``;``; an empty
    ``code`` means "coded, no code applies"; rows of the same ``statement_id`` are merged. A
    reviewed ``codes.csv`` of an earlier run works too (every row counts as hand-coded).
    QDPX: a statement of the corpus gets every code whose human coding overlaps it.
    Reviewed (a ``vnqual tag`` folder holding ``reviewed.csv``, or that file; see
    :mod:`vnqual.review`): ``accepted``/``added`` codes and the code a suggestion was
    ``changed`` to are positives, ``rejected`` codes and the code changed away from are
    negatives -- for that code only; the statement's other codes stay unknown (weak keyword
    labels), since the reviewer judged one suggestion at a time. ``flagged`` and ``memo`` rows
    are not labels. A reviewed statement that is not in the input is used through its ``text``.

    Raises
    ------
    CodebookError
        A code is not in the codebook (the message names the file and line/coding).
    InputError
        Wrong columns, or a statement id that is not in the corpus.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError(
            f"{path}: a folder; give its reviewed.csv (the `vnqual tag` job resolves a reviewed folder)"
        )
    suffix = path.suffix.lower()
    if suffix == ".qdpx":
        return _from_qdpx(path, corpus, codebook)
    if suffix != ".csv":
        raise InputError(f"{path}: `train` must be a .csv or .qdpx file")
    return _from_csv(path, corpus, codebook)


def _csv_header(path: Path) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return [h.strip().lower() for h in next(csv.reader(fh), [])]
    except (OSError, UnicodeDecodeError):
        return []


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    from vnqual.tables import unguard_cell

    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read ({err.__class__.__name__}); save it as UTF-8 CSV") from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    if "code" not in header or not ({"text", STATEMENT_ID} & set(header)):
        raise InputError(
            f"{path}:1: `train` needs a 'code' column and a 'text' or '{STATEMENT_ID}' column; fix the header"
        )
    line = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            yield line, {h: unguard_cell(v) for h, v in zip(header, row)}
        line = reader.line_num + 1


def _codes(cell: str, codebook: Codebook, where: str) -> list[str]:
    out = []
    for label in (c.strip() for c in cell.split(";")):
        if not label:
            continue
        name = codebook.resolve(label)
        if name is None:
            raise CodebookError(
                f"{where}: unknown code {label!r}; fix it to a code of the "
                f"codebook ({', '.join(codebook.names)})"
            )
        if name not in out:
            out.append(name)
    return out


def _from_csv(path: Path, corpus: Corpus, codebook: Codebook) -> Training:
    if "decision" in _csv_header(path):
        return _from_reviewed(path, corpus, codebook)
    ids = set(corpus.frame[STATEMENT_ID])
    training = Training(source=path.name)
    for line, row in _csv_rows(path):
        where = f"{path}:{line}"
        codes = _codes(row.get("code", ""), codebook, where)
        sid = row.get(STATEMENT_ID, "").strip()
        if sid:
            if sid not in ids:
                raise InputError(
                    f"{where}: {STATEMENT_ID} {sid!r} is not in the input; fix the "
                    "id or give the statement as 'text'"
                )
            merged = training.human.setdefault(sid, [])
            merged.extend(c for c in codes if c not in merged)
        elif row.get("text", "").strip():
            training.texts.append(row["text"])
            training.labels.append(codes)
        else:
            raise InputError(f"{where}: the row has neither a {STATEMENT_ID} nor a text; fix or delete it")
    if not len(training):
        raise InputError(f"{path}: no coded rows; add rows with 'text' (or '{STATEMENT_ID}') and 'code'")
    return training


#: reviewed.csv decisions that are labels: the code (and old_code) as positive (+) or negative (-).
_REVIEW_LABELS = {"accepted": "+", "added": "+", "changed": "+", "rejected": "-"}


def _from_reviewed(path: Path, corpus: Corpus, codebook: Codebook) -> Training:
    """reviewed.csv (``vnqual review``): per statement, the codes judged to apply and not to."""
    ids = set(corpus.frame[STATEMENT_ID])
    training = Training(source=path.name)
    judged: dict[str, dict[str, bool]] = {}  # statement -> code -> applies (later rows win)
    texts: dict[str, str] = {}
    rows = sorted(_csv_rows(path), key=lambda lr: lr[1].get("time", ""))  # later decisions win
    for line, row in rows:
        decision = row.get("decision", "").strip()
        if decision not in _REVIEW_LABELS:
            continue
        where = f"{path}:{line}"
        sid = row.get(STATEMENT_ID, "").strip()
        if not sid:
            raise InputError(f"{where}: the row has no {STATEMENT_ID}; fix or delete it")
        codes = judged.setdefault(sid, {})
        if decision == "changed":
            for code in _codes(row.get("old_code", ""), codebook, where):
                codes[code] = False
        for code in _codes(row.get("code", ""), codebook, where):
            codes[code] = _REVIEW_LABELS[decision] == "+"
        texts[sid] = row.get("text", "")
    for sid, codes in judged.items():
        label = PartialLabel(
            tuple(c for c, ok in codes.items() if ok), tuple(c for c, ok in codes.items() if not ok)
        )
        if sid in ids:
            training.partial[sid] = label
        elif texts[sid].strip():
            training.texts.append(texts[sid])
            training.labels.append(label)
    if not len(training):
        raise InputError(
            f"{path}: no accepted, changed, added or rejected rows to learn from; review some excerpts first"
        )
    return training


def _from_qdpx(path: Path, corpus: Corpus, codebook: Codebook) -> Training:
    """Statement-level labels: a statement gets every code whose coding overlaps it."""
    from vnqual.refi import read_qdpx

    codings, _, _ = read_qdpx(path, corpus=corpus)
    frame = corpus.frame
    training = Training(source=path.name)
    for i, rec in enumerate(codings.to_dict(orient="records")):
        label = str(rec.get("code_path") or rec.get("code") or "")
        if codebook.resolve(label) is None:
            label = str(rec.get("code") or "")
        where = (
            f"{path}: coding {i + 1} ({rec[DOC_ID]} {rec[START_CHAR]}-{rec[END_CHAR]}, "
            f"coder {rec.get('coder') or '?'})"
        )
        codes = _codes(label.replace(";", ","), codebook, where)
        start, end = int(rec[START_CHAR]), int(rec[END_CHAR])
        hit = frame[(frame[DOC_ID] == rec[DOC_ID]) & (frame[START_CHAR] < end) & (frame[END_CHAR] > start)]
        for sid in hit[STATEMENT_ID]:
            merged = training.human.setdefault(sid, [])
            merged.extend(c for c in codes if c not in merged)
    if not len(training):
        raise InputError(
            f"{path}: no coding overlaps a statement of the input; check that the "
            "project was made from the same transcripts"
        )
    return training


def training_labels(training: Training | None, corpus: Corpus) -> list[list[str] | PartialLabel | None]:
    """Labels aligned with ``corpus`` statements followed by the extra texts (None: not coded)."""
    if training is None:
        return [None] * len(corpus)
    out: list[list[str] | PartialLabel | None] = []
    for sid in corpus.frame[STATEMENT_ID]:
        out.append(training.human[sid] if sid in training.human else training.partial.get(sid))
    return out + list(training.labels)
