"""The package's shape: no import cycles, data flows one way, only jobs know result folders.

Imports are read with :mod:`ast` by ``benchmarks/architecture.py`` (nothing is imported); imports
under ``if TYPE_CHECKING:`` only serve annotations and are left out.
"""

from __future__ import annotations

import ast
import importlib.util
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
