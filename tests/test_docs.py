"""The README and the docs site promise commands, output and pages; keep every promise true.

The README holds two set-up commands, what the first one prints, and a session; the rest lives in
docs/ (an MkDocs site whose build `.ci/lint` runs with --strict). These tests check what the build
cannot: that the commands shown are real commands and options, that they print and do what is shown,
and that the README stays short and in step with `.ci/run`.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from vnqual.cli import cli

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = REPO / "docs"
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


def _setup_commands() -> list[str]:
    block = re.search(r"```(?:bash|sh)?\n(.*?)```", README, re.S)
    assert block, "README has no code block"
    return [ln for ln in block.group(1).splitlines() if ln.strip() and not ln.startswith("#")]


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        yield prefix + name, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, prefix + name + " ")


def _nav_pages(nav) -> list[str]:
    """Every page file named in the mkdocs.yml nav, in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return [p for item in nav for p in _nav_pages(item)]


MKDOCS = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
NAV = _nav_pages(MKDOCS["nav"])
PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md"))


def _code_lines(text: str) -> list[str]:
    """Lines of fenced and indented code blocks, and inline code spans, of a Markdown text."""
    lines: list[str] = []
    for block in FENCE.findall(text):
        lines += block.splitlines()
    prose = FENCE.sub("", text)
    in_block, previous_blank = False, True
    for line in prose.splitlines():
        indented = line.startswith("    ") and bool(line.strip())
        # An indented code block starts after a blank line and runs while lines stay indented.
        in_block = indented and (in_block or previous_blank) or (in_block and not line.strip())
        if in_block and indented:
            lines.append(line)
        previous_blank = not line.strip()
    lines += re.findall(r"`([^`\n]+)`", prose)
    return lines


def _vnqual_invocations(text: str) -> list[list[str]]:
    """Every `vnqual CMD ...` written in code: the words after `vnqual`, up to `&&`, `|` or a comment."""
    found = []
    for line in _code_lines(text):
        for match in re.finditer(r"(?:^\s*|bin/)vnqual ([a-z].*)", line):
            rest = re.split(r"\s(?:&&|\||;)\s", match.group(1))[0]
            try:
                words = shlex.split(rest, comments=True)
            except ValueError:  # an unbalanced quote in an inline span that shows part of a line
                words = rest.split()
            found.append(words)
    return found


def _check_invocation(words: list[str]) -> str | None:
    """None if ``vnqual <words>`` names a real command and only its real options, else why not."""
    command: click.Command = cli
    name = "vnqual"
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        if words[0] not in command.commands:
            return f"`{name} {words[0]}` is not a command"
        name += " " + words[0]
        command = command.commands[words[0]]
        words = words[1:]
    known = {"-h", "--help"} | {o for p in cli.params for o in p.opts + p.secondary_opts}
    known |= {o for p in command.params for o in p.opts + p.secondary_opts}
    for word in words:
        if word.startswith("-") and not re.fullmatch(r"-\d[\d.]*", word):
            option = word.split("=", 1)[0]
            if option not in known:
                return f"`{name}` has no option {option}"
    return None


def _markdown_files() -> list[Path]:
    return [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]


# -- the README ------------------------------------------------------------------------------------


def test_readme_starts_with_exactly_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2
    assert "vnqual topics corpora/" in commands[0]
    assert "pytest" in commands[1]


def test_readme_is_a_start_page_not_a_manual():
    n_lines = len(README.splitlines())
    assert n_lines < 150, f"README has {n_lines} lines; move detail to a page in docs/"


def test_ci_runs_the_readme_test_command_verbatim():
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    runs = [ln for ln in ci_lines if ln.startswith("python3 -m venv")]
    assert runs == [_setup_commands()[1]], ".ci/run must run the README's test command, and only it"


def test_the_readme_test_command_runs_the_checks_before_the_tests():
    command = _setup_commands()[1]
    assert command.index("bash .ci/lint") < command.index("pytest")
    lint = (REPO / ".ci" / "lint").read_text(encoding="utf-8")
    assert "set -euo pipefail" in lint  # a failing check stops the run
    for check in ("ruff check vnqual tests benchmarks cli.py", "ruff format --check", "bin/mypy"):
        assert check in lint, f".ci/lint does not run {check}"
    build = re.search(r"^\.venv/bin/mkdocs build --strict.*$", lint, re.M)
    assert build, ".ci/lint must build the docs with --strict"
    assert not re.search(r"\s(-q|--quiet)\b", build.group()), "mkdocs --quiet hides what --strict fails on"


def test_readme_shows_what_the_main_command_prints():
    main = _setup_commands()[0].split(".venv/bin/vnqual ", 1)[1].split()
    assert main[0] == "topics"
    shown = README.split("The first command prints:\n\n```\n", 1)[1].split("```", 1)[0]
    args = [str(REPO / a) if a.startswith("corpora/") else a for a in main]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == shown.strip()


