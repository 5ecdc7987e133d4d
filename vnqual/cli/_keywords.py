"""``vnqual keywords``, ``vnqual kwic``, ``vnqual collocations``: explore words before coding."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import click

from vnqual.cli._base import cli
from vnqual.cli._common import is_quiet, segment_options, with_input
from vnqual.cli._tokens import token_kwargs, token_options
from vnqual.errors import InputError

METHODS = ("freq", "tfidf", "logodds", "textrank")
FORMATS = ("table", "csv", "json")  # = vnqual.keywords._output.FORMATS (not imported: startup)
_FORMAT_HELP = (
    "table (terminal), csv (UTF-8 with BOM, formula-guarded) or json "
    "[default: table on stdout, else from the --out suffix]."
)


def output_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --format and --out."""
    func = click.option(
        "-o",
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to this file instead of stdout (.csv, .json or .txt).",
    )(func)
    return click.option(
        "--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), default=None, help=_FORMAT_HELP
    )(func)


def _write(
    frame: Any,
    fmt: str | None,
    out: Path | None,
    *,
    table_columns: list[str] | None = None,
    right_align: tuple[str, ...] = (),
    what: str = "rows",
) -> None:
    from vnqual.keywords._output import resolve_format, write_frame

    fmt = resolve_format(fmt, out)
    if fmt == "table" and table_columns is not None:
        frame = frame[[c for c in table_columns if c in frame.columns]]
    write_frame(frame, fmt=fmt, out=out, right_align=right_align)
    if not is_quiet():
        click.echo(f"{len(frame)} {what}" + (f" -> {out}" if out else ""), err=True)


@cli.command("keywords")
@with_input
@token_options
@click.option(
    "--method",
    type=click.Choice(METHODS, case_sensitive=False),
    default="freq",
    show_default=True,
    help="freq: counts; tfidf: typical of each unit; logodds: what distinguishes each "
    "--by group from the rest; textrank: noun-phrase keyphrases.",
)
@click.option("--by", default=None, help="Column forming the groups (site, role, speaker, ...).")
@click.option(
    "--top", type=click.IntRange(min=1), default=20, show_default=True, help="Terms kept (per group / unit)."
)
@click.option(
    "--level",
    type=click.Choice(("statement", "document", "group"), case_sensitive=False),
    default=None,
    help="tfidf unit [default: group with --by, else document].",
)
@click.option(
    "--alpha0",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="logodds prior strength in pseudo-words; larger: rare words shrink more "
    "[default: 10% of the corpus' words].",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=None,
    help="Ignore terms (textrank: phrases) seen fewer times in the group [default: 2 for textrank, else 1].",
)
@output_options
def keywords_cmd(
    corpus: Any,
    method: str,
    by: str | None,
    top: int,
    level: Literal["statement", "document", "group"] | None,
    alpha0: float | None,
    min_count: int | None,
    fmt: str | None,
    out: Path | None,
    **kwargs: Any,
) -> None:
    """Frequent, typical and distinctive words (MAXDictio / quanteda style) of the statements.

    Words are segmented Vietnamese words (cán_bộ, shown as "cán bộ"). Columns: the unit
    (group, doc_id or statement_id), rank, term (display form), token (canonical form), then:
    freq: count, share, n_statements, n_documents; tfidf: tfidf, count; logodds: count_group,
    count_rest, log_odds, z (Monroe et al. 2008 weighted log-odds with an informative prior;
    z > 1.96 is clearly distinctive); textrank: score, count, n_words.

    \b
    Example:
      vnqual keywords corpora/toa-dam-boi-duong --top 30
      vnqual keywords corpora/toa-dam-boi-duong --method logodds --by site
      vnqual keywords phieu_y_kien.csv --text-col "ý kiến" --method logodds --by "đơn vị"
      vnqual keywords corpora/toa-dam-boi-duong --method tfidf --level document --out tu_khoa.csv
      vnqual keywords corpora/toa-dam-boi-duong --method textrank --exclude-role facilitator
    """
    from vnqual import keywords

    opts = token_kwargs(kwargs)
    method = method.lower()
    if method == "logodds" and by is None:
        raise click.UsageError("--method logodds needs --by COL (the groups to compare)")
    if level == "group" and by is None:
        raise click.UsageError("--level group needs --by COL")
    if method == "freq":
        result = keywords.frequencies(corpus, by=by, top=top, min_count=min_count or 1, token_options=opts)
    elif method == "tfidf":
        result = keywords.tfidf_terms(corpus, level=level, by=by, top=top, token_options=opts)
    elif method == "logodds":
        assert by is not None  # checked above
        result = keywords.log_odds(
            corpus, by=by, alpha0=alpha0, top=top, min_count=min_count or 1, token_options=opts
        )
    else:
        result = keywords.keyphrases(corpus, by=by, top=top, min_count=min_count or 2, token_options=opts)
    _write(result, fmt, out, table_columns=[c for c in result.columns if c != "token"], what=f"{method} rows")


