"""``vnqual tokens``: segmented words of every statement."""
from __future__ import annotations

import click

from vnqual.cli._base import cli
from vnqual.cli._common import with_input


@cli.command("tokens")
@with_input
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="CSV file (default: stdout).")
def tokens_cmd(corpus, out):
    """Write the analysis tokens (cán_bộ ...) of every statement.

    \b
    Example:
      vnqual tokens corpora/toa-dam-boi-duong --out tu_ngu.csv
    """
    import sys

    from vnqual.types import STATEMENT_ID

    toks = corpus.tokens()
    frame = corpus.frame[[STATEMENT_ID] + corpus.metadata_columns()].copy()
    frame.insert(1, "tokens", [" ".join(t) for t in toks])
    frame.to_csv(out or sys.stdout, index=False)
