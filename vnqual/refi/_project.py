"""Lenient, defensive reader of REFI-QDA ``.qdpx`` projects.

Vendor dialects handled (learned from the exports of NVivo, ATLAS.ti, MAXQDA, QualCoder and
Quirkos, as documented in QualCoder's importer): ``Sources/`` or ``sources/`` folder; any
``*.qde`` name; ``internal://``, ``relative://``, ``absolute://`` or bare ``plainTextPath``;
``PlainTextContent`` inline instead of a file; upper-case or braced GUIDs; any namespace version;
offsets that count CR LF as two characters (NVivo) or one (ATLAS.ti); document variables on the
``TextSource`` or on a nameless ``Case`` with one ``SourceRef`` (MAXQDA, Quirkos); codes that are
really cases (same GUID); sources with the same name.
"""

from __future__ import annotations

import bisect
import re
import warnings
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from vnqual._archive import MAX_UNCOMPRESSED, archive_problem
from vnqual.codings import (
    AUTO_CODER,
    CODE,
    CODE_PATH,
    CODER,
    EVIDENCE,
    EXCERPT,
    METHOD,
    METHOD_HUMAN,
    SCORE,
    fill_statement_columns,
)
from vnqual.errors import InputError, VnqualNote, VnqualWarning
from vnqual.refi._offsets import CODE_POINTS, UTF16, SourceSpans, Span, decide, utf16_to_code_point
from vnqual.refi._xml import (
    DESCRIPTION_CODE,
    DESCRIPTION_KEYS,
    child_text,
    children,
    local,
    norm_guid,
    parse_xml,
    read_codes,
)
from vnqual.types import (
    DOC_ID,
    END_CHAR,
    ROLE,
    SOURCE_FILE,
    SPEAKER,
    START_CHAR,
    STATEMENT_ID,
    TEXT,
    PathLike,
)

#: Default bound on the uncompressed size of a project (bytes), as for .docx files.
DEFAULT_MAX_BYTES = MAX_UNCOMPRESSED
MAX_MEMBERS = 20_000
#: method of codings made by people in a QDA program.
HUMAN_METHOD = METHOD_HUMAN
_DOC_SUFFIXES = (".txt", ".docx", ".doc", ".rtf", ".odt", ".md", ".pdf", ".htm", ".html")
_OTHER_SOURCES = ("PictureSource", "PDFSource", "AudioSource", "VideoSource")


@dataclass
class Project:
    """What :func:`read_project` found."""

    codings: pd.DataFrame
    sources: dict[str, str]
    codes: pd.DataFrame
    units: pd.DataFrame | None
    origin: str
    #: what the positions in the file count: ``"code points"`` or ``"UTF-16 code units"``.
    positions: str = CODE_POINTS


