"""Commands on a Dask cluster: ``--scheduler ADDRESS`` / ``--cluster-cache URL`` around a job.

:func:`on_cluster` does nothing (and imports nothing) without a scheduler, so the single-machine
path never imports Dask; with one, the block runs under :func:`vnqual.distributed.using`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def on_cluster(scheduler: str | None, cache: str | None = None) -> Iterator[None]:
    """Run the ``with`` block on the cluster at ``scheduler`` (``"local"``: a LocalCluster here).

    Parameters
    ----------
    scheduler : str, optional
        Scheduler address (``tcp://host:8786``) or ``"local"``; None or empty: this machine.
    cache : str, optional
        Shared segmentation cache (a folder or fsspec URL every worker can read and write).
    """
    if not scheduler:
        yield
        return
    from vnqual.distributed import using

    with using(scheduler, cache=cache):
        yield
