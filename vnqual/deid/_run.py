"""De-identify a corpus: detect, link mentions to entities, rewrite sources, re-cut statements."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from vnqual.corpus import Corpus
from vnqual.deid._apply import OFFSET_MAP_COLUMNS, map_positions, rewrite
from vnqual.deid._detect import (
    CATEGORIES,
    UNCERTAIN_BELOW,
    Span,
    find_numbers,
    find_orgs,
    find_persons,
    find_places,
    mention_pattern,
    resolve,
    tokens,
)
from vnqual.deid._lexicon import HONORIFICS, KEEP_LEVELS, NOT_NAME_STARTS, ROLE_WORDS, SURNAMES, fold
from vnqual.deid._pseudonyms import Entity, Registry, read_key, read_names
from vnqual.errors import InputError
from vnqual.types import (
    DOC_ID,
    END_CHAR,
    SOURCE_FILE,
    SPEAKER,
    SPEAKER_LABEL,
    START_CHAR,
    STATEMENT_ID,
    TEXT,
    PathLike,
)

#: Columns of the audit list ``deid-report.csv``. Positions point into the ORIGINAL source.
AUDIT_COLUMNS: tuple[str, ...] = (
    DOC_ID,
    "category",
    "start",
    "end",
    "new_start",
    "new_end",
    "replacement",
    "detector",
    "confidence",
    "uncertain",
    "action",
)
_NAME_CATEGORIES = ("person", "place", "org")


@dataclass
class DeidResult:
    """What :func:`deidentify` produced.

    Attributes
    ----------
    corpus : Corpus
        The de-identified corpus (sources, statements, documents carry only pseudonyms).
    offset_map : pandas.DataFrame
        One row per replaced span (:data:`~vnqual.deid.OFFSET_MAP_COLUMNS`).
    audit : pandas.DataFrame
        One row per replacement (:data:`AUDIT_COLUMNS`), without the original text.
    registry : Registry
        Entities and pseudonyms: the key (original names!) - keep it away from shared outputs.
    doc_ids : dict
        Original ``doc_id`` -> new ``doc_id`` (they differ only when an id contained a name).
    """

    corpus: Corpus
    offset_map: pd.DataFrame
    audit: pd.DataFrame
    registry: Registry
    doc_ids: dict[str, str] = field(default_factory=dict)
    statement_ids: dict[str, str] = field(default_factory=dict)
    scrub: Callable[[str], str] | None = None

    @property
    def n_uncertain(self) -> int:
        return int(self.audit["uncertain"].sum()) if len(self.audit) else 0

    def key_frame(self) -> pd.DataFrame:
        """The pseudonym key as a table (original names: keep it home)."""
        return self.registry.frame()


def parse_categories(categories: str | Iterable[str]) -> tuple[str, ...]:
    """Validated category names from ``"person,phone"`` or a list."""
    items = categories.split(",") if isinstance(categories, str) else list(categories)
    cats = tuple(dict.fromkeys(c.strip().lower() for c in items if c.strip()))
    bad = [c for c in cats if c not in CATEGORIES]
    if bad:
        raise InputError(f"`categories`: unknown {', '.join(bad)}; use some of {','.join(CATEGORIES)}")
    if not cats:
        raise InputError(f"`categories`: none given; use some of {','.join(CATEGORIES)}")
    return cats


def deidentify(
    corpus: Corpus,
    *,
    categories: str | Iterable[str] = ("person", "phone", "id", "email", "url", "place", "date"),
    keep_level: str = "tỉnh",
    names: PathLike | None = None,
    key: PathLike | Registry | None = None,
    ner: bool = True,
    progress: Callable[[int], None] | None = None,
) -> DeidResult:
    """Replace identifiers in ``corpus`` by consistent pseudonyms (``[NGƯỜI 07]``).

    Parameters
    ----------
    corpus : Corpus
        Statements and sources to de-identify (left unchanged).
    categories : str or iterable of str
        Among ``person, phone, id, email, url, place, org, date`` (``"person,phone"`` works).
    keep_level : {"tỉnh", "huyện", "xã", "thôn", "none"}
        Places at or above this level are kept (``"tỉnh"``: provinces stay, districts, communes
        and villages are replaced; ``"none"``: every place is replaced).
    names : path-like, optional
        CSV with ``name`` and optionally ``aliases`` (``|``-separated), ``replacement``,
        ``category``. These names are always replaced, by their replacement when given.
    key : path-like or Registry, optional
        Earlier key: its names keep their pseudonyms and new names get the next numbers.
    ner : bool
        Also use underthesea's named-entity recogniser (slower, finds names without a title).
    progress : callable, optional
        Called with a count of characters done.

    Returns
    -------
    DeidResult

    Examples
    --------
    >>> import pandas as pd
    >>> src = "Bà Lê Thị Thu Sương: Xã Ia Lốp thiếu người. Gọi 0912 345 678.\\nÔng An: Chị Sương nói đúng."
    >>> frame = pd.DataFrame({"doc_id": ["d"] * 2, "statement_id": ["d-1", "d-2"],
    ...     "speaker": ["Bà Lê Thị Thu Sương", "Ông An"], "role": ["", ""],
    ...     "text": [src[21:62], src[71:]], "start_char": [21, 71], "end_char": [62, len(src)],
    ...     "source_file": ["d.txt"] * 2, "turn": [1, 2], "line": [1, 2]})
    >>> result = deidentify(Corpus(frame, {"d": src}), ner=False)
    >>> print(result.corpus.sources["d"])
    Bà [NGƯỜI 01]: Xã [ĐỊA DANH 01] thiếu người. Gọi [SĐT 01].
    Ông [NGƯỜI 02]: Chị [NGƯỜI 01] nói đúng.
    """
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus: expected a vnqual Corpus, got {type(corpus).__name__}")
    cats = parse_categories(categories)
    level = str(keep_level).strip().lower()
    if level not in KEEP_LEVELS:
        raise InputError(f"`keep_level`: {keep_level!r} is not one of {', '.join(KEEP_LEVELS)}")
    keep = KEEP_LEVELS[level]
    registry = key if isinstance(key, Registry) else (read_key(key) if key is not None else Registry())
    fixed = read_names(names, registry) if names is not None else []
    fixed_ids = {id(e) for e in fixed}

    # Pass 1: detectors on every source text (and places named in metadata: "TP. Tam Kỳ").
    found: dict[str, list[Span]] = {}
    turned_down: dict[str, list[Span]] = {}  # NER finds the filters rejected: listed, not replaced
    place_names: set[str] = set()
    if "place" in cats:
        for value in _metadata_values(corpus):
            for sp in find_places(value):
                place_names.add(fold(sp.text))
                if sp.level > keep:
                    _entity_for(registry, "place", sp.text, doc_texts=None)
    for doc_id, text in corpus.sources.items():
        spans = find_numbers(text, cats)
        if "person" in cats:
            spans += find_persons(text)
            # Speaker names as renamed by a speaker file and as read from the labels (speaker_label).
            rows = corpus.frame.loc[corpus.frame[DOC_ID] == doc_id]
            speaker_cols = [rows[c] for c in (SPEAKER, SPEAKER_LABEL) if c in rows.columns]
            spans += _speaker_spans(text, pd.concat(speaker_cols))
        if "place" in cats:
            places = find_places(text)
            place_names.update(fold(s.text) for s in places)
            spans += [s for s in places if s.level > keep]
        if "org" in cats:
            spans += find_orgs(text)
        if ner and ("person" in cats or "org" in cats):
            from vnqual.deid._ner import find_ner

            turned_down[doc_id] = []
            spans += [s for s in find_ner(text, cats, rejected=turned_down[doc_id]) if s.category in cats]
        found[doc_id] = spans
        if progress is not None:
            progress(len(text))

    # Entities from the surer detections, in document order (so numbering is stable).
    # A "person" that is also the name of a place found after a unit word (NER reads "Krông Bông"
    # as a person) is the place.
    for doc_id, spans in found.items():
        found[doc_id] = [
            sp
            for sp in spans
            if not (
                sp.category == "person" and sp.detector in ("ner", "surname") and fold(sp.text) in place_names
            )
        ]
    # Longer names first, so "bà Sương" joins "Lê Thị Thu Sương" whichever comes first in the text;
    # an entity only an unsure detector (NER) found stays uncertain, and so do its mentions.
    firsts = [
        (-len(sp.text.split()), sp.confidence < UNCERTAIN_BELOW, n, sp)
        for n, spans in enumerate(found.values())
        for sp in resolve(spans)
        if sp.category in _NAME_CATEGORIES
    ]
    for _, unsure, _, sp in sorted(firsts, key=lambda x: (x[0], x[1], x[2], x[3].start)):
        before = len(registry)
        entity = _entity_for(registry, sp.category, sp.text, doc_texts=None)
        if len(registry) > before:
            entity.uncertain = unsure
        elif not unsure:
            entity.uncertain = False

    # Pass 2: every known form of every entity, wherever it appears.
    allowed = set(cats)
    for doc_id, text in corpus.sources.items():
        found[doc_id] += _mentions(text, registry, allowed, fixed_ids)

    offset_rows: list[tuple[str, int, int, int, int]] = []
    audit_rows: list[tuple[object, ...]] = []
    new_sources: dict[str, str] = {}
    for doc_id, text in corpus.sources.items():
        chosen = [s for s in resolve(found[doc_id]) if s.category in allowed or s.detector == "names"]
        reps: list[tuple[int, int, str, Span]] = []
        for sp in chosen:
            entity = _entity_for(registry, sp.category, text[sp.start : sp.end], doc_texts=text)
            reps.append((sp.start, sp.end, entity.pseudonym, sp))
        new_text, rows = rewrite(text, [(s, e, p) for s, e, p, _ in reps])
        new_sources[doc_id] = new_text
        doc_rows: list[tuple[object, ...]] = []
        for (s, e, p, sp), (_, _, ns, ne) in zip(reps, rows):
            offset_rows.append((doc_id, s, e, ns, ne))
            conf = round(sp.confidence, 2)
            doc_rows.append(
                (
                    doc_id,
                    sp.category,
                    s,
                    e,
                    ns,
                    ne,
                    p,
                    sp.detector,
                    conf,
                    sp.confidence < UNCERTAIN_BELOW,
                    "replaced",
                )
            )
        for sp in resolve(turned_down.get(doc_id, [])):
            if any(sp.start < e and s < sp.end for s, e, _, _ in reps) or sp.category not in allowed:
                continue
            ns = map_positions([sp.start], rows, side="start")[0]
            ne = map_positions([sp.end], rows, side="end")[0]
            doc_rows.append((doc_id, sp.category, sp.start, sp.end, ns, ne, "", "ner", 0.3, True, "kept"))
        audit_rows += sorted(doc_rows, key=lambda r: (r[2], r[3]))
    offset_map = pd.DataFrame(offset_rows, columns=list(OFFSET_MAP_COLUMNS))
    audit = pd.DataFrame(audit_rows, columns=list(AUDIT_COLUMNS))
    scrub = make_scrubber(registry, cats, keep_level=keep)
    new_corpus, doc_ids = _rewrite_corpus(corpus, new_sources, offset_map, scrub)
    offset_map[DOC_ID] = offset_map[DOC_ID].map(doc_ids)
    audit[DOC_ID] = audit[DOC_ID].map(doc_ids)
    statement_ids = dict(
        zip(corpus.frame[STATEMENT_ID].astype(str), new_corpus.frame[STATEMENT_ID].astype(str))
    )
    return DeidResult(new_corpus, offset_map, audit, registry, doc_ids, statement_ids, scrub)


# ---------------------------------------------------------------------------- entities
def _entity_for(registry: Registry, category: str, text: str, *, doc_texts: str | None) -> Entity:
    """The entity ``text`` names: known, a short form of one known full name, or new."""
    found = registry.lookup(category, text)
    if found is not None:
        if text != found.original:
            found.aliases.add(text)
        return found
    if category == "person" and len(text.split()) <= 2:
        tail = fold(text)
        candidates = [
            e
            for e in registry.entities
            if e.category == "person"
            and len(fold(e.original).split()) > len(tail.split())
            and (fold(e.original).endswith(" " + tail) or _given_first(e.original, tail))
        ]
        if doc_texts is not None and len(candidates) > 1:
            here = [e for e in candidates if any(f in doc_texts for f in e.forms() if f != text)]
            candidates = here or candidates
        if candidates:
            registry.alias(candidates[0], text)
            return candidates[0]
    return registry.add(category, text)


def _given_first(full: str, short: str) -> bool:
    """``H'Linh`` of ``H'Linh Niê``: minority names (no Kinh family name first) start with the given name."""
    words = fold(full).split()
    return words[0] not in SURNAMES and fold(full).startswith(short + " ") and len(short) > 1


def _speaker_spans(text: str, speakers: pd.Series) -> list[Span]:
    """Where the names in this document's speaker labels occur (``Lan:`` has no title to go by)."""
    names = set()
    for label in speakers.dropna().astype(str).unique():
        name = _label_name(label)
        if name:
            names.add(name)
    pattern = mention_pattern(names)
    if pattern is None:
        return []
    return [
        Span(m.start(), m.end(), "person", "speaker", 0.95, m.group())
        for m in pattern.finditer(text)
        if m.group()[:1].isupper()
    ]


