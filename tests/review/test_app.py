"""The review app through Flask's test client: token, CSRF, escaping, CSP, decisions, conflicts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("flask")

from vnqual.review._app import ReviewState, create_app, make_state  # noqa: E402


@pytest.fixture()
def app_state(tagged: Path) -> tuple[Any, ReviewState]:
    state = make_state(tagged, reviewer="Lan")
    app = create_app(state)
    return app.test_client(), state


def _page(client: Any, url: str) -> tuple[str, dict[str, str]]:
    r = client.get(url)
    assert r.status_code == 200, r.data[:200]
    html = r.data.decode()
    fields = {
        "version": re.search(r'name="version" value="(\d+)"', html).group(1),  # type: ignore[union-attr]
        "action_id": re.search(r'name="action_id" value="(\w+)"', html).group(1),  # type: ignore[union-attr]
        "row": re.search(r'data-row="(\d+)"', html).group(1),  # type: ignore[union-attr]
    }
    return html, fields


def _login(client: Any, state: ReviewState) -> str:
    r = client.get(f"/?token={state.token}")
    assert r.status_code == 303
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return r.headers["Location"]


def test_token_is_required_on_every_request(app_state: tuple[Any, ReviewState]) -> None:
    client, state = app_state
    for url in ("/", "/summary", "/x/0", "/static/review.js", "/?token=wrong"):
        assert client.get(url).status_code == 403, url
    assert client.post("/undo", data={"csrf": state.csrf}).status_code == 403
    first = _login(client, state)
    assert client.get(first).status_code == 200  # the cookie now carries the token
    assert client.get("/static/review.js").status_code == 200


def test_post_without_csrf_is_refused(app_state: tuple[Any, ReviewState]) -> None:
    client, state = app_state
    _, f = _page(client, _login(client, state))
    data = {"version": f["version"], "action_id": f["action_id"], "action": "accept"}
    assert client.post(f"/x/{f['row']}/decide", data=data).status_code == 400
    assert client.post(f"/x/{f['row']}/decide", data={**data, "csrf": "guess"}).status_code == 400
    assert state.store.decisions() == []


def test_headers_and_escaping(app_state: tuple[Any, ReviewState]) -> None:
    client, state = app_state
    _login(client, state)
    row = next(i for i, (sid, _) in enumerate(state.queue.keys) if sid.endswith("-0008"))
    r = client.get(f"/x/{row}")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    html = r.data.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert len(re.findall(r"<script", html)) == 1  # only the app's own static file
    # no inline CSS either: the shared layout's <style> is empty, and only that is allowed
    assert re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S) == [""] and " style=" not in html
    assert html.count('http-equiv="Content-Security-Policy"') == 1 and "form-action 'none'" not in html


def test_decisions_move_on_and_undo(app_state: tuple[Any, ReviewState]) -> None:
    client, state = app_state
    html, f = _page(client, _login(client, state))
    assert "0 / 11 reviewed" in html
    assert 'id="btn-accept"' in html and "<kbd>a</kbd>" in html
    post = {"csrf": state.csrf, "version": f["version"], "action_id": f["action_id"]}
    r = client.post(f"/x/{f['row']}/decide", data={**post, "action": "accept"})
    assert r.status_code == 303
    nxt = r.headers["Location"]
    assert nxt != f"/x/{f['row']}"
    # the same form again (double click, back button) is not a second decision
    client.post(f"/x/{f['row']}/decide", data={**post, "action": "accept"})
    assert len(state.store.decisions()) == 1
    html, g = _page(client, nxt)
    assert "1 / 11 reviewed" in html
    post = {"csrf": state.csrf, "version": g["version"], "action_id": g["action_id"]}
    code = state.queue.keys[int(g["row"])][1]
    other = next(c for c in state.folder.code_names if c != code)
    client.post(f"/x/{g['row']}/decide", data={**post, "change": other})
    state.flush()  # reviewed.csv is rewritten in the background
    rows = (state.folder.path / "reviewed.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 3 and ",changed,Lan," in rows[1] + rows[2]
    r = client.post("/undo", data={"csrf": state.csrf})
    assert r.status_code == 303 and f"/x/{g['row']}" in r.headers["Location"]
    assert state.queue.status[int(g["row"])] == ""
    state.flush()
    assert len((state.folder.path / "reviewed.csv").read_text(encoding="utf-8-sig").splitlines()) == 2


def test_stale_tab_gets_a_conflict_page(app_state: tuple[Any, ReviewState]) -> None:
    client, state = app_state
    first = _login(client, state)
    _, tab1 = _page(client, first)
    _, tab2 = _page(client, first)
    row = tab1["row"]
    base = {"csrf": state.csrf, "version": tab1["version"]}
    assert (
        client.post(
            f"/x/{row}/decide", data={**base, "action_id": tab1["action_id"], "action": "accept"}
        ).status_code
        == 303
    )
    r = client.post(f"/x/{row}/decide", data={**base, "action_id": tab2["action_id"], "action": "reject"})
    assert r.status_code == 409 and "was changed meanwhile (accepted by Lan)" in r.data.decode()
    assert [d.decision for d in state.store.decisions()] == ["accepted"]


def test_memo_add_and_summary(app_state: tuple[Any, ReviewState]) -> None:
    client, state = app_state
    _, f = _page(client, _login(client, state))
    post = {"csrf": state.csrf, "action_id": f["action_id"]}
    r = client.post(f"/x/{f['row']}/decide", data={**post, "action": "memo", "memo": "Cần <b>xem</b> lại"})
    assert r.headers["Location"].startswith(f"/x/{f['row']}")
    html, f2 = _page(client, r.headers["Location"])
    assert "Cần &lt;b&gt;xem&lt;/b&gt; lại" in html
    sid, code = state.queue.keys[int(f["row"])]
    other = next(
        c for c in state.folder.code_names if c not in {k[1] for k in state.queue.keys if k[0] == sid}
    )
    client.post(
        f"/x/{f['row']}/decide",
        data={"csrf": state.csrf, "action_id": f2["action_id"], "action": "add", "code": other},
    )
    html = client.get("/summary").data.decode()
    assert "Precision" in html and other in html
    total = re.search(r'<tr id="summary-total">(.*?)</tr>', html, flags=re.S).group(1)  # type: ignore[union-attr]
    cells = re.findall(r"<th>(.*?)</th>", total, flags=re.S)
    assert cells[0] == "(all codes)" and cells[1] == str(len(state.queue.keys)) and cells[5] == "1"
    assert [d.decision for d in state.store.decisions()] == ["memo", "added"]
    bad = client.post(
        f"/x/{f['row']}/decide", data={**post, "action_id": "z", "action": "add", "code": "Không có"}
    )
    assert bad.status_code == 400
