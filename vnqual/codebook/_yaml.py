"""Read a YAML codebook node by node, so every error names the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vnqual._yaml import compose_no_aliases
from vnqual.errors import CodebookError

TOP_KEYS = ("name", "description", "codes")
CODE_KEYS = ("name", "description", "keywords", "examples", "exclude", "children")
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_TYPE_NAMES = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a yes/no value",
    "tag:yaml.org,2002:timestamp": "a date",
}


def _line(node: Any) -> int:
    return node.start_mark.line + 1


class _Reader:
    """Walks composed YAML nodes; ``fail`` raises ``CodebookError("file:line: ...")``."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, node: Any, message: str) -> CodebookError:
        return CodebookError(f"{self.path}:{_line(node)}: {message}")

    def mapping(self, node: Any, what: str, allowed: tuple[str, ...]) -> dict[str, Any]:
        import yaml

        if not isinstance(node, yaml.MappingNode):
            raise self.fail(
                node,
                f"{what} must be a mapping of 'key: value' lines; "
                f"fix it to use the keys {', '.join(allowed)}",
            )
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in allowed:
                raise self.fail(
                    key_node, f"unknown key {key!r} in {what}; fix it to one of {', '.join(allowed)}"
                )
            if key in out:
                raise self.fail(
                    key_node,
                    f"key {key!r} appears twice in {what} (first on "
                    f"line {_line(out[key][0])}); fix by keeping one",
                )
            out[key] = (key_node, value_node)
        return out

    def text(self, node: Any, what: str, *, required: bool = False) -> str:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, f"{what} must be text, not a list or mapping; fix it to one line")
        if node.tag == _NULL_TAG:
            value = ""
        elif node.tag != _STR_TAG:
            kind = _TYPE_NAMES.get(node.tag, "not text")
            raise self.fail(node, f'{what} is {kind} ({node.value}); fix by quoting it: "{node.value}"')
        else:
            value = node.value.strip()
        if required and not value:
            raise self.fail(node, f"{what} is empty; fix by giving it a name")
        return value

    def text_list(self, node: Any, what: str) -> list[tuple[str, int]]:
        import yaml

        if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(
                node,
                f"{what} must be a list; fix it to [{node.value}]"
                if isinstance(node, yaml.ScalarNode)
                else f"{what} must be a list",
            )
        out = []
        for item in node.value:
            value = self.text(item, f"an item of {what}")
            if not value:
                raise self.fail(item, f"{what} has an empty item; fix by removing it")
            out.append((value, _line(item)))
        return out


def read_yaml_codebook(path: Path, text: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Parse codebook YAML text into header fields and flat code records (with parents, lines).

    Returns
    -------
    header : dict
        ``name`` and ``description`` of the codebook.
    records : list of dict
        One per code, depth-first: ``name, parent, description, keywords, examples, exclude``
        (lists of ``(value, line)``) and ``line``.
    """
    import yaml

    try:
        root = compose_no_aliases(text, str(path), error=CodebookError)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise CodebookError(
            f"{where}: not valid YAML ({err.problem or err.context}); fix the indentation or quote the text"
        ) from None
    except yaml.YAMLError as err:
        raise CodebookError(f"{path}: not valid YAML ({err}); fix the file") from None
    if root is None:
        raise CodebookError(f"{path}:1: the codebook is empty; fix it by adding 'codes:'")
    reader = _Reader(path)
    top = reader.mapping(root, "the codebook", TOP_KEYS)
    if "codes" not in top:
        raise reader.fail(root, "the codebook has no 'codes:' list; fix by adding one")
    header = {k: reader.text(top[k][1], k) if k in top else "" for k in ("name", "description")}
    records: list[dict[str, Any]] = []
    _read_codes(reader, top["codes"][1], "", records)
    if not records:
        raise reader.fail(top["codes"][1], "'codes:' is empty; fix by listing at least one code")
    return header, records


def _read_codes(
    reader: _Reader, node: Any, parent: str, out: list[dict[str, Any]], parent_path: str = ""
) -> None:
    """Append the codes of ``node``; each record's ``parent`` is its parent's path (names may
    repeat under different parents)."""
    import yaml

    where = f"the children of {parent!r}" if parent else "'codes:'"
    if isinstance(node, yaml.ScalarNode) and node.tag == _NULL_TAG:
        return
    if not isinstance(node, yaml.SequenceNode):
        raise reader.fail(node, f"{where} must be a list of codes ('- name: ...'); fix the indentation")
    for item in node.value:
        fields = reader.mapping(item, "a code", CODE_KEYS)
        if "name" not in fields:
            raise reader.fail(item, "a code has no 'name:'; fix by adding one")
        name = reader.text(fields["name"][1], "the code name", required=True)
        record: dict[str, Any] = {"name": name, "parent": parent_path, "line": _line(item)}
        record["description"] = (
            reader.text(fields["description"][1], f"description of {name!r}")
            if "description" in fields
            else ""
        )
        for key in ("keywords", "examples", "exclude"):
            record[key] = reader.text_list(fields[key][1], f"{key} of {name!r}") if key in fields else []
        out.append(record)
        if "children" in fields:
            path = f"{parent_path}/{name}" if parent_path else name
            _read_codes(reader, fields["children"][1], name, out, path)
