"""Scan outputs (csv, xlsx, qdpx, html, txt, json, folders) for original names of a pseudonym key."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from vnqual.deid._lexicon import nfc
from vnqual.deid._pseudonyms import Registry, read_key
from vnqual.errors import InputError
from vnqual.types import PathLike

_TEXT_SUFFIXES = {
    ".csv",
    ".tsv",
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".json",
    ".jsonl",
    ".xml",
    ".qde",
    ".srt",
    ".vtt",
}
_ZIP_SUFFIXES = {".xlsx", ".qdpx", ".docx", ".zip", ".qdc"}
_MAX_MEMBER = 200_000_000  # bytes of one archive member read (zip-bomb bound)
_MAX_TOTAL = 1_000_000_000
_TAG = re.compile(r"<[^>]{0,2000}>")
_MAX_HITS = 5


@dataclass(frozen=True)
class Finding:
    """An original name of the key found in an output: ``file`` (``x.qdpx!sources/a.txt``), hits."""

    file: str
    category: str
    pseudonym: str
    hits: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.file}: {self.category} of {self.pseudonym}: {'; '.join(self.hits)}"


def _number_patterns(registry: Registry) -> list[tuple[re.Pattern[str], str, str]]:
    """One regex per phone/ID number of the key, its digits with or without separators."""
    out = []
    for e in registry.entities:
        if e.category not in ("phone", "id"):
            continue
        alts = set()
        for form in e.forms():
            chars = re.sub(r"\W", "", form)
            if len(chars) >= 6:
                alts.add(r"[ .\-]?".join(re.escape(ch) for ch in chars))
                if chars.startswith("0") and e.category == "phone":  # +84 912 ... for 0912 ...
                    alts.add(r"\+?84[ .\-]?" + r"[ .\-]?".join(re.escape(ch) for ch in chars[1:]))
        if alts:
            pattern = re.compile(rf"(?<![\w])(?:{'|'.join(sorted(alts))})(?![\w])", re.I)
            out.append((pattern, e.category, e.pseudonym))
    return out


def _hits(text: str, registry: Registry, numbers: list[tuple[re.Pattern[str], str, str]]) -> dict:
    """Context snippets of every key form in ``text``, by (category, pseudonym).

    Names are looked for as :func:`vnqual.deid.deidentify` looks for them (words joined by spaces
    or ``_``, case-insensitive for names of several words; a one-word name such as ``Sương`` only
    capitalised, not opening a sentence and not inside a longer capitalised name).
    """
    from vnqual.deid._run import _mentions

    found: dict[tuple[str, str], list[str]] = {}

    def note(cat: str, pseudonym: str, s: int, e: int) -> None:
        items = found.setdefault((cat, pseudonym), [])
        if len(items) < _MAX_HITS:
            a, b = max(0, s - 20), min(len(text), e + 20)
            items.append(" ".join(text[a:b].split()))

    cats = {"person", "place", "org", "email", "url", "date"}
    for sp in _mentions(text, registry, cats, set()):
        entity = registry.lookup(sp.category, sp.text) or next(
            (x for x in registry.entities if sp.text in x.forms() or x.original.endswith(sp.text)), None
        )
        note(sp.category, entity.pseudonym if entity else "?", sp.start, sp.end)
    for pattern, cat, pseudonym in numbers:
        for m in pattern.finditer(text):
            note(cat, pseudonym, m.start(), m.end())
    return found


def _texts(path: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every readable file under ``path``; archive members as ``a.xlsx!member``."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    base = path if path.is_dir() else path.parent
    for file in files:
        # The file's own name is output too (sources/pv_chi_Lan.txt).
        yield f"{file} (file name)", nfc(str(file.relative_to(base)).replace("_", " ").replace("-", " "))
        suffix = file.suffix.lower()
        if suffix in _ZIP_SUFFIXES:
            yield from _zip_texts(file)
        elif suffix == ".parquet":
            yield str(file), _parquet_text(file)
        elif suffix in _TEXT_SUFFIXES:
            yield str(file), _plain(_decode(file.read_bytes(), str(file)), suffix)


def _parquet_text(file: Path) -> str:
    """Every cell and column name of a Parquet table, one row a line."""
    import pandas as pd

    try:
        frame = pd.read_parquet(file)
    except (ImportError, ValueError, OSError) as err:
        raise InputError(f"{file}: cannot read this Parquet file ({err}); not scanned") from None
    lines = [" | ".join(map(str, frame.columns))]
    lines += [" | ".join(map(str, row)) for row in frame.itertuples(index=False, name=None)]
    return nfc("\n".join(lines))


def _decode(data: bytes, source: str) -> str:
    """UTF-8, else the legacy encodings vnqual reads (cp1258, TCVN3, VNI), so no leftover hides."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from vnqual.io._encoding import decode_bytes

    try:
        return decode_bytes(data, source=source)[0]
    except InputError:
        return data.decode("utf-8", errors="replace")


def _zip_texts(file: Path) -> Iterator[tuple[str, str]]:
    try:
        archive = zipfile.ZipFile(file)
    except zipfile.BadZipFile:
        raise InputError(f"{file}: not a readable {file.suffix} (zip) file") from None
    total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir() or info.file_size > _MAX_MEMBER:
                continue
            total += info.file_size
            if total > _MAX_TOTAL:
                raise InputError(
                    f"{file}: archive expands to more than {_MAX_TOTAL // 1_000_000} MB; not scanned"
                )
            yield f"{file}!{info.filename} (member name)", nfc(info.filename.replace("_", " "))
            suffix = Path(info.filename).suffix.lower()
            if suffix not in _TEXT_SUFFIXES | {".rels", ""}:
                continue
            data = _decode(archive.read(info), f"{file}!{info.filename}")
            yield f"{file}!{info.filename}", _plain(data, suffix)


def _plain(text: str, suffix: str) -> str:
    """Markup removed and entities decoded, so ``L&#234; Th&#7883;`` is found as ``Lê Thị``."""
    if suffix in (".html", ".htm", ".xml", ".qde", ".rels", ""):
        text = _TAG.sub("\n", text)
        text = html.unescape(text)
    return nfc(text)


def check_outputs(path: PathLike, key: PathLike | Registry) -> list[Finding]:
    """Original names, numbers and emails of ``key`` left in the outputs at ``path``.

    Parameters
    ----------
    path : path-like
        A file (csv, xlsx, qdpx, html, txt, json, ...) or a folder, scanned recursively.
    key : path-like or Registry
        The pseudonym key of ``vnqual deidentify`` (``deid-key.csv``).

    Returns
    -------
    list of Finding
        Empty when nothing of the key is left.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if not isinstance(key, Registry):
        if not Path(key).is_file():
            raise InputError(
                f"{key}: key file not found; give the deid-key.csv written by `vnqual deidentify`"
            )
        registry = read_key(key)
    else:
        registry = key
    numbers = _number_patterns(registry)
    findings: list[Finding] = []
    key_file = None if isinstance(key, Registry) else Path(key).resolve()
    for name, text in _texts(path):
        if key_file is not None and Path(name.removesuffix(" (file name)")).resolve() == key_file:
            if name.endswith(" (file name)"):
                continue
            findings.append(Finding(name, "key", "-", ("this is the pseudonym key itself: never share it",)))
            continue
        # Segmented text joins syllables and words with "_" (chị_Sương, lê_thị_thu_sương).
        for (category, pseudonym), hits in _hits(text.replace("_", " "), registry, numbers).items():
            findings.append(Finding(name, category, pseudonym, tuple(hits)))
    return findings
