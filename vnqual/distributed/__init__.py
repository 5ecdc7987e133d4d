"""Run vnqual's heavy steps on a Dask cluster (``pip install 'vnqual[dask]'``).

On the command line, ``--scheduler ADDRESS`` (or ``VNQUAL_SCHEDULER``) on ``tokens``, ``keywords``,
``topics`` and ``tag``; ``local`` starts a :class:`distributed.LocalCluster` on this machine. In
Python, the same for a block of code::

    import vnqual
    from vnqual.distributed import using

    with using("tcp://10.0.0.5:8786", cache="/mnt/shared/vnqual-cache"):
        tokens = vnqual.read_corpus("phiếu_ý_kiến.parquet").tokens()

``using`` also takes a :class:`distributed.Client` you made yourself.

What runs on the workers:

* word segmentation: the statements that are not in this machine's segmentation cache become a
  Dask DataFrame (partitions of :data:`ROWS_PER_PARTITION` statements), segmented partition by
  partition on the workers (:mod:`vnqual.distributed._segment`; each worker process loads the
  models once); with ``cache`` (``--cluster-cache URL``), a folder or fsspec URL every worker can
  reach, a partition segmented once is read back by any worker in a later run. Everything after
  segmentation (proper nouns, stop words, phrases, features) runs here, on the segmented words.
* topics: every k x seed fit of a k scan (``-k auto``) is one task; the token lists are sent to
  the workers once.
* topics, a fixed k: the EM of the topic model is distributed when the statements make more than
  one shard (:data:`vnqual.topics._dmm.EM_SHARD_ROWS`, 50,000 statements): the shards of the
  statement-term matrix are scattered over the workers once per fit, and every E-step is one
  task per shard, which returns the shard's sufficient statistics (term counts per topic, topic
  masses, log-likelihood); this machine sums them in shard order, runs the M-step (small: topics
  x terms) and sends the new parameters to every worker. The shards depend on the number of
  statements only, and are summed in the same order here, so the fit is the one of a run without
  a cluster. A worker lost mid-fit takes its shards with it: they are scattered again and the
  E-step repeated.

Results are the same as on one machine, byte for byte: the workers run the same functions on the
same inputs, and parts come back in their place whatever the order they finish in. A worker that
dies is replaced by Dask and its tasks run again (a task is retried on up to
``distributed.scheduler.allowed-failures`` workers, 3 by default).
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from vnqual import _engine
from vnqual.errors import InputError

#: Environment variable read for the scheduler address (the CLI's ``--scheduler``).
SCHEDULER_ENV = "VNQUAL_SCHEDULER"
#: Environment variable read for the shared segmentation cache URL (``--cluster-cache``).
CACHE_ENV = "VNQUAL_CLUSTER_CACHE"
#: Scheduler address that starts a LocalCluster on this machine.
LOCAL = "local"
#: Statements per partition sent to a worker (about 1-2 s of segmentation on one core).
ROWS_PER_PARTITION = 5_000
#: How long to try to reach a scheduler before giving up.
CONNECT_TIMEOUT = "20s"

__all__ = ["CACHE_ENV", "LOCAL", "SCHEDULER_ENV", "DaskEngine", "connect", "using"]


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError("`scheduler` needs Dask: pip install 'vnqual[dask]' (dask[distributed])") from None
    return distributed


class DaskEngine:
    """vnqual's steps on a Dask cluster (see the module docstring).

    Parameters
    ----------
    client : distributed.Client
        Client of the cluster.
    cache : str, optional
        Shared segmentation cache: a folder or fsspec URL every worker can read and write.
    rows_per_partition : int
        Statements per partition of the segmentation DataFrame.
    cluster : object, optional
        A cluster this engine started (closed by :meth:`close`).
    """

    def __init__(
        self,
        client: Any,
        *,
        cache: str | None = None,
        rows_per_partition: int = ROWS_PER_PARTITION,
        cluster: Any = None,
    ) -> None:
        self.client = client
        self.cache = str(cache) if cache else None
        self.rows_per_partition = max(1, int(rows_per_partition))
        self._cluster = cluster
        self._own_client = cluster is not None

    def close(self) -> None:
        """Close the client and the cluster if this engine started them."""
        if self._own_client:
            self.client.close()
            if self._cluster is not None:
                self._cluster.close()

    # -- word segmentation ------------------------------------------------------------------
    def partitions(self, n: int) -> list[tuple[int, int]]:
        """``(start, end)`` of each partition of ``n`` statements: at least one per worker
        thread when there are enough statements, at most :attr:`rows_per_partition` each."""
        threads = max(1, sum(self.client.nthreads().values()))
        n_parts = max(-(-n // self.rows_per_partition), min(threads, -(-n // 200)), 1)
        n_parts = min(n_parts, max(1, n))
        bounds = [round(i * n / n_parts) for i in range(n_parts + 1)]
        return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]

    def segment(self, texts: list[str], mode: str, cache: bool) -> Iterator[tuple[list[int], list[str]]]:
        """Segment ``texts`` partition by partition on the workers (a Dask DataFrame)."""
        import dask
        import dask.dataframe as dd
        import pandas as pd
        from distributed import as_completed

        from vnqual.distributed._segment import segment_partition

        bounds = self.partitions(len(texts))
        if not bounds:
            return
        parts = [pd.Series(texts[a:b], index=pd.RangeIndex(a, b), dtype=object) for a, b in bounds]
        # The partitions travel inside the graph (not scattered): a partition whose worker dies is
        # rebuilt from it and segmented again elsewhere. Texts stay Python str (no Arrow strings).
        with dask.config.set({"dataframe.convert-string": False}):
            frame = dd.from_delayed(
                [dask.delayed(part, pure=True) for part in parts],
                meta=pd.Series([], dtype=object),
                divisions=(*[a for a, _ in bounds], bounds[-1][1] - 1),
                verify_meta=False,
            )
            segmented = frame.map_partitions(
                segment_partition, mode, self.cache if cache else None, meta=pd.Series([], dtype=object)
            )
            with warnings.catch_warnings():  # the statements are in the graph on purpose (see above)
                warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
                pieces = self.client.compute(segmented.to_delayed())
        for future in as_completed(pieces):
            result = future.result()
            yield list(result.index), list(result)

    # -- independent tasks ------------------------------------------------------------------
    def map(self, func: Callable[..., Any], tasks: Sequence[tuple[Any, ...]], shared: Any) -> Iterator[Any]:
        """``func(*task, shared)`` for every task on the workers, in task order."""
        [data] = self.client.scatter([shared], broadcast=True, hash=False)
        futures = [self.client.submit(func, *task, data, pure=False) for task in tasks]
        for future in futures:
            yield future.result()

    def put(self, values: Sequence[Any]) -> list[Any]:
        """Scatter ``values`` over the workers (round robin, not replicated): one
        :class:`distributed.Future` per value, resolved to the value in the tasks of :meth:`map`.
        A value held only by a worker that dies is lost (scattered data cannot be recomputed):
        the tasks that need it are cancelled, and the caller puts it again."""
        return list(self.client.scatter(list(values), hash=False))


def connect(
    scheduler: str | None = None, *, cache: str | None = None, n_workers: int | None = None
) -> DaskEngine:
    """An engine on the scheduler at ``scheduler`` (``tcp://host:8786``), or on a new
    LocalCluster for ``"local"`` (``n_workers`` processes, one thread each; default: the cores).

    ``scheduler`` defaults to ``$VNQUAL_SCHEDULER``, then ``"local"``; ``cache`` to
    ``$VNQUAL_CLUSTER_CACHE``. Close the engine (or use :func:`using`) when done.
    """
    distributed = _import_distributed()
    address = scheduler or os.environ.get(SCHEDULER_ENV) or LOCAL
    cache = cache or os.environ.get(CACHE_ENV) or None
    if address.strip().lower() == LOCAL:
        from vnqual.text._words import default_jobs

        for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.core"):
            logging.getLogger(name).setLevel(logging.WARNING)  # no start/stop chatter on stderr
        cluster = distributed.LocalCluster(
            n_workers=n_workers or default_jobs(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            scheduler_kwargs={"dashboard": False},
        )
        return DaskEngine(distributed.Client(cluster), cache=cache, cluster=cluster)
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as err:
        raise InputError(
            f"`scheduler` {address}: cannot connect ({err}); start one with `dask scheduler` or give 'local'"
        ) from None
    engine = DaskEngine(client, cache=cache)
    engine._own_client = True
    return engine


@contextlib.contextmanager
def using(
    scheduler: str | Any = None, *, cache: str | None = None, n_workers: int | None = None
) -> Iterator[DaskEngine]:
    """Run vnqual's segmentation, topic fits and tag scoring inside the ``with`` block on a Dask
    cluster (see the module docstring).

    Parameters
    ----------
    scheduler : str, distributed.Client or DaskEngine, optional
        Scheduler address, ``"local"`` (a LocalCluster here), a client or an engine; default
        ``$VNQUAL_SCHEDULER``, then ``"local"``. A cluster or client started here is closed at
        the end of the block; one you pass in is left open.
    cache : str, optional
        Shared segmentation cache (folder or fsspec URL every worker can reach); default
        ``$VNQUAL_CLUSTER_CACHE``.
    n_workers : int, optional
        Worker processes of a LocalCluster (default: the cores).
    """
    if isinstance(scheduler, DaskEngine):
        engine, close = scheduler, False
    elif scheduler is not None and not isinstance(scheduler, str):  # a distributed.Client
        engine, close = DaskEngine(scheduler, cache=cache or os.environ.get(CACHE_ENV) or None), False
    else:
        engine, close = connect(scheduler, cache=cache, n_workers=n_workers), True
    try:
        with _engine.using(engine):
            yield engine
    finally:
        if close:
            engine.close()
