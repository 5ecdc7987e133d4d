"""The README promises two set-up commands and documents every command; keep them true."""

from __future__ import annotations

import re

import click
import pytest

from vnqual.cli import cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def _setup_commands() -> list[str]:
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", README, re.S)
    assert block, "README has no code block"
    return [ln for ln in block.group(1).splitlines() if ln.strip() and not ln.startswith("#")]


def test_readme_starts_with_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2
    assert "vnqual topics corpora/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command_verbatim():
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _setup_commands()[1] in ci_lines


def test_the_test_command_runs_the_static_checks_before_the_tests():
    command = _setup_commands()[1]
    assert "bash .ci/lint && " in command
    assert command.index("bash .ci/lint") < command.index("-m pytest")
    lint = (REPO / ".ci" / "lint").read_text(encoding="utf-8")
    assert "set -euo pipefail" in lint  # a failing check stops the run
    for check in ("ruff check vnqual tests benchmarks cli.py", "ruff format --check", "bin/mypy"):
        assert check in lint, f".ci/lint does not run {check}"


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        yield prefix + name, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + name + " ")


@pytest.mark.parametrize("name, command", list(_commands(cli)))
def test_every_command_has_a_vietnamese_example_and_a_readme_entry(name, command):
    help_text = command.help or ""
    assert "Example" in help_text, f"{name}: --help has no Example block"
    example = help_text.split("Example", 1)[1]
    assert VIETNAMESE.search(example), f"{name}: example has no Vietnamese"
    assert f"vnqual {name}" in README, f"README does not mention `vnqual {name}`"


def test_readme_shows_what_the_main_command_prints():
    from click.testing import CliRunner

    main = _setup_commands()[0].split(".venv/bin/vnqual ", 1)[1].split()
    assert main[0] == "topics"
    shown = README.split("The first command prints:\n\n```\n", 1)[1].split("```", 1)[0]
    args = [str(REPO / a) if a.startswith("corpora/") else a for a in main]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == shown.strip()
