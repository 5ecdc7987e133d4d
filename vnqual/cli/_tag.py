"""``vnqual tag``: code statements with a codebook (keywords, examples, hand-coded training)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vnqual.cli._base import cli
from vnqual.cli._common import is_quiet, seed_option, segment_options, with_input
from vnqual.codebook._tagger import DEFAULT_RANDOM_STATE

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.command("tag")
@with_input
@click.option(
    "--codebook",
    "codebook_path",
    type=_FILE,
    required=True,
    help="Codebook: .yaml/.yml, .csv (code, parent, keywords, ...), .qdc (REFI-QDA) "
    "or the codebook.json of an earlier run.",
)
@click.option(
    "--train",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Hand-coded examples: CSV with 'code' (several separated by ';') and 'text' "
    "or 'statement_id', a REFI-QDA .qdpx project coded by people, or a folder reviewed "
    "with `vnqual review` (its reviewed.csv: accepted codes as positives, rejected as negatives).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (codes.csv, hits.csv, codebook.json, run.json, corpus/); "
    "default: codes.csv to stdout.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0.0, 1.0),
    default=0.5,
    show_default=True,
    help="Report model suggestions with at least this calibrated probability.",
)
@click.option("--keywords-only", is_flag=True, help="Only keyword matches; do not learn a model.")
@seed_option(DEFAULT_RANDOM_STATE, "Seed for the model; the same seed gives the same codes.")
@segment_options
def tag_cmd(
    corpus: Any,
    codebook_path: Path,
    train: Path | None,
    out: Path | None,
    min_score: float,
    keywords_only: bool,
    seed: int,
    user_dict: tuple[str, ...],
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Code every statement with the codes of a codebook.

    Each row of codes.csv is one coded excerpt: the whole statement (as NVivo codes a
    paragraph) with its start_char/end_char in the source document, the code, a score,
    the method, the evidence, rank (1 = the statement's best code) and applies (score
    reaches the code's threshold). score is the calibrated probability from one model
    trained on the keyword matches, the codebook examples and --train.
    method=keyword+model: a keyword of the code matched too (evidence lists the matched
    words and their character spans, then the model's); method=model: the model alone
    (evidence = the words that weighed most and the most similar coded example);
    method=keyword: --keywords-only, or a code too rare for a model (score 1.0 when a
    keyword matched); method=human: the statement was coded in --train. An exclude
    pattern of a code removes that code from the statement.

    A rerun with the same statements, codebook, --train and options reads its result
    from the cache and writes the same files in seconds (--no-cache recomputes).

    Cells that start with = + - @ get a leading ' (spreadsheet formula guard);
    vnqual.codebook.read_codes() removes it.

    \b
    Example:
      vnqual tag corpora/toa-dam-boi-duong --codebook models/codebook_boi_duong.yaml --out ket_qua/ma_hoa
      vnqual tag phiếu_ý_kiến.csv --codebook mã_chủ_đề.csv --train đã_mã_hóa.csv --min-score 0.7
      vnqual tag ket_qua/corpus --codebook bộ_mã.yaml --train ket_qua/ma_hoa -o ket_qua/ma_hoa
    """
    from vnqual.cli._tokens import user_dict_terms
    from vnqual.jobs.tag import run_tag
    from vnqual.tables import write_csv

    terms = user_dict_terms(user_dict)
    result = run_tag(
        corpus,
        codebook_path,
        out=out,
        train=train,
        min_score=min_score,
        use_model=not keywords_only,
        random_state=seed,
        user_dict=terms or None,
        jobs=jobs,
        cache=not no_cache,
        progress=not is_quiet(),
    )
    summary = result.summary()
    if out is None:
        write_csv(result.codes, None)
    if not is_quiet():
        by_method = ", ".join(f"{n} {m}" for m, n in summary["rows_by_method"].items()) or "none"
        click.echo(
            f"{summary['n_statements']} of {len(corpus)} statements coded "
            f"({summary['n_rows']} rows: {by_method})" + (f" -> {out}" if out else ""),
            err=True,
        )
