"""YAML read safely: ``yaml.SafeLoader`` that refuses aliases, one clear error line per problem.

An alias (``*name``) can repeat a node without bound ("billion laughs"); vnqual's YAML files (seed
words, themes) never need one, so any alias is an error naming the file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vnqual.errors import InputError
from vnqual.types import PathLike


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

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.events.AliasEvent):
                mark = self.peek_event().start_mark
                raise InputError(
                    f"{source} line {mark.line + 1}: YAML aliases (*name) are not allowed; "
                    "write the value out instead"
                )
            return super().compose_node(parent, index)

    loader = NoAliasLoader(text)
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
