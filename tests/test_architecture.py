"""The package's shape: no import cycles, data flows one way, only jobs know result folders.

Imports are read with :mod:`ast` by ``benchmarks/architecture.py`` (nothing is imported); imports
under ``if TYPE_CHECKING:`` only serve annotations and are left out.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "vnqual"


def _load_architecture():
    spec = importlib.util.spec_from_file_location("architecture", ROOT / "benchmarks" / "architecture.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


arch = _load_architecture()
GRAPH = arch.graph(PACKAGE)

#: Modules upstream of exports and the command line.
UPSTREAM = (
    "features",
    "keywords",
    "codebook",
    "crosstab",
    "agreement",
    "topics",
    "text",
    "io",
    "codings",
    "coded",
    "tables",
    "refi",
)
#: File names of result folders (owned by vnqual.jobs.folders).
FOLDER_FILES = (
    "codes.csv",
    "hits.csv",
    "codebook.json",
    "run.json",
    "params.json",
    "topics.csv",
    "assignments.csv",
    "quotes.csv",
    "k_scan.csv",
    "themes.yaml",
)


def _upstream(module: str) -> bool:
    return any(module == f"vnqual.{u}" or module.startswith(f"vnqual.{u}.") for u in UPSTREAM)


def test_no_import_cycle_among_files_of_a_package():
    assert arch.package_cycles(PACKAGE) == []


def test_cycle_finder_finds_a_cycle(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "a.py").write_text("from pkg.sub.b import x\n")
    (pkg / "sub" / "b.py").write_text("def f():\n    from pkg.sub import a\n")
    (pkg / "sub" / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pkg.sub.a\n"
    )
    assert arch.package_cycles(pkg) == [["pkg.sub.a", "pkg.sub.b", "pkg.sub.a"]]


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _upstream(m)))
def test_upstream_modules_do_not_import_export_or_cli(module):
    wrong = sorted(
        m
        for m in GRAPH[module]
        if (m.startswith("vnqual.export") or m.startswith("vnqual.cli") or m.startswith("vnqual.jobs."))
        and m != "vnqual.jobs.folders"
    )
    assert wrong == []


def test_library_does_not_import_the_cli():
    wrong = sorted(
        m
        for m, deps in GRAPH.items()
        if not m.startswith("vnqual.cli") and m != "vnqual.__main__"
        for d in deps
        if d.startswith("vnqual.cli")
    )
    assert wrong == []


def test_only_jobs_name_result_folder_files():
    """A string constant equal to a result folder's file name appears only in vnqual/jobs/."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.startswith(("jobs/", "cli/")):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in FOLDER_FILES:
                found.append(f"{rel}:{node.lineno} {node.value}")
    assert found == []


#: Library modules whose messages still name CLI flags: being edited by others (issue 13 item 1).
FLAG_MESSAGES_PENDING: tuple[str, ...] = ()
#: A flag outside backquotes, e.g. ``--out``; ``the --out folder of `vnqual tag``` names another
#: command's output folder (an instruction to run it), not a parameter of the call.
_FLAG = re.compile(r"(?<![\w-])--[a-z][\w-]*")
_OTHER_COMMANDS_OUT = "the --out folder of"


def _message_text(node: ast.expr) -> str:
    """The literal text of a message argument (f-string placeholders as ``{}``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_message_text(v) if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp):
        return _message_text(node.left) + _message_text(node.right)
    return ""


def _flag_messages(file: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        call = node.exc if isinstance(node, ast.Raise) else node
        if not isinstance(call, ast.Call):
            continue
        name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        if not (isinstance(node, ast.Raise) or name == "warn"):
            continue
        for arg in call.args[:1]:
            text = re.sub(r"`[^`]*`", "", _message_text(arg)).replace(_OTHER_COMMANDS_OUT, "")
            out += [f"{file.relative_to(ROOT)}:{call.lineno}: {m}" for m in _FLAG.findall(text)]
    return out


def test_library_messages_name_parameters_not_flags():
    """Literal messages of `raise`/`warnings.warn` outside vnqual/cli/ (texts built in variables
    beforehand are not seen)."""
    found = []
    for file in sorted(PACKAGE.rglob("*.py")):
        rel = file.relative_to(ROOT).as_posix()
        if rel.startswith("vnqual/cli/") or rel.startswith(FLAG_MESSAGES_PENDING):
            continue
        found += _flag_messages(file)
    assert found == []
