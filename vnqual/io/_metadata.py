"""Document metadata: YAML front matter in .txt/.md files and ``metadata.csv`` tables."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from vnqual._yaml import safe_load_no_aliases
from vnqual.errors import InputError, TranscriptFormatError
from vnqual.io._encoding import decode_bytes
from vnqual.types import CORE_COLUMNS, OPTIONAL_COLUMNS

METADATA_FILE = "metadata.csv"
#: Column that names the transcript in ``metadata.csv``.
FILE_COLUMN = "file"
#: Columns vnqual sets itself; metadata with these names is renamed ``meta_<name>``.
RESERVED = (
    frozenset(CORE_COLUMNS)
    | frozenset(OPTIONAL_COLUMNS)
    | frozenset({"format", "encoding", "sha256", "n_statements", FILE_COLUMN})
)

_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def _value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return unicodedata.normalize("NFC", v.strip())
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return "; ".join(_value(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False, default=str)
    return str(v)


def safe_columns(
    columns: Iterable[str], source: str, warn: Callable[[str], None], reserved: Iterable[str] = RESERVED
) -> dict[str, str]:
    """Map each column name to a name that does not clash with vnqual's own columns."""
    reserved = set(reserved)
    out: dict[str, str] = {}
    renamed = []
    for col in columns:
        name = unicodedata.normalize("NFC", str(col).strip())
        if name in reserved:
            renamed.append(name)
            name = f"meta_{name}"
        out[col] = name
    if renamed:
        warn(
            f"{source}: column(s) {', '.join(renamed)} clash with vnqual's own columns; "
            f"kept as {', '.join('meta_' + r for r in renamed)}"
        )
    return out


def front_matter(text: str, *, source: str, warn: Callable[[str], None]) -> tuple[dict[str, str], int]:
    """Parse YAML front matter (``---`` ... ``---`` at the very top): safe types, no aliases.

    Returns
    -------
    (metadata, body_start)
        String values by key and the offset where the transcript body starts (0 if there is
        no front matter). Front matter that is not a YAML mapping is read as text, with a warning.

    Examples
    --------
    >>> front_matter("---\\nsite: Quảng Nam\\n---\\nChủ trì: Chào.", source="a.md", warn=print)
    ({'site': 'Quảng Nam'}, 24)
    """
    if not text.startswith("---\n"):
        return {}, 0
    end = _FENCE_END.search(text, 4)
    if end is None:
        return {}, 0
    body = end.end() + 1 if text[end.end() : end.end() + 1] == "\n" else end.end()
    try:
        data = safe_load_no_aliases(text[4 : end.start()], source, first_line=2)
    except InputError as err:
        warn(f"{err}; read as transcript text")
        return {}, 0
    except yaml.YAMLError as err:
        problem = str(err).splitlines()[0] if str(err) else type(err).__name__
        warn(f"{source}: front matter is not valid YAML ({problem}); read as transcript text")
        return {}, 0
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        warn(f"{source}: front matter is not a list of 'key: value' lines; read as transcript text")
        return {}, 0
    names = safe_columns([str(k) for k in data], source, warn)
    return {names[str(k)]: _value(v) for k, v in data.items()}, body


def sniff_delimiter(text: str) -> str:
    """``,`` unless the header line has more ``;`` or tabs (Excel in some locales)."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=lambda d: (header.count(d), d == ","))


def _key(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip().replace("\\", "/"))
    while name.startswith("./"):
        name = name[2:]
    return name


def read_metadata_csv(file: Path, warn: Callable[[str], None]) -> list[tuple[int, str, dict[str, str]]]:
    """Rows of a ``metadata.csv``: (line, file value, {column: value})."""
    text, _ = decode_bytes(file.read_bytes(), source=str(file))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    header = next(reader, None)
    if header is None:
        return []
    header = [h.strip() for h in header]
    lowered = [h.lower() for h in header]
    if FILE_COLUMN not in lowered:
        raise TranscriptFormatError(
            f"{file}: no '{FILE_COLUMN}' column (columns: {', '.join(header) or 'none'}); "
            f"add a column '{FILE_COLUMN}' naming each transcript, e.g. QuangNam.docx"
        )
    file_idx = lowered.index(FILE_COLUMN)
    keep = [i for i, h in enumerate(header) if h and i != file_idx]
    names = safe_columns([header[i] for i in keep], str(file), warn)
    rows = []
    last = reader.line_num
    for cells in reader:
        line, last = last + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        rows.append((line, _key(cells[file_idx]), {names[header[i]]: _value(cells[i]) for i in keep}))
    return rows


def metadata_for(
    root: Path, files: Iterable[Path], *, warn: Callable[[str], None], report_missing: bool = True
) -> dict[Path, dict[str, str]]:
    """Metadata of each file from the ``metadata.csv`` tables in its folder and the folders above
    it up to ``root`` (the nearest table wins for a column).

    A row matches a file by its path relative to the table's folder, by its name, or by its name
    without extension; rows that match no file give a warning (if ``report_missing``).
    """
    files = list(files)
    out: dict[Path, dict[str, str]] = {f: {} for f in files}
    candidates = sorted(
        {p for f in files for p in [f.parent, *f.parent.parents] if p == root or root in p.parents},
        key=lambda p: len(p.parts),
    )
    for folder in candidates:
        table = folder / METADATA_FILE
        if not table.is_file():
            continue
        under = [f for f in files if folder in f.parents]
        index = _index(folder, under)
        seen: dict[Path, int] = {}
        for line, key, values in read_metadata_csv(table, warn):
            where = f"{table} line {line}"
            if not key:
                warn(f"{where}: empty '{FILE_COLUMN}' value; row ignored")
                continue
            target = index.get(key) or index.get(key.lower())
            if target is None:
                if report_missing:
                    warn(f"{where}: no transcript named {key!r} under {folder}; row ignored")
                continue
            if target in seen:
                warn(f"{where}: {key!r} already described on line {seen[target]}; row ignored")
                continue
            seen[target] = line
            out[target].update(values)
    return out


def _index(folder: Path, files: list[Path]) -> dict[str, Path]:
    """Lookup keys for files under ``folder``: relative path, name, stem (unique ones only)."""
    index: dict[str, Path] = {}
    counts: dict[str, int] = {}
    keys_of = {}
    for f in files:
        rel = _key(PurePosixPath(*f.relative_to(folder).parts).as_posix())
        keys = {rel, rel.lower(), _key(f.name), _key(f.name).lower(), _key(f.stem), _key(f.stem).lower()}
        keys_of[f] = keys
        for k in keys:
            counts[k] = counts.get(k, 0) + 1
    for f, keys in keys_of.items():
        for k in keys:
            if counts[k] == 1:
                index[k] = f
    for f in files:  # an exact relative path always wins
        rel = _key(PurePosixPath(*f.relative_to(folder).parts).as_posix())
        index[rel] = f
    return index
