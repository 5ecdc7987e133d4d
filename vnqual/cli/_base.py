"""The ``vnqual`` click group: global options, one-line errors and warnings, exit codes."""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any

import click

from vnqual._version import __version__
from vnqual.errors import EXIT_USER_ERROR, VnqualError, VnqualNote, VnqualWarning

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: Library errors name parameters in backquotes (`by`, `out`); the CLI shows the flag instead.
PARAM_FLAGS = {
    "by": "--by",
    "out": "--out",
    "model_path": "--model",
    "seed_words": "--seed-words",
    "themes": "--themes",
    "function_words": "--function-words",
    "k": "-k",
    "save": "--save",
    "exclude_role": "--exclude-role",
    "path": "PATH",
    "topics_dir": "--topics-dir",
    "tag_dir": "--tag-dir",
    "codebook": "--codebook",
    "train": "--train",
    "max_size": "--max-size",
    "max_bytes": "--max-size",
    "fmt": "--format",
    "cooccurrence": "--cooccurrence",
    "corpus": "--corpus",
    "coder_a": "--coder-a",
    "coder_b": "--coder-b",
    "levels": "--level",
    "reviewed_only": "--reviewed-only",
    "key": "--key",
    "deidentify": "--deidentify",
    "categories": "--categories",
    "keep_level": "--keep-level",
    "names": "--names",
    "check": "--check",
    "speaker_pattern": "--speaker-pattern",
    "scheduler": "--scheduler",
    "strict": "--strict",
    "encoding": "--encoding",
    "text_col": "--text-col",
}
_PARAM = re.compile(r"`(\w+)`")


def flag_message(message: str) -> str:
    """``message`` with each backquoted parameter name (`out`) replaced by its flag (--out)."""
    return _PARAM.sub(lambda m: PARAM_FLAGS.get(m.group(1), m.group(0)), message)


def _show_warning(
    message: Any,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    if issubclass(category, VnqualNote):
        click.echo(f"Note: {flag_message(str(message))}", err=True)
    elif issubclass(category, VnqualWarning):
        click.echo(f"Warning: {flag_message(str(message))}", err=True)
    else:  # library warnings (sklearn, gensim): one line, no source dump
        click.echo(f"Warning: {category.__name__}: {message}", err=True)


class VnqualCommand(click.Command):
    """A command whose output path (``--out``/``-o``) is checked before it reads anything."""

    def invoke(self, ctx: click.Context) -> Any:
        from vnqual.jobs.outputs import check_command_output

        if self.name is not None:
            check_command_output(self.name, ctx.params)
        return super().invoke(ctx)


class VnqualGroup(click.Group):
    """Turns :class:`~vnqual.errors.VnqualError` into ``Error: <message>`` and its exit code.

    An :class:`OSError` naming a file (a folder where a file is expected, no permission) is
    also reported in one line; errors of vnqual's own outputs are already
    :class:`~vnqual.errors.OutputError`.
    """

    command_class = VnqualCommand

    def invoke(self, ctx: click.Context) -> Any:
        old = warnings.showwarning
        warnings.showwarning = _show_warning
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default", VnqualWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except VnqualError as err:
            click.echo(f"Error: {flag_message(str(err))}", err=True)
            ctx.exit(err.exit_code)
        except OSError as err:
            if err.filename is None:
                raise
            # A file the user named (or its folder) cannot be used: say which, in one line.
            reason = (err.strerror or type(err).__name__).lower()
            click.echo(f"Error: {err.filename}: {reason}; check the path and its permissions", err=True)
            ctx.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            click.echo("Interrupted; no output was written.", err=True)
            ctx.exit(130)
        finally:
            warnings.showwarning = old


@click.group(cls=VnqualGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="vnqual")
@click.option("-q", "--quiet", is_flag=True, help="No progress bars or summaries on stderr.")
@click.pass_context
def cli(ctx: click.Context, quiet: bool) -> None:
    """Text mining for Vietnamese workshop transcripts (tọa đàm, thảo luận nhóm, phỏng vấn sâu).

    Read a folder of transcripts, segment Vietnamese words, find keywords and themes, tag
    statements with a codebook, and export traceable coded excerpts.

    Exit codes: 0 success, 1 bad input or options (one-line message), 2 wrong usage,
    3 a warning under --strict.

    \b
    Example:
      vnqual ingest corpora/toa-dam-boi-duong --out ket_qua/corpus
      vnqual topics corpora/toa-dam-boi-duong -k auto --by site
    """
    ctx.ensure_object(dict)
    ctx.obj["quiet"] = quiet or not sys.stderr.isatty()


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:  # as if given before the command: `vnqual --quiet ingest ...`
        root = ctx.find_root()
        root.ensure_object(dict)
        root.obj["quiet"] = True
        root.params["quiet"] = True


def add_quiet_option(group: click.Group) -> None:
    """Give every command of ``group`` (and of its subgroups) its own ``-q/--quiet`` flag."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            add_quiet_option(command)
        if not any("--quiet" in getattr(p, "opts", ()) for p in command.params):
            command.params.append(
                click.Option(
                    ["-q", "--quiet"],
                    is_flag=True,
                    expose_value=False,
                    is_eager=True,
                    callback=_set_quiet,
                    help="No progress bars or summaries on stderr.",
                )
            )
