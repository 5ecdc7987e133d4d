"""REFI-QDA project files (``.qdpx``): write vnqual codings, read codings made in QDA programs.

The writer follows the QDA-XML 1.0 Project schema (REFI, March 2019) that NVivo, ATLAS.ti,
MAXQDA, QualCoder, Quirkos and Transana implement. The reader is lenient about the dialects
those programs write; see :func:`read_qdpx`.
"""

from __future__ import annotations

import hashlib
import math
import warnings
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual._fs import atomic_write
from vnqual._version import __version__
from vnqual.codings import (
    AUTO_CODER,
    CODE,
    CODER,
    EVIDENCE,
    METHOD,
    REQUIRED_COLUMNS,
    SCORE,
    attach_corpus,
    codes_frame,
    codes_from_codings,
)
from vnqual.corpus import Corpus
from vnqual.errors import InputError, VnqualNote, VnqualWarning
from vnqual.refi import CrlfMode, read_qdpx, read_qdpx_cases  # noqa: F401  (public here too)
from vnqual.refi._offsets import has_astral
from vnqual.refi._xml import (
    DESCRIPTION_CODE,
    PROJECT_NS,
    ZIP_DATE,
    code_tree,
    element,
    guid,
    refi_datetime,
    tostring,
    write_code,
)
from vnqual.types import (
    DOC_ID,
    END_CHAR,
    ROLE,
    SOURCE_FILE,
    SPEAKER,
    START_CHAR,
    STATEMENT_ID,
    PathLike,
)

#: Column of a reviewer's memo (``vnqual review``), written as a ``memo:`` line of the Description.
MEMO = "memo"
#: The REFI-QDA Project schema shipped with vnqual (validate with ``xmlschema``).
PROJECT_XSD = Path(__file__).resolve().parents[1] / "data" / "refi-qda" / "Project.xsd"
#: Name of the project XML inside the zip.
PROJECT_MEMBER = "project.qde"
#: Folder of the canonical source texts inside the zip.
SOURCES_MEMBER = "sources"
#: Colour of the codes that stand for speaker cases.
CASE_COLOR = "#999999"
#: Description of such a code (then the document id): readers drop these codes again.
CASE_CODE_NOTE = "Speaker case (vnqual) in"


