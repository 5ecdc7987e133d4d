"""De-identify what an output is made of: a corpus and the codings on it (export, report, review)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from vnqual.corpus import Corpus
from vnqual.deid._apply import carry_codings
from vnqual.deid._detect import DEFAULT_CATEGORIES
from vnqual.deid._pseudonyms import Registry, read_key, write_key
from vnqual.deid._run import DeidResult, _is_text, deidentify
from vnqual.errors import InputError
from vnqual.types import DOC_ID, STATEMENT_ID, PathLike

if TYPE_CHECKING:
    from vnqual.coded import Coded

#: Codings columns re-made from the de-identified sources rather than scrubbed.
_RECUT = ("excerpt",)


def deidentify_corpus(
    corpus: Corpus,
    *,
    key: PathLike | None = None,
    names: PathLike | None = None,
    categories: str | Iterable[str] = DEFAULT_CATEGORIES,
    keep_level: str = "tỉnh",
    ner: bool = True,
    save_key: bool = True,
    outputs: Iterable[PathLike] = (),
) -> DeidResult:
    """De-identify ``corpus`` for an output, with the team's key when given.

    The key is read if it exists; names it lacks are added and, with ``save_key``, the key file
    is rewritten so later outputs give them the same pseudonyms. ``outputs`` are the files about to
    be written: a key path among them (or inside one) is refused.
    """
    if key is not None:
        k = Path(key).resolve()
        for out in outputs:
            o = Path(out).resolve()
            if k == o or o in k.parents:
                raise InputError(
                    f"`key` {key}: is the output {out} itself or inside it; keep the key elsewhere"
                )
    registry = read_key(key) if key is not None else Registry()
    result = deidentify(
        corpus, categories=categories, keep_level=keep_level, names=names, key=registry, ner=ner
    )
    if key is not None and save_key:
        write_key(result.registry, key)
    return result


def deidentify_codings(codings: pd.DataFrame, result: DeidResult) -> pd.DataFrame:
    """Codings on the original corpus carried to the de-identified one of ``result``.

    Offsets move with the offset map, ``excerpt`` is re-cut from the new sources, ``doc_id`` and
    ``statement_id`` follow the new corpus, and every other text column (speaker, metadata,
    evidence, memo) is scrubbed of the names, numbers and places the key knows.
    """
    out = codings.copy()
    if DOC_ID in out.columns:
        out[DOC_ID] = out[DOC_ID].astype(str).map(lambda d: result.doc_ids.get(d, d))
    if {"start_char", "end_char", DOC_ID} <= set(out.columns):
        out = carry_codings(out, result.offset_map, sources=result.corpus.sources)
    if STATEMENT_ID in out.columns:
        out[STATEMENT_ID] = out[STATEMENT_ID].map(
            lambda s: result.statement_ids.get(str(s), s) if isinstance(s, str) else s
        )
    scrub = result.scrub
    if scrub is not None:
        for col in out.columns:
            if col in _RECUT or col in (DOC_ID, STATEMENT_ID) or not _is_text(out[col]):
                continue
            out[col] = out[col].map(lambda v: scrub(v) if isinstance(v, str) else v)
    return out


def deidentify_coded(coded: Coded, **options: object) -> tuple[Coded, DeidResult]:
    """A :class:`~vnqual.coded.Coded` whose corpus, sources and codings carry only pseudonyms.

    ``options`` are those of :func:`deidentify_corpus` (``key``, ``names``, ``categories``...).
    """
    if coded.corpus is None:
        raise InputError(
            f"{coded.file}: de-identification needs the source texts; export from the "
            f"`vnqual tag --out` folder (with its corpus/ folder)"
        )
    result = deidentify_corpus(coded.corpus, **options)  # type: ignore[arg-type]
    codings = deidentify_codings(coded.codings, result)
    new = coded._replace(
        codings=codings,
        corpus=result.corpus,
        sources=dict(result.corpus.sources),
        units=result.corpus.frame,
        file=result.scrub(coded.file) if result.scrub else coded.file,
    )
    return new, result
