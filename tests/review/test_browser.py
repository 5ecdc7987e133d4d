"""The review app in a real headless Chromium, keyboard only, against the real server.

Uses the system ``chromium`` through Playwright (as tests/report/test_browser.py); no browser is
downloaded. Without chromium the tests skip locally and fail when ``CI`` is set. A screenshot
goes to ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flask")

from vnqual.review import DecisionStore  # noqa: E402
from vnqual.review._app import make_state  # noqa: E402
from vnqual.review._server import Server, make_server  # noqa: E402

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


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"browser test cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (pip install -e '.[test]')")
    path = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
    if path is None:
        _unavailable("chromium is not installed (apt-get install chromium, as .ci/run does)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def server(tagged: Path) -> Iterator[Server]:
    srv = make_server(make_state(tagged, reviewer="Lan"), port=0).start()
    yield srv
    srv.stop()


def _key(page: Any, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press(key)


def _progress(page: Any) -> str:
    return page.locator("#progress").inner_text()


def test_keyboard_review_persists_after_reload(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(server.url.split("?")[0]) else outside.append(r.url)
    )
    page.goto(server.url, wait_until="load")
    assert _progress(page).startswith("0 / 11 reviewed")
    seen = []
    for key in ("a", "a", "a", "r"):
        seen.append(page.locator("#excerpt").get_attribute("data-row"))
        _key(page, key)
    seen.append(page.locator("#excerpt").get_attribute("data-row"))
    changed_to = page.locator("#btn-change-1").get_attribute("value")
    _key(page, "1")
    assert _progress(page).startswith("5 / 11 reviewed")
    memo_row = page.locator("#excerpt").get_attribute("data-row")
    page.keyboard.press("m")
    page.keyboard.type("Hỏi lại bà Hoa về mùa mưa")
    _key(page, "Control+Enter")
    assert page.locator("#memo").input_value() == "Hỏi lại bà Hoa về mùa mưa"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review_excerpt.png"), full_page=True)
    page.locator("#memo").blur()
    _key(page, "u")  # takes back the memo, the last decision
    assert page.locator("#memo").input_value() == ""
    page.reload(wait_until="load")
    assert _progress(page).startswith("5 / 11 reviewed")
    assert len(set(seen)) == 5 and memo_row not in seen
    store = DecisionStore(server.state.folder.path)
    alive = [d for d in store.decisions() if not d.undone]
    assert [d.decision for d in alive] == ["accepted"] * 3 + ["rejected", "changed"]
    assert alive[-1].new_code == changed_to and all(d.reviewer == "Lan" for d in alive)
    keys = [f"{d.statement_id}|{d.code}" for d in alive]
    assert [server.state.queue.index[tuple(k.split("|"))] for k in keys] == [int(r) for r in seen]  # type: ignore[misc]
    assert [d.decision for d in store.decisions() if d.undone] == ["memo"]
    server.state.flush()  # reviewed.csv is rewritten in the background
    csv = (server.state.folder.path / "reviewed.csv").read_text(encoding="utf-8-sig")
    assert csv.count(",accepted,Lan,") == 3 and ",changed,Lan," in csv
    # the summary page shows the counts per code
    _key(page, "u")  # undo works across pages too: the change is taken back
    page.goto(server.url.replace("/?", "/summary?"), wait_until="load")
    assert page.locator("#summary-table tbody tr").count() == 3
    totals = page.locator("#summary-table tbody tr td:nth-child(3)").all_inner_texts()
    assert sum(int(t) for t in totals) == 3
    assert errors == [] and outside == []
    context.close()


def test_two_tabs_on_one_excerpt(browser: Any, server: Server) -> None:
    context = browser.new_context()
    tab1, tab2 = context.new_page(), context.new_page()
    tab1.goto(server.url, wait_until="load")
    tab2.goto(tab1.url, wait_until="load")
    row = tab1.locator("#excerpt").get_attribute("data-row")
    assert tab2.locator("#excerpt").get_attribute("data-row") == row
    _key(tab1, "a")
    _key(tab2, "r")
    assert "Decided meanwhile" in tab2.locator("h1").inner_text()
    assert "accepted by Lan" in tab2.locator("#message").inner_text()
    sid, code = server.state.queue.keys[int(row or -1)]
    history = DecisionStore(server.state.folder.path).history(sid, code)
    assert [(d.decision, d.undone) for d in history] == [("accepted", False)]
    # the tab that lost looks again, sees the decision and can override it knowingly
    with tab2.expect_navigation():
        tab2.locator("#link-again").click()
    assert tab2.locator("#status").inner_text().startswith("accepted by Lan")
    _key(tab2, "r")
    history = DecisionStore(server.state.folder.path).history(sid, code)
    assert [d.decision for d in history] == ["accepted", "rejected"]
    context.close()


def test_token_refused_when_missing(browser: Any, server: Server) -> None:
    context = browser.new_context()
    page = context.new_page()
    bare = server.url.split("?")[0]
    response = page.goto(bare, wait_until="load")
    assert response is not None and response.status == 403
    assert "token" in page.inner_text("body")
    response = page.goto(bare + "?token=not-the-token", wait_until="load")
    assert response is not None and response.status == 403
    assert page.context.cookies() == []
    context.close()
