"""``vnqual report``: one self-contained HTML page with themes, quotes, keywords, codes and methods."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vnqual.cli._base import cli
from vnqual.cli._common import input_options, is_quiet, load_input, pop_input_kwargs, seed_option
from vnqual.cli._tokens import token_kwargs, token_options
from vnqual.topics import METHODS


class _KType(click.ParamType):
    """``auto`` or a whole number of themes >= 2."""

    name = "K"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, int) or str(value).lower() == "auto":
            return value if isinstance(value, int) else "auto"
        try:
            k = int(str(value))
        except ValueError:
            self.fail(f"{value!r} is neither 'auto' nor a whole number", param, ctx)
        if k < 2:
            self.fail(f"{k} themes: give at least 2 (or 'auto')", param, ctx)
        return k


@cli.command("report")
@input_options
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write (one self-contained page), e.g. bao_cao.html.",
)
@click.option(
    "--by",
    default=None,
    help="Metadata column to compare groups by (site, role, date, ...): theme x group "
    "heatmap, distinguishing keywords, codes per group.",
)
@click.option(
    "--codebook",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Codebook (.yaml/.csv/.qdc) to tag the statements with.",
)
@click.option(
    "-k",
    "k",
    type=_KType(),
    default="auto",
    show_default=True,
    help="Number of themes, or 'auto' to scan and choose.",
)
@click.option(
    "--method",
    type=click.Choice(METHODS, case_sensitive=False),
    default="dmm",
    show_default=True,
    help="Topic model, as in `vnqual topics`: dmm (one theme per statement), nmf, lda.",
)
@seed_option(
    None,
    "Random seed of every stochastic step (same seed, same report) [default: "
    "the defaults of `vnqual topics` (1) and `vnqual tag` (0)].",
)
@click.option(
    "--topics-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Use the --out folder of an earlier `vnqual topics` run.",
)
@click.option(
    "--tag-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Use the --out folder of an earlier `vnqual tag` run.",
)
@click.option("--title", default=None, help="Page title [default: a generic Vietnamese title].")
@click.option(
    "--deidentify",
    is_flag=True,
    help="Replace names, places, phone/ID numbers and emails by pseudonyms ([NGƯỜI 07]) in "
    "quotes, speakers and metadata (see `vnqual deidentify`).",
)
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --deidentify: pseudonym key (deid-key.csv) to use and extend. Keep it private.",
)
@token_options
def report_cmd(
    output: Path,
    by: str | None,
    codebook: Path | None,
    k: Any,
    method: str | None,
    seed: int | None,
    topics_dir: Path | None,
    tag_dir: Path | None,
    title: str | None,
    deidentify: bool,
    key: Path | None,
    **kwargs: Any,
) -> None:
    """Write ONE HTML report: corpus overview, themes with quotes, keywords, codes, methods.

    The page has everything inlined (CSS and SVG charts, no scripts, no web fonts, no network
    requests), so it opens offline from a file, as an e-mail attachment, and prints cleanly.
    Quotes carry their source reference doc_id:start-end; the methods section records the vnqual
    version, parameters, seed, k scan and SHA-256 hashes of the data.

    Text uses the reader's installed fonts with Vietnamese coverage (Noto Sans, Segoe UI, San
    Francisco, Roboto, Arial, DejaVu Sans...).

    \b
    Example:
      vnqual report corpora/toa-dam-boi-duong --codebook models/codebook_boi_duong.yaml \\
          --by site -o bao_cao.html
      vnqual report corpora/toa-dam-boi-duong --topics-dir ket_qua/chu_de --by site \\
          --title "Tọa đàm bồi dưỡng cán bộ cấp xã 2020" -o bao_cao.html
      vnqual report corpora/toa-dam-boi-duong --deidentify --key bi_mat/khoa.csv -o bao_cao_an_danh.html
    """
    from vnqual.jobs.report import run_report

    read = pop_input_kwargs(kwargs)
    opts = token_kwargs(kwargs)
    corpus = load_input(**read)
    if deidentify or key is not None:
        from vnqual.jobs.deidentify import for_report

        corpus, read["path"] = for_report(corpus, read["path"], deidentify, key, output, topics_dir, tag_dir)
    opts["progress"] = not is_quiet()
    if codebook is not None and tag_dir is not None:
        click.echo("Warning: --tag-dir given: its codes are used and --codebook is ignored", err=True)
    path = run_report(
        corpus,
        output,
        by=by,
        codebook=codebook,
        k=k,
        method=method,
        random_state=seed,
        topics_dir=topics_dir,
        tag_dir=tag_dir,
        title=title,
        token_options=opts,
        input_params=_input_params(read),
    )
    if not is_quiet():
        size = path.stat().st_size
        click.echo(f"report -> {path} ({size / 1024:.0f} KiB)", err=True)


def _input_params(read: dict[str, Any]) -> dict[str, Any]:
    """How PATH was read, for the methods section (file name only: no home folders in reports)."""
    params = {"input": Path(read["path"]).name, "unit": read.get("unit")}
    for key in ("text_col", "encoding", "speaker_pattern"):
        if read.get(key) not in (None, "", "text", ()):
            params[key] = list(read[key]) if isinstance(read[key], tuple) else read[key]
    if read.get("speakers"):
        params["speakers"] = Path(read["speakers"]).name
    if read.get("exclude_role"):
        params["exclude_role"] = list(read["exclude_role"])
    return params
