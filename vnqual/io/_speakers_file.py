"""The speaker file (``speakers.csv``): one row per speaker label, edited by the researcher.

``vnqual ingest`` writes it beside the corpus (:func:`write_speakers`). The researcher merges
aliases (``Bộ trưởng Bình`` and ``Ông Bình`` get the same ``speaker``), sets ``role``, fills or
adds attribute columns (``gender``, ``position``, ``unit``, ``level`` ...) and passes it back with
``--speakers FILE`` (``speakers=`` in :func:`vnqual.read_corpus`), which :func:`apply_speakers`
turns into statement columns.

Columns
-------
label
    The speaker as read from the transcript labels (the key; title kept apart).
speaker
    The name to use instead (empty: keep ``label``). Same value on several rows = one person.
role
    ``facilitator``, ``interviewer`` or ``participant`` (empty: keep the role read from labels).
speaker_title, n_statements, first_line, doc_ids
    Written for information; ignored when read back.
any other column
    An attribute: its values become a statement column of that name (usable in ``--by``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.jobs.folders import SPEAKERS_FILE
from vnqual.types import (
    CORE_COLUMNS,
    DOC_ID,
    OPTIONAL_COLUMNS,
    ROLE,
    ROLE_FACILITATOR,
    ROLE_INTERVIEWER,
    ROLE_PARTICIPANT,
    SPEAKER,
    SPEAKER_LABEL,
    SPEAKER_TITLE,
    TEXT,
    PathLike,
)

LABEL = "label"
#: Columns of the speaker file that are not attributes.
KNOWN_COLUMNS: tuple[str, ...] = (
    LABEL,
    SPEAKER,
    ROLE,
    SPEAKER_TITLE,
    "n_statements",
    "first_line",
    "doc_ids",
)
#: Empty attribute columns offered in a new speaker file.
DEFAULT_ATTRIBUTES: tuple[str, ...] = ("gender", "position", "unit", "level")
ROLES: tuple[str, ...] = (ROLE_FACILITATOR, ROLE_INTERVIEWER, ROLE_PARTICIPANT)
_FIRST_LINE = 80


def speaker_rows(corpus: Corpus) -> pd.DataFrame:
    """The speaker file of ``corpus``: one row per label, in order of first appearance.

    Attribute columns already applied from a speaker file are kept with their values; otherwise
    the :data:`DEFAULT_ATTRIBUTES` are offered empty.
    """
    frame = corpus.frame
    key = frame[SPEAKER_LABEL] if SPEAKER_LABEL in frame.columns else frame[SPEAKER]
    key = key.fillna("").astype(str)
    attributes = applied_attributes(corpus) or list(DEFAULT_ATTRIBUTES)
    rows = []
    for label, group in frame[key != ""].groupby(key[key != ""], sort=False):
        first = " ".join(str(group[TEXT].iloc[0]).split())
        titles = [t for t in group[SPEAKER_TITLE].astype(str) if t]
        row = {
            LABEL: label,
            SPEAKER: group[SPEAKER].iloc[0] if SPEAKER_LABEL in frame.columns else label,
            ROLE: group[ROLE].mode().iloc[0],
            SPEAKER_TITLE: titles[0] if titles else "",
            "n_statements": len(group),
            "first_line": first if len(first) <= _FIRST_LINE else first[: _FIRST_LINE - 1] + "…",
            "doc_ids": ";".join(dict.fromkeys(group[DOC_ID].astype(str))),
        }
        for attribute in attributes:
            row[attribute] = group[attribute].iloc[0] if attribute in frame.columns else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=list(KNOWN_COLUMNS) + attributes)


def applied_attributes(corpus: Corpus) -> list[str]:
    """Statement columns that came from a speaker file (none if no speaker file was applied):
    after :func:`apply_speakers`, the columns it added; in a saved corpus, the statement columns
    that are neither document metadata nor ``speaker_label``."""
    frame = corpus.frame
    if SPEAKER_LABEL not in frame.columns:
        return []
    if "speaker_attributes" in frame.attrs:
        return [c for c in frame.attrs["speaker_attributes"] if c in frame.columns]
    document_columns = set(corpus.documents.columns)
    return [c for c in corpus.metadata_columns() if c not in document_columns and c != SPEAKER_LABEL]


def write_speakers(corpus: Corpus, path: PathLike) -> Path:
    """Write :func:`speaker_rows` to ``path`` (UTF-8 with BOM, formula-guarded, atomic)."""
    from vnqual.tables import write_csv

    write_csv(speaker_rows(corpus), Path(path))
    return Path(path)


def read_speakers(path: PathLike) -> pd.DataFrame:
    """Read a speaker file; a missing file or one without a ``label`` column is an error."""
    from vnqual.tables import unguard_frame

    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such speaker file; check the path") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        problem = " ".join(str(err).split())[:120]
        raise InputError(f"{path}: cannot read this speaker file ({problem}); save it as CSV UTF-8") from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if LABEL not in frame.columns:
        raise InputError(
            f"{path}: no '{LABEL}' column (columns: {', '.join(frame.columns)}); "
            f"start from the {SPEAKERS_FILE} that `vnqual ingest` writes"
        )
    return unguard_frame(frame)


def apply_speakers(corpus: Corpus, path: PathLike, *, warn: Callable[[str], None]) -> Corpus:
    """Rename speakers, set roles and add attribute columns from the speaker file at ``path``.

    Rows are matched on ``label`` (the speaker as read; after an earlier speaker file, the
    ``speaker_label`` column). A row whose label matches no statement, a repeated label, an
    unknown role and an attribute named like a statement column are warned about with the
    line number (``speakers.csv line 7: ...``) and skipped; the rest is applied.
    """
    table = read_speakers(path)
    name = Path(path).name
    frame = corpus.frame.copy()
    original = frame[SPEAKER_LABEL] if SPEAKER_LABEL in frame.columns else frame[SPEAKER]
    original = original.fillna("").astype(str)
    present = set(original) - {""}
    reserved = set(CORE_COLUMNS) | set(OPTIONAL_COLUMNS) | {SPEAKER_LABEL}
    applied_before = set(applied_attributes(corpus))
    attributes = []
    for column in table.columns:
        if column in KNOWN_COLUMNS or not column:
            continue
        if column in reserved or (column in frame.columns and column not in applied_before):
            warn(f"{name}: column {column!r} is already a statement column; column ignored (rename it)")
            continue
        attributes.append(column)
    speaker_of: dict[str, str] = {}
    role_of: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {a: {} for a in attributes}
    for i, row in enumerate(table.to_dict("records")):
        line = i + 2  # the header is line 1
        label = " ".join(str(row[LABEL]).split())
        if not label:
            if any(str(v).strip() for v in row.values()):
                warn(f"{name} line {line}: empty label; row ignored")
            continue
        if label in speaker_of:
            warn(f"{name} line {line}: label {label!r} repeats an earlier row; row ignored")
            continue
        if label not in present:
            warn(f"{name} line {line}: label {label!r} matches no statement; check its spelling")
            continue
        speaker_of[label] = " ".join(str(row.get(SPEAKER, "")).split()) or label
        role = str(row.get(ROLE, "")).strip().lower()
        if role and role not in ROLES:
            warn(f"{name} line {line}: role {role!r} is not one of {', '.join(ROLES)}; role kept as read")
        elif role:
            role_of[label] = role
        for attribute in attributes:
            values[attribute][label] = str(row.get(attribute, "")).strip()
    frame[SPEAKER_LABEL] = original
    mapped = original.map(speaker_of)
    frame[SPEAKER] = mapped.where(mapped.notna(), frame[SPEAKER])
    roles = original.map(role_of)
    frame[ROLE] = roles.where(roles.notna(), frame[ROLE])
    for attribute in attributes:
        if not any(values[attribute].values()) and attribute not in applied_before:
            continue  # an empty column offered by `vnqual ingest`
        frame[attribute] = original.map(values[attribute]).fillna("")
    out = Corpus(frame, corpus.sources, corpus.documents)
    out.frame.attrs["speaker_attributes"] = [a for a in attributes if a in out.frame.columns]
    return out
