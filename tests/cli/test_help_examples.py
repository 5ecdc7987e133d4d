"""Every --help (every command and subcommand) shows an example with Vietnamese in it."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from vnqual.cli import cli

_VIETNAMESE = re.compile(r"[À-ỹĐđ]")


def _commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_every_help_has_a_vietnamese_example():
    missing = []
    for path, _ in _commands(cli):
        res = CliRunner().invoke(cli, [*path, "--help"])
        assert res.exit_code == 0, path
        lines = res.output.splitlines()
        start = [i for i, line in enumerate(lines) if line.strip() in ("Example:", "Examples:", "Ví dụ:")]
        examples = lines[start[0] + 1 :] if start else []
        examples = examples[: next((i for i, line in enumerate(examples) if not line.strip()), len(examples))]
        if not any(_VIETNAMESE.search(line) for line in examples):
            missing.append(" ".join(path))
    assert missing == []
