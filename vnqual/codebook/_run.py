"""tag_corpus: the whole ``vnqual tag`` run as one library call (segment once, fit, tag)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from vnqual.codebook._codebook import Codebook
from vnqual.codebook._rows import hit_rows, tag_rows
from vnqual.codebook._tagger import CodebookTagger
from vnqual.codebook._train import Training, read_training, training_labels
from vnqual.corpus import Corpus
from vnqual.errors import InputError
from vnqual.types import PathLike


@dataclass
class TagResult:
    """Output of :func:`tag_corpus`: coded excerpts, keyword matches and the fitted tagger."""

    codes: pd.DataFrame
    hits: pd.DataFrame
    tagger: CodebookTagger
    training: Training | None

    def summary(self) -> dict[str, Any]:
        """Counts for ``run.json`` and the CLI message."""
        methods = self.codes["method"].value_counts()
        return {
            "n_statements": int(self.codes["statement_id"].nunique()),
            "n_rows": len(self.codes),
            "rows_by_method": {str(k): int(v) for k, v in methods.items()},
            "n_keyword_matches": len(self.hits),
            "n_hand_coded": len(self.training) if self.training else 0,
            "codes_without_model": list(getattr(self.tagger, "untrained_codes_", [])),
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
        raise InputError("no statements to tag; check the input path and --exclude-role")
    training = read_training(train, corpus, codebook) if train is not None else None
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
    tagger._fit_docs(docs, texts + extra, training_labels(training, corpus))
    corpus_docs = docs[: len(texts)]
    P, hits, F = tagger._score(corpus_docs)
    human = training.human if training else {}
    source = f"{training.source}" if training else ""
    reviewed = training.partial if training else None
    codes = tag_rows(tagger, corpus, P, hits, F, human, source, reviewed)
    return TagResult(codes, hit_rows(tagger, corpus, corpus_docs), tagger, training)
