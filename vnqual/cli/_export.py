"""``vnqual export``, ``vnqual agree``, ``vnqual crosstab``: coded excerpts out of vnqual."""

from __future__ import annotations

from pathlib import Path

import click

from vnqual.cli._base import cli
from vnqual.cli._common import is_quiet, max_size_option

_FORMATS = ("csv", "xlsx", "jsonl", "parquet", "qdpx", "qdc")  # = vnqual.jobs.export.FORMATS


@cli.command("export")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(_FORMATS, case_sensitive=False),
    default=None,
    help="Output format (default: from the extension of -o).",
)
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Output file."
)
@click.option("--name", default=None, help="Project name inside a .qdpx (default: file name).")
@click.option(
    "--no-cases",
    is_flag=True,
    help=".qdpx: do not write speakers as Cases (each statement would otherwise be a "
    "selection coded with its speaker's case, shown by ATLAS.ti as a quotation).",
)
@click.option(
    "--deidentify",
    is_flag=True,
    help="Replace names, places, phone/ID numbers and emails by pseudonyms ([NGƯỜI 07]) in "
    "excerpts, speakers, metadata and .qdpx source texts (see `vnqual deidentify`).",
)
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --deidentify: pseudonym key (deid-key.csv) to use and extend, so every output "
    "gives a person the same pseudonym. Keep it private.",
)
@click.option(
    "--reviewed-only",
    is_flag=True,
    help="Only the codings a reviewer accepted in `vnqual review` (accepted, changed to, added), "
    "with the reviewer as coder and the memo as a note.",
)
def export_cmd(
    path: Path,
    fmt: str | None,
    out: Path,
    name: str | None,
    no_cases: bool,
    deidentify: bool,
    key: Path | None,
    reviewed_only: bool,
) -> None:
    """Export the coded excerpts of a `vnqual tag --out` or `vnqual topics --out` folder.

    PATH is the folder (codes.csv, corpus/, codebook.json) or a codes.csv file; or the --out
    folder of `vnqual topics`: each statement is coded with its theme (theme name as the code,
    with the names edited in its themes.yaml; topic weight as score; method "topic"). Formats:
    csv (UTF-8 with BOM for Excel), xlsx (a Summary sheet and one sheet of quotes per code),
    jsonl and parquet (verbatim text, for programs), qdpx (REFI-QDA project for NVivo,
    ATLAS.ti, MAXQDA, QualCoder: sources, codes, codings, speakers as cases, metadata as
    variables) and qdc (REFI-QDA codebook). In csv and xlsx, cells starting with = + - @
    get a leading apostrophe so spreadsheets do not run them as formulas.

    \b
    Example:
      vnqual export ket_qua/ma_hoa --format qdpx -o tọa_đàm.qdpx
      vnqual export ket_qua/ma_hoa -o trích_đoạn.xlsx
      vnqual export ket_qua/ma_hoa --format qdc -o bộ_mã.qdc
      vnqual export ket_qua/ma_hoa -o chia_sẻ.qdpx --deidentify --key bi_mat/khoa.csv
      vnqual export ket_qua/chu_de --format qdpx -o chủ_đề.qdpx
      vnqual export ket_qua/ma_hoa --reviewed-only -o đã_duyệt.qdpx
    """
    from vnqual.jobs.export import run_export

    fmt = run_export(
        path,
        out,
        fmt,
        name=name,
        cases=not no_cases,
        deidentify=deidentify,
        key=key,
        reviewed_only=reviewed_only,
    )
    if not is_quiet():
        click.echo(f"Wrote {out} ({fmt})", err=True)


