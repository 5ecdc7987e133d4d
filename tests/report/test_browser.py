"""The sample-corpus report in a real headless Chromium: offline, no errors, sections, quotes, print.

Uses the system ``chromium`` (Debian package, installed by ``.ci/run``) through Playwright; no
browser is ever downloaded. Without chromium the tests skip locally and fail when ``CI`` is set.
A screenshot and a PDF go to ``test-artifacts/`` at the repository root (git-ignored).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vnqual import Corpus
from vnqual.report import ReportData, build_report_data, write_report
from vnqual.report._html import SECTIONS, _excerpt

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium_path() -> str:
    path = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
    if path is None:
        _unavailable("chromium is not installed (apt-get install chromium, as .ci/run does)")
    return str(path)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"browser test cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    executable = _chromium_path()
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sample_report(
    sample_corpus: Corpus, result_dirs: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, ReportData]:
    """The sample corpus report (topic model run now, codes from a tag folder), as a file."""
    data = build_report_data(
        sample_corpus,
        by="site",
        tag_dir=result_dirs[1],
        random_state=0,
        title="Tọa đàm bồi dưỡng cán bộ cấp xã",
    )
    path = write_report(data, tmp_path_factory.mktemp("bao_cao") / "bao_cao.html")
    return path, data


@pytest.fixture(scope="module")
def loaded(browser: Any, sample_report: tuple[Path, ReportData]) -> Iterator[dict[str, Any]]:
    """The report opened from file://, with every console message and request recorded."""
    path, data = sample_report
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    record: dict[str, Any] = {
        "page": page,
        "data": data,
        "url": path.as_uri(),
        "console": [],
        "errors": [],
        "requests": [],
        "failed": [],
    }
    page.on("console", lambda m: record["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: record["errors"].append(str(e)))
    page.on("request", lambda r: record["requests"].append(r.url))
    page.on("requestfailed", lambda r: record["failed"].append(r.url))
    page.goto(record["url"], wait_until="load")
    yield record
    context.close()


def test_loads_offline_without_errors_or_requests(loaded: dict[str, Any]) -> None:
    assert loaded["errors"] == []
    assert [m for m in loaded["console"] if m[0] in ("error", "warning")] == []
    assert loaded["failed"] == []
    others = [u for u in loaded["requests"] if u != loaded["url"] and not u.startswith("data:")]
    assert others == [] and loaded["url"] in loaded["requests"]


def test_sections_and_quotes_are_in_the_dom(loaded: dict[str, Any]) -> None:
    page, data = loaded["page"], loaded["data"]
    for sid, name in SECTIONS:
        assert page.locator(f"section#{sid} > h2").inner_text() == name
    assert page.locator("section#chu-de section.theme").count() == len(data.topics)
    assert len(data.quotes) >= 6
    for q in data.quotes.itertuples():
        block = page.locator(f"blockquote[id='q-{q.statement_id}']")
        # line breaks of a multi-paragraph turn stay visible; other runs of white space (a
        # table row's tabs) show as one space
        assert block.locator("p").evaluate("e => getComputedStyle(e).whiteSpace") == "pre-line"
        assert block.locator("p").inner_text().split() == _excerpt(q.text).split()
        footer = block.locator("footer").inner_text()
        assert f"{q.doc_id}:{q.start_char}-{q.end_char}" in footer and q.site in footer
    assert page.locator("svg[role='img'] > title").count() >= 6


def test_chart_labels_keep_diacritics_and_spaces(loaded: dict[str, Any]) -> None:
    page, data = loaded["page"], loaded["data"]
    labels = page.locator("section#chu-de svg text").all_text_contents()
    multi = [t for terms in data.topic_terms.values() for t, _ in terms if " " in t.replace("_", " ")]
    assert multi  # the sample corpus has multi-syllable words among the top words...
    for term in multi:
        assert term.replace("_", " ") in labels  # ...shown with spaces
    assert not [t for t in labels if "_" in t]
    assert re.search(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệọỏốồổỗộớờởỡợụủứừửữự]", " ".join(labels))


def test_screenshot_and_pdf(loaded: dict[str, Any]) -> None:
    page = loaded["page"]
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    pdf = ARTIFACTS / "report.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes()))
    assert pages >= len(SECTIONS)  # every section starts a new printed page


def test_print_media_hides_navigation_and_data_tables(loaded: dict[str, Any]) -> None:
    page = loaded["page"]
    page.emulate_media(media="print")
    try:
        assert page.locator("nav").evaluate("e => getComputedStyle(e).display") == "none"
        assert page.locator("details.data").first.evaluate("e => getComputedStyle(e).display") == "none"
    finally:
        page.emulate_media(media="screen")


def test_no_horizontal_overflow_on_a_phone(browser: Any, sample_report: tuple[Path, ReportData]) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(sample_report[0].as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390
    finally:
        context.close()
