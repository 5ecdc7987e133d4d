"""``vnqual review``: check and correct automatic codes in the browser."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vnqual.cli._base import cli
from vnqual.cli._common import is_quiet


@cli.command("review")
@click.argument("path", type=click.Path(file_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port [default: a free port].")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to serve on; anything but 127.0.0.1/localhost lets other computers connect "
    "(a warning is shown; the token is still required).",
)
@click.option("--no-browser", is_flag=True, help="Print the link but do not open a browser.")
@click.option(
    "--reviewer",
    default=None,
    help="Your name, stored with every decision. Default: asked once when run in a terminal, "
    "else $VNQUAL_REVIEWER or the login name.",
)
@click.option(
    "--export",
    "export_only",
    is_flag=True,
    help="Only write DIR/reviewed.csv from DIR/review.sqlite and exit (no server).",
)
@click.option(
    "--deidentify",
    is_flag=True,
    help="Show only pseudonyms ([NGƯỜI 07]) in the browser: speakers, statements and their "
    "context, documents, metadata (see `vnqual deidentify`). Decisions and DIR/reviewed.csv keep "
    "the original statement ids and text.",
)
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --deidentify: pseudonym key (deid-key.csv) to use and extend, so the review shows "
    "the same pseudonyms as your exports and reports. Keep it private.",
)
def review_cmd(
    path: Path,
    port: int,
    host: str,
    no_browser: bool,
    reviewer: str | None,
    export_only: bool,
    deidentify: bool,
    key: Path | None,
) -> None:
    """Review the automatic codes of a `vnqual tag --out` folder in the browser.

    Shows one coded excerpt at a time with its context, keyword spans, score and evidence;
    accept (a), reject (r), change (1-9), add (g), flag (f), memo (m), undo (u), next/previous
    (j/k). Decisions are saved at once in DIR/review.sqlite and written to DIR/reviewed.csv
    (statement_id, code, text, decision, reviewer, time, memo, old_code), which
    `vnqual tag --train DIR` learns from, `vnqual agree DIR` compares with the automatic
    codes and `vnqual export DIR --reviewed-only` exports. The server listens on 127.0.0.1
    only and needs the token in the printed link. Ctrl+C stops it; nothing decided is lost.
    With --deidentify the pages show only pseudonyms (use --key to match your exports).
    Needs the review extra: pip install "vnqual[review]".

    \b
    Example:
      vnqual review ket_qua/ma_hoa --reviewer Lan
      vnqual review ket_qua/ma_hoa --reviewer "Nguyễn Thị Lan" --port 8765 --no-browser
      vnqual review ket_qua/ma_hoa --deidentify --key bi_mat/khoa.csv --reviewer Lan
      vnqual review ket_qua/ma_hoa --export
    """
    from vnqual.errors import InputError
    from vnqual.jobs.review import ReviewSummary, default_reviewer, export_review, serve_review

    if key is not None and not deidentify:
        raise InputError("`key` is used with `deidentify`; add `deidentify` or drop `key`")
    if export_only and deidentify:
        raise InputError(
            "`deidentify` does not apply to --export (DIR/reviewed.csv keeps the original text); "
            "for a file to share use `vnqual export DIR --reviewed-only --deidentify`"
        )
    if export_only:
        done = export_review(path)
        if not is_quiet():
            click.echo(
                f"{done.n_reviewed} of {done.n_excerpts} excerpts reviewed -> {done.reviewed_csv}", err=True
            )
        if done.n_orphans:
            click.echo(_orphans(done.n_orphans), err=True)
        return
    try:
        import flask  # noqa: F401
    except ImportError:
        raise InputError('the review app needs Flask: pip install "vnqual[review]"') from None
    if reviewer is None:
        if sys.stdin.isatty():
            reviewer = click.prompt("Reviewer name (stored with every decision)", default=default_reviewer())
        else:
            reviewer = default_reviewer()
    reviewer = reviewer.strip()
    if not reviewer:
        raise InputError("--reviewer is empty; give your name, e.g. --reviewer Lan")

    def ready(summary: ReviewSummary) -> None:
        if not is_quiet():
            click.echo(
                f"Reviewing {summary.folder} as {reviewer}: {summary.n_reviewed} of "
                f"{summary.n_excerpts} excerpts reviewed. Ctrl+C stops; decisions are saved as you go.",
                err=True,
            )
        if summary.n_orphans:
            click.echo(_orphans(summary.n_orphans), err=True)
        click.echo(summary.url)
        sys.stdout.flush()

    if deidentify and not is_quiet():
        click.echo("De-identifying the folder's statements for the browser...", err=True)
    serve_review(
        path,
        reviewer=reviewer,
        host=host,
        port=port,
        open_browser=not no_browser,
        on_ready=ready,
        deidentify=deidentify,
        key=key,
    )


def _orphans(n: int) -> str:
    return (
        f"Warning: {n} decision(s) concern excerpts no longer in codes.csv (after a re-run of "
        "`vnqual tag`); they are kept and listed on the summary page"
    )