@cli.command("kwic")
@with_input
@click.argument("query", metavar="WORD_OR_PHRASE")
@click.option(
    "--window",
    "-w",
    type=click.IntRange(min=0),
    default=5,
    show_default=True,
    help="Words of context on each side (punctuation not counted).",
)
@click.option("--by", default=None, help="Show this column first and sort the lines by it.")
@click.option(
    "--glob",
    "use_glob",
    is_flag=True,
    help="WORD_OR_PHRASE is a glob matched against one whole word: 'bồi*'.",
)
@click.option(
    "--regex",
    "use_regex",
    is_flag=True,
    help="WORD_OR_PHRASE is a regular expression matched against one whole word.",
)
@segment_options
@output_options
def kwic_cmd(
    corpus: Any,
    query: str,
    window: int,
    by: str | None,
    use_glob: bool,
    use_regex: bool,
    fmt: str | None,
    out: Path | None,
    **kwargs: Any,
) -> None:
    """Keyword in context: every occurrence of a word or phrase, with its speaker and offsets.

    Matches whole segmented words: "bồi dưỡng" finds the word bồi_dưỡng, and "xã" does not
    match inside "xã hội". Case and old/new tone placement are ignored (hoà = hòa). start_char
    and end_char locate the keyword in the source document; left/keyword/right are cut from
    the verbatim text. CSV output (--out FILE.csv) is UTF-8 with BOM and formula-guarded.

    \b
    Example:
      vnqual kwic corpora/toa-dam-boi-duong "bồi dưỡng" --window 5
      vnqual kwic corpora/toa-dam-boi-duong xã --by site --out xa.csv
      vnqual kwic corpora/toa-dam-boi-duong "kinh phí*" --glob
    """
    from vnqual.keywords import kwic

    if use_glob and use_regex:
        raise click.UsageError("use either --glob or --regex, not both")
    mode: Literal["fixed", "glob", "regex"] = "glob" if use_glob else "regex" if use_regex else "fixed"
    opts = token_kwargs(kwargs)
    try:
        result = kwic(corpus, query, window=window, by=by, mode=mode, token_options=opts)
    except InputError as err:  # the library names the mode; the command line has a flag for it
        raise InputError(str(err).replace("mode='glob'", "--glob")) from None
    if result.empty and not is_quiet():
        click.echo(f"No match for {query!r}.", err=True)
    table = ([by] if by else []) + ["statement_id", "speaker", "left", "keyword", "right"]
    _write(result, fmt, out, table_columns=table, right_align=("left",), what="matches")


@cli.command("collocations")
@with_input
@token_options
@click.option(
    "--measure",
    type=click.Choice(("llr", "pmi", "npmi"), case_sensitive=False),
    default="llr",
    show_default=True,
    help="Sort by log-likelihood (Dunning), pointwise mutual information or its normalised form.",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Only expressions seen at least this often.",
)
@click.option(
    "--size",
    "sizes",
    type=click.IntRange(2, 4),
    multiple=True,
    default=(2, 3),
    show_default=True,
    help="Words per expression (repeatable).",
)
@click.option("--top", type=click.IntRange(min=1), default=30, show_default=True, help="Rows kept.")
@output_options
def collocations_cmd(
    corpus: Any,
    measure: Literal["llr", "pmi", "npmi"],  # click's Choice gives the choice as spelt there
    min_count: int,
    sizes: tuple[int, ...],
    top: int,
    fmt: str | None,
    out: Path | None,
    **kwargs: Any,
) -> None:
    """Frequent multi-word expressions: adjacent segmented words that go together.

    Pairs and triples never cross punctuation, numbers or removed stop words. Columns: rank,
    term (display form), words (canonical words), n, count, pmi, npmi, llr (signed G²;
    > 10.83 means p < 0.001). Good candidates for --user-dict.

    \b
    Example:
      vnqual collocations corpora/toa-dam-boi-duong --min-count 3 --top 20
      vnqual collocations corpora/toa-dam-boi-duong --measure pmi --size 2 --out cụm_từ.csv
    """
    from vnqual.keywords import collocations

    opts = token_kwargs(kwargs)
    result = collocations(
        corpus, sizes=sizes, min_count=min_count, measure=measure, top=top, token_options=opts
    )
    _write(result, fmt, out, table_columns=[c for c in result.columns if c != "words"], what="collocations")
