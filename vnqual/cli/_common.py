"""Options and helpers shared by the commands that read statements."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from vnqual._archive import MAX_UNCOMPRESSED
from vnqual.corpus import Corpus
from vnqual.types import ROLE_UNATTRIBUTED, UNITS


def is_quiet() -> bool:
    """True when progress bars and summaries should be suppressed."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.obj and "quiet" in ctx.obj:
            return bool(ctx.obj["quiet"])
        ctx = ctx.parent
    return True


def _split_roles(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """``--exclude-role facilitator,unattributed`` = the option given twice."""
    return tuple(r.strip() for v in value for r in v.split(",") if r.strip())


#: Default of ``--max-size`` (MB): input files larger than this are refused.
DEFAULT_MAX_SIZE_MB = 50
#: Bytes in one ``--max-size`` megabyte.
MB = 1_000_000


def _finite(ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a finite number", ctx=ctx, param=param)
    return value


def check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--encoding``: an unknown name is a usage error (exit 2), not a warning per file."""
    if value is None:
        return None
    from vnqual.errors import EncodingError
    from vnqual.io._encoding import encoding_label

    try:
        encoding_label(value)
    except EncodingError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from None
    return value


def max_size_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--max-size MB``: refuse input files larger than this (a finite positive number)."""
    return click.option(
        "--max-size",
        "max_size",
        type=click.FloatRange(min=0, min_open=True),
        default=DEFAULT_MAX_SIZE_MB,
        show_default=True,
        callback=_finite,
        help="Refuse input files larger than this many MB.",
    )(func)


def user_dict_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--user-dict FILE|admin`` (repeatable): terms that must stay one word."""
    return click.option(
        "--user-dict",
        "user_dict",
        metavar="FILE|admin",
        multiple=True,
        help="Terms that must stay one word (e.g. 'nông thôn mới'): a plain-text file, one term "
        "per line, or 'admin' for vnqual's public-administration dictionary; repeatable.",
    )(func)


def jobs_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``-j/--jobs N``: worker processes for word segmentation."""
    return click.option(
        "--jobs",
        "-j",
        "jobs",
        type=click.IntRange(min=1),
        default=None,
        help="At most N worker processes for word segmentation [default: all cores; one for "
        "small inputs or when the machine is busy].",
    )(func)


def no_cache_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--no-cache``: do not read or write the segmentation cache."""
    return click.option(
        "--no-cache", "no_cache", is_flag=True, help="Do not read or write the segmentation cache."
    )(func)


def scheduler_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--scheduler ADDRESS`` and ``--cluster-cache URL``: run the command's segmentation
    (and k-scan fits) on a Dask cluster (:func:`vnqual.jobs.cluster.on_cluster`)."""

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        from vnqual.jobs.cluster import on_cluster

        scheduler = kwargs.pop("scheduler", None)
        cache = kwargs.pop("cluster_cache", None)
        with on_cluster(scheduler, cache):
            return func(**kwargs)

    wrapper = click.option(
        "--cluster-cache",
        "cluster_cache",
        metavar="URL",
        envvar="VNQUAL_CLUSTER_CACHE",
        default=None,
        help="With --scheduler: segmentation cache shared by the workers, a folder or fsspec URL "
        "they can all read and write (e.g. /mnt/chung/vnqual-cache) [env VNQUAL_CLUSTER_CACHE].",
    )(wrapper)
    return click.option(
        "--scheduler",
        "scheduler",
        metavar="ADDRESS|local",
        envvar="VNQUAL_SCHEDULER",
        default=None,
        help="Run word segmentation (and the topic fits of topics, the scoring of tag) on a Dask "
        "cluster: the scheduler's "
        "address (tcp://host:8786) or 'local' for worker processes on this machine; needs "
        "pip install 'vnqual[dask]'. Same results as without [env VNQUAL_SCHEDULER].",
    )(wrapper)


def segment_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--user-dict``, ``--jobs``, ``--no-cache``, ``--scheduler``, ``--cluster-cache``: the
    options of word segmentation."""
    return user_dict_option(jobs_option(no_cache_option(scheduler_options(func))))


def seed_option(default: int | None, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--seed N`` (alias ``--random-state``), passed as ``seed``: one name for every command."""
    return click.option(
        "--seed",
        "--random-state",
        "seed",
        type=click.IntRange(min=0, max=2**32 - 1),
        default=default,
        show_default=default is not None,
        help=help,
    )


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the PATH argument and the options that control reading it."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.argument("path", type=click.Path(exists=True, path_type=Path)),
        click.option(
            "--text-col",
            default="text",
            show_default=True,
            help="Text column of a .csv/.xlsx/.jsonl/.parquet table input.",
        ),
        click.option(
            "--encoding",
            default=None,
            callback=check_encoding,
            help="Force the encoding of .txt/.md files (utf-8, cp1258, tcvn3, vni, viqr, ...).",
        ),
        click.option(
            "--unit",
            type=click.Choice(UNITS, case_sensitive=False),
            default="paragraph",
            show_default=True,
            help="Statement unit: whole speaker turn, paragraph or sentence.",
        ),
        click.option(
            "--speaker-pattern",
            multiple=True,
            help="Extra regex for speaker labels, tried before the built-in shapes (adds, never "
            "replaces); group 'speaker' (or group 1) is the name. Repeatable.",
        ),
        click.option(
            "--speakers",
            "speakers",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            default=None,
            help="Speaker file (the speakers.csv written by `vnqual ingest`, edited): renames "
            "speakers, sets roles, adds its other columns (gender, unit, level...) to the statements.",
        ),
        click.option("--strict", is_flag=True, help="Fail (exit 3) on any warning instead of skipping."),
        click.option(
            "--exclude-role",
            "exclude_role",
            multiple=True,
            callback=_split_roles,
            help="Drop statements of these roles: facilitator (also drops interviewer), "
            "interviewer, participant, or unattributed (text outside speaker turns: titles, "
            "attendance tables). Comma-separated or repeated.",
        ),
        max_size_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def load_input(
    path: Path,
    *,
    text_col: str = "text",
    encoding: str | None = None,
    unit: str = "paragraph",
    speaker_pattern: tuple[str, ...] | str | None = None,
    strict: bool = False,
    exclude_role: tuple[str, ...] = (),
    max_size: float = DEFAULT_MAX_SIZE_MB,
    speakers: Path | None = None,
) -> Corpus:
    """Read ``path`` as :func:`vnqual.read_corpus` does and drop excluded roles."""
    from vnqual.io import read_corpus

    corpus = read_corpus(
        path,
        text_col=text_col,
        encoding=encoding,
        unit=unit,
        speaker_pattern=speaker_pattern or None,
        strict=strict,
        max_bytes=int(max_size * MB),
        # archives (.docx, .xlsx) may expand to 200 MB, or to --max-size when that is more
        max_docx_uncompressed=max(MAX_UNCOMPRESSED, int(max_size * MB)),
        speakers=speakers,
    )
    if exclude_role:  # a role no statement has is warned about by exclude_roles
        corpus = corpus.exclude_roles(exclude_role)
    if ROLE_UNATTRIBUTED not in exclude_role and not is_quiet():
        n = int(corpus.unattributed().sum())
        if n:
            click.echo(
                f"note: {n} statements lie outside speaker turns (titles, tables, notes); "
                f"add --exclude-role {ROLE_UNATTRIBUTED} to leave them out",
                err=True,
            )
    return corpus


def pop_input_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Remove the :func:`input_options` keys from a command's kwargs and return them."""
    keys = (
        "path",
        "text_col",
        "encoding",
        "unit",
        "speaker_pattern",
        "strict",
        "exclude_role",
        "max_size",
        "speakers",
    )
    return {k: kwargs.pop(k) for k in keys if k in kwargs}


def with_input(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: add :func:`input_options` and pass a loaded ``corpus`` instead of them."""

    @input_options
    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        corpus = load_input(**pop_input_kwargs(kwargs))
        return func(corpus=corpus, **kwargs)

    return wrapper
