"""Options and helpers shared by the commands that read statements."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

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


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the PATH argument and the options that control reading it."""
    options = [
        click.argument("path", type=click.Path(exists=True, path_type=Path)),
        click.option(
            "--text-col",
            default="text",
            show_default=True,
            help="Text column of a .csv/.xlsx/.jsonl table input.",
        ),
        click.option(
            "--encoding",
            default=None,
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
    keys = ("path", "text_col", "encoding", "unit", "speaker_pattern", "strict", "exclude_role", "speakers")
    return {k: kwargs.pop(k) for k in keys if k in kwargs}


def with_input(func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator: add :func:`input_options` and pass a loaded ``corpus`` instead of them."""

    @input_options
    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> Any:
        corpus = load_input(**pop_input_kwargs(kwargs))
        return func(corpus=corpus, **kwargs)

    return wrapper
