"""The command group: user mistakes end in one line and an exit code, never a traceback."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from vnqual.cli._base import VnqualGroup
from vnqual.errors import InputError


def _group(error: BaseException) -> click.Group:
    @click.group(cls=VnqualGroup)
    def group() -> None:
        pass

    @group.command("chay")
    def chay() -> None:
        raise error

    return group


@pytest.mark.parametrize(
    "error, line",
    [
        (
            InputError("bien_ban.txt line 3: bad label; fix it"),
            "Error: bien_ban.txt line 3: bad label; fix it\n",
        ),
        (
            PermissionError(13, "Permission denied", "ket_qua/bao_cao.html"),
            "Error: ket_qua/bao_cao.html: permission denied; check the path and its permissions\n",
        ),
        (
            IsADirectoryError(21, "Is a directory", "tu_dien"),
            "Error: tu_dien: is a directory; check the path and its permissions\n",
        ),
    ],
)
def test_user_errors_are_one_line_with_exit_1(error, line):
    result = CliRunner().invoke(_group(error), ["chay"])
    assert result.exit_code == 1 and result.output == line


def test_os_error_without_a_file_is_not_hidden():
    result = CliRunner().invoke(_group(OSError("socket closed")), ["chay"])
    assert result.exit_code == 1 and isinstance(result.exception, OSError)