def _session_lines() -> list[str]:
    section = README.split("## A session", 1)[1]
    block = FENCE.search(section)
    assert block, "the README's session has no code block"
    return [ln for ln in block.group(1).splitlines() if ln.startswith("vnqual ")]


def test_readme_session_is_a_short_walk_through_the_main_commands():
    lines = _session_lines()
    assert 5 <= len(lines) <= 12
    named = [shlex.split(ln, comments=True)[1] for ln in lines]
    for command in ("ingest", "topics", "tag", "export", "report"):
        assert command in named, f"the README session does not show `vnqual {command}`"
    assert named.index("ingest") < named.index("topics") < named.index("tag") < named.index("report")


@pytest.mark.slow
def test_readme_session_runs_on_the_sample_corpus(tmp_path, monkeypatch):
    for folder in ("corpora", "models"):
        (tmp_path / folder).symlink_to(REPO / folder, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for line in _session_lines():
        args = shlex.split(line, comments=True)[1:]
        result = runner.invoke(cli, ["-q", *args])
        assert result.exit_code == 0, f"{line}\n{result.output}"
        assert result.exception is None, line
        for flag in ("--out", "-o"):
            if flag in args:
                assert Path(args[args.index(flag) + 1]).exists(), f"{line}: wrote nothing"
    report = next(Path(a) for ln in _session_lines() for a in shlex.split(ln) if a.endswith(".html"))
    html = report.read_text(encoding="utf-8")
    assert "Sở Nội vụ" in html and "Content-Security-Policy" in html
    _check_documented_columns(tmp_path / "ket_qua")


def _documented_columns(page: str) -> dict[str, list[tuple[list[str], bool]]]:
    """Columns per file as docs/outputs.md lists them: (names, optional) in order.

    A file's columns are either the first code span of its row in a file table
    (`` | `topics.csv` | `topic, label, ...` — ... | ``) or a column table introduced by
    "`statements.csv` columns:". A column whose meaning says "only" is optional.
    """
    columns: dict[str, list[tuple[list[str], bool]]] = {}
    current: list[tuple[list[str], bool]] | None = None
    for line in page.splitlines():
        intro = re.fullmatch(r"`([\w.]+\.csv)` columns:", line.strip())
        if intro:
            current = columns.setdefault(intro.group(1), [])
            continue
        if not line.startswith("|"):
            if current:
                current = None  # the first line after the column table's rows ends it
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set(cells[0]) <= set("-") or cells[0] in ("column", "file"):
            continue
        names = [n.strip() for span in re.findall(r"`([^`]+)`", cells[0]) for n in span.split(",")]
        if current is not None:
            if names:
                current.append((names, " only" in cells[1]))
        elif len(names) == 1 and names[0].endswith(".csv") and len(cells) > 1:
            spans = [sp for sp in re.findall(r"`([^`]+)`", cells[1]) if "," in sp]
            if spans:
                columns[names[0]] = [([n.strip() for n in spans[0].split(",")], False)]
    return columns


def _check_documented_columns(results: Path) -> None:
    documented = _documented_columns((DOCS / "outputs.md").read_text(encoding="utf-8"))
    for name in ("statements.csv", "documents.csv", "topics.csv", "assignments.csv", "quotes.csv"):
        assert name in documented, f"docs/outputs.md does not list the columns of {name}"
    for name in ("codes.csv", "hits.csv", "topic_by_<col>.csv"):
        assert name in documented, f"docs/outputs.md does not list the columns of {name}"
    documented["topic_by_site.csv"] = documented.pop("topic_by_<col>.csv")
    checked = 0
    for file in sorted(results.rglob("*.csv")):
        if file.name not in documented:
            continue
        header = file.read_text(encoding="utf-8-sig").split("\n", 1)[0].split(",")
        expected = [
            n for names, optional in documented[file.name] for n in names if not optional or n in header
        ]
        assert header[: len(expected)] == expected, f"docs/outputs.md: columns of {file.name}"
        checked += 1
    assert checked >= 9, "the session wrote fewer documented files than expected"
    page = (DOCS / "outputs.md").read_text(encoding="utf-8")
    for name in ("params.json", "run.json"):
        row = next(ln for ln in page.splitlines() if ln.startswith(f"| `{name}` |"))
        named = {n.strip() for span in re.findall(r"`([^`]+)`", row) for n in span.split(",")}
        (file,) = results.rglob(name)
        keys = json.loads(file.read_text(encoding="utf-8"))
        assert set(keys) <= named, f"docs/outputs.md does not name {sorted(set(keys) - named)} of {name}"


def test_readme_links_point_at_existing_files():
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README):
        if "://" in target:
            continue
        assert (REPO / target).exists(), f"README links to missing {target}"


