"""``vnqual deidentify``: replace names, places and numbers by pseudonyms; ``--check`` an output."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vnqual.cli._base import cli
from vnqual.cli._common import MB, is_quiet, max_size_option
from vnqual.types import UNITS


@cli.command("deidentify")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write: the ingest layout (sources/, statements.csv, documents.csv) plus "
    "offset-map.csv, deid-report.csv and deid.json. Replaced as a whole on success.",
)
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Pseudonym key (original <-> pseudonym), read if it exists and updated; never inside "
    "--out. Default: deid-key.csv beside the --out folder. With --check: the key to scan for.",
)
@click.option(
    "--check",
    "check",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Scan this output file or folder (csv, xlsx, qdpx, html, txt, json) for any original "
    "name, number or email of --key; exit 1 listing what was found.",
)
@click.option(
    "--categories",
    default="person,phone,id,email,url,place,date",
    show_default=True,
    help="What to replace: person, phone, id, email, url, place, org, date (dates of birth).",
)
@click.option(
    "--keep-level",
    type=click.Choice(("tỉnh", "huyện", "xã", "thôn", "none"), case_sensitive=False),
    default="tỉnh",
    show_default=True,
    help="Keep places of this level and above: tỉnh keeps provinces and hides districts, "
    "communes and villages; none hides every place.",
)
@click.option(
    "--names",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Your own list (CSV: name, aliases separated by |, replacement, optional category); "
    "always replaced, by your replacement when given.",
)
@click.option(
    "--ner/--no-ner",
    default=True,
    show_default=True,
    help="Also use underthesea's named-entity recogniser (about 10 ms a sentence): finds names "
    "without a title; its detections are marked uncertain.",
)
@click.option(
    "--text-col", default="text", show_default=True, help="Text column of a .csv/.xlsx/.jsonl table."
)
@click.option("--encoding", default=None, help="Force the encoding of .txt/.md files.")
@click.option(
    "--unit",
    type=click.Choice(UNITS, case_sensitive=False),
    default="paragraph",
    show_default=True,
    help="Statement unit when reading transcripts.",
)
@click.option("--speaker-pattern", default=None, help="Regex for speaker labels (group 'speaker').")
@max_size_option
def deidentify_cmd(
    path: Path | None,
    out: Path | None,
    key: Path | None,
    check: Path | None,
    categories: str,
    keep_level: str,
    names: Path | None,
    ner: bool,
    text_col: str,
    encoding: str | None,
    unit: str,
    speaker_pattern: str | None,
    max_size: float,
) -> None:
    """Replace names, places, phone/ID numbers, emails and dates of birth by pseudonyms.

    PATH is transcripts, a table or an ingested corpus folder. The same person gets the same
    tag in every document ("Bà Lê Thị Thu Sương", "bà Sương", "chị Sương" -> [NGƯỜI 07]); every
    other character is unchanged and statement offsets stay exact. offset-map.csv carries codings
    between original and de-identified texts. deid-report.csv lists every replacement (position
    in the ORIGINAL source, category, pseudonym, detector, confidence; uncertain ones marked)
    without the original text. The key, which holds the original names, is written OUTSIDE
    --out: keep it with the team. Re-running with the same key keeps the pseudonyms and numbers
    new names after the old ones.

    \b
    Example:
      vnqual deidentify corpora/toa-dam-boi-duong --out ket_qua/an_danh --key bi_mat/khoa.csv
      vnqual deidentify "phỏng vấn chị Lan.docx" --out ket_qua/pv_an_danh --keep-level huyện
      vnqual deidentify --check ket_qua/trích_đoạn.xlsx --key bi_mat/khoa.csv
    """
    from vnqual.errors import InputError

    if check is not None:
        _check(check, key)
        return
    if path is None or out is None:
        raise InputError("give PATH and `out` DIR to de-identify, or `check` OUTPUT `key` FILE to scan")
    from vnqual.jobs.deidentify import run

    read = {
        "text_col": text_col,
        "encoding": encoding,
        "unit": unit.lower(),
        "speaker_pattern": speaker_pattern,
        "max_bytes": int(max_size * MB),
    }
    done = run(
        path,
        out,
        key=key,
        names=names,
        categories=categories,
        keep_level=keep_level,
        ner=ner,
        read_options=read,
        progress=not is_quiet(),
    )
    audit = done.result.audit
    replaced = audit[audit["action"] == "replaced"]
    unsure = audit[audit["uncertain"]]
    if len(unsure):
        n_kept = int((unsure["action"] == "kept").sum())
        click.echo(
            f"Warning: {len(unsure)} uncertain detection(s) ({len(unsure) - n_kept} replaced, {n_kept} "
            f"kept): review the rows with uncertain=True in {done.out / 'deid-report.csv'}",
            err=True,
        )
    if not is_quiet():
        counts = replaced["category"].value_counts().to_dict()
        what = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing"
        click.echo(f"Replaced {len(replaced)} identifier(s): {what}", err=True)
        click.echo(
            f"Wrote {done.out}; key ({done.n_new_entities} new) -> {done.key} (keep it private)", err=True
        )


def _check(target: Path, key: Path | None) -> None:
    from vnqual.deid import check_outputs
    from vnqual.errors import InputError

    if key is None:
        raise InputError("`check` needs `key` FILE (the deid-key.csv of vnqual deidentify)")
    findings = check_outputs(target, key)
    if not findings:
        if not is_quiet():
            click.echo(f"OK: no name, number or email of {key.name} in {target}", err=True)
        return
    for f in findings[:50]:
        click.echo(str(f))
    more = " (first 50 shown)" if len(findings) > 50 else ""
    click.echo(f"Error: {len(findings)} leftover identifier(s) found in {target}{more}", err=True)
    sys.exit(1)
