"""The ``deidentify`` job: transcripts or a corpus in, a de-identified corpus folder out, key beside it.

Result folder (``DIR``)::

    sources/<doc_id>.txt, statements.csv, documents.csv, corpus.json   # the ``ingest`` layout
    offset-map.csv   # doc_id, orig_start, orig_end, new_start, new_end (one row per replacement)
    deid-report.csv  # the audit list: doc_id, category, start, end, new_start, new_end,
                     # replacement, detector, confidence, uncertain, action (replaced|kept);
                     # NO original text
    deid.json        # parameters and counts

``start``/``end`` of the audit list point into the ORIGINAL sources, which stay with the team: with
them and the key a reviewer can look at each replacement; without them the list reveals nothing but
where and what kind. The key (``deid-key.csv``: original <-> pseudonym) is written OUTSIDE ``DIR``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vnqual._fs import atomic_dir, atomic_write
from vnqual._version import __version__
from vnqual.corpus import Corpus
from vnqual.deid import DeidResult, corpus_key_path, deidentify, parse_categories, read_key, write_key
from vnqual.errors import InputError
from vnqual.jobs.folders import DEID_PARAMS_FILE as PARAMS_FILE
from vnqual.jobs.folders import DEID_REPORT_FILE as REPORT_FILE
from vnqual.jobs.folders import OFFSET_MAP_FILE, SCHEMA_VERSION, dump_json
from vnqual.types import PathLike


@dataclass
class DeidentifyOutput:
    """Where the job wrote what, and the result."""

    out: Path
    key: Path
    result: DeidResult
    n_new_entities: int


def is_deid_dir(path: PathLike) -> bool:
    """True if ``path`` is a folder written by this job."""
    from vnqual.jobs.folders import is_deid_dir as _is

    return Corpus.is_corpus_dir(path) and _is(Path(path))


def check_key_path(key: PathLike, out: PathLike) -> Path:
    """``key`` resolved; an error if it lies inside ``out`` (the folder that will be shared)."""
    key_r, out_r = Path(key).resolve(), Path(out).resolve()
    if key_r == out_r or out_r in key_r.parents:
        raise InputError(
            f"`key` {key}: lies inside the output folder {out}, which is meant to be shared; "
            f"keep the key outside it (default: {corpus_key_path(out)})"
        )
    if key_r.is_dir():
        raise InputError(f"`key` {key}: is a folder; give a .csv file name")
    return key_r


def run(
    path: PathLike,
    out: PathLike,
    *,
    key: PathLike | None = None,
    names: PathLike | None = None,
    categories: str | tuple[str, ...] = ("person", "phone", "id", "email", "url", "place", "date"),
    keep_level: str = "tỉnh",
    ner: bool = True,
    read_options: dict[str, Any] | None = None,
    progress: bool = False,
) -> DeidentifyOutput:
    """De-identify ``path`` (transcripts, a table or an ingested corpus folder) into ``out``.

    Parameters
    ----------
    path : path-like
        What :func:`vnqual.read_corpus` reads (an ingested corpus folder is loaded as saved).
    out : path-like
        Result folder (replaced as a whole; only an earlier result folder is replaced).
    key : path-like, optional
        Pseudonym key to read (if it exists) and to write; default ``out/../deid-key.csv``.
        Refused inside ``out``.
    names, categories, keep_level, ner
        As :func:`vnqual.deid.deidentify`.
    read_options : dict, optional
        Keyword arguments of :func:`vnqual.read_corpus` (``unit``, ``text_col``, ...).
    progress : bool
        Show a progress bar (characters done) on stderr.

    Returns
    -------
    DeidentifyOutput
    """
    from vnqual.io import read_corpus

    path, out = Path(path), Path(out)
    src, dst = path.resolve(), out.resolve()
    if dst == src or dst in src.parents or src in dst.parents:
        raise InputError(
            f"`out` {out}: would overwrite or lie inside the input {path}; choose another folder"
        )
    if dst.is_dir() and any(dst.iterdir()) and not is_deid_dir(dst):
        raise InputError(
            f"`out` {out}: exists and is not a de-identified corpus; choose a new or empty folder"
        )
    key_path = check_key_path(key if key is not None else corpus_key_path(out), out)
    cats = parse_categories(categories)
    corpus = read_corpus(path, **(read_options or {}))
    registry = read_key(key_path)
    n_before = len(registry)
    bar = None
    if progress:
        import sys

        from tqdm.auto import tqdm

        total = sum(len(t) for t in corpus.sources.values())
        bar = tqdm(total=total, desc="deidentify", unit="char", unit_scale=True, file=sys.stderr, leave=False)
    try:
        result = deidentify(
            corpus,
            categories=cats,
            keep_level=keep_level,
            names=names,
            key=registry,
            ner=ner,
            progress=None if bar is None else _advance(bar),
        )
    finally:
        if bar is not None:
            bar.close()
    write_key(result.registry, key_path)  # first: outputs without their key could never be joined again
    _write(result, out, params=_params(path, cats, keep_level, ner, names, result))
    return DeidentifyOutput(out, key_path, result, len(result.registry) - n_before)


def _params(
    path: Path, cats: tuple[str, ...], keep_level: str, ner: bool, names: PathLike | None, result: DeidResult
) -> dict[str, Any]:
    replaced = result.audit[result.audit["action"] == "replaced"]
    by_cat = replaced["category"].value_counts().to_dict()
    return {
        "schema_version": SCHEMA_VERSION,
        "vnqual_version": __version__,
        "categories": list(cats),
        "keep_level": keep_level,
        "ner": ner,
        "names_file": names is not None,
        "n_replacements": int(len(replaced)),
        "n_kept_for_review": int(len(result.audit) - len(replaced)),
        "n_uncertain": result.n_uncertain,
        "replacements_by_category": {k: int(v) for k, v in sorted(by_cat.items())},
        "key": "kept outside this folder (deid-key.csv)",
        "report_positions": "start/end in deid-report.csv point into the ORIGINAL sources",
    }


def _write(result: DeidResult, out: Path, *, params: dict[str, Any]) -> None:
    from vnqual.tables import write_csv

    with atomic_dir(out, replaceable=is_deid_dir, what="a de-identified corpus") as tmp:
        result.corpus.save(tmp)
        write_csv(result.offset_map, tmp / OFFSET_MAP_FILE)
        write_csv(result.audit, tmp / REPORT_FILE)
        with atomic_write(tmp / PARAMS_FILE, "w", encoding="utf-8") as fh:
            fh.write(dump_json(params, sort_keys=True))


def for_report(
    corpus: Corpus,
    path: PathLike,
    deidentify: bool,
    key: PathLike | None,
    output: PathLike,
    topics_dir: PathLike | None,
    tag_dir: PathLike | None,
) -> tuple[Corpus, Path]:
    """``vnqual report --deidentify``: the de-identified corpus and the input name to show.

    Refuses ``topics_dir``/``tag_dir`` (their terms and excerpts come from the original texts) and
    a ``key`` without ``deidentify``; the key is extended with new names (see
    :func:`vnqual.deid.deidentify_corpus`).
    """
    from vnqual.deid import deidentify_corpus

    if not deidentify:
        raise InputError("`key` is used with `deidentify`; add `deidentify` or drop `key`")
    if topics_dir is not None or tag_dir is not None:
        raise InputError(
            "`deidentify` cannot use `topics_dir`/`tag_dir` (their terms and excerpts come from the "
            "original texts); run vnqual deidentify first and report on its output, or drop them"
        )
    result = deidentify_corpus(corpus, key=key, outputs=[output])
    name = Path(path).name
    return result.corpus, Path(result.scrub(name) if result.scrub else name)


def _advance(bar: Any) -> Callable[[int], None]:
    def update(n: int) -> None:
        bar.update(n)

    return update
