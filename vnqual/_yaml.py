"""YAML read safely: ``yaml.SafeLoader`` that refuses aliases, one clear error line per problem.

An alias (``*name``) can repeat a node without bound ("billion laughs": a 1 KB codebook whose
entries reuse each other grows exponentially when walked); vnqual's YAML files (codebooks, seed
words, themes, transcript front matter) never need one, so any alias is an error naming the file
and line, raised while the document is composed, before anything is expanded: memory stays
proportional to the text. Every YAML file vnqual reads goes through this module.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from vnqual.errors import InputError
from vnqual.types import PathLike

_ALIAS_MESSAGE = "YAML aliases (*name) are not allowed; write the value out instead"


@functools.cache
def _loader_class() -> Any:
    import yaml

    class NoAliasSafeLoader(yaml.SafeLoader):
        """:class:`yaml.SafeLoader` that raises ``error`` on any alias (``*name``)."""

        where = "{file}:{line}"
        file = "<yaml>"
        error: type[Exception] = InputError
        first_line = 1

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.events.AliasEvent):
                line = self.peek_event().start_mark.line + self.first_line
                where = self.where.format(file=self.file, line=line)
                raise self.error(f"{where}: {_ALIAS_MESSAGE}")
            return super().compose_node(parent, index)

    return NoAliasSafeLoader


def _loader(text: str, file: Any, error: type[Exception], first_line: int, where: str) -> Any:
    loader = _loader_class()(text)
    loader.file, loader.error, loader.first_line, loader.where = str(file), error, first_line, where
    return loader


def safe_yaml_load(text: str, source: PathLike) -> Any:
    """Parse ``text`` like ``yaml.safe_load`` but refuse aliases (``*name``).

    Returns
    -------
    tuple
        ``(node, data)``: the composed node tree (its marks give line numbers) and the data;
        ``(None, None)`` for an empty document.

    Raises
    ------
    InputError
        Invalid YAML, or an alias (the message names the file and line).
    """
    import yaml

    loader = _loader(text, source, InputError, 1, "{file} line {line}")
    try:
        node = loader.get_single_node()
        return (node, loader.construct_document(node)) if node is not None else (None, None)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{source}{where}: invalid YAML ({getattr(err, 'problem', err)})") from None
    finally:
        loader.dispose()


def load_yaml_file(path: PathLike, *, what: str) -> tuple[Any, Any]:
    """Read a UTF-8 YAML file with :func:`safe_yaml_load`: ``(node, data)``."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: {what} not found")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the {what} as UTF-8") from None
    return safe_yaml_load(text, path)


def safe_load_no_aliases(
    text: str, file: str, *, error: type[Exception] = InputError, first_line: int = 1
) -> Any:
    """Python data of YAML ``text`` (safe types), refusing aliases as ``file:line: ...``.

    Parameters
    ----------
    text : str
        The YAML document.
    file : str
        Where it comes from, named in the error.
    error : type
        Raised for an alias; other YAML errors raise :class:`yaml.YAMLError`.
    first_line : int
        Line of the file where ``text`` starts (for YAML embedded in another file).

    Examples
    --------
    >>> safe_load_no_aliases("Kinh phí: [ngân sách]", "chủ_đề.yaml")
    {'Kinh phí': ['ngân sách']}
    """
    loader = _loader(text, file, error, first_line, "{file}:{line}")
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose_no_aliases(text: str, file: str, *, error: type[Exception] = InputError) -> Any:
    """The node tree of YAML ``text`` (for readers that report line numbers), refusing aliases."""
    loader = _loader(text, file, error, 1, "{file}:{line}")
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
