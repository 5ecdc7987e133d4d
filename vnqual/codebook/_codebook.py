"""The :class:`Codebook`: codes with keywords, examples and exclusions, read from YAML/CSV/QDC/JSON."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual._fs import atomic_write
from vnqual.errors import CodebookError
from vnqual.types import PathLike

#: Columns of :attr:`Codebook.codes`.
CODE_COLUMNS = ("code", "path", "parent", "description", "keywords", "examples", "exclude", "guid", "name")
CSV_COLUMNS = ("code", "parent", "keywords", "description", "examples", "exclude")
PATH_SEP = "/"
_GUID_NAMESPACE = uuid.UUID("6f1c2a52-51d4-4a3e-9a53-7a0c3e8e0d11")


@dataclass(frozen=True)
class Code:
    """One code of a codebook.

    ``parent`` is the parent's name, or its path (``"Khó khăn/Kinh phí"``) when several codes
    have that name ("" at the top); ``where`` is ``"file:line"`` of its definition, used in
    messages. Names repeat only under different parents. Inside a :class:`Codebook` a code's
    ``name`` is its name as written, or its path when the name repeats (see
    :meth:`Codebook.written_name`).
    """

    name: str
    parent: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    guid: str = ""
    where: str = field(default="", compare=False)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip()


def _key(name: str) -> str:
    return _nfc(name).casefold()


class Codebook:
    """A validated set of codes (a tree: each code has at most one parent).

    Parameters
    ----------
    codes : iterable of Code
        Parents may come before or after their children.
    name, description : str
        Title and purpose of the codebook.
    source : str
        Where it was read from (for messages).

    Examples
    --------
    >>> cb = Codebook([Code("Khó khăn", keywords=("khó khăn", "hạn chế")),
    ...                Code("Thiếu kinh phí", parent="Khó khăn", keywords=("kinh phí",))])
    >>> cb.codes[["code", "path"]].values.tolist()
    [['Khó khăn', 'Khó khăn'], ['Thiếu kinh phí', 'Khó khăn/Thiếu kinh phí']]
    """

    def __init__(
        self, codes: Iterable[Code], *, name: str = "", description: str = "", source: str = ""
    ) -> None:
        self.name = name
        self.description = description
        self.source = source
        codes = list(codes)
        for code in codes:
            if not code.name:
                raise CodebookError(f"{code.where or source}: a code has an empty name; fix by naming it")
        paths, parents = self._resolve_paths(codes)
        seen: dict[str, Code] = {}
        for code, path in zip(codes, paths):
            other = seen.get(_key(path))
            if other is not None:
                where = "" if "/" not in path else f" under {path.rsplit(PATH_SEP, 1)[0]!r}"
                raise CodebookError(
                    f"{code.where or source}: code name {code.name!r} is already "
                    f"used{where} at {other.where or 'another row'}; fix by renaming one "
                    "(names must be unique under one parent)"
                )
            seen[_key(path)] = code
        # A code is known by its name, or by its path when another code has the same name.
        counts = Counter(_key(c.name) for c in codes)
        labels = [c.name if counts[_key(c.name)] == 1 else p for c, p in zip(codes, paths)]
        self._codes: dict[str, Code] = {}
        self._written: dict[str, str] = {}
        self._paths: dict[str, str] = {}
        for code, label, path, parent in zip(codes, labels, paths, parents):
            parent_label = labels[parent] if parent is not None else ""
            self._codes[label] = replace(code, name=label, parent=parent_label)
            self._written[label], self._paths[label] = code.name, path
        self._check_patterns()
        self._codes = {c.name: _with_guid(c, self.path(c.name)) for c in self._codes.values()}

    # ---------------------------------------------------------------- checks
    def _lookup(self, name: str) -> Code | None:
        key = _key(name)
        return next((c for c in self._codes.values() if _key(c.name) == key), None)

    def _resolve_paths(self, codes: list[Code]) -> tuple[list[str], list[int | None]]:
        """Path of every code and the index of its parent.

        A ``parent`` names its code by name (when no other code has that name) or by path
        (``Khó khăn/Thiếu kinh phí``), so repeated names under different parents are allowed.
        """
        by_name: dict[str, list[int]] = {}
        for i, code in enumerate(codes):
            by_name.setdefault(_key(code.name), []).append(i)
        paths: list[str | None] = [None] * len(codes)
        parents: list[int | None] = [None] * len(codes)
        progress = True
        while progress:
            progress = False
            by_path = {_key(p): i for i, p in enumerate(paths) if p is not None}
            for i, code in enumerate(codes):
                if paths[i] is not None:
                    continue
                if not code.parent:
                    paths[i], progress = code.name, True
                    continue
                j = by_path.get(_key(code.parent))
                named = by_name.get(_key(code.parent), [])
                if j is None and len(named) == 1 and paths[named[0]] is not None:
                    j = named[0]
                if j is not None:
                    paths[i], parents[i], progress = f"{paths[j]}{PATH_SEP}{code.name}", j, True
        unresolved = [i for i, p in enumerate(paths) if p is None]
        for i in unresolved:  # a parent that no code could be comes first, then ambiguity
            code = codes[i]
            named = by_name.get(_key(code.parent), [])
            if not named and not any(_key(code.parent).endswith(k) for k in by_name):
                raise CodebookError(
                    f"{code.where or self.source}: parent {code.parent!r} of "
                    f"{code.name!r} is not a code; fix the parent name or add it"
                )
        for i in unresolved:
            code = codes[i]
            if len(by_name.get(_key(code.parent), [])) > 1:
                raise CodebookError(
                    f"{code.where or self.source}: parent {code.parent!r} of {code.name!r} is "
                    f"ambiguous (several codes have that name); fix by giving its path, e.g. "
                    f"'Khó khăn/{code.parent}'"
                )
        if unresolved:
            code = codes[unresolved[0]]
            raise CodebookError(
                f"{code.where or self.source}: code {code.name!r} is its own ancestor (or its "
                "parent's path names no code); fix the parent column"
            )
        return [str(p) for p in paths], parents

    def _check_patterns(self) -> None:
        from vnqual.codebook._match import compile_pattern

        for code in self._codes.values():
            for kind in ("keywords", "exclude"):
                for word in getattr(code, kind):
                    try:
                        compile_pattern(word)
                    except ValueError as err:
                        raise CodebookError(
                            f"{code.where or self.source}: {kind} of {code.name!r}: {err}; fix the pattern"
                        ) from None

    # ----------------------------------------------------------------- views
    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[Code]:
        return iter(self._codes.values())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._codes

    def __getitem__(self, name: str) -> Code:
        return self._codes[name]

    def __repr__(self) -> str:
        return f"Codebook({self.name!r}, {len(self)} codes)"

    @property
    def names(self) -> list[str]:
        """Code names in codebook order (parents before their children in YAML files)."""
        return list(self._codes)

    def path(self, name: str) -> str:
        """Full path of a code, ``"Khó khăn/Thiếu kinh phí"``."""
        return self._paths[name]

    def written_name(self, name: str) -> str:
        """A code's name as written in the file (``name`` is its path when the name repeats)."""
        return self._written[name]

    def ancestors(self, name: str) -> list[str]:
        """Parent, grandparent, ... of a code (nearest first)."""
        out = []
        parent = self._codes[name].parent
        while parent:
            out.append(parent)
            parent = self._codes[parent].parent
        return out

    def resolve(self, label: str) -> str | None:
        """The code for a label given as name or path (NFC, case-insensitive), or None.

        A name that several codes share resolves only by path.
        """
        label = _nfc(label)
        code = self._lookup(label)
        if code is not None:
            return code.name
        key = _key(label)
        return next((n for n in self._codes if _key(self.path(n)) == key), None)

    @property
    def has_repeated_names(self) -> bool:
        """True if some codes share a name (under different parents)."""
        return any(label != written for label, written in self._written.items())

    def add_code_paths(self, table: pd.DataFrame) -> pd.DataFrame:
        """``table`` (a codings table) with a ``code_path`` column after ``code`` when names
        repeat in this codebook; unchanged otherwise (the names then say it all)."""
        if not self.has_repeated_names or "code" not in table.columns or "code_path" in table.columns:
            return table
        out = table.copy()
        paths = [self._paths.get(str(c), str(c)) for c in out["code"]]
        out.insert(list(out.columns).index("code") + 1, "code_path", paths)
        return out

    @property
    def codes(self) -> pd.DataFrame:
        """One row per code: ``code, path, parent, description, keywords, examples, exclude, guid``.

        ``keywords``, ``examples`` and ``exclude`` hold lists of str.
        """
        rows = [
            {
                "code": c.name,
                "path": self.path(c.name),
                "parent": c.parent,
                "description": c.description,
                "keywords": list(c.keywords),
                "examples": list(c.examples),
                "exclude": list(c.exclude),
                "guid": c.guid,
                "name": self._written[c.name],
            }
            for c in self
        ]
        return pd.DataFrame(rows, columns=list(CODE_COLUMNS))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the ``codebook.json`` written by ``vnqual tag``)."""
        return {
            "name": self.name,
            "description": self.description,
            "codes": self.codes.to_dict(orient="records"),
        }

    def save_json(self, path: PathLike) -> Path:
        """Write :meth:`to_dict` as UTF-8 JSON, atomically."""
        path = Path(path)
        with atomic_write(path, "w") as fh:
            json.dump(self.to_dict(), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        return path

    # --------------------------------------------------------------- loading
    @classmethod
    def load(cls, path: PathLike) -> Codebook:
        """Read a codebook: ``.yaml``/``.yml``, ``.csv``, ``.qdc`` (REFI-QDA) or ``.json``.

        Raises
        ------
        CodebookError
            The file is invalid; the message is ``"file:line: problem; fix ..."``.

        Examples
        --------
        >>> cb = Codebook.load("models/codebook_boi_duong.yaml")  # doctest: +SKIP
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".qdc":
            return _from_qdc(path)
        readers = {".yaml": _from_yaml, ".yml": _from_yaml, ".csv": _from_csv, ".json": _from_json}
        if suffix not in readers:
            raise CodebookError(
                f"{path}: unknown codebook format {suffix or '(no suffix)'!r}; "
                "use a .yaml, .csv, .qdc or .json file"
            )
        return readers[suffix](path, _read_text(path))

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, Any]], *, name: str = "", description: str = "", source: str = ""
    ) -> Codebook:
        """Build from dicts with ``code`` (or ``name``), optional ``parent``, ``description``,
        ``keywords``, ``examples``, ``exclude`` (lists or ``;``-separated str), ``guid``."""
        codes = []
        for i, rec in enumerate(records):
            # "name" is the name as written; "code" may be the path of a repeated name
            label = rec.get("name") or rec.get("code") or ""
            codes.append(
                Code(
                    name=_nfc(label),
                    parent=_nfc(rec.get("parent") or ""),
                    description=str(rec.get("description") or "").strip(),
                    keywords=_as_tuple(rec.get("keywords")),
                    examples=_as_tuple(rec.get("examples")),
                    exclude=_as_tuple(rec.get("exclude")),
                    guid=str(rec.get("guid") or ""),
                    where=rec.get("where") or f"{source or 'codebook'} code {i + 1}",
                )
            )
        return cls(codes, name=name, description=description, source=source)