def _label_name(label: str) -> str:
    """The name in a speaker label: ``Bà Lê Thị Thu Sương (Phó Giám đốc...)`` -> ``Lê Thị Thu Sương``."""
    label = re.split(r"[(,\-–:]", label, maxsplit=1)[0].strip()
    if not label or fold(label) in ROLE_WORDS:
        return ""
    toks = tokens(label)
    words = [t.word for t in toks]
    lows = [t.low for t in toks]
    for hon in sorted(HONORIFICS, key=lambda h: -len(h.split())):
        n = len(hon.split())
        if lows[:n] == hon.replace("/", " / ").split() or " ".join(lows[:n]) == hon:
            words, lows = words[n:], lows[n:]
            break
    if not words or len(words) > 5 or not all(w[:1].isupper() for w in words):
        return ""
    if lows[0] in NOT_NAME_STARTS or any(c.isdigit() for w in words for c in w):
        return ""
    return " ".join(words)


def _mentions(text: str, registry: Registry, allowed: set[str], fixed_ids: set[int]) -> list[Span]:
    """Occurrences of every known form (names, aliases, and given names of full names)."""
    out: list[Span] = []
    multi: dict[str, tuple[Entity, str]] = {}
    single: dict[str, list[Entity]] = {}
    for e in registry.entities:
        if e.category not in allowed and id(e) not in fixed_ids:
            continue
        forms = set(e.forms())
        if e.category == "person":
            words = e.original.split()
            if len(words) >= 2 and id(e) not in fixed_ids:
                forms.add(words[-1])
                if len(words) >= 3:
                    forms.add(" ".join(words[-2:]))
                if fold(words[0]) not in SURNAMES and len(words[0]) > 1:
                    forms.add(words[0])
        for f in forms:
            if e.category in _NAME_CATEGORIES and not any(ch.isalpha() for ch in f):
                continue  # "thôn 3": the number alone is no name, it is replaced only after its unit word
            if e.category in ("phone", "id", "email", "url", "date") or len(f.split()) > 1:
                multi.setdefault(fold(f), (e, f))
            else:
                single.setdefault(f, []).append(e)
    pattern = mention_pattern(f for _, f in multi.values())
    if pattern is not None:
        for m in pattern.finditer(text):
            hit = multi.get(fold(m.group()))
            if hit is None:
                continue
            e = hit[0]
            det = "names" if id(e) in fixed_ids else "mention"
            out.append(Span(m.start(), m.end(), e.category, det, 0.6 if e.uncertain else 0.9, m.group()))
    if single:
        toks = tokens(text)
        for i, t in enumerate(toks):
            ents = single.get(t.word)
            if not ents:
                continue
            prev_cap = i > 0 and toks[i].joined and toks[i - 1].cap
            next_cap = i + 1 < len(toks) and toks[i + 1].joined and toks[i + 1].cap
            if prev_cap or next_cap:
                continue
            opening = t.sent_start and not re.match(r"[ \t]*(?:[:,)]|\r?\n|$)", text[t.end : t.end + 3])
            if opening and _starts_a_word(text, t.start, t.word):
                continue  # "Tài liệu", "Hòa bình", "Tâm lý": the first syllable of an ordinary word
            e = ents[0]
            det = "names" if id(e) in fixed_ids else "mention"
            conf = 0.8 if len({x.pseudonym for x in ents}) == 1 and not e.uncertain else 0.6
            out.append(Span(t.start, t.end, e.category, det, 0.7 if opening else conf, t.word))
    return out


