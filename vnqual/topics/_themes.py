"""``themes.yaml``: the researcher's names, merges and drops of themes, kept from run to run.

``vnqual topics --out DIR`` writes ``DIR/themes.yaml``, one entry per theme::

    themes:
      - id: 2
        name: "tài liệu song ngữ / thực hành"   # rename it
        label: "tài liệu song ngữ / thực hành"  # the automatic label (information)
        size: 23
        terms: ["tài liệu", "thực hành", "giảng viên", ...]
        # merge: [4, 5]   drop: true   pin: true

``vnqual topics ... --themes DIR/themes.yaml`` fits again with one seeded theme per kept entry
(seed words: its ``terms``, plus those of the themes it merges); a theme comes back under its
``name`` when that was edited (or ``pin: true``), otherwise under its new automatic label.
Dropped themes and merged-away entries are gone. When the statements are the same as those of the
folder the file came from (its ``assignments.csv``, same statement ids), the fit starts from that
assignment mapped through the edits (:meth:`ThemePlan.initial_topics`): untouched themes keep their
statements, a merged theme starts with the union, a dropped theme's statements are placed by the
model. Otherwise only the seed terms bring the themes back. The file is read with ``yaml.safe_load``
semantics and no aliases at all (``*ref``): an alias bomb cannot expand.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual._yaml import load_yaml_file
from vnqual.errors import InputError, VnqualWarning
from vnqual.types import PathLike

FORMAT_VERSION = 1
_KEYS = {"id", "name", "label", "size", "coherence", "terms", "merge", "drop", "pin"}

HEADER = """\
# Themes found by `vnqual topics`. Edit this file, then run the same command again with
#   --themes <the path of this file>
# to keep your decisions. Per theme:
#   name:  rename the theme (your name is kept, and is the code in `vnqual export`)
#   merge: [2, 5]  this theme absorbs themes 2 and 5 (their terms are added to its terms)
#   drop: true     remove the theme (its statements go to the other themes)
#   pin: true      keep this name even when it is the automatic label
#   terms:         the words that bring the theme back (seed words); edit them freely
# label, size and coherence are information; they are recomputed on every run.
"""


# -------------------------------------------------------------------------- write
def theme_entries(
    info: pd.DataFrame, auto_labels: Sequence[str], terms: Sequence[Sequence[str]]
) -> list[dict]:
    """One ``themes.yaml`` entry per row of ``topic_info`` (``terms`` as canonical tokens)."""
    out = []
    records: list[dict[Any, Any]] = info.to_dict("records")
    for row, auto, words in zip(records, auto_labels, terms):
        entry: dict[str, Any] = {
            "id": int(row["topic"]),
            "name": str(row["label"]),
            "label": str(auto),
            "size": int(row["size"]),
        }
        if "coherence" in row:
            entry["coherence"] = round(float(row["coherence"]), 4)
        entry["terms"] = [w.replace("_", " ") for w in words]
        out.append(entry)
    return out


def themes_yaml(entries: Sequence[Mapping[str, Any]]) -> str:
    """The text of a ``themes.yaml`` (deterministic; strings JSON-quoted, valid YAML)."""
    q = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731
    lines = [HEADER.rstrip("\n"), f"version: {FORMAT_VERSION}", "themes:"]
    for e in entries:
        lines.append(f"  - id: {int(e['id'])}")
        for key in ("name", "label"):
            lines.append(f"    {key}: {q(str(e[key]))}")
        lines.append(f"    size: {int(e['size'])}")
        if "coherence" in e:
            lines.append(f"    coherence: {e['coherence']}")
        lines.append(f"    terms: [{', '.join(q(t) for t in e['terms'])}]")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- read
@dataclass
class Theme:
    """One theme to bring back: its name, seed terms, whether the name is kept, source ids."""

    name: str
    terms: list[str]
    keep_name: bool
    ids: list[int]


@dataclass
class ThemePlan:
    """The edited themes of a ``themes.yaml`` (what :func:`read_themes` returns)."""

    themes: list[Theme]
    dropped: list[int] = field(default_factory=list)
    file: str = "themes file"

    def seed_words(self) -> dict[str, list[str]]:
        """``name -> terms`` for :class:`~vnqual.topics.TopicModel` ``seed_words``."""
        return {t.name: list(t.terms) for t in self.themes}

    def n_topics(self, k: int | str) -> int:
        """Themes to fit: one per kept theme, or ``k`` (>= that) to add free themes."""
        if k == "auto":
            return len(self.themes)
        if int(k) < len(self.themes):
            raise InputError(
                f"{self.file} keeps {len(self.themes)} themes but `k` is {k}; drop `k` or raise it"
            )
        return int(k)

    def initial_topics(self, statement_ids: Sequence[str]) -> list[int] | None:
        """Start of the fit: for each statement, the kept theme (position) it was assigned to before.

        Read from the ``assignments.csv`` beside the themes file; ``-1`` for statements of a
        dropped theme (the model places them). ``None`` when that file is missing or unreadable,
        or its statement ids are not exactly ``statement_ids`` (other data: seed terms only).
        """
        from vnqual.jobs.folders import ASSIGNMENTS_FILE

        table = Path(self.file).parent / ASSIGNMENTS_FILE
        if not table.is_file():
            return None
        try:
            prev = pd.read_csv(table, usecols=["statement_id", "topic"], dtype={"statement_id": str})
        except (ValueError, OSError, pd.errors.ParserError):
            return None
        ids = [str(i) for i in statement_ids]
        if len(prev) != len(ids) or set(prev["statement_id"]) != set(ids):
            return None
        position = {old: j for j, theme in enumerate(self.themes) for old in theme.ids}
        topic = dict(zip(prev["statement_id"], prev["topic"]))
        return [position.get(int(topic[i]), -1) if pd.notna(topic[i]) else -1 for i in ids]

    def relabel(self, model: Any) -> None:
        """Names of the fitted model: edited/pinned names stay, others get the new automatic label."""
        keep = {t.name: t.keep_name for t in self.themes}
        model.labels_ = [
            auto if theme is None or not keep.get(theme, True) else theme
            for theme, auto in zip(model.seed_themes_, model.auto_labels_)
        ]


def read_themes(path: PathLike) -> ThemePlan:
    """Read and check a ``themes.yaml`` written by ``vnqual topics --out`` and edited by hand.

    Raises
    ------
    InputError
        Not YAML, aliases, or an entry that does not make sense (the message names the line).
    """
    from vnqual.topics._seeded import normalize_term

    path = Path(path)
    node, data = load_yaml_file(path, what="themes file")
    if not isinstance(data, Mapping) or not isinstance(data.get("themes"), list) or not data["themes"]:
        raise InputError(
            f"{path}: expected 'themes:' with a list of themes; give the themes.yaml written by "
            "`vnqual topics --out DIR`"
        )
    items = data["themes"]
    lines = _item_lines(node, len(items))
    by_id: dict[int, tuple[dict, int]] = {}
    for item, line in zip(items, lines):
        where = f"{path} line {line}"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: a theme must be a mapping with id, name and terms")
        unknown = sorted(set(map(str, item)) - _KEYS)
        if unknown:
            raise InputError(f"{where}: unknown key {unknown[0]!r}; use {', '.join(sorted(_KEYS))}")
        tid = item.get("id")
        if isinstance(tid, bool) or not isinstance(tid, int):
            raise InputError(f"{where}: 'id' must be the theme number, got {tid!r}")
        if tid in by_id:
            raise InputError(f"{where}: theme id {tid} appears twice")
        name = item.get("name")
        if not isinstance(name, (str, int, float)) or not str(name).strip():
            raise InputError(f"{where}: theme {tid} needs a 'name'")
        terms = item.get("terms") or []
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list) or not all(isinstance(t, (str, int, float)) for t in terms):
            raise InputError(f"{where}: 'terms' of theme {tid} must be a list of words")
        for key in ("drop", "pin"):
            if key in item and not isinstance(item[key], bool):
                raise InputError(f"{where}: '{key}' must be true or false, got {item[key]!r}")
        merge = item.get("merge") or []
        if isinstance(merge, int) and not isinstance(merge, bool):
            merge = [merge]
        if not isinstance(merge, list) or not all(
            isinstance(m, int) and not isinstance(m, bool) for m in merge
        ):
            raise InputError(f"{where}: 'merge' must be a list of theme ids, e.g. merge: [2, 5]")
        by_id[tid] = (
            dict(item, terms=[normalize_term(t) for t in terms if str(t).strip()], merge=merge),
            line,
        )
    merged_into: dict[int, int] = {}
    for tid, (item, line) in by_id.items():
        for m in item["merge"]:
            where = f"{path} line {line}"
            if m == tid or m not in by_id:
                raise InputError(
                    f"{where}: theme {tid} merges {m}, which is {'itself' if m == tid else 'no theme id'}"
                )
            if m in merged_into:
                raise InputError(f"{where}: theme {m} is merged into both {merged_into[m]} and {tid}")
            if by_id[m][0]["merge"]:
                raise InputError(f"{where}: theme {m} merges other themes itself; list all ids in one merge")
            merged_into[m] = tid
    themes: list[Theme] = []
    dropped: list[int] = []
    names: dict[str, int] = {}
    for tid, (item, line) in by_id.items():
        if tid in merged_into:
            continue
        if item.get("drop"):
            if item["merge"]:
                raise InputError(f"{path} line {line}: theme {tid} both merges and is dropped; choose one")
            dropped.append(tid)
            continue
        ids = [tid, *item["merge"]]
        terms = list(dict.fromkeys(t for i in ids for t in by_id[i][0]["terms"]))
        if not terms:
            raise InputError(
                f"{path} line {line}: theme {tid} has no 'terms' to bring it back; list a few words"
            )
        name = " ".join(str(item["name"]).split())
        if name in names:
            raise InputError(
                f"{path} line {line}: two themes are named {name!r} (ids {names[name]} and {tid}); "
                f"rename one or merge them with merge: [{tid}]"
            )
        names[name] = tid
        label = " ".join(str(item.get("label", "")).split())
        themes.append(Theme(name, terms, bool(item.get("pin")) or name != label, ids))
    if not themes:
        raise InputError(f"{path}: every theme is dropped; keep at least one")
    return ThemePlan(themes, sorted(dropped), str(path))


def _item_lines(node: Any, n: int) -> list[int]:
    """Line (1-based) of each theme entry, from the YAML node tree."""
    try:
        for key, value in node.value:
            if key.value == "themes":
                return [item.start_mark.line + 1 for item in value.value][:n]
    except (AttributeError, TypeError):
        pass
    return [0] * n


def renamed_labels(file: PathLike, labels: Sequence[str]) -> list[str]:
    """``labels`` (theme ``i`` at position ``i``) with the names edited in a themes file.

    Only renames apply without a new run; merges and drops need ``vnqual topics --themes``
    and are named in a warning. A missing file changes nothing.
    """
    file = Path(file)
    if not file.is_file():
        return list(labels)
    try:
        _, data = load_yaml_file(file, what="themes file")
    except InputError as err:
        warnings.warn(f"{err}; showing the automatic labels", VnqualWarning, stacklevel=2)
        return list(labels)
    out = list(labels)
    pending = []
    for item in (data or {}).get("themes", []) if isinstance(data, Mapping) else []:
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), int):
            continue
        tid = item["id"]
        if 0 <= tid < len(out) and isinstance(item.get("name"), str) and item["name"].strip():
            out[tid] = " ".join(item["name"].split())
        if item.get("merge") or item.get("drop"):
            pending.append(tid)
    if pending:
        warnings.warn(
            f"{file}: merges/drops of theme(s) {', '.join(map(str, pending))} apply only after "
            f"`vnqual topics ... --themes {file}`",
            VnqualWarning,
            stacklevel=2,
        )
    return out
