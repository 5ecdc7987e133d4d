"""``vnqual topics``: themes in the statements, with sizes, top words and quotes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from vnqual.cli._base import cli
from vnqual.cli._common import is_quiet, seed_option, with_input
from vnqual.cli._tokens import TOKEN_OPTION_KEYS, token_kwargs, token_options
from vnqual.errors import InputError
from vnqual.topics import DEFAULT_SEED, METHODS
from vnqual.topics._select import K_RANGE_TEXT


def _k_value(value: str) -> int | str:
    text = str(value).strip().lower()
    if text == "auto":
        return "auto"
    try:
        return int(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a number or 'auto'") from None


@cli.command("topics")
@with_input
@token_options
@click.option(
    "-k",
    "--k",
    "k",
    default="auto",
    show_default=True,
    metavar="N|auto",
    help=f"Number of themes, or 'auto' to scan {K_RANGE_TEXT} by coherence, stability and how "
    "little the themes copy the documents (k_scan.csv).",
)
@click.option(
    "--method",
    type=click.Choice(METHODS, case_sensitive=False),
    default="dmm",
    show_default=True,
    help="dmm: one theme per statement (best for short statements); nmf: NMF on TF-IDF; lda: gensim LDA.",
)
@seed_option(DEFAULT_SEED, "Random seed: the same input and seed give identical results.")
@click.option(
    "--seed-words",
    "seed_words",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="YAML file 'theme name: [word, phrase, ...]' guiding themes (labelled with "
    "the theme names; other themes stay free).",
)
@click.option(
    "--themes",
    "themes",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="themes.yaml of an earlier --out run, edited (rename, merge: [2, 5], drop: true, "
    "pin: true): the themes come back under your names, starting from the earlier assignment "
    "(same statements) or seeded from their terms.",
)
@click.option(
    "--function-words",
    "function_words",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Word list (one word or phrase per line) replacing vnqual's function words: words that "
    "never make a label or a top word (they stay in the model).",
)
@click.option(
    "--by",
    "by",
    multiple=True,
    metavar="COL",
    help="Also write DIR/topic_by_<COL>.csv, statements per theme and COL value "
    "(e.g. site, speaker); repeatable. Needs --out.",
)
@click.option(
    "--min-df",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Ignore words found in fewer statements.",
)
@click.option(
    "--max-df",
    type=click.FloatRange(0, 1, min_open=True),
    default=0.5,
    show_default=True,
    help="Ignore words found in a larger share of statements.",
)
@click.option(
    "--top-terms",
    type=click.IntRange(min=3),
    default=10,
    show_default=True,
    help="Top words listed per theme.",
)
@click.option(
    "--quotes",
    "n_quotes",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Representative quotes per theme in DIR/quotes.csv.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for topics.csv, assignments.csv, quotes.csv, params.json, themes.yaml "
    "(k_scan.csv, topic_by_<COL>.csv).",
)
@click.option(
    "--save",
    "save",
    type=click.Path(path_type=Path),
    default=None,
    help="Save the fitted model (JSON + .npz, no pickle) to this folder.",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Apply a model saved with --save instead of fitting one.",
)
def topics_cmd(corpus: Any, **kwargs: Any) -> None:
    """Find the themes of the statements: label, size, top words and one quote per theme.

    PATH is a transcript folder or file, an ingested corpus folder, or a table (.csv, .xlsx,
    .jsonl; text in --text-col). Words are nouns, verbs and adjectives (--pos content) unless
    --pos is given. With --out DIR, writes topics.csv, assignments.csv (one row per statement,
    with the input's metadata columns), quotes.csv, params.json, themes.yaml (edit it and
    re-run with --themes) and k_scan.csv for -k auto.

    \b
    Example:
      vnqual topics corpora/toa-dam-boi-duong --exclude-role facilitator,unattributed --by site --out kết_quả
      vnqual topics corpora/toa-dam-boi-duong -k 6 --seed-words chủ_đề.yaml
      vnqual topics corpora/toa-dam-boi-duong --themes kết_quả/themes.yaml --out kết_quả_2
      vnqual topics phiếu_ý_kiến.csv --text-col ý_kiến --model models/toa-dam-boi-duong
    """
    from vnqual.jobs.topics import run_topics

    if kwargs["model_path"] is not None:
        ctx = click.get_current_context()
        fitting = [
            opt
            for name, opt in (
                ("k", "-k"),
                ("method", "--method"),
                ("min_df", "--min-df"),
                ("max_df", "--max-df"),
                ("function_words", "--function-words"),
            )
            if ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE
        ]
        if fitting:
            raise InputError(
                f"--model applies a saved model with its own themes and settings; "
                f"drop {'/'.join(fitting)} (they are for fitting)"
            )
    raw_token_opts = {k: kwargs.get(k) for k in TOKEN_OPTION_KEYS}
    topts = token_kwargs(kwargs)
    result = run_topics(
        corpus,
        token_opts=topts,
        raw_token_opts=raw_token_opts,
        k=_k_value(kwargs["k"]),
        progress=not is_quiet(),
        **{
            key: kwargs[key]
            for key in (
                "method",
                "seed",
                "seed_words",
                "themes",
                "function_words",
                "by",
                "min_df",
                "max_df",
                "top_terms",
                "n_quotes",
                "out",
                "save",
                "model_path",
            )
        },
    )
    click.echo(result.render())
    if not is_quiet() and kwargs["out"] is not None:
        click.echo(f"Wrote {', '.join(result.files)} to {kwargs['out']}", err=True)
    if not is_quiet() and kwargs["save"] is not None:
        click.echo(f"Saved model to {kwargs['save']}", err=True)
