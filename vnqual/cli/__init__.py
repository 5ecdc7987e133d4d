"""Command-line interface: ``vnqual`` (click group ``cli``); commands live in ``_<name>.py``."""
from __future__ import annotations

from vnqual.cli import _cache, _export, _ingest, _keywords, _report, _tokens, _topics  # noqa: F401  (registers commands)
from vnqual.cli._base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``vnqual`` console script."""
    cli(prog_name="vnqual")
