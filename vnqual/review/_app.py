"""The review web app (Flask): one coded excerpt at a time, server-rendered, keyboard first.

Every request needs the server's token, given once as ``?token=...`` (the link ``vnqual review``
prints) and then kept in an HttpOnly, SameSite=Strict cookie, as Jupyter does. Every POST carries
a CSRF token. All text goes through Jinja2's autoescaping; the Content-Security-Policy allows
scripts, styles and forms of the app's own origin only (no inline code).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vnqual.errors import InputError, VnqualError
from vnqual.review._export import BackgroundWriter, write_reviewed
from vnqual.review._queue import ORDERS, STATUSES, Filters, Queue, ReviewFolder
from vnqual.review._store import (
    ACCEPTED,
    ADDED,
    CHANGED,
    FLAGGED,
    MEMO,
    REJECTED,
    Conflict,
    DecisionStore,
)
from vnqual.types import DOC_ID, ROLE, SPEAKER, STATEMENT_ID, TEXT, PathLike

HERE = Path(__file__).resolve().parent
#: The layout shared by vnqual's HTML pages (base.html; the report's templates folder).
SHARED_TEMPLATES = HERE.parent / "report" / "templates"
#: sha256 of the empty string: allows exactly the empty ``<style></style>`` of the shared layout
#: (vnqual/report/templates/base.html) and no other inline style.
_EMPTY_STYLE = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
#: The policy as a ``<meta>`` of each page (browsers ignore frame-ancestors there).
CSP_META = (
    f"default-src 'none'; script-src 'self'; style-src 'self' {_EMPTY_STYLE}; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'"
)
#: The Content-Security-Policy header of every response.
CSP = CSP_META + "; frame-ancestors 'none'"
_ACTIONS = {"accept": ACCEPTED, "reject": REJECTED, "flag": FLAGGED}
#: Keys shown on screen and handled by static/review.js.
SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("a", "accept"),
    ("r", "reject"),
    ("1-9", "change to code"),
    ("g", "add a code"),
    ("f", "flag for discussion"),
    ("m", "memo (Ctrl+Enter saves)"),
    ("u", "undo"),
    ("j / k", "next / previous"),
)


@dataclass
class ReviewState:
    """What the app serves: the folder, its queue and store, the reviewer and the secrets."""

    folder: ReviewFolder
    store: DecisionStore
    queue: Queue
    reviewer: str
    token: str
    csrf: str
    export: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)
    writer: BackgroundWriter | None = None

    def __post_init__(self) -> None:
        if self.export:
            self.writer = BackgroundWriter(self.write_reviewed)

    def write_reviewed(self) -> None:
        """Rewrite reviewed.csv from the store (the writer thread calls this)."""
        write_reviewed(self.folder.path, self.store, self.folder.corpus, texts=self.folder.texts)

    @property
    def cookie_name(self) -> str:
        """One cookie per server, so two servers on 127.0.0.1 (two ports) do not clash."""
        return "vnqual_review_" + hashlib.sha256(self.token.encode()).hexdigest()[:10]

    def changed(self) -> None:
        """After a write: refresh statuses, have reviewed.csv rewritten (in the background)."""
        self.queue.refresh()
        if self.writer is not None:
            self.writer.request()

    def flush(self) -> None:
        """Wait until reviewed.csv reflects every decision so far (tests, shutdown)."""
        if self.writer is not None:
            self.writer.flush()


def make_state(
    path: PathLike,
    *,
    reviewer: str,
    token: str | None = None,
    export: bool = True,
    timeout: float = 5.0,
    deidentify: bool = False,
    key: PathLike | None = None,
) -> ReviewState:
    """Read the folder and open its store (errors: one :class:`~vnqual.errors.VnqualError` line).

    With ``deidentify`` the pages show only pseudonyms (see :mod:`vnqual.review._deid`; ``key``:
    the pseudonym key to use and extend); decisions and reviewed.csv keep the original ids and texts.
    """
    if key is not None and not deidentify:
        raise InputError("`key` is used with `deidentify`; add `deidentify` or drop `key`")
    folder = ReviewFolder(path)
    if deidentify:
        from vnqual.review._deid import deidentify_folder

        deidentify_folder(folder, key=key)
    store = DecisionStore(folder.path, timeout=timeout)
    queue = Queue(folder, store)
    state = ReviewState(
        folder,
        store,
        queue,
        reviewer=reviewer,
        token=token or secrets.token_urlsafe(24),
        csrf=secrets.token_urlsafe(24),
        export=export,
    )
    if export and store.seq() > 0:
        state.write_reviewed()
    return state


def create_app(state: ReviewState) -> Any:
    """The Flask application serving ``state``."""
    from flask import Flask, abort, g, redirect, render_template, request, url_for
    from jinja2 import ChoiceLoader, FileSystemLoader

    app = Flask(
        "vnqual.review",
        root_path=str(HERE),
        template_folder="templates",
        static_folder="static",
    )
    # the review's templates first, then the shared layout of vnqual's pages (base.html)
    app.jinja_loader = ChoiceLoader(
        [FileSystemLoader(str(HERE / "templates")), FileSystemLoader(str(SHARED_TEMPLATES))]
    )
    app.config.update(MAX_CONTENT_LENGTH=256 * 1024, TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.autoescape = True
    app.extensions["vnqual_review"] = state

    @app.before_request
    def check_token() -> Any:
        given = request.args.get("token")
        if given is not None and hmac.compare_digest(given, state.token):
            g.set_cookie = True
            return None
        cookie = request.cookies.get(state.cookie_name, "")
        if cookie and hmac.compare_digest(cookie, state.token):
            return None
        return (
            "403 Forbidden: open the link with ?token=... that `vnqual review` printed.\n",
            403,
            {"Content-Type": "text/plain; charset=utf-8"},
        )

    @app.before_request
    def check_csrf() -> Any:
        if request.method == "POST":
            given = request.form.get("csrf", "")
            if not given or not hmac.compare_digest(given, state.csrf):
                return (
                    "400 Bad Request: missing or wrong CSRF token; reload the page and try again.\n",
                    400,
                    {"Content-Type": "text/plain; charset=utf-8"},
                )
        return None

    @app.after_request
    def headers(response: Any) -> Any:
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store"
        if g.get("set_cookie"):
            response.set_cookie(state.cookie_name, state.token, httponly=True, samesite="Strict", path="/")
        return response

    @app.errorhandler(VnqualError)
    def vnqual_error(err: VnqualError) -> Any:
        message = state.folder.shown_message(str(err))
        return render_template("message.html", title="Error", message=message, **common()), 500

    def filters() -> Filters:
        return Filters.from_args(request.args)

    def common() -> dict[str, Any]:
        f = filters()
        return {
            "filters": f,
            "args": f.to_args(),
            "csrf": state.csrf,
            "reviewer": state.reviewer,
            "progress": state.queue.progress(f),
            "folder": state.folder.name,
            "csp": CSP_META,
        }

    def go(row: int | None, f: Filters) -> Any:
        args: dict[str, Any] = dict(f.to_args())
        if row is None:
            return redirect(url_for("done", **args), code=303)
        return redirect(url_for("excerpt", row=row, **args), code=303)

    @app.get("/")
    def index() -> Any:
        state.queue.refresh()
        f = filters()
        return go(state.queue.first(f), f)

    @app.get("/done")
    def done() -> Any:
        state.queue.refresh()
        return render_template("message.html", title="Queue done", message=None, **common())

    @app.get("/x/<int:row>")
    def excerpt(row: int) -> Any:
        q = state.queue
        if not 0 <= row < len(q.keys):
            abort(404)
        q.refresh()
        return render_template("excerpt.html", **excerpt_context(state, row, filters()), **common())

    @app.post("/x/<int:row>/decide")
    def decide(row: int) -> Any:
        q = state.queue
        if not 0 <= row < len(q.keys):
            abort(404)
        f = filters()
        form = request.form
        sid, code = q.keys[row]
        action = form.get("action", "")
        change_to = form.get("change", "")
        action_id = form.get("action_id", "")
        try:
            version = int(form.get("version", ""))
        except ValueError:
            version = None
        kwargs: dict[str, Any] = {"reviewer": state.reviewer, "action_id": action_id}
        try:
            with state.lock:
                if change_to:
                    if change_to not in state.folder.code_names or change_to == code:
                        abort(400)
                    state.store.decide(
                        sid, code, CHANGED, new_code=change_to, expected_version=version, **kwargs
                    )
                    moved = True
                elif action in _ACTIONS:
                    state.store.decide(sid, code, _ACTIONS[action], expected_version=version, **kwargs)
                    moved = True
                elif action == "add":
                    added = form.get("code", "")
                    if added not in state.folder.code_names:
                        abort(400)
                    state.store.decide(sid, added, ADDED, **kwargs)
                    moved = False
                elif action == "memo":
                    state.store.decide(sid, code, MEMO, memo=form.get("memo", "").strip(), **kwargs)
                    moved = False
                else:
                    abort(400)
                state.changed()
        except Conflict as err:
            q.refresh()
            ctx = {"title": "Decided meanwhile", "message": state.folder.shown_message(str(err)), "row": row}
            return render_template("message.html", **ctx, **common()), 409
        except ValueError:
            abort(400)
        if not moved:
            return go(row, f)
        nxt = q.step(row, f, +1)
        return go(nxt if nxt is not None else q.first(f), f)

    @app.post("/undo")
    def undo() -> Any:
        f = filters()
        with state.lock:
            undone = state.store.undo(state.reviewer)
            state.changed()
        if undone is None:
            return go(state.queue.first(f), f)
        key = (undone.statement_id, undone.code)
        row = state.queue.index.get(key)
        if row is None:  # an added code: back to an excerpt of that statement
            rows = state.queue.rows_of(undone.statement_id)
            row = rows[0] if rows else state.queue.first(f)
        return go(row, replace_status(f))

    @app.get("/summary")
    def summary() -> Any:
        state.queue.refresh()
        frame = state.queue.summary()
        table = frame.to_dict(orient="records")
        counts = [c for c in frame.columns if c not in ("code", "precision")]
        total: dict[str, float] = {c: int(frame[c].sum()) for c in counts}
        decided = total["n_decided_auto"]
        total["precision"] = total["n_accepted_auto"] / decided if decided else float("nan")
        orphans = [
            {**o, STATEMENT_ID: state.folder.shown_id(o[STATEMENT_ID]), "memo": state.folder.scrub(o["memo"])}
            for o in state.queue.orphans()
        ]
        return render_template("summary.html", table=table, total=total, orphans=orphans, **common())

    return app


def replace_status(f: Filters) -> Filters:
    """After an undo the excerpt is shown even if the queue is of open excerpts only."""
    from dataclasses import replace

    return replace(f, status="all") if f.status != "all" else f


def excerpt_context(state: ReviewState, row: int, f: Filters) -> dict[str, Any]:
    """Everything excerpt.html shows for one excerpt."""
    q, folder = state.queue, state.folder
    sid, code = q.keys[row]
    rec = folder.codes.iloc[row]
    st = folder.statements.loc[sid]
    before, after = folder.context(sid)
    others = [
        {"row": i, "code": q.code[i], "score": q.score[i], "method": q.method[i], "status": q.status[i]}
        for i in q.rows_of(sid)
        if i != row
    ]
    choices = [c for c in folder.code_names if c != code]
    decided = q.decided_by[row]
    place, length = q.position(row, f)
    shown_sid = st[STATEMENT_ID]  # the statements as shown: pseudonyms with --deidentify
    meta = {
        "document": st[DOC_ID],
        "site": st.get("site", ""),
        "speaker": st[SPEAKER],
        "role": st[ROLE],
        "statement": shown_sid,
    }
    evidence = folder.scrub(str(rec.get("evidence", "")))
    return {
        "row": row,
        "sid": shown_sid,
        "code": code,
        "score": q.score[row],
        "method": q.method[row],
        "evidence": evidence,
        "pieces": folder.highlights(sid, code, evidence),
        "text": st[TEXT],
        "before": before,
        "after": after,
        "meta": meta,
        "status": q.status[row],
        "decided": decided,
        "memo": folder.scrub(q.memo[row]),
        "others": others,
        "added": [d for d in q.added(sid)],
        "choices": choices,
        "numbered": choices[:9],
        "version": q.version(row),
        "action_id": secrets.token_hex(8),
        "prev": q.step(row, f, -1),
        "next": q.step(row, f, +1),
        "place": place,
        "length": length,
        "orders": ORDERS,
        "statuses": STATUSES,
        "codes": folder.code_names,
        "speakers": folder.speakers,
        "sites": q.sites,
        "shortcuts": SHORTCUTS,
        "STATEMENT_ID": STATEMENT_ID,
    }


def url_maker(state: ReviewState, host: str, port: int) -> Callable[[str], str]:
    """``url("/")`` -> the full URL with the token (what the CLI prints)."""

    def url(path: str = "/") -> str:
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{path}?token={state.token}"

    return url
