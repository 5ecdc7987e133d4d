"""Shared REFI-QDA pieces: deterministic GUIDs, safe XML parsing, the code tree."""

from __future__ import annotations

import os
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Any

import pandas as pd

from vnqual.codings import CODE, EVIDENCE, METHOD, SCORE, code_labels
from vnqual.errors import InputError
from vnqual.tables import xml_safe
from vnqual.types import STATEMENT_ID

#: Keys of the ``key: value`` lines vnqual writes into a coded selection's Description.
DESCRIPTION_KEYS: tuple[str, ...] = (STATEMENT_ID, METHOD, SCORE, EVIDENCE)
#: In the Description of a selection with several codings, ``code: <name>`` (and ``coder:``
#: unless the coder is vnqual) starts the lines of each coding.
DESCRIPTION_CODE = "code"

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
# Fixed namespace for uuid5: the same content always gets the same GUID, so exports are
# reproducible byte for byte and a re-export keeps the GUIDs a QDA program has seen.
_GUID_NAMESPACE = uuid.UUID("6f1c5a52-5d0e-5b8e-9a53-766e7175616c")
# A readable colour per code (Okabe-Ito + Tableau), cycled; QDA programs let users change them.
PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#B07AA1",
    "#9C755F",
    "#76B7B2",
    "#EDC948",
)
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_KEYWORDS = "Keywords: "
_EXAMPLES = "Examples: "


def guid(kind: str, *parts: Any) -> str:
    """A deterministic GUID for an object of ``kind`` identified by ``parts``.

    Upper case, as MAXQDA and ATLAS.ti write them (the schema allows either case; readers,
    vnqual's included, compare GUIDs without regard to case).

    Examples
    --------
    >>> guid("code", "Kinh phí") == guid("code", "Kinh phí")
    True
    """
    key = "\x1f".join([kind, *map(str, parts)])
    return str(uuid.uuid5(_GUID_NAMESPACE, key)).upper()


#: Timestamp of every member of the zip files vnqual writes (.qdpx, .xlsx): reproducible bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


#: Date written into exports (.qdpx, .xlsx) when none is given: fixed, so the same codings give
#: the same bytes wherever the folder is copied (as the zip members' :data:`ZIP_DATE`).
EXPORT_DATE = datetime(*ZIP_DATE, tzinfo=timezone.utc)


def refi_datetime(when: datetime | None = None) -> str:
    """``creationDateTime`` value: UTC, whole seconds, ``Z`` (``2020-06-23T08:30:00Z``).

    ``$SOURCE_DATE_EPOCH`` wins when it is set (reproducible builds); ``None`` means
    :data:`EXPORT_DATE`, never the clock or a file's modification time.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = datetime.fromtimestamp(int(epoch), timezone.utc)
    elif when is None:
        when = EXPORT_DATE
    if when.tzinfo is None:
        when = when.astimezone()  # a naive time is local time
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def norm_guid(value: str | None) -> str:
    """GUID in one spelling (lower case, no braces); vendors write ``{ABC-...}`` too."""
    return (value or "").strip().strip("{}").lower()


def local(tag: Any) -> str:
    """Tag without its namespace (``{urn:QDA-XML:project:1.0}Code`` -> ``Code``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: ET.Element, name: str) -> list[ET.Element]:
    """Direct children called ``name`` whatever their namespace or version."""
    return [c for c in element if local(c.tag) == name]


def child_text(element: ET.Element, name: str) -> str:
    found = children(element, name)
    return (found[0].text or "") if found else ""


def parse_xml(data: bytes, where: str) -> ET.Element:
    """Parse untrusted XML with defusedxml (no DTDs, entities or external references)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data, forbid_dtd=True)
    except ParseError as err:
        raise InputError(f"{where}: invalid XML ({err}); re-export it from the QDA program") from None
    except DefusedXmlException as err:
        raise InputError(
            f"{where}: refused XML with a DTD or entities ({type(err).__name__}); "
            f"re-export it from the QDA program"
        ) from None


def element(
    tag: str, attrib: dict[str, Any] | None = None, text: str | None = None, parent: ET.Element | None = None
) -> ET.Element:
    """Build an element with XML-safe attribute values (None values are left out)."""
    attrs = {k: xml_safe(str(v)) for k, v in (attrib or {}).items() if v is not None}
    el = ET.Element(tag, attrs) if parent is None else ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = xml_safe(text)
    return el


def tostring(root: ET.Element) -> bytes:
    """Pretty-printed UTF-8 XML with a declaration."""
    ET.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        root, encoding="utf-8", xml_declaration=False
    )


# ----------------------------------------------------------------------------- code tree
def code_description(row: pd.Series | dict[str, Any]) -> str:
    """Description text of a code: its description, then keyword and example lines."""
    parts = [str(row.get("description") or "").strip()]
    keywords, examples = list(row.get("keywords") or []), list(row.get("examples") or [])
    extra = []
    if keywords:
        extra.append(_KEYWORDS + "; ".join(keywords))
    if examples:
        extra.append(_EXAMPLES + " | ".join(examples))
    if extra:
        parts.append("\n".join(extra))
    return "\n\n".join(p for p in parts if p)


def split_description(text: str) -> tuple[str, list[str], list[str]]:
    """Inverse of :func:`code_description`: (description, keywords, examples)."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    keywords: list[str] = []
    examples: list[str] = []
    while lines and lines[-1].startswith((_KEYWORDS, _EXAMPLES)):
        line = lines.pop()
        if line.startswith(_KEYWORDS):
            keywords = [k.strip() for k in line[len(_KEYWORDS) :].split(";") if k.strip()]
        else:
            examples = [e.strip() for e in line[len(_EXAMPLES) :].split(" | ") if e.strip()]
    return "\n".join(lines).strip(), keywords, examples


