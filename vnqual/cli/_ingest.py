"""``vnqual ingest``: read transcripts once and save the corpus (statements, documents, sources)."""

from __future__ import annotations

from pathlib import Path

import click

from vnqual.cli._base import cli, flag_message
from vnqual.cli._common import input_options
from vnqual.corpus import Corpus
from vnqual.io._read import ReadReport
from vnqual.types import DOC_ID, SPEAKER


def _summary(corpus: Corpus, report: ReadReport, out: Path, unit: str) -> str:
    frame = corpus.frame
    speakers = frame[frame[SPEAKER] != ""].groupby(DOC_ID)[SPEAKER].nunique()
    n_speakers = int(speakers.sum())
    lines = [
        f"Read {len(report.files)} file(s) from {report.path}: {len(frame)} statements, "
        f"{n_speakers} speakers (unit: {'as saved' if report.loaded else unit})"
    ]
    if report.files:
        width = max(len(f.source_file) for f in report.files)
        lines.append(
            f"  {'file':<{width}}  {'encoding':<10} {'statements':>10} {'speakers':>8} {'warnings':>8}"
        )
        counts = frame[DOC_ID].value_counts()
        for f in report.files:
            lines.append(
                f"  {f.source_file:<{width}}  {f.encoding:<10} "
                f"{int(counts.get(f.doc_id, 0)):>10} {int(speakers.get(f.doc_id, 0)):>8} "
                f"{f.n_warnings:>8}"
            )
    for name, problem in report.skipped:
        lines.append(f"Skipped {name}: {flag_message(problem)}")
    if report.ignored:
        kinds = ", ".join(f"{ext} {n}" for ext, n in sorted(report.ignored.items()))
        lines.append(f"Ignored {sum(report.ignored.values())} other file(s) ({kinds})")
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s), shown above")
    lines.append(f"Wrote {out}")
    return "\n".join(lines)


@cli.command("ingest")
@input_options
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="Corpus folder to write (statements.csv, documents.csv, sources/, speakers.csv); replaced "
    "as a whole on success.",
)
@click.pass_context
def ingest_cmd(
    ctx: click.Context,
    path: Path,
    text_col: str,
    encoding: str | None,
    unit: str,
    speaker_pattern: tuple[str, ...],
    strict: bool,
    exclude_role: tuple[str, ...],
    speakers: Path | None,
    out: Path,
    max_size: float,
) -> None:
    """Read transcripts (.txt .md .docx .srt .vtt .csv .xlsx .jsonl) and save a corpus folder.

    PATH is a transcript, a table or a folder (read recursively; a metadata.csv with a 'file'
    column adds per-document columns such as site and date). Each statement keeps its speaker,
    role (facilitator/participant), line and character span in the saved source text. Other
    commands read the saved folder directly. A summary goes to stderr unless --quiet.

    DIR/speakers.csv lists every speaker label (label, speaker, role, n_statements,
    first_line, doc_ids, and empty gender/position/unit/level columns): edit it (same
    'speaker' on several rows merges aliases; add columns) and pass it back with --speakers.

    Files named README*, metadata.csv, starting with '.' or '~$' are not transcripts. In a
    folder, unreadable files are skipped with a warning (exit 3 with --strict); a single
    unreadable file is an error (exit 1).

    \b
    Example:
      vnqual ingest corpora/toa-dam-boi-duong --out ket_qua/corpus
      vnqual ingest "phỏng vấn chị Lan.docx" --unit turn --out ket_qua/phong_van
      vnqual ingest ý_kiến.csv --text-col nội_dung --out ket_qua/y_kien
      vnqual ingest phong_van/ --speakers ket_qua/corpus/speakers.csv --out ket_qua/corpus
    """
    from vnqual.jobs.ingest import run_ingest

    corpus, report = run_ingest(
        path,
        out,
        text_col=text_col,
        encoding=encoding,
        unit=unit,
        speaker_pattern=speaker_pattern or None,
        strict=strict,
        exclude_role=exclude_role,
        max_size=max_size,
        speakers=speakers,
    )
    if not ctx.find_root().params.get("quiet"):
        click.echo(_summary(corpus, report, out, unit.lower()), err=True)