def _as_tuple(value: Any, sep: str = ";") -> tuple[str, ...]:
    if value is None or (isinstance(value, float) and value != value):
        return ()
    items = value.split(sep) if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        item = _nfc(item)
        if item and item not in out:
            out.append(item)
    return tuple(out)


def _with_guid(code: Code, path: str) -> Code:
    if code.guid:
        return code
    guid = str(uuid.uuid5(_GUID_NAMESPACE, path))
    return Code(
        code.name, code.parent, code.description, code.keywords, code.examples, code.exclude, guid, code.where
    )


def _read_text(path: Path) -> str:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            return fh.read()
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such codebook file; check the `codebook` path") from None
    except (OSError, UnicodeDecodeError) as err:
        raise CodebookError(
            f"{path}: cannot read the codebook ({err.__class__.__name__}); save it as UTF-8 text"
        ) from None


def _from_yaml(path: Path, text: str) -> Codebook:
    from vnqual.codebook._yaml import read_yaml_codebook

    header, records = read_yaml_codebook(path, text)
    codes = []
    for rec in records:
        where = f"{path}:{rec['line']}"
        codes.append(
            Code(
                name=_nfc(rec["name"]),
                parent=_nfc(rec["parent"]),
                description=rec["description"],
                keywords=_as_tuple([v for v, _ in rec["keywords"]]),
                examples=_as_tuple([v for v, _ in rec["examples"]]),
                exclude=_as_tuple([v for v, _ in rec["exclude"]]),
                where=where,
            )
        )
        _check_items(path, rec)
    return Codebook(codes, name=header["name"], description=header["description"], source=str(path))


