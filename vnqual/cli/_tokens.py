"""``vnqual tokens``: segmented words of every statement, and the shared token options.

Other commands (topics, keywords, tag, kwic) reuse the same options::

    from vnqual.cli._tokens import token_kwargs, token_options

    @cli.command("topics")
    @with_input
    @token_options
    def topics_cmd(corpus, **kwargs):
        tokens = corpus.tokens(**token_kwargs(kwargs))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from vnqual.cli._base import cli
from vnqual.cli._common import (
    is_quiet,
    jobs_option,
    no_cache_option,
    scheduler_options,
    user_dict_option,
    with_input,
)

#: Keys that :func:`token_options` adds to a command's kwargs.
TOKEN_OPTION_KEYS = ("user_dict", "stopwords", "no_default_stopwords", "pos", "phrases", "jobs", "no_cache")


def token_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --user-dict, --stopwords, --no-default-stopwords, --pos, --phrases, --jobs, --no-cache,
    --scheduler, --cluster-cache (the last two are handled here: the command runs on the cluster).

    Use :func:`token_kwargs` in the command body to turn them into keyword arguments of
    :func:`vnqual.text.tokenize` / :meth:`vnqual.Corpus.tokens`.
    """
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        user_dict_option,
        click.option(
            "--stopwords",
            "stopwords",
            metavar="FILE|extended",
            multiple=True,
            help="Extra stop-word file (one word or phrase per line) added to the "
            "shipped list, or 'extended' for a longer generic list; repeatable.",
        ),
        click.option(
            "--no-default-stopwords",
            "no_default_stopwords",
            is_flag=True,
            help="Do not use vnqual's shipped Vietnamese stop-word list.",
        ),
        click.option(
            "--pos",
            "pos",
            type=click.Choice(["content", "all"], case_sensitive=False),
            default=None,
            help="'content': keep only nouns, verbs, adjectives (POS tagging, slower); "
            "'all': tag but keep every word.",
        ),
        click.option(
            "--phrases",
            "phrases",
            is_flag=True,
            help="Merge recurring collocations into one token (gensim Phrases).",
        ),
        jobs_option,
        no_cache_option,
    ]
    for option in reversed(options):
        func = option(func)
    return scheduler_options(func)


def token_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Pop the :func:`token_options` keys from ``kwargs``; return ``tokenize`` keyword arguments.

    Returns
    -------
    dict
        ``stopwords``, ``user_dict``, ``pos``, ``phrases``, ``jobs``, ``cache``, ``progress``:
        ready for ``corpus.tokens(**...)`` or ``vnqual.text.tokenize(texts, **...)``.
        ``segment``/``noun_phrases`` accept the ``user_dict``, ``jobs``, ``cache`` and
        ``progress`` entries.
    """
    from vnqual.errors import InputError
    from vnqual.text.stopwords import extended_stopwords, load_stopwords, stopword_set

    opts = {k: kwargs.pop(k, None) for k in TOKEN_OPTION_KEYS}
    extra: set[str] = set()
    for value in opts["stopwords"] or ():
        if str(value).lower() == "extended":
            extra |= extended_stopwords()
        elif Path(value).is_file():
            extra |= load_stopwords(value)
        else:
            raise InputError(
                f"--stopwords {value}: no such file; give a stop-word file (one word per line) or 'extended'"
            )
    stop = stopword_set(None if opts["no_default_stopwords"] else "default", extra=extra)
    user_terms = user_dict_terms(opts["user_dict"] or ())
    pos = opts["pos"].lower() if opts["pos"] else None
    return {
        "stopwords": stop,
        "user_dict": user_terms or None,
        "pos": pos,
        "phrases": bool(opts["phrases"]),
        "jobs": opts["jobs"],
        "cache": not opts["no_cache"],
        "progress": not is_quiet(),
    }


@cli.command("tokens")
@with_input
@token_options
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV file (default: stdout).",
)
@click.option(
    "--spans",
    is_flag=True,
    help="Add a 'spans' column: start-end character offsets of every token in 'text'.",
)
def tokens_cmd(corpus: Any, out: Path | None, spans: bool, **kwargs: Any) -> None:
    """Write the analysis tokens (cán_bộ ...) of every statement, one row per statement.

    Columns: statement_id, tokens (canonical tokens separated by spaces; syllables of a word are
    joined by '_'), [spans], then the input's metadata columns.

    \b
    Example:
      vnqual tokens corpora/toa-dam-boi-duong --out từ_ngữ.csv
      vnqual tokens phiếu_ý_kiến.csv --user-dict từ_điển_hành_chính.txt --pos content
    """
    from vnqual.tables import write_csv
    from vnqual.text.tokenize import tokenize_with_spans
    from vnqual.types import STATEMENT_ID

    opts = token_kwargs(kwargs)
    frame = corpus.frame[[STATEMENT_ID] + corpus.metadata_columns()].copy()
    if spans:
        toks, offsets = tokenize_with_spans(corpus.texts(), **opts)
        frame.insert(1, "tokens", [" ".join(t) for t in toks])
        frame.insert(2, "spans", [" ".join(f"{s}-{e}" for s, e in o) for o in offsets])
    else:
        toks = corpus.tokens(**opts)
        frame.insert(1, "tokens", [" ".join(t) for t in toks])
    write_csv(frame, out)  # UTF-8 with BOM to a file, formula-guarded
    if not is_quiet():
        click.echo(f"{len(frame)} statements tokenised" + (f" -> {out}" if out else ""), err=True)


def user_dict_terms(values: Sequence[str | Path]) -> list[str]:
    """Terms of the ``--user-dict`` values: dictionary files, or names of built-in ones (``admin``)."""
    from vnqual.errors import InputError
    from vnqual.text.tokenize import BUILTIN_USER_DICTS, builtin_user_dict, load_user_dict

    terms: list[str] = []
    for value in values:
        if str(value) in BUILTIN_USER_DICTS:
            terms.extend(builtin_user_dict(str(value)))
        elif Path(value).is_file():
            terms.extend(load_user_dict(value))
        else:
            raise InputError(
                f"--user-dict {value}: no such file; give a dictionary file (one "
                f"term per line) or one of: {', '.join(BUILTIN_USER_DICTS)}"
            )
    return terms
