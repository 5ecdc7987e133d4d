"""The one way vnqual reads YAML: safe types only, and no anchors or aliases.

``yaml.safe_load`` still expands aliases: a 1 KB file whose entries reuse each other (``*a``
inside ``&b`` inside ...) grows exponentially when it is walked (the "billion laughs"). vnqual's
YAML files (codebooks, seed words, themes, front matter) never need them, so they are refused
while the file is composed, before anything is expanded: memory stays proportional to the text.
"""

from __future__ import annotations

from typing import Any

import yaml

from vnqual.errors import InputError


class NoAliasSafeLoader(yaml.SafeLoader):
    """:class:`yaml.SafeLoader` that raises on any anchor (``&name``) or alias (``*name``)."""

    #: Named in the error message.
    file: str = "<yaml>"
    #: Exception class raised (an :class:`~vnqual.errors.InputError` subclass).
    error: type[Exception] = InputError
    #: Line number of the text's first line in the file.
    first_line: int = 1

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + self.first_line
            raise self.error(
                f"{self.file}:{line}: YAML anchors and aliases (&name, *name) are not allowed; "
                f"write the entries out in full"
            )
        return super().compose_node(parent, index)


def _loader(text: str, file: str, error: type[Exception], first_line: int) -> NoAliasSafeLoader:
    loader = NoAliasSafeLoader(text)
    loader.file, loader.error, loader.first_line = file, error, first_line
    return loader


def safe_load_no_aliases(
    text: str, file: str, *, error: type[Exception] = InputError, first_line: int = 1
) -> Any:
    """Python data of YAML ``text`` (safe types), refusing anchors and aliases.

    Parameters
    ----------
    text : str
        The YAML document.
    file : str
        Where it comes from, named in the error (``file:line: ...``).
    error : type
        Raised for an anchor or alias; other YAML errors raise :class:`yaml.YAMLError`.
    first_line : int
        Line of the file where ``text`` starts (for YAML embedded in another file).

    Examples
    --------
    >>> safe_load_no_aliases("Kinh phí: [ngân sách]", "chủ_đề.yaml")
    {'Kinh phí': ['ngân sách']}
    """
    loader = _loader(text, file, error, first_line)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def compose_no_aliases(text: str, file: str, *, error: type[Exception] = InputError) -> Any:
    """The node tree of YAML ``text`` (for readers that report line numbers), refusing aliases."""
    loader = _loader(text, file, error, 1)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
