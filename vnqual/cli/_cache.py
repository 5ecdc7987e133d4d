"""``vnqual cache info`` / ``vnqual cache clear``: the on-disk segmentation and result caches."""

from __future__ import annotations

import click

from vnqual.cli._base import cli


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


@cli.group("cache")
def cache_group() -> None:
    """Inspect or empty the word-segmentation cache and the result cache.

    Segmented statements are cached on disk (SQLite, keyed by the statement text, options
    and the underthesea version), so a second run over unchanged statements does no
    segmentation; a repeated run over the same corpus reads one snapshot of the whole run.
    Token lists and fitted topic models are kept in the result cache (results-v1/, keyed by
    the statements, options and vnqual version; numpy/JSON files, no pickle), so a rerun of
    `vnqual topics` with the same modelling options does not fit again. --no-cache skips both.
    Folder: $VNQUAL_CACHE_DIR, else the user cache folder.

    \b
    Example:
      vnqual tokens corpora/toa-dam-boi-duong   # lần 2: đọc từ bộ nhớ đệm, không tách từ lại
      vnqual cache info
      vnqual cache clear
    """


@cache_group.command("info")
def cache_info_cmd() -> None:
    """Show the cache folder, number of cached statements and run snapshots, size on disk.

    \b
    Example:
      vnqual cache info
      VNQUAL_CACHE_DIR=~/bộ_nhớ_đệm vnqual cache info
    """
    from vnqual.text._cache import MAX_RUNS as _MAX_RUNS
    from vnqual.text._cache import SegmentCache

    info = SegmentCache().info()
    click.echo(f"folder:  {info['folder']}")
    click.echo(f"file:    {info['file']}")
    entries = info["entries"]
    click.echo(f"entries: {'unreadable (run `vnqual cache clear`)' if entries == -1 else entries}")
    if entries != -1:
        click.echo(f"runs:    {info['runs']} (whole-corpus snapshots, newest {_MAX_RUNS} kept)")
    click.echo(f"size:    {_size(int(info['bytes']))}")  # type: ignore[call-overload]
    from vnqual._cache_store import MAX_ENTRIES, ResultStore

    results = ResultStore().info()
    kinds = ", ".join(f"{n} {kind}" for kind, n in results["entries"].items()) or "none"
    click.echo(f"results: {results['folder']}")
    click.echo(
        f"         {kinds} (token lists, fitted topic and code models; newest {MAX_ENTRIES} of each kept)"
    )
    click.echo(f"         {_size(int(results['bytes']))}")


@cache_group.command("clear")
def cache_clear_cmd() -> None:
    """Delete the segmentation cache and the result cache (rebuilt on the next run).

    \b
    Example:
      vnqual cache clear
      VNQUAL_CACHE_DIR=~/bộ_nhớ_đệm vnqual cache clear
    """
    from vnqual._cache_store import ResultStore
    from vnqual.text._cache import SegmentCache

    store = SegmentCache()
    freed = store.clear() + ResultStore().clear()
    click.echo(f"Removed {_size(freed)} from {store.directory}", err=True)