# ============================================================================ writer
def to_qdpx(
    codings: pd.DataFrame,
    corpus: Corpus,
    path: PathLike,
    *,
    codes: pd.DataFrame | None = None,
    name: str | None = None,
    cases: bool = True,
    created: datetime | None = None,
) -> Path:
    """Write codings and their sources as a REFI-QDA project (``.qdpx``).

    Parameters
    ----------
    codings : pandas.DataFrame
        One row per coded span: ``doc_id``, ``code``, ``start_char``, ``end_char`` (code points
        in the canonical source), optionally ``statement_id``, ``method``, ``score``,
        ``evidence``, ``coder``.
    corpus : Corpus
        Statements and canonical source texts the offsets refer to.
    path : path-like
        Output ``.qdpx`` file (written atomically).
    codes : pandas.DataFrame, optional
        Codebook (``code``, ``path``, ``parent``, ``description``, ``keywords``, ``examples``);
        codes used in ``codings`` but missing here are added at the top level.
    name : str, optional
        Project name (default: the file name without extension).
    cases : bool
        Write each speaker of each document as a Case whose selections are the speaker's
        statements, and, as NVivo does, as a code with the case's GUID coding each of those
        statements (QualCoder links a case to its text only this way; vnqual's reader turns
        such codes back into cases). Turn off for programs that show every selection:
        ATLAS.ti makes each one a quotation.
    created : datetime, optional
        ``creationDateTime`` of the project, sources, selections and codings (older QualCoder
        versions fail on selections without one); ``$SOURCE_DATE_EPOCH`` overrides it when
        set. Default: the fixed :data:`vnqual.refi._xml.EXPORT_DATE` (1980-01-01), so the
        same codings give the same bytes, however often and wherever they are exported.

    Returns
    -------
    pathlib.Path
        ``path``.

    Notes
    -----
    Sources are stored as ``sources/<guid>.txt`` (UTF-8 without BOM, LF line ends) and
    referenced as ``internal://<guid>.txt``. GUIDs are upper case. Each coded span is one
    ``PlainTextSelection`` whose ``name`` is the excerpt, with one ``Coding`` per code and coder
    and a ``Description`` holding ``statement_id`` and each coding's ``method``, ``score`` and
    ``evidence`` (with several codings, each one's lines start with ``code: <name>``, and
    ``coder: <name>`` for a human coder); the coder is a ``User`` (``vnqual`` for automatic
    codings). A speaker case refers to the selection of each statement. Document
    metadata constant per document become source ``Variables``; ``role`` and metadata constant
    per speaker become case ``Variables``. GUIDs are derived from content (uuid5), so the same
    input gives the same file.

    Examples
    --------
    >>> coded = load_coded("ket_qua/ma_hoa")  # doctest: +SKIP
    >>> to_qdpx(coded.codings, coded.corpus, "toa_dam.qdpx", codes=coded.codes)  # doctest: +SKIP
    """
    path = Path(path)
    missing = [c for c in REQUIRED_COLUMNS if c not in codings.columns]
    if missing:
        raise InputError(
            f"codings lack column(s) {', '.join(missing)}; expected at least {', '.join(REQUIRED_COLUMNS)}"
        )
    codings = _dedupe(attach_corpus(codings, corpus))
    codes = codes_frame(codes) if codes is not None else codes_from_codings(codings)
    used = [
        c
        for c in pd.unique(codings[CODE].astype(str))
        if c not in set(codes[CODE]) and c not in set(codes["path"])
    ]
    if used:
        codes = codes_frame(
            pd.concat([codes, codes_from_codings(pd.DataFrame({CODE: used}))], ignore_index=True)
        )
    xml = _project_xml(codings, corpus, codes, name or path.stem, cases, refi_datetime(created))
    astral = [d for d in _doc_order(corpus) if has_astral(corpus.sources[d])]
    if astral:
        warnings.warn(
            f"{path}: {len(astral)} source(s) ({', '.join(astral[:3])}{', ...' if len(astral) > 3 else ''}) "
            f"hold characters outside the BMP (e.g. emoji); positions count them as one character "
            f"(code points, as REFI-QDA says), while some programs (NVivo) count two, so codings "
            f"after them may look shifted there",
            VnqualNote,
            stacklevel=2,
        )
    with atomic_write(path, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
        _write_member(zf, PROJECT_MEMBER, xml)
        for doc_id in _doc_order(corpus):
            text = corpus.sources[doc_id]
            _write_member(zf, f"{SOURCES_MEMBER}/{_source_guid(doc_id, text)}.txt", text.encode("utf-8"))
    return path


def _write_member(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def _dedupe(codings: pd.DataFrame) -> pd.DataFrame:
    if CODER not in codings.columns:
        codings[CODER] = AUTO_CODER
    codings[CODER] = codings[CODER].fillna("").astype(str).replace("", AUTO_CODER)
    key = [DOC_ID, START_CHAR, END_CHAR, CODE, CODER]
    if SCORE in codings.columns:
        codings = codings.sort_values(SCORE, ascending=False, kind="stable", na_position="last")
    return (
        codings.drop_duplicates(key)
        .sort_values([DOC_ID, START_CHAR, END_CHAR, CODE], kind="stable")
        .reset_index(drop=True)
    )


def _doc_order(corpus: Corpus) -> list[str]:
    docs = [d for d in corpus.documents[DOC_ID] if d in corpus.sources]
    return docs + [d for d in corpus.sources if d not in set(docs)]


def _source_guid(doc_id: str, text: str) -> str:
    return guid("source", doc_id, hashlib.sha256(text.encode("utf-8")).hexdigest())


def _project_xml(
    codings: pd.DataFrame, corpus: Corpus, codes: pd.DataFrame, name: str, cases: bool, stamp: str
) -> bytes:
    users = sorted(set(codings[CODER])) or [AUTO_CODER]
    user_guid = {u: guid("user", u) for u in users}
    root = element(
        "Project",
        {
            "xmlns": PROJECT_NS,
            "name": name,
            "origin": f"vnqual {__version__}",
            "creatingUserGUID": user_guid.get(AUTO_CODER, user_guid[users[0]]),
            "creationDateTime": stamp,
        },
    )
    users_el = element("Users", parent=root)
    for user in users:
        element("User", {"guid": user_guid[user], "name": user}, parent=users_el)

    tree = code_tree(codes)
    code_guid: dict[str, str] = {}
    _collect_guids(tree, code_guid)
    frame = corpus.frame
    speakers = frame[frame[SPEAKER].fillna("").astype(str) != ""] if cases else frame.iloc[:0]
    case_keys = list(speakers.groupby([DOC_ID, SPEAKER], sort=False).groups) if cases else []
    if tree or case_keys:
        codes_el = element("Codes", parent=element("CodeBook", parent=root))
        for node in tree:
            write_code(node, codes_el)
        for doc_id, speaker in case_keys:
            # NVivo writes a case as a code sharing the case's GUID too, and QualCoder links a
            # case to its text only through such a code (its importer ignores SelectionRef).
            code = element(
                "Code",
                {
                    "guid": _case_guid(doc_id, speaker),
                    "name": _case_name(speaker, doc_id),
                    "isCodable": "true",
                    "color": CASE_COLOR,
                },
                parent=codes_el,
            )
            element("Description", text=f"{CASE_CODE_NOTE} {doc_id}", parent=code)

    source_vars, case_vars = _variables(corpus)
    all_vars = {**source_vars, **case_vars}
    if all_vars:
        vars_el = element("Variables", parent=root)
        for var, vtype in all_vars.items():
            v = element(
                "Variable",
                {"guid": guid("variable", var), "name": var, "typeOfVariable": vtype},
                parent=vars_el,
            )
            where = "document" if var in source_vars else "speaker"
            element("Description", text=f"{where} metadata from vnqual", parent=v)

    if cases:
        _write_cases(root, speakers, case_vars)

    sources_el = element("Sources", parent=root)
    by_doc = dict(tuple(codings.groupby(DOC_ID, sort=False)))
    statements_by_doc = dict(tuple(frame.groupby(DOC_ID, sort=False))) if cases else {}
    first_rows = frame.drop_duplicates(DOC_ID).set_index(DOC_ID, drop=False)
    for doc_id in _doc_order(corpus):
        first = first_rows.loc[doc_id] if doc_id in first_rows.index else None
        _write_source(
            sources_el,
            doc_id,
            corpus,
            by_doc.get(doc_id),
            statements_by_doc.get(doc_id),
            first,
            code_guid,
            user_guid,
            source_vars,
            stamp,
        )
    element(
        "Description",
        text="Coded excerpts exported by vnqual (Vietnamese workshop "
        "transcripts); offsets are Unicode code points.",
        parent=root,
    )
    return tostring(root)


def _collect_guids(nodes: list[dict[str, Any]], out: dict[str, str]) -> None:
    for node in nodes:
        if node["codable"]:
            out.setdefault(node["path"], node["guid"])
            out.setdefault(node["name"], node["guid"])
        _collect_guids(node["children"], out)


def _case_name(speaker: str, doc_id: str) -> str:
    return f"{speaker} ({doc_id})"


def _case_guid(doc_id: str, speaker: str) -> str:
    return guid("case", doc_id, speaker)


def _write_cases(root: Any, speakers: pd.DataFrame, case_vars: dict[str, str]) -> None:
    if speakers.empty:
        return
    cases_el = element("Cases", parent=root)
    for (doc_key, speaker_key), rows in speakers.groupby([DOC_ID, SPEAKER], sort=False):
        doc_id, speaker = str(doc_key), str(speaker_key)
        case = element(
            "Case",
            {"guid": _case_guid(doc_id, speaker), "name": _case_name(speaker, doc_id)},
            parent=cases_el,
        )
        role = str(rows[ROLE].iloc[0] or "")
        element("Description", text=f"Speaker in {doc_id}" + (f"; role: {role}" if role else ""), parent=case)
        first = rows.iloc[0]
        for var, vtype in case_vars.items():
            _variable_value(case, var, vtype, first[var])
        for st in rows.itertuples(index=False):
            element(
                "SelectionRef",
                {"targetGUID": _span_guid(doc_id, int(st.start_char), int(st.end_char))},  # type: ignore[arg-type]
                parent=case,
            )


def _span_guid(doc_id: str, start: int, end: int) -> str:
    """GUID of the one selection of a span (every coding of the span, and its statement)."""
    return guid("selection", doc_id, int(start), int(end))


def _write_source(
    sources_el: Any,
    doc_id: str,
    corpus: Corpus,
    codings: pd.DataFrame | None,
    statements: pd.DataFrame | None,
    first: pd.Series | None,
    code_guid: dict[str, str],
    user_guid: dict[str, str],
    source_vars: dict[str, str],
    stamp: str,
) -> None:
    text = corpus.sources[doc_id]
    sguid = _source_guid(doc_id, text)
    src = element(
        "TextSource",
        {
            "guid": sguid,
            "name": doc_id,
            "plainTextPath": f"internal://{sguid}.txt",
            "creationDateTime": stamp,
        },
        parent=sources_el,
    )
    docs = corpus.documents[corpus.documents[DOC_ID] == doc_id]
    source_file = str(docs[SOURCE_FILE].iloc[0]) if len(docs) and SOURCE_FILE in docs else ""
    if source_file:
        element("Description", text=f"source_file: {source_file}", parent=src)
    # One selection per span: several codes (or coders) of one excerpt are several Codings of
    # it, so ATLAS.ti makes one quotation of it, and a case's statement is that same selection.
    spans: dict[tuple[int, int], tuple[list[Any], str, str]] = {}
    if codings is not None:
        bounds = zip(codings[START_CHAR].astype(int).tolist(), codings[END_CHAR].astype(int).tolist())
        for r, span in zip(codings.itertuples(), bounds):
            spans.setdefault(span, ([], "", ""))[0].append(r)
    if statements is not None:
        bounds = zip(statements[START_CHAR].astype(int).tolist(), statements[END_CHAR].astype(int).tolist())
        for r, span in zip(statements.itertuples(), bounds):
            if str(r.speaker or ""):
                rows = spans.get(span, ([], "", ""))[0]
                spans[span] = (rows, str(r.statement_id), _case_guid(doc_id, str(r.speaker)))
    for (start, end), (rows, statement_id, case) in sorted(spans.items(), key=lambda x: (x[0][0], -x[0][1])):
        _write_selection(
            src, doc_id, text, (start, end), rows, statement_id, case, code_guid, user_guid, stamp
        )
    if first is not None:
        for var, vtype in source_vars.items():
            _variable_value(src, var, vtype, first[var])


def _write_selection(
    src: Any,
    doc_id: str,
    text: str,
    span: tuple[int, int],
    rows: list[Any],
    statement_id: str,
    case: str,
    code_guid: dict[str, str],
    user_guid: dict[str, str],
    stamp: str,
) -> None:
    """One ``PlainTextSelection``: a Coding per code and coder in ``rows``, and one to the
    speaker's case code (GUID ``case``) when the span is a statement."""
    start, end = span
    coders = [str(getattr(r, CODER)) for r in rows]
    # Statements and case links are vnqual's, or the first coder's when vnqual coded nothing.
    owner = AUTO_CODER if AUTO_CODER in user_guid else next(iter(user_guid))
    sel = element(
        "PlainTextSelection",
        {
            "guid": _span_guid(doc_id, start, end),
            "name": text[start:end],
            "startPosition": start,
            "endPosition": end,
            # Every selection names its creator: QualCoder files one without it under "default".
            "creatingUser": user_guid[coders[0] if rows else owner],
            "creationDateTime": stamp,
        },
        parent=src,
    )
    statement_id = statement_id or next(
        (str(v) for v in (getattr(r, STATEMENT_ID, "") for r in rows) if _present(v)), ""
    )
    lines = [f"{STATEMENT_ID}: {statement_id}"] if statement_id else []
    for row, coder in zip(rows, coders):
        if len(rows) > 1:  # which coding the lines below describe
            lines.append(f"{DESCRIPTION_CODE}: {getattr(row, CODE)}")
            if coder != AUTO_CODER:
                lines.append(f"{CODER}: {coder}")
        for key in (METHOD, SCORE, EVIDENCE, MEMO):
            value: Any = getattr(row, key, None)
            if _present(value):
                value = f"{float(value):.4g}" if key == SCORE else value
                lines.append(f"{key}: {' '.join(str(value).split())}")
    if lines:
        element("Description", text="\n".join(lines), parent=sel)
    for row, coder in zip(rows, coders):
        code = str(getattr(row, CODE))
        coding = element(
            "Coding",
            {
                "guid": guid("coding", doc_id, start, end, code, coder),
                "creatingUser": user_guid[coder],
                "creationDateTime": stamp,
            },
            parent=sel,
        )
        element("CodeRef", {"targetGUID": code_guid[code]}, parent=coding)
    if case:
        coding = element(
            "Coding",
            {
                "guid": guid("case-coding", doc_id, start, end, case),
                "creatingUser": user_guid[owner],
                "creationDateTime": stamp,
            },
            parent=sel,
        )
        element("CodeRef", {"targetGUID": case}, parent=coding)


def _present(value: Any) -> bool:
    return not (value is None or (isinstance(value, float) and math.isnan(value)) or value == "")


# ----------------------------------------------------------------------------- variables
def _variables(corpus: Corpus) -> tuple[dict[str, str], dict[str, str]]:
    """Metadata columns constant per document (source variables) and per speaker (case ones)."""
    frame = corpus.frame
    source_vars: dict[str, str] = {}
    case_vars: dict[str, str] = {ROLE: "Text"} if (frame[ROLE].astype(str) != "").any() else {}
    skipped = []
    for col in corpus.metadata_columns():
        values = frame[col]
        vtype = _variable_type(values)
        if (frame.groupby(DOC_ID)[col].nunique(dropna=False) <= 1).all():
            source_vars[col] = vtype
        elif (frame.groupby([DOC_ID, SPEAKER])[col].nunique(dropna=False) <= 1).all():
            case_vars[col] = vtype
        else:
            skipped.append(col)
    if skipped:
        warnings.warn(
            f"metadata column(s) {', '.join(skipped)} vary within a speaker's "
            f"statements; not exported as REFI-QDA variables",
            VnqualWarning,
            stacklevel=3,
        )
    return source_vars, case_vars


def _variable_type(values: pd.Series) -> str:
    text = [str(v).strip() for v in values if str(v).strip() not in ("", "nan", "None")]
    if not text:
        return "Text"
    if all(_is_int(v) for v in text):
        return "Integer"
    if all(_is_float(v) for v in text):
        return "Float"
    if all(_is_date(v) for v in text):
        return "Date"
    if all(v.lower() in ("true", "false") for v in text):
        return "Boolean"
    return "Text"


def _is_int(v: str) -> bool:
    return v.lstrip("+-").isdigit() and len(v) < 19


def _is_float(v: str) -> bool:
    try:
        return math.isfinite(float(v)) and "e" not in v.lower()
    except ValueError:
        return False


def _is_date(v: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


_VALUE_TAG = {
    "Text": "TextValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "Boolean": "BooleanValue",
}


def _variable_value(parent: Any, var: str, vtype: str, value: Any) -> None:
    text = "" if value is None else str(value).strip()
    if text in ("", "nan", "None"):
        return
    if vtype == "Boolean":
        text = text.lower()
    vv = element("VariableValue", parent=parent)
    element("VariableRef", {"targetGUID": guid("variable", var)}, parent=vv)
    element(_VALUE_TAG[vtype], text=text, parent=vv)


# ============================================================================ reader
__all__ = ["PROJECT_XSD", "read_qdpx", "read_qdpx_cases", "to_qdpx"]