@cli.command("agree")
@click.argument("a", type=click.Path(exists=True, path_type=Path))
@click.argument("b", type=click.Path(exists=True, path_type=Path), required=False)
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Corpus folder the offsets refer to (default: A's or B's corpus/ folder).",
)
@click.option("--coder-a", default=None, help="Only the codings of this coder in A.")
@click.option("--coder-b", default=None, help="Only the codings of this coder in B.")
@click.option(
    "--level",
    "levels",
    multiple=True,
    type=click.Choice(("statement", "character"), case_sensitive=False),
    help="Agreement level (repeatable; default: both).",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV file (default: stdout).",
)
@click.option(
    "--all-units",
    is_flag=True,
    help="Compare on every statement, even when a side is a hand-coding table (statement_id, code) "
    "covering only some (default: only the statements it covers).",
)
@max_size_option
def agree_cmd(
    a: Path,
    b: Path | None,
    corpus: Path | None,
    coder_a: str | None,
    coder_b: str | None,
    levels: tuple[str, ...],
    out: Path | None,
    all_units: bool,
    max_size: float,
) -> None:
    """Inter-coder agreement per code between codings A and B.

    A and B are `vnqual tag` folders, codes.csv-like tables or .qdpx projects (e.g. the same
    transcripts coded by hand in NVivo). Prints code, level, agreement_pct, kappa (Cohen),
    f1, n_a, n_b, n_both, n_units. Statement level: a statement counts as coded when any coding
    of the code overlaps it (units: corpus statements, else the speaker statements stored in a
    vnqual .qdpx, else source lines). Character level: every character is a unit, as in NVivo's
    Coding Comparison. A hand-coding table (statement_id, code rows) that covers only some
    statements is compared on those statements (--all-units: on all).

    With A alone (a `vnqual tag` folder reviewed with `vnqual review`): the automatic codes (A)
    against the reviewer's (B) on the reviewed statements, with precision and recall columns.

    \b
    Example:
      vnqual agree ket_qua/ma_hoa
      vnqual agree ket_qua/ma_hoa mã_hóa_tay.qdpx --out đồng_thuận.csv
      vnqual agree toa_dam.qdpx toa_dam.qdpx --coder-a Lan --coder-b Minh --corpus ket_qua/corpus
    """
    from vnqual._archive import MAX_UNCOMPRESSED
    from vnqual.cli._common import MB
    from vnqual.jobs.export import run_agree
    from vnqual.tables import write_csv

    # a .qdpx may expand to 200 MB, or to --max-size when that is more
    max_bytes = max(MAX_UNCOMPRESSED, int(max_size * MB))
    table = run_agree(
        a,
        b,
        corpus=corpus,
        coder_a=coder_a,
        coder_b=coder_b,
        levels=levels,
        all_units=all_units,
        max_bytes=max_bytes,
    )
    if table.attrs.get("units"):  # how to read kappa: printed even with --quiet
        click.echo(f"{table.attrs['units']} (--all-units: on all statements)", err=True)
    write_csv(table, out)


@cli.command("crosstab")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--by", "by", multiple=True, help="Metadata column to cross codes with, e.g. site or role (repeatable)."
)
@click.option("--cooccurrence", is_flag=True, help="Code x code matrix: statements coded with both codes.")
@click.option("--percent", is_flag=True, help="Share of each group's statements (%) instead of counts.")
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV file (default: stdout).",
)
def crosstab_cmd(
    path: Path, by: tuple[str, ...], cooccurrence: bool, percent: bool, out: Path | None
) -> None:
    """Count coded statements per code and site/role, or code co-occurrence.

    PATH is a `vnqual tag --out` folder (or codes.csv). Each cell counts statements, not
    codings: a statement with two codings of one code counts once.

    \b
    Example:
      vnqual crosstab ket_qua/ma_hoa --by site --out mã_x_tỉnh.csv
      vnqual crosstab ket_qua/ma_hoa --by site --by role --percent
      vnqual crosstab ket_qua/ma_hoa --cooccurrence --out đồng_xuất_hiện.csv
    """
    from vnqual.jobs.export import run_crosstab
    from vnqual.tables import write_csv

    table = run_crosstab(path, by=by, cooccurrence=cooccurrence, percent=percent)
    write_csv(table, out, index=True)