def _starts_a_word(text: str, start: int, syllable: str) -> bool:
    """True if underthesea's word segmentation joins ``syllable`` (opening a sentence) with what
    follows, i.e. it is part of a word (``Tài liệu``) rather than a name (``Sương thì...``)."""
    from underthesea import word_tokenize

    end = text.find("\n", start)
    piece = text[start : end if 0 <= end < start + 120 else start + 120]
    words = word_tokenize(piece)
    return bool(words) and words[0] != syllable


# ---------------------------------------------------------------------------- corpus
def make_scrubber(
    registry: Registry, categories: Iterable[str] = CATEGORIES, *, keep_level: int = 1
) -> Callable[[str], str]:
    """A function replacing every known form, number, email and low-level place of a short string
    (speaker labels, metadata, file names)."""
    cats = set(categories)
    done: dict[str, str] = {}  # metadata repeats the same values on every statement

    def scrub(value: str) -> str:
        if not value:
            return value
        if value not in done:
            done[value] = _scrub(value)
        return done[value]

    def _scrub(value: str) -> str:
        # File names and ids join words with "_" (pv_chi_Lan.txt); same length, so same offsets.
        spaced = value.replace("_", " ")
        spans = find_numbers(value, cats) + _mentions(spaced, registry, cats | {"person"}, set())
        if "place" in cats:
            spans += [s for s in find_places(spaced) if s.level > keep_level]
        reps = []
        for sp in resolve(spans):
            entity = _entity_for(registry, sp.category, spaced[sp.start : sp.end], doc_texts=None)
            reps.append((sp.start, sp.end, entity.pseudonym))
        return rewrite(value, reps)[0]

    return scrub