def _check_items(path: Path, rec: dict[str, Any]) -> None:
    """Validate keyword/exclude patterns at the line of the offending item."""
    from vnqual.codebook._match import compile_pattern

    for kind in ("keywords", "exclude"):
        for value, line in rec[kind]:
            try:
                compile_pattern(value)
            except ValueError as err:
                raise CodebookError(
                    f"{path}:{line}: {kind} of {rec['name']!r}: {err}; fix the pattern"
                ) from None


def _from_csv(path: Path, text: str) -> Codebook:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise CodebookError(
            f"{path}:1: the codebook is empty; fix it by adding a header row {','.join(CSV_COLUMNS)}"
        ) from None
    columns = [_nfc(h).lower() for h in header]
    columns = ["code" if c == "name" else c for c in columns]
    unknown = [c for c in columns if c not in CSV_COLUMNS]
    if unknown or "code" not in columns:
        bad = f"unknown column {unknown[0]!r}" if unknown else "no 'code' column"
        raise CodebookError(f"{path}:1: {bad}; fix the header to use {', '.join(CSV_COLUMNS)}")
    if len(set(columns)) != len(columns):
        raise CodebookError(f"{path}:1: a column name appears twice; fix the header")
    records = []
    line = reader.line_num + 1
    for row in reader:
        if any(cell.strip() for cell in row):
            if len(row) > len(columns):
                raise CodebookError(
                    f"{path}:{line}: {len(row)} cells but {len(columns)} columns; "
                    "fix by quoting cells that contain commas"
                )
            rec: dict[str, Any] = dict(zip(columns, row))
            if not _nfc(rec.get("code", "")):
                raise CodebookError(f"{path}:{line}: empty code name; fix by filling 'code'")
            rec["where"] = f"{path}:{line}"
            # examples are sentences that may contain ';', so they are separated by '|'.
            rec["examples"] = _as_tuple(rec.get("examples"), sep="|")
            records.append(rec)
        line = reader.line_num + 1
    if not records:
        raise CodebookError(f"{path}:2: the codebook has no codes; fix by adding rows")
    return Codebook.from_records(records, name=path.stem, source=str(path))


