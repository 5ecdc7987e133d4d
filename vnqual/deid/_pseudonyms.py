"""Consistent pseudonyms: one entity per person/place/number, its tag (``[NGƯỜI 07]``) and the key file.

The key (original <-> pseudonym) is what lets a later run give the same person the same tag; it is
also the only place the original names are written, so it must stay with the research team.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vnqual.deid._lexicon import fold
from vnqual.errors import InputError
from vnqual.types import PathLike

#: Tag word of each category; a pseudonym is ``[TAG NN]``.
TAGS: dict[str, str] = {
    "person": "NGƯỜI",
    "place": "ĐỊA DANH",
    "org": "TỔ CHỨC",
    "phone": "SĐT",
    "id": "GIẤY TỜ",
    "email": "EMAIL",
    "url": "URL",
    "date": "NGÀY SINH",
}
#: Columns of the key file.
KEY_COLUMNS: tuple[str, ...] = ("category", "pseudonym", "original", "aliases", "source", "uncertain")
_ALIAS_SEP = "|"
_TAG_NUMBER = re.compile(r"^\[(?P<tag>.+?) (?P<n>\d+)\]$")


def entity_key(category: str, text: str) -> str:
    """What makes two mentions the same entity: folded words, or the digits of a number."""
    if category in ("phone", "id"):
        digits = re.sub(r"[^0-9A-Za-z]", "", text).upper()
        if category == "phone" and digits.startswith("84") and len(digits) >= 11:
            digits = "0" + digits[2:]
        if category == "phone" and digits.startswith("0084"):
            digits = "0" + digits[4:]
        return digits
    if category in ("email", "url"):
        return text.strip().casefold()
    return fold(text)


@dataclass
class Entity:
    """A person, place or number and its pseudonym; ``aliases`` are the surface forms met."""

    category: str
    original: str
    pseudonym: str
    aliases: set[str] = field(default_factory=set)
    source: str = "detected"
    uncertain: bool = False

    def forms(self) -> set[str]:
        return {self.original, *self.aliases}


class Registry:
    """Entities by category and key, numbering new pseudonyms after the highest one in use."""

    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._by_key: dict[tuple[str, str], Entity] = {}
        self._next: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.entities)

    def lookup(self, category: str, text: str) -> Entity | None:
        """The entity ``text`` names, or None."""
        return self._by_key.get((category, entity_key(category, text)))

    def add(
        self, category: str, text: str, *, pseudonym: str | None = None, source: str = "detected"
    ) -> Entity:
        """The entity of ``text`` (created with the next free pseudonym if new)."""
        found = self.lookup(category, text)
        if found is not None:
            if text != found.original:
                found.aliases.add(text)
            return found
        if not pseudonym:
            pseudonym = self._new_pseudonym(category)
        else:
            self._note_number(pseudonym)
        entity = Entity(category, text, pseudonym, set(), source)
        self.entities.append(entity)
        self._by_key[(category, entity_key(category, text))] = entity
        return entity

    def alias(self, entity: Entity, text: str) -> None:
        """Record ``text`` as another form of ``entity`` (``bà Sương`` of ``Lê Thị Thu Sương``)."""
        if text != entity.original:
            entity.aliases.add(text)
        self._by_key.setdefault((entity.category, entity_key(entity.category, text)), entity)

    def _note_number(self, pseudonym: str) -> None:
        m = _TAG_NUMBER.match(pseudonym)
        if m:
            for cat, tag in TAGS.items():
                if tag == m.group("tag"):
                    self._next[cat] = max(self._next.get(cat, 1), int(m.group("n")) + 1)

    def _new_pseudonym(self, category: str) -> str:
        n = self._next.get(category, 1)
        self._next[category] = n + 1
        return f"[{TAGS[category]} {n:02d}]"

    def frame(self) -> pd.DataFrame:
        """The key as a table (:data:`KEY_COLUMNS`), in order of first appearance."""
        rows = [
            (
                e.category,
                e.pseudonym,
                e.original,
                _ALIAS_SEP.join(sorted(e.aliases - {e.original})),
                e.source,
                e.uncertain,
            )
            for e in self.entities
        ]
        return pd.DataFrame(rows, columns=list(KEY_COLUMNS))


def read_key(path: PathLike) -> Registry:
    """A :class:`Registry` from a key file written by :func:`write_key` (or an empty one)."""
    from vnqual.tables import unguard_frame

    registry = Registry()
    path = Path(path)
    if not path.exists():
        return registry
    frame = _read_csv(path, required=("category", "pseudonym", "original"))
    frame = unguard_frame(frame)
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        cat = str(row.category).strip()
        if cat not in TAGS:
            raise InputError(f"{path} line {line}: unknown category {cat!r}; use one of {', '.join(TAGS)}")
        source = str(getattr(row, "source", "") or "key").strip() or "key"
        entity = registry.add(cat, str(row.original), pseudonym=str(row.pseudonym), source=source)
        entity.uncertain = str(getattr(row, "uncertain", "")).strip().lower() == "true"
        for alias in str(getattr(row, "aliases", "") or "").split(_ALIAS_SEP):
            if alias.strip():
                registry.alias(entity, alias.strip())
    return registry


def write_key(registry: Registry, path: PathLike) -> Path:
    """Write the key (formula-guarded CSV, atomically)."""
    from vnqual.tables import write_csv

    write_csv(registry.frame(), path)
    return Path(path)


def read_names(path: PathLike, registry: Registry) -> list[Entity]:
    """Add a researcher's names file (``name, aliases, replacement[, category]``) to ``registry``.

    ``aliases`` holds other forms separated by ``|`` or ``;``; an empty ``replacement`` gets the
    next pseudonym. These entities win over every detector.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: names file not found")
    frame = _read_csv(path, required=("name",))
    out: list[Entity] = []
    for line, row in enumerate(frame.to_dict("records"), start=2):
        name = str(row.get("name", "")).strip()
        if not name:
            continue
        cat = str(row.get("category", "") or "person").strip().lower()
        if cat not in TAGS:
            raise InputError(f"{path} line {line}: unknown category {cat!r}; use one of {', '.join(TAGS)}")
        replacement = str(row.get("replacement", "") or "").strip() or None
        entity = registry.lookup(cat, name)
        if entity is None:
            entity = registry.add(cat, name, pseudonym=replacement, source="names")
        else:
            entity.source = "names"
            if replacement:
                entity.pseudonym = replacement
        for alias in re.split(r"[|;]", str(row.get("aliases", "") or "")):
            if alias.strip():
                registry.alias(entity, alias.strip())
        out.append(entity)
    return out


def _read_csv(path: Path, *, required: Iterable[str]) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as err:
        raise InputError(f"{path}: not a readable UTF-8 CSV file ({err}); save it as CSV UTF-8") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: no column {', '.join(missing)}; columns found: {', '.join(frame.columns)}")
    return frame