def _metadata_values(corpus: Corpus) -> list[str]:
    """Distinct text values of the metadata columns of statements and documents."""
    skip = {TEXT, DOC_ID, STATEMENT_ID, SPEAKER, "role", SOURCE_FILE, "sha256", "encoding"}
    values: set[str] = set()
    for table in (corpus.frame, corpus.documents):
        for col in table.columns:
            if col not in skip and _is_text(table[col]):
                values.update(v for v in table[col].dropna().unique() if isinstance(v, str) and v)
    return sorted(values)


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def _safe_id(text: str) -> str:
    return re.sub(r"[^\w\-.]+", "_", text).strip("_") or "doc"


def _rewrite_corpus(
    corpus: Corpus, sources: Mapping[str, str], offset_map: pd.DataFrame, scrub: Callable[[str], str]
) -> tuple[Corpus, dict[str, str]]:
    frame = corpus.frame.copy()
    doc_ids: dict[str, str] = {}
    for doc in corpus.sources:
        spaced = doc.replace("_", " ")  # pv_chi_Lan: the name is a word of the id
        new = scrub(spaced)
        new = doc if new == spaced else _safe_id(new)
        while new in doc_ids.values():
            new += "_"
        doc_ids[doc] = new
    for doc_key, g in frame.groupby(DOC_ID, sort=False):
        rows = list(
            offset_map.loc[offset_map[DOC_ID] == doc_key, list(OFFSET_MAP_COLUMNS[1:])].itertuples(
                index=False, name=None
            )
        )
        idx = g.index
        frame.loc[idx, START_CHAR] = map_positions(g[START_CHAR].to_numpy(), rows, side="start")
        frame.loc[idx, END_CHAR] = map_positions(g[END_CHAR].to_numpy(), rows, side="end")
    frame[TEXT] = [sources[d][s:e] for d, s, e in zip(frame[DOC_ID], frame[START_CHAR], frame[END_CHAR])]
    skip = {TEXT, START_CHAR, END_CHAR, "turn", "line", "role", DOC_ID, STATEMENT_ID}
    for col in frame.columns:
        if col not in skip and _is_text(frame[col]):
            frame[col] = frame[col].map(lambda v: scrub(v) if isinstance(v, str) else v)
    if SPEAKER_LABEL in frame.columns:  # a label as read ("Ông Bình") is a name: keep only the pseudonym
        frame[SPEAKER_LABEL] = frame[SPEAKER]
    old_docs = frame[DOC_ID].astype(str)
    frame[STATEMENT_ID] = [
        doc_ids[d] + sid[len(d) :] if sid.startswith(d) else scrub(sid)
        for d, sid in zip(old_docs, frame[STATEMENT_ID].astype(str))
    ]
    frame[DOC_ID] = old_docs.map(doc_ids)
    documents = corpus.documents.copy()
    for col in documents.columns:
        if col == DOC_ID:
            documents[col] = documents[col].astype(str).map(lambda d: doc_ids.get(d, scrub(d)))
        elif _is_text(documents[col]):
            documents[col] = documents[col].map(lambda v: scrub(v) if isinstance(v, str) else v)
    for col in ("sha256",):  # a hash of the original file would identify it
        if col in documents.columns:
            documents = documents.drop(columns=col)
    new_sources = {doc_ids[d]: t for d, t in sources.items()}
    return Corpus(frame, new_sources, documents), doc_ids


def corpus_key_path(out: PathLike) -> Path:
    """Default key file of an output folder: ``DIR/../deid-key.csv`` (beside, never inside)."""
    from vnqual.jobs.folders import DEID_KEY_FILE

    out = Path(out).resolve()
    return out.parent / DEID_KEY_FILE
