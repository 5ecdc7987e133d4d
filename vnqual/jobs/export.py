"""The jobs of ``vnqual export``, ``vnqual agree`` and ``vnqual crosstab``: coded excerpts out of vnqual."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual.errors import InputError
from vnqual.jobs import folders

#: ``method`` of codings made from themes.
TOPIC_METHOD = "topic"

#: Formats of ``vnqual export`` (= :data:`vnqual.export.FORMATS`, not imported: CLI startup).
FORMATS: tuple[str, ...] = ("csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc")


def export_format(fmt: str | None, out: Path) -> str:
    """``fmt`` if given, else the format named by the extension of ``out``."""
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InputError(f"{out}: cannot tell the format from the extension; add `fmt` {'|'.join(FORMATS)}")
    return fmt


def run_export(
    path: Path,
    out: Path,
    fmt: str | None = None,
    *,
    name: str | None = None,
    cases: bool = True,
    deidentify: bool = False,
    key: Path | None = None,
    reviewed_only: bool = False,
) -> str:
    """Export the codings of a tag folder (or codes.csv, or the themes of a topics folder) to
    ``out``; return the format used.

    Parameters
    ----------
    path : pathlib.Path
        ``vnqual tag --out`` folder, a codes.csv-like table, or a ``vnqual topics --out`` folder
        (its themes as codes: :func:`topics_coded`).
    out : pathlib.Path
        Output file.
    fmt : str, optional
        One of :data:`FORMATS` (default: from the extension of ``out``).
    name : str, optional
        Project name inside a .qdpx.
    cases : bool
        .qdpx: write speakers as Cases.
    deidentify : bool
        Pseudonyms instead of names, places and numbers (see :func:`vnqual.deid.deidentify_coded`).
    key : pathlib.Path, optional
        With ``deidentify``: the pseudonym key to use and extend.
    reviewed_only : bool
        Only the codings a reviewer accepted (``vnqual review``), the reviewer as coder.

    Returns
    -------
    str
        The format written.
    """
    from vnqual.export import export, export_coded

    fmt = export_format(fmt, out)
    if key is not None and not deidentify:
        raise InputError("`key` is used with `deidentify`; add `deidentify` or drop `key`")
    if folders.is_topics_dir(path):
        if reviewed_only:
            raise InputError(
                f"{path}: `reviewed_only` needs a `vnqual tag` folder reviewed with `vnqual review`"
            )
        coded = topics_coded(path)
        if deidentify:
            from vnqual.deid import deidentify_coded

            coded = deidentify_coded(coded, key=key, outputs=[out])[0]
        export_coded(coded, out, fmt, name=name, cases=cases)  # type: ignore[arg-type]
    else:
        export(
            path,
            out,
            fmt,  # type: ignore[arg-type]
            name=name,
            cases=cases,
            deidentify=deidentify,
            key=key,
            reviewed_only=reviewed_only,
        )
    return fmt


def run_agree(
    a: Path,
    b: Path | None,
    *,
    corpus: Path | None = None,
    coder_a: str | None = None,
    coder_b: str | None = None,
    levels: Sequence[str] = (),
    all_units: bool = False,
    max_bytes: int | None = None,
) -> pd.DataFrame:
    """Agreement table between codings ``a`` and ``b`` (rounded as ``vnqual agree`` prints it).

    Parameters
    ----------
    a, b : pathlib.Path
        Tag folders, codes.csv-like tables or .qdpx projects. ``b`` None: ``a`` is a tag
        folder reviewed with ``vnqual review``, and its automatic codes are compared with the
        reviewed ones (:func:`vnqual.review.compare_reviewed`; adds precision and recall).
    corpus : pathlib.Path, optional
        Corpus folder the offsets refer to.
    coder_a, coder_b : str, optional
        Only the codings of these coders.
    levels : sequence of str
        ``statement`` and/or ``character`` (default: both).
    all_units : bool
        Compare on every statement even when a side is a hand-coding table covering only some
        (:func:`vnqual.agreement.compare`); ``attrs["units"]`` names the restriction otherwise.
    max_bytes : int, optional
        Bound on the uncompressed size of a ``.qdpx`` (default 200 MB).

    Returns
    -------
    pandas.DataFrame
    """
    from vnqual.agreement import compare

    if b is None:
        from vnqual.review._loop import compare_reviewed

        if corpus or coder_a or coder_b or levels or all_units:
            raise InputError(
                "one folder alone compares its automatic and reviewed codes; `corpus`, `coder_a`, "
                "`coder_b`, `levels` and `all_units` need a second codings file"
            )
        return compare_reviewed(a).round(
            {"agreement_pct": 2, "kappa": 4, "f1": 4, "precision": 4, "recall": 4}
        )
    table = compare(
        a,
        b,
        corpus=corpus,
        coder_a=coder_a,
        coder_b=coder_b,
        levels=tuple(levels) or ("statement", "character"),
        all_units=all_units,
        max_bytes=max_bytes,
    )
    rounded = table.round({"agreement_pct": 2, "kappa": 4, "f1": 4})
    rounded.attrs = dict(table.attrs)
    return rounded


def run_crosstab(
    path: Path, *, by: Sequence[str] = (), cooccurrence: bool = False, percent: bool = False
) -> pd.DataFrame:
    """Coded statements per code and ``by`` column(s), or the code co-occurrence matrix.

    Parameters
    ----------
    path : pathlib.Path
        Tag folder or codes.csv.
    by : sequence of str
        Metadata columns to cross codes with.
    cooccurrence : bool
        Code x code matrix instead.
    percent : bool
        Share of each group's statements (%) instead of counts.

    Returns
    -------
    pandas.DataFrame
        The table, its row labels in the index.
    """
    from vnqual.coded import load_coded
    from vnqual.crosstab import cooccurrence as cooc
    from vnqual.crosstab import crosstab

    if not by and not cooccurrence:
        raise InputError("give `by` COLUMN (e.g. `by` site) or `cooccurrence`")
    coded = load_coded(path)
    statements = coded.corpus.frame if coded.corpus is not None else None
    codes = list(coded.codes["code"])
    if cooccurrence:
        return cooc(coded.codings, statements, codes=codes)
    return crosstab(coded.codings, statements, by=by, percent=percent, codes=codes)


def _read_table(file: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise InputError(
            f"{file}: not a readable CSV table ({type(err).__name__}); re-run `vnqual topics --out`"
        ) from None


def topics_coded(folder: Path) -> Any:
    """The themes of a ``vnqual topics --out`` folder as codings (a :class:`vnqual.coded.Coded`).

    Each statement with a theme becomes one coding of the whole statement: ``code`` is the
    theme's name (with the names edited in the folder's ``themes.yaml``), ``score`` its topic
    weight, ``method`` ``"topic"``, ``coder`` ``"vnqual"``. The codes table lists the themes with
    their top terms as keywords. Statements and source texts come from the folder's ``corpus/``.

    Raises
    ------
    InputError
        The folder lacks ``corpus/`` (written since vnqual 0.2.0) or its tables are damaged.
    """
    from vnqual.coded import Coded
    from vnqual.codings import AUTO_CODER, CODE, CODER, EVIDENCE, METHOD, SCORE, attach_corpus, codes_frame
    from vnqual.corpus import Corpus
    from vnqual.jobs.topics import theme_names
    from vnqual.types import DOC_ID, END_CHAR, START_CHAR, STATEMENT_ID

    folder = Path(folder)
    corpus_dir = folder / folders.TOPICS_CORPUS_DIR
    if not Corpus.is_corpus_dir(corpus_dir):
        raise InputError(
            f"{folder}: no {folders.TOPICS_CORPUS_DIR}/ folder with the statements; re-run "
            f"`vnqual topics ... --out {folder}` (vnqual 0.2.0 or later writes it) and export again"
        )
    corpus = Corpus.load(corpus_dir)
    topics = _read_table(folder / folders.TOPICS_FILE)
    assign = _read_table(folder / folders.ASSIGNMENTS_FILE)
    for file, table, cols in (
        (folders.TOPICS_FILE, topics, ("topic", "label", "top_terms")),
        (folders.ASSIGNMENTS_FILE, assign, (STATEMENT_ID, "topic", "weight")),
    ):
        missing = [c for c in cols if c not in table.columns]
        if missing:
            raise InputError(
                f"{folder / file}: lacks column(s) {', '.join(missing)}; re-run `vnqual topics --out`"
            )
    ids = pd.to_numeric(topics["topic"], errors="coerce")
    if ids.isna().any() or list(ids.astype(int)) != list(range(len(topics))):
        raise InputError(f"{folder / folders.TOPICS_FILE}: 'topic' must number the themes 0, 1, 2, ...")
    names = theme_names(folder, list(topics["label"]))
    by_id = corpus.frame.drop_duplicates(STATEMENT_ID).set_index(STATEMENT_ID)
    t = pd.to_numeric(assign["topic"], errors="coerce").fillna(-1).astype(int)
    keep = (t >= 0) & (t < len(names)) & assign[STATEMENT_ID].isin(by_id.index)
    rows = assign[keep]
    where = by_id.loc[rows[STATEMENT_ID]]
    codings = pd.DataFrame(
        {
            STATEMENT_ID: rows[STATEMENT_ID].to_numpy(),
            CODE: [names[i] for i in t[keep].to_numpy()],
            SCORE: pd.to_numeric(rows["weight"], errors="coerce").to_numpy(),
            METHOD: TOPIC_METHOD,
            EVIDENCE: "",
            DOC_ID: where[DOC_ID].to_numpy(),
            START_CHAR: where[START_CHAR].astype(int).to_numpy(),
            END_CHAR: where[END_CHAR].astype(int).to_numpy(),
            CODER: AUTO_CODER,
        }
    )
    codings = attach_corpus(codings, corpus, file=folder / folders.ASSIGNMENTS_FILE)
    codes = codes_frame(
        [
            {
                CODE: name,
                "path": name,
                "description": f"vnqual topics theme {i}: {label}",
                "keywords": [w.strip() for w in str(terms).split(";") if w.strip()],
            }
            for i, (name, label, terms) in enumerate(zip(names, topics["label"], topics["top_terms"]))
        ]
    )
    return Coded(
        codings, codes, corpus, dict(corpus.sources), corpus.frame, str(folder / folders.ASSIGNMENTS_FILE)
    )
