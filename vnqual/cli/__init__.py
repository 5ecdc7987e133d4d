"""Command-line interface: ``vnqual`` (click group ``cli``); commands live in ``_<name>.py``."""

from __future__ import annotations

from vnqual.cli import (  # noqa: F401  (each module registers its commands)
    _cache,
    _deidentify,
    _export,
    _ingest,
    _keywords,
    _report,
    _review,
    _tag,
    _tokens,
    _topics,
)
from vnqual.cli._base import add_quiet_option, cli

__all__ = ["cli", "main"]

add_quiet_option(cli)  # `vnqual topics ... --quiet` works as well as `vnqual --quiet topics ...`


def main() -> None:
    """Entry point of the ``vnqual`` console script."""
    cli(prog_name="vnqual")
