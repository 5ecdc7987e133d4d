"""The ``vnqual tag`` job: segment once, fit a tagger, tag every statement, write the tag folder.

The folder (see :mod:`vnqual.jobs.folders`; read by ``vnqual export`` and ``vnqual report``)::

    DIR/codes.csv      one row per coded excerpt (statement x code), UTF-8 with BOM
    DIR/hits.csv       every keyword match with its exact span, UTF-8 with BOM
    DIR/codebook.json  the normalised codebook (Codebook.to_dict)
    DIR/run.json       schema_version, vnqual_version, options and counts of the run
    DIR/corpus/        the tagged statements and sources (Corpus.save)

Spreadsheet guard: a text cell that starts with ``= + - @``, a tab or a carriage return gets a
leading apostrophe, so Excel/LibreOffice never run it as a formula (:mod:`vnqual.tables`).
:func:`read_codes` removes it again; offsets always refer to ``corpus/sources``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from vnqual._fs import atomic_dir
from vnqual._version import __version__
from vnqual.codebook import _fitcache
from vnqual.codebook._codebook import Codebook
from vnqual.codebook._rows import hit_rows, tag_rows
from vnqual.codebook._tagger import CodebookTagger, warn_untrained
from vnqual.codebook._train import Training, read_training, training_labels
from vnqual.codings import normalise_ranked, unguard_codings
from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.jobs import folders
from vnqual.tables import write_csv
from vnqual.text._words import release_workers
from vnqual.text.tokenize import _user_terms
from vnqual.types import PathLike


@dataclass
class TagResult:
    """Output of :func:`tag_corpus`: coded excerpts, keyword matches and the fitted tagger.

    ``tagger`` is None when the result came from the result cache (a rerun with the same
    statements, codebook, hand-coding and options: nothing was fitted);
    ``untrained_codes`` names the codes that have no model (keywords only).
    """

    codes: pd.DataFrame
    hits: pd.DataFrame
    tagger: CodebookTagger | None
    training: Training | None
    untrained_codes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Counts for ``run.json`` and the CLI message."""
        methods = self.codes["method"].value_counts()
        return {
            "n_statements": int(self.codes["statement_id"].nunique()),
            "n_rows": len(self.codes),
            "rows_by_method": {str(k): int(v) for k, v in methods.items()},
            "n_keyword_matches": len(self.hits),
            "n_hand_coded": len(self.training) if self.training else 0,
            "codes_without_model": list(self.untrained_codes),
        }