class _Zip:
    """Read members of an untrusted zip in memory, within size and count limits."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path, self.budget = path, max_bytes
        if not zipfile.is_zipfile(path):
            raise InputError(
                f"{path}: not a zip archive, so not a REFI-QDA .qdpx project; "
                f"export the project again as .qdpx"
            )
        try:
            self.zf = zipfile.ZipFile(path)
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, OSError) as err:
            raise InputError(f"{path}: damaged zip archive ({err})") from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(f"{path}: {len(infos)} files inside (limit {MAX_MEMBERS}); refusing to read it")
        for info in infos:
            name = info.filename.replace("\\", "/")
            parts = PurePosixPath(name).parts
            if name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name):
                raise InputError(
                    f"{path}: unsafe file name {info.filename!r} inside the archive; refusing to read it"
                )
        problem = archive_problem(infos, max_total=max_bytes)
        if problem:
            hint = " (a larger `max_bytes` allows more)" if problem.startswith("expands to") else ""
            raise InputError(f"{path}: {problem}; refusing to read it{hint}")
        self.infos = [i for i in infos if not i.is_dir()]

    def read(self, info: zipfile.ZipInfo) -> bytes:
        if info.flag_bits & 0x1:
            raise InputError(f"{self.path}: {info.filename} is encrypted; export without a password")
        try:
            with self.zf.open(info) as fh:
                data = fh.read(min(self.budget, info.file_size) + 1)
        except (zipfile.BadZipFile, OSError, EOFError) as err:
            raise InputError(f"{self.path}: cannot read {info.filename} ({err})") from None
        self.budget -= len(data)
        if self.budget < 0:
            raise InputError(f"{self.path}: uncompressed content exceeds the size limit; refusing to read it")
        return data

    def project_member(self) -> zipfile.ZipInfo:
        qde = [i for i in self.infos if i.filename.lower().endswith(".qde")]
        if not qde:
            raise InputError(
                f"{self.path}: no .qde project file inside; this is not a REFI-QDA .qdpx project"
            )
        return min(
            qde, key=lambda i: (i.filename.lower() != "project.qde", i.filename.count("/"), i.filename)
        )

    def find_source(self, ref: str) -> zipfile.ZipInfo | None:
        """Member for a path like ``X.txt``: ``sources/X.txt`` in any case, else any ``X.txt``."""
        base = PurePosixPath(ref.replace("\\", "/")).name.lower()
        matches = [i for i in self.infos if PurePosixPath(i.filename.replace("\\", "/")).name.lower() == base]
        if not matches:
            return None
        return min(
            matches, key=lambda i: (PurePosixPath(i.filename).parent.name.lower() != "sources", i.filename)
        )


def read_project(
    path: PathLike, *, crlf: str = "auto", max_bytes: int | None = None, positions: str = "auto"
) -> Project:
    """Parse a ``.qdpx`` file (see :func:`vnqual.export.read_qdpx`).

    ``positions``: ``"auto"`` (decide per project), ``"code-points"`` or ``"utf-16"``.
    """
    if crlf not in ("auto", "count", "ignore"):
        raise InputError(f"crlf={crlf!r}: use 'auto', 'count' or 'ignore'")
    forced = {"auto": None, "code-points": CODE_POINTS, "utf-16": UTF16}
    if positions not in forced:
        raise InputError(f"positions={positions!r}: use 'auto', 'code-points' or 'utf-16'")
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    archive = _Zip(path, max_bytes or DEFAULT_MAX_BYTES)
    member = archive.project_member()
    root = parse_xml(archive.read(member), f"{path}: {member.filename}")
    if local(root.tag) != "Project":
        raise InputError(
            f"{path}: {member.filename} is not a REFI-QDA project (root element <{local(root.tag)}>)"
        )
    reader = _Reader(path, archive, root, crlf, forced[positions])
    return reader.run()


class _Reader:
    def __init__(self, path: Path, archive: _Zip, root: Any, crlf: str, units: str | None = None) -> None:
        self.path, self.archive, self.root, self.crlf = path, archive, root, crlf
        self.origin = root.get("origin") or ""
        self.base_path = root.get("basePath") or ""
        self.users = {
            norm_guid(u.get("guid")): u.get("name") or u.get("id") or "user"
            for users in children(root, "Users")
            for u in children(users, "User")
        }
        self.cases = [c for cs in children(root, "Cases") for c in children(cs, "Case")]
        self.case_guids = {norm_guid(c.get("guid")): c.get("name") or "" for c in self.cases}
        codes_el = next((c for cb in children(root, "CodeBook") for c in children(cb, "Codes")), None)
        codes = read_codes(codes_el if codes_el is not None else ET.Element("Codes"))
        # A code sharing a case's GUID is that case (NVivo, vnqual), not a code of the codebook.
        self.codes = codes[~codes["guid"].isin(set(self.case_guids))].reset_index(drop=True)
        self.code_by_guid = {
            g: (n, p) for g, n, p in zip(self.codes.get("guid", []), self.codes[CODE], self.codes["path"])
        }
        self.variables = {
            norm_guid(v.get("guid")): v.get("name") or "variable"
            for vs in children(root, "Variables")
            for v in children(vs, "Variable")
        }
        self.selections: dict[str, tuple[str, int, int, str]] = {}
        self.sources: dict[str, str] = {}
        self.doc_of_source: dict[str, str] = {}
        self.doc_vars: dict[str, dict[str, str]] = {}
        self.rows: list[dict[str, Any]] = []
        self.case_rows: list[dict[str, Any]] = []
        self.forced_units = units
        self.units = CODE_POINTS
        self.astral: dict[str, list[int]] = {}
        self.bad_spans: dict[str, tuple[int, str]] = {}

    def run(self) -> Project:
        skipped = 0
        loaded: list[tuple[Any, Any, str, str]] = []
        for sources in children(self.root, "Sources"):
            for src in sources:
                kind = local(src.tag)
                text_of_pdf = children(src, "Representation") if kind == "PDFSource" else []
                if kind == "TextSource":
                    self._load_source(loaded, src, None)
                elif text_of_pdf:
                    # The PDF's text layer: text codings on it are ordinary selections.
                    self._load_source(loaded, text_of_pdf[0], src)
                elif kind in _OTHER_SOURCES:
                    skipped += 1
        self._decide_units(loaded)
        for src, outer, name, raw in loaded:
            self._source(src, outer, name, raw)
        self._warn_bad_spans()
        if skipped:
            warnings.warn(
                f"{self.path}: skipped {skipped} non-text source(s) (picture, audio, "
                f"video, PDF without a text representation); only text codings are "
                f"read",
                VnqualWarning,
                stacklevel=4,
            )
        self._cases()
        codings = pd.DataFrame(
            self.rows,
            columns=[
                STATEMENT_ID,
                CODE,
                CODE_PATH,
                SCORE,
                METHOD,
                EVIDENCE,
                START_CHAR,
                END_CHAR,
                EXCERPT,
                DOC_ID,
                SPEAKER,
                ROLE,
                SOURCE_FILE,
                CODER,
            ],
        )
        codings[SCORE] = pd.to_numeric(codings[SCORE], errors="coerce")
        for var in sorted({v for d in self.doc_vars.values() for v in d}):
            codings[var] = codings[DOC_ID].map(lambda d, v=var: self.doc_vars.get(d, {}).get(v, ""))
        units = None
        if self.case_rows:
            units = (
                pd.DataFrame(self.case_rows)
                .drop(columns="_case", errors="ignore")
                .drop_duplicates([DOC_ID, START_CHAR, END_CHAR, SPEAKER])
                .sort_values([DOC_ID, START_CHAR, END_CHAR], kind="stable")
                .reset_index(drop=True)
            )
            codings = fill_statement_columns(codings, units.drop(columns=[TEXT]))
        return Project(codings, self.sources, self.codes, units, self.origin, self.units)

    # ------------------------------------------------------------------ sources
    def _load_source(self, loaded: list[tuple[Any, Any, str, str]], src: Any, outer: Any) -> None:
        name = (outer if outer is not None else src).get("name") or src.get("guid") or "source"
        raw = self._source_text(src, name)
        if raw is not None:
            loaded.append((src, outer, name, raw))

    def _decide_units(self, loaded: list[tuple[Any, Any, str, str]]) -> None:
        """Code points or UTF-16 units, once for the project; one line when it matters."""
        found = []
        for src, _, name, raw in loaded:
            spans = []
            for sel in children(src, "PlainTextSelection"):
                try:
                    spans.append(
                        Span(
                            int(sel.get("startPosition") or ""),
                            int(sel.get("endPosition") or ""),
                            sel.get("name") or "",
                        )
                    )
                except (TypeError, ValueError):
                    continue
            found.append(SourceSpans(name, raw, spans))
        decision = decide(found, self.origin)
        self.units = decision.units if self.forced_units is None else self.forced_units
        self.astral = {s.name: s.starts for s in found if s.starts}
        if not decision.matters:
            return
        warnings.warn(
            f"{self.path}: positions read as {self.units} ({decision.reason})",
            VnqualNote,
            stacklevel=5,
        )
        for name, n in decision.doubtful.items():
            total = len(next(s.spans for s in found if s.name == name))
            warnings.warn(
                f"{self.path}: source {name!r}: {n} of {total} selection(s) doubtful: code points and "
                f"UTF-16 units place them differently and their ends fit words no better as "
                f"{self.units}; check these codings in the QDA program",
                VnqualWarning,
                stacklevel=5,
            )

    def _warn_bad_spans(self) -> None:
        for what, (n, example) in self.bad_spans.items():
            warnings.warn(
                f"{self.path}: {n} selection(s) {what} skipped, e.g. {example}; "
                f"check that the project's sources are complete and re-export it",
                VnqualWarning,
                stacklevel=5,
            )

    def _bad_span(self, what: str, example: str) -> None:
        n, first = self.bad_spans.get(what, (0, example))
        self.bad_spans[what] = (n + 1, first)

    def _source(self, src: Any, outer: Any, name: str, raw: str) -> None:
        """Read a TextSource, or the text ``Representation`` of ``outer`` (a PDFSource): its
        name, variables and whole-source codings are the PDF's."""
        text = raw.replace("\r\n", "\n").replace("\r", "\n")
        doc_id = self._doc_id(name)
        described = child_text(src, "Description")
        if described.startswith(f"{SOURCE_FILE}: "):  # written by vnqual
            name = described.splitlines()[0][len(SOURCE_FILE) + 2 :].strip() or name
        sguid = norm_guid(src.get("guid"))
        self.sources[doc_id] = text
        self.doc_of_source[sguid] = doc_id
        to_code_point = (
            utf16_to_code_point(self.astral.get(name, [])) if self.units == UTF16 else (lambda p: p)
        )
        spans: list[tuple[Any, int, int]] = []
        for sel in children(src, "PlainTextSelection"):
            try:
                given = int(sel.get("startPosition") or ""), int(sel.get("endPosition") or "")
            except (TypeError, ValueError):
                self._bad_span("without valid start/end positions were", f"{name!r}")
                continue
            first, last = (to_code_point(p) for p in sorted(given))
            where = f"{name!r} {given[0]}-{given[1]}"
            if first is None or last is None or first < 0 or last > len(raw):
                self._bad_span(
                    "outside their source's text were", f"{where} on a text of {len(raw)} characters"
                )
                continue
            if first == last:
                self._bad_span("that are empty (start = end) were", where)
                continue
            spans.append((sel, first, last))
        mapper = _offset_mapper(raw, [(sel, a, b) for sel, a, b in spans], self.crlf, self.origin)
        for sel, first, last in spans:
            start, end = mapper(first), mapper(last)
            self.selections[norm_guid(sel.get("guid"))] = (doc_id, start, end, child_text(sel, "Description"))
            for coding in children(sel, "Coding"):
                self._coding(coding, sel, doc_id, name, text, start, end)
        for whole in (src, outer) if outer is not None else (src,):
            for coding in children(whole, "Coding"):  # the whole source is coded
                self._coding(coding, whole, doc_id, name, text, 0, len(text))
            self.doc_vars.setdefault(doc_id, {}).update(self._values(whole))
        if outer is not None:
            self.doc_of_source[norm_guid(outer.get("guid"))] = doc_id

    def _doc_id(self, name: str) -> str:
        doc_id = re.sub(r"[\\/]+", "_", name).strip() or "source"
        if doc_id.lower().endswith(_DOC_SUFFIXES):
            doc_id = doc_id.rsplit(".", 1)[0]
        base, n = doc_id, 2
        while doc_id in self.sources:  # MAXQDA may give two sources the same name
            doc_id, n = f"{base}-{n}", n + 1
        return doc_id

    def _source_text(self, src: Any, name: str) -> str | None:
        ref = src.get("plainTextPath")
        if ref:
            data = self._load(ref)
            if data is not None:
                return _decode(data, self.path, name)
        inline = children(src, "PlainTextContent")
        if inline:
            return inline[0].text or ""
        warnings.warn(
            f"{self.path}: text of source {name!r} not found ({ref or 'no path'}); its codings were skipped",
            VnqualWarning,
            stacklevel=5,
        )
        return None

    def _load(self, ref: str) -> bytes | None:
        scheme, _, rest = ref.partition("://")
        if not _:
            scheme, rest = "relative", ref
        member = self.archive.find_source(rest)
        if member is not None:
            return self.archive.read(member)
        if scheme.lower() == "internal":
            return None
        # External file next to the project (relative) or anywhere (absolute): text files only.
        rest = rest.lstrip("/") if scheme.lower() == "relative" else rest
        candidates = (
            [Path(rest)]
            if scheme.lower() == "absolute"
            else [Path(self.base_path.replace("\\", "/")) / rest, self.path.parent / rest]
        )
        for cand in candidates:
            if (
                cand.suffix.lower() == ".txt"
                and cand.is_file()
                and cand.stat().st_size <= self.archive.budget
            ):
                data = cand.read_bytes()
                self.archive.budget -= len(data)
                return data
        return None

    # ------------------------------------------------------------------ codings
    def _coding(self, coding: Any, sel: Any, doc_id: str, name: str, text: str, start: int, end: int) -> None:
        refs = children(coding, "CodeRef")
        target = norm_guid(refs[0].get("targetGUID")) if refs else ""
        if target in self.case_guids:
            # Some programs code case membership with a code sharing the case's GUID.
            desc = child_text(sel, "Description")
            row = self._case_row(self.case_guids[target], doc_id, start, end, desc, text)
            self.case_rows.append({**row, "_case": target})
            return
        if target not in self.code_by_guid:
            warnings.warn(
                f"{self.path}: {name}: coding refers to unknown code {target!r}; skipped",
                VnqualWarning,
                stacklevel=6,
            )
            return
        code, code_path = self.code_by_guid[target]
        user = norm_guid(coding.get("creatingUser") or sel.get("creatingUser"))
        coder = self.users.get(user, user or "unknown")
        info = _description_info(child_text(sel, "Description"), (code, code_path), coder)
        self.rows.append(
            {
                STATEMENT_ID: info.get(STATEMENT_ID, ""),
                CODE: code,
                CODE_PATH: code_path,
                SCORE: info.get(SCORE, ""),
                METHOD: info.get(METHOD, HUMAN_METHOD),
                EVIDENCE: info.get(EVIDENCE, ""),
                START_CHAR: start,
                END_CHAR: end,
                EXCERPT: text[start:end],
                DOC_ID: doc_id,
                SPEAKER: "",
                ROLE: "",
                SOURCE_FILE: name,
                CODER: coder,
            }
        )

    # ------------------------------------------------------------------ cases
    def _cases(self) -> None:
        roles: dict[str, str] = {}
        for case in self.cases:
            values = self._values(case)
            source_refs = [norm_guid(r.get("targetGUID")) for r in children(case, "SourceRef")]
            if not case.get("name") and len(source_refs) == 1:
                # MAXQDA/Quirkos: a nameless case with one SourceRef carries document variables.
                doc = self.doc_of_source.get(source_refs[0])
                if doc is not None:
                    self.doc_vars.setdefault(doc, {}).update(values)
                continue
            name = case.get("name") or ""
            roles[norm_guid(case.get("guid"))] = values.get(ROLE, "")
            for ref in children(case, "SelectionRef"):
                found = self.selections.get(norm_guid(ref.get("targetGUID")))
                if found is None:
                    continue
                doc_id, start, end, desc = found
                row = self._case_row(name, doc_id, start, end, desc, self.sources[doc_id])
                row[ROLE] = values.get(ROLE, "")
                self.case_rows.append(row)
        for row in self.case_rows:  # linked through a code sharing the case's GUID
            if "_case" in row:
                row[ROLE] = roles.get(row["_case"], "")

    def _case_row(
        self, case_name: str, doc_id: str, start: int, end: int, desc: str, text: str
    ) -> dict[str, Any]:
        speaker = case_name
        suffix = f" ({doc_id})"
        if speaker.endswith(suffix):  # vnqual writes "speaker (doc_id)"
            speaker = speaker[: -len(suffix)]
        statement_id = _description_info(desc).get(STATEMENT_ID) or f"{doc_id}-sel{start:07d}"
        return {
            DOC_ID: doc_id,
            STATEMENT_ID: statement_id,
            SPEAKER: speaker,
            ROLE: "",
            START_CHAR: start,
            END_CHAR: end,
            TEXT: text[start:end],
        }

    def _values(self, el: Any) -> dict[str, str]:
        out = {}
        for vv in children(el, "VariableValue"):
            refs = children(vv, "VariableRef")
            var = self.variables.get(norm_guid(refs[0].get("targetGUID"))) if refs else None
            values = [c.text or "" for c in vv if local(c.tag).endswith("Value")]
            if var and values:
                out[var] = values[0].strip()
        return out


