"""Architecture figures: intra-package import cycles, longest functions, CLI module lines.

Usage: ``python benchmarks/architecture.py [PACKAGE_DIR]`` (default: ``vnqual``). Imports are read
with :mod:`ast` (module level and inside functions; ``if TYPE_CHECKING:`` imports are left out, they
run only under a type checker), so nothing is imported or run.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path, root: Path) -> set[str]:
    """Modules of the package imported anywhere in ``path`` (``from a import b`` gives a.b if a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            out.add(base)
            out.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in out if m.split(".")[0] == root.name}


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:`` (imports for annotations only)."""
    out, todo = [], [tree]
    while todo:
        node = todo.pop()
        out.append(node)
        for child in ast.iter_child_nodes(node):
            if _is_type_checking(child):
                todo.extend(child.orelse)
            else:
                todo.append(child)
    return out


def graph(root: Path) -> dict[str, set[str]]:
    files = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    return {name: {m for m in imports(p, root) if m in files and m != name} for name, p in files.items()}


def package_cycles(root: Path) -> list[list[str]]:
    """Cycles among the modules of one package (imports of a package's own ``__init__`` skipped)."""
    g = graph(root)
    cycles: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()

    def pkg(m: str) -> str:
        return m.rpartition(".")[0]

    def visit(start: str, node: str, path: list[str]) -> None:
        for nxt in sorted(g.get(node, ())):
            if pkg(nxt) != pkg(start) or nxt == pkg(start):
                continue
            if nxt == start:
                key = tuple(sorted(path))
                if key not in seen:
                    seen.add(key)
                    cycles.append(path + [start])
            elif nxt not in path and nxt > start:
                visit(start, nxt, path + [nxt])

    for start in sorted(g):
        visit(start, start, [start])
    return cycles


def longest_functions(root: Path, n: int = 10) -> list[tuple[int, str]]:
    rows = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                first = node.body[0] if node.body else None
                if (
                    isinstance(first, ast.Expr)
                    and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)
                ):  # docstrings are documentation, not length
                    lines -= (first.end_lineno or first.lineno) - first.lineno + 1
                rows.append((lines, f"{module_name(path, root)}.{node.name}"))
    return sorted(rows, reverse=True)[:n]


def main(argv: list[str]) -> None:
    root = Path(argv[1] if len(argv) > 1 else "vnqual").resolve()
    cycles = package_cycles(root)
    print(f"## import cycles among files of one package: {len(cycles)}")
    for c in cycles:
        print("  " + " -> ".join(c))
    print("\n## 10 longest functions (lines, docstring not counted)")
    for lines, name in longest_functions(root):
        print(f"  {lines:4d}  {name}")
    print("\n## CLI module lines")
    total = 0
    for path in sorted((root / "cli").glob("*.py")):
        n = len(path.read_text(encoding="utf-8").splitlines())
        total += n
        print(f"  {n:5d}  {path.relative_to(root.parent)}")
    print(f"  {total:5d}  total")


if __name__ == "__main__":
    main(sys.argv)