def tag_corpus(
    corpus: Corpus,
    codebook: Codebook,
    *,
    train: PathLike | None = None,
    min_score: float = 0.5,
    use_model: bool = True,
    random_state: int = 0,
    user_dict: Sequence[str] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> TagResult:
    """Fit a :class:`CodebookTagger` on ``corpus`` (plus ``train``) and tag every statement.

    The corpus itself is the unlabelled data the model learns from (keyword matches as weak
    labels); ``train`` adds hand-coded statements or texts (see :func:`read_training`).

    Examples
    --------
    >>> result = tag_corpus(corpus, Codebook.load("models/codebook_boi_duong.yaml"))  # doctest: +SKIP
    >>> result.codes[["statement_id", "code", "method"]].head()  # doctest: +SKIP
    """
    if len(corpus) == 0:
        raise InputError("no statements to tag; check the input path and `exclude_role`")
    if train is not None and Path(train).is_dir():
        train = reviewed_training_file(train)
    training = read_training(train, corpus, codebook) if train is not None else None
    store = _fitcache.store() if cache else None
    key = ""
    if store is not None:
        options = {"min_score": min_score, "use_model": use_model, "random_state": random_state}
        terms = _user_terms(user_dict) if user_dict is not None else None  # a file's terms, not its name
        key = _fitcache.result_key(corpus, codebook, training, {**options, "user_dict": terms})
        cached = _fitcache.get_result(store, key, corpus)
        if cached is not None:
            codes, hits, untrained = cached
            warn_untrained(untrained, stacklevel=3)
            return TagResult(codes, hits, None, training, untrained)
    tagger = CodebookTagger(
        codebook,
        min_score=min_score,
        use_model=use_model,
        random_state=random_state,
        user_dict=user_dict,
        jobs=jobs,
        cache=cache,
        progress=progress,
    )
    texts = corpus.texts()
    extra = training.texts if training else []
    docs, _ = tagger._docs(texts + extra)
    release_workers()  # the segmentation workers' memory goes to fitting
    matches = tagger._fit_matched(docs, texts + extra, training_labels(training, corpus))
    del docs  # the token lists, the largest structure, are not needed past matching
    n = len(texts)
    decided = tagger._decide_matched(matches.head(n))
    human = training.human if training else {}
    source = f"{training.source}" if training else ""
    reviewed = training.partial if training else None
    codes = tag_rows(tagger, corpus, decided, human, source, reviewed)
    hits = hit_rows(tagger, corpus, matches.head(n))
    untrained = list(getattr(tagger, "untrained_codes_", []))
    _fitcache.put_result(store, key, corpus, codes, hits, untrained)
    return TagResult(codes, hits, tagger, training, untrained)


def reviewed_training_file(folder: PathLike) -> Path:
    """``folder/reviewed.csv`` of a folder reviewed with ``vnqual review``, rewritten first from
    ``review.sqlite`` so it holds every decision (a server killed before its background write
    may have left it one decision behind)."""
    folder = Path(folder)
    if (folder / folders.REVIEW_STORE_FILE).is_file():
        from vnqual.review import refresh_reviewed

        refresh_reviewed(folder)
    if not (folder / folders.REVIEWED_FILE).is_file():
        raise InputError(
            f"{folder}: no {folders.REVIEWED_FILE} in this folder; review it first "
            f"(`vnqual review {folder}`) or give a hand-coded .csv/.qdpx as `train`"
        )
    return folder / folders.REVIEWED_FILE


def run_tag(
    corpus: Corpus,
    codebook_path: PathLike,
    *,
    out: PathLike | None = None,
    train: PathLike | None = None,
    min_score: float = 0.5,
    use_model: bool = True,
    random_state: int = 0,
    user_dict: Sequence[str] | None = None,
    jobs: int | None = None,
    cache: bool = True,
    progress: bool = False,
) -> TagResult:
    """The ``vnqual tag`` job: tag ``corpus`` with a codebook file and write the tag folder.

    Parameters
    ----------
    corpus : Corpus
        Statements to code.
    codebook_path : path-like
        Codebook file (.yaml/.csv/.qdc or a codebook.json), read with :meth:`Codebook.load`.
    out : path-like, optional
        Tag folder to write (replaced as a whole); None writes nothing.
    train, min_score, use_model, random_state, user_dict, jobs, cache, progress
        As in :func:`tag_corpus`.

    Returns
    -------
    TagResult
        The coded excerpts, keyword matches and the fitted tagger.
    """
    codebook = Codebook.load(codebook_path)
    result = tag_corpus(
        corpus,
        codebook,
        train=train,
        min_score=min_score,
        use_model=use_model,
        random_state=random_state,
        user_dict=user_dict,
        jobs=jobs,
        cache=cache,
        progress=progress,
    )
    if out is not None:
        run = {
            "codebook": str(codebook_path),
            "train": str(train) if train else None,
            "min_score": min_score,
            "keywords_only": not use_model,
            "random_state": random_state,
            **result.summary(),
        }
        write_tag_dir(out, corpus=corpus, codebook=codebook, codes=result.codes, hits=result.hits, run=run)
    return result


def read_codes(path: PathLike) -> pd.DataFrame:
    """Read ``codes.csv`` (or a ``vnqual tag`` folder) back, removing the spreadsheet guard.

    Examples
    --------
    >>> codes = read_codes("ket_qua/ma_hoa")  # doctest: +SKIP
    """
    path = Path(path)
    file = path / folders.CODES_FILE if path.is_dir() else path
    if not file.is_file():
        raise InputError(f"{path}: no {folders.CODES_FILE}; run `vnqual tag ... --out {path}` first")
    frame = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = unguard_codings(frame)
    for col in ("start_char", "end_char"):
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col]).astype(int)
    return normalise_ranked(frame)


def write_tag_dir(
    out: PathLike,
    *,
    corpus: Corpus,
    codebook: Codebook,
    codes: pd.DataFrame,
    hits: pd.DataFrame,
    run: dict[str, Any],
) -> PathLike:
    """Write the folder described in the module docstring, atomically.

    An existing ``out`` is replaced only if it is an earlier ``vnqual tag`` output or empty,
    so a mistyped ``out`` cannot wipe an unrelated folder. ``run.json`` starts with
    ``schema_version`` and ``vnqual_version``, then the entries of ``run``. A review of ``out``
    (``review.sqlite``) is carried over and ``reviewed.csv`` rewritten (see
    :func:`vnqual.review.carry_over`).
    """
    with atomic_dir(out, replaceable=folders.is_tag_dir, what="a `vnqual tag` output") as tmp:
        write_csv(codebook.add_code_paths(codes), tmp / folders.CODES_FILE)
        write_csv(hits, tmp / folders.HITS_FILE)
        codebook.save_json(tmp / folders.CODEBOOK_FILE)
        corpus.save(tmp / folders.CORPUS_DIR)
        info = folders.with_schema(run, __version__)
        (tmp / folders.RUN_FILE).write_text(folders.dump_json(info), encoding="utf-8")
        if Path(out).is_dir():  # a re-run keeps the review (decisions matched by statement and code)
            from vnqual.review import carry_over

            carry_over(out, tmp)
    return out