def _description_info(text: str, codes: tuple[str, ...] = (), coder: str = AUTO_CODER) -> dict[str, str]:
    """``key: value`` lines vnqual writes into a selection's Description.

    Lines before any ``code: <name>`` line describe every coding of the selection; the lines
    of the block of the coding of ``coder`` with one of ``codes`` (a code's name and path) are
    added to them.
    """
    common: dict[str, str] = {}
    blocks: list[dict[str, str]] = []
    for line in (text or "").splitlines():
        key, sep, value = line.partition(": ")
        if not sep:
            continue
        if key == DESCRIPTION_CODE:
            blocks.append({DESCRIPTION_CODE: value.strip()})
        elif blocks and (key in DESCRIPTION_KEYS or key == CODER):
            blocks[-1][key] = value.strip()
        elif key in DESCRIPTION_KEYS:
            common[key] = value.strip()
    for block in blocks:
        if block[DESCRIPTION_CODE] in codes and block.get(CODER, AUTO_CODER) == coder:
            return {**common, **{k: v for k, v in block.items() if k in DESCRIPTION_KEYS}}
    return common


def _decode(data: bytes, path: Path, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # ATLAS.ti writes source texts in Windows-1252; one byte per character keeps offsets.
        warnings.warn(
            f"{path}: text of source {name!r} is not valid UTF-8; read as "
            f"Windows-1252 (cp1252), check its Vietnamese letters",
            VnqualWarning,
            stacklevel=6,
        )
        return data.decode("cp1252", errors="replace")


def _offset_mapper(raw: str, selections: list[tuple[Any, int, int]], crlf: str, origin: str) -> Any:
    """Function mapping a selection offset of ``raw`` to the LF-only canonical text."""
    if "\r\n" not in raw or crlf == "ignore":
        return int
    crs = [m.start() for m in re.finditer("\r\n", raw)]

    def counting(offset: int) -> int:  # offsets count the CR of every CR LF
        return offset - bisect.bisect_left(crs, offset)

    if crlf == "count":
        return counting
    canonical = raw.replace("\r\n", "\n").replace("\r", "\n")
    score_count = _name_matches(selections, canonical, counting)
    score_ignore = _name_matches(selections, canonical, int)
    if score_count != score_ignore:
        return counting if score_count > score_ignore else int
    return int if "atlas" in origin.lower() else counting


def _name_matches(selections: list[tuple[Any, int, int]], text: str, mapper: Any) -> int:
    """How many selections' names (excerpt previews) agree with the text under ``mapper``
    (``selections``: element, start, end in code points of the raw text)."""
    score = 0
    for sel, first, last in selections:
        label = " ".join((sel.get("name") or "").split()).rstrip(".… ")
        start, end = mapper(first), mapper(last)
        if end > len(text) or start < 0:
            score -= 1
            continue
        if len(label) < 4:
            continue
        excerpt = " ".join(text[start:end].split())
        n = min(len(label), len(excerpt), 60)
        if n >= 4 and label[:n] == excerpt[:n]:
            score += 1
    return score