def code_tree(codes: pd.DataFrame) -> list[dict[str, Any]]:
    """Nested code nodes (``name``, ``path``, ``guid``, ``codable``, ``row``, ``children``).

    A ``parent`` may name another code by name or path; a parent that is not itself a code
    becomes a non-codable category (``isCodable="false"``), created from the ``path`` when the
    path is ``A/B`` or ``A > B`` style.
    """
    nodes: dict[str, dict[str, Any]] = {}
    by_name: dict[str, str] = {}
    order: list[str] = []
    for _, row in codes.iterrows():
        path = str(row.get("path") or row[CODE])
        if path in nodes:
            continue
        written = row.get("name")
        nodes[path] = {
            # the name as written; CODE is the path when names repeat under different parents
            "name": str(written) if isinstance(written, str) and written else str(row[CODE]),
            "path": path,
            "codable": True,
            "row": row,
            "children": [],
            "parent": str(row.get("parent") or ""),
        }
        by_name.setdefault(str(row[CODE]), path)
        order.append(path)
    for path in list(order):
        node = nodes[path]
        parent = node["parent"] or (_path_parent(path) if path != node["name"] else "")
        if not parent:
            continue
        key = parent if parent in nodes else by_name.get(parent)
        if key is None:
            key = parent
            nodes[key] = {
                "name": _path_leaf(parent),
                "path": parent,
                "codable": False,
                "row": None,
                "children": [],
                "parent": _path_parent(parent),
            }
            order.append(key)
        node["parent"] = key
    roots = []
    for path in order:
        node = nodes[path]
        given = norm_guid(str(node["row"].get("guid") or "")) if node["row"] is not None else ""
        # Keep a GUID the codebook already has (e.g. read from a QDA program's .qdc), so the
        # program recognises its own codes when the project comes back.
        node["guid"] = given.upper() if _GUID.fullmatch(given) else guid("code", path)
        parent = node["parent"] if node["parent"] in nodes and node["parent"] != path else ""
        if parent and not _is_ancestor(nodes, path, parent):
            nodes[parent]["children"].append(node)
        else:
            roots.append(node)
    for i, path in enumerate(order):
        nodes[path]["color"] = PALETTE[i % len(PALETTE)]
    return roots


_PATH_SEP = re.compile(r"\s*(?:/|>|::)\s*")


def _path_parent(path: str) -> str:
    parts = _PATH_SEP.split(path)
    return path[: path.rfind(parts[-1])].rstrip(" />:") if len(parts) > 1 else ""


def _path_leaf(path: str) -> str:
    return _PATH_SEP.split(path)[-1]


def _is_ancestor(nodes: dict[str, dict[str, Any]], path: str, candidate: str) -> bool:
    """True if ``path`` is an ancestor of ``candidate`` (would make a cycle)."""
    seen = set()
    while candidate and candidate not in seen:
        if candidate == path:
            return True
        seen.add(candidate)
        candidate = nodes.get(candidate, {}).get("parent", "")
    return False


def write_code(node: dict[str, Any], parent: ET.Element) -> None:
    """Append ``<Code>`` for ``node`` (and its children) to ``parent``."""
    el = element(
        "Code",
        {
            "guid": node["guid"],
            "name": node["name"],
            "isCodable": "true" if node["codable"] else "false",
            "color": node["color"],
        },
        parent=parent,
    )
    desc = code_description(node["row"]) if node["row"] is not None else ""
    if desc:
        element("Description", text=desc, parent=el)
    for child in node["children"]:
        write_code(child, el)


def read_codes(codes_el: ET.Element) -> pd.DataFrame:
    """Codes table (+ ``guid``, ``is_codable``, ``color``) from a ``<Codes>`` element."""
    rows: list[dict[str, Any]] = []

    def walk(el: ET.Element, parent_name: str, parent_path: str) -> None:
        name = el.get("name") or ""
        path = f"{parent_path}/{name}" if parent_path else name
        desc, keywords, examples = split_description(child_text(el, "Description"))
        codable = (el.get("isCodable") or "true").strip().lower() != "false"
        rows.append(
            {
                CODE: name,
                "name": name,
                "path": path,
                "parent": parent_path,
                "description": desc,
                "keywords": keywords,
                "examples": examples,
                "guid": norm_guid(el.get("guid")),
                "is_codable": codable,
                "color": el.get("color") or "",
            }
        )
        for sub in children(el, "Code"):
            walk(sub, name, path)

    for code in children(codes_el, "Code"):
        walk(code, "", "")
    # A code is known by its name, or by its path when codes under different parents share
    # the name (normal in NVivo); "name" keeps the name as written.
    labels = code_labels([r["name"] for r in rows], [r["path"] for r in rows])
    label_of = dict(zip((r["path"] for r in rows), labels))
    for row, label in zip(rows, labels):
        row[CODE] = label
        row["parent"] = label_of.get(row["parent"], row["parent"])
    from vnqual.codings import codes_frame

    return (
        codes_frame(rows)
        if rows
        else codes_frame(pd.DataFrame(columns=[CODE, "guid", "is_codable", "color"]))
    )