def _from_json(path: Path, text: str) -> Codebook:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise CodebookError(
            f"{path}:{err.lineno}: not valid JSON ({err.msg}); fix the file or use the YAML format"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise CodebookError(
            f"{path}:1: expected an object with a 'codes' list (as written by `vnqual tag`); fix the file"
        )
    for i, rec in enumerate(data["codes"]):
        if not isinstance(rec, dict):
            raise CodebookError(f"{path}: code {i + 1} is not an object; fix the file")
        rec.setdefault("where", f"{path} code {i + 1}")
    return Codebook.from_records(
        data["codes"],
        name=str(data.get("name") or ""),
        description=str(data.get("description") or ""),
        source=str(path),
    )


def _from_qdc(path: Path) -> Codebook:
    """A REFI-QDA codebook, read by :func:`vnqual.refi.read_qdc` (keywords and examples come
    from the code descriptions, as vnqual writes them)."""
    from vnqual.refi import read_qdc

    records: list[dict[str, Any]] = []
    for i, row in enumerate(read_qdc(path).to_dict(orient="records")):
        rec = {str(k): v for k, v in row.items()}
        rec["where"] = f"{path} code {i + 1} ({rec.get('path') or rec.get('code')})"
        records.append(rec)
    if not records:
        raise CodebookError(f"{path}: the REFI-QDA codebook has no codes; fix the file")
    return Codebook.from_records(records, name=path.stem, source=str(path))