# -- the docs site ---------------------------------------------------------------------------------


def test_every_nav_page_exists_and_every_page_is_in_the_nav():
    assert NAV, "mkdocs.yml has no nav"
    missing = [p for p in NAV if not (DOCS / p).is_file()]
    assert not missing, f"nav names pages that do not exist: {missing}"
    assert len(NAV) == len(set(NAV)), "a page is in the nav twice"
    left_out = sorted(set(PAGES) - set(NAV))
    assert not left_out, f"pages not in the mkdocs.yml nav: {left_out}"


def test_docs_site_has_the_promised_pages():
    for page in ("workflow.md", "workflow.vi.md", "cli.md", "outputs.md", "safety.md", "refi-qda.md"):
        assert page in NAV, page
    assert MKDOCS["validation"]["anchors"] == "warn", "broken anchors must fail mkdocs build --strict"
    cli_page = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert ":module: vnqual.cli" in cli_page and ":command: cli" in cli_page, "CLI page must be generated"
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in MKDOCS["plugins"]]
    assert "mkdocstrings" in plugins
    assert any("::: vnqual." in (DOCS / p).read_text(encoding="utf-8") for p in NAV if p.startswith("api/"))


def test_docs_home_installs_with_the_readme_first_command():
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    block = FENCE.search(home)
    assert block and block.group(1).strip() == _setup_commands()[0]


@pytest.mark.parametrize("path", _markdown_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_vnqual_command_written_in_the_docs_is_real(path):
    text = path.read_text(encoding="utf-8")
    problems = [why for words in _vnqual_invocations(text) if (why := _check_invocation(words))]
    assert not problems, f"{path.name}: " + "; ".join(sorted(set(problems)))


def test_the_command_checker_catches_a_wrong_command_and_option():
    assert _check_invocation(["topics", "corpus", "-k", "6", "--by", "site"]) is None
    assert _check_invocation(["cache", "info"]) is None
    assert "not a command" in _check_invocation(["topic", "corpus"])
    assert "no option --bye" in _check_invocation(["topics", "corpus", "--bye", "site"])
    assert "not a command" in _check_invocation(["cache", "purge"])
    assert _vnqual_invocations("    .venv/bin/ruff check vnqual tests\n") == []
    found = _vnqual_invocations('Run `vnqual tag --out DIR`.\n\n    vnqual kwic c "bồi dưỡng" -w 6  # x\n')
    assert found == [["kwic", "c", "bồi dưỡng", "-w", "6"], ["tag", "--out", "DIR"]]


def _workflow_commands(page: str) -> list[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    lines = [ln for block in FENCE.findall(text) for ln in block.splitlines() if ln.startswith("vnqual ")]
    return [" ".join(shlex.split(ln, comments=True)) for ln in lines]


def test_english_and_vietnamese_workflows_show_the_same_commands():
    english, vietnamese = _workflow_commands("workflow.md"), _workflow_commands("workflow.vi.md")
    assert len(english) >= 8
    assert english == vietnamese
    assert VIETNAMESE.search((DOCS / "workflow.vi.md").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_docs_python_example_runs(monkeypatch):
    text = (DOCS / "python.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", text, re.S)
    assert example, "docs/python.md has no Python example"
    monkeypatch.chdir(REPO)
    namespace: dict = {}
    exec(compile(example.group(1), "docs/python.md", "exec"), namespace)  # its own asserts must hold
    assert len(namespace["model"].topic_info()) == 6


def test_cli_reference_shows_help_examples_as_code():
    import sys

    sys.path.insert(0, str(REPO))
    try:
        from mkdocs_hooks import help_markdown
    finally:
        sys.path.remove(str(REPO))
    help_text = cli.commands["topics"].help or ""
    markdown = "\n".join(help_markdown(help_text))
    example = markdown.split("**Example:**\n\n```text\n", 1)[1].split("\n```", 1)[0]
    assert example.splitlines()[0].startswith("vnqual topics corpora/toa-dam-boi-duong")
    assert len(example.splitlines()) == help_text.split("Example:", 1)[1].strip().count("\n") + 1
    assert "\b" not in markdown


# -- every command ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name, command", list(_commands(cli)))
def test_every_command_has_a_vietnamese_example_and_is_documented(name, command):
    help_text = command.help or ""
    assert "Example" in help_text, f"{name}: --help has no Example block"
    example = help_text.split("Example", 1)[1]
    assert VIETNAMESE.search(example), f"{name}: example has no Vietnamese"
    assert f"vnqual {name}" in README, f"README does not mention `vnqual {name}`"
    guides = [p for p in NAV if not p.startswith("api/") and p != "cli.md"]
    pages = [p for p in guides if f"vnqual {name}" in (DOCS / p).read_text(encoding="utf-8")]
    assert pages, f"no page of docs/ shows `vnqual {name}`"
