"""vnqual on a real Dask LocalCluster (2 worker processes): same results as on one machine.

One cluster serves the whole module (starting it costs about a second); every run here passes
``cache=False`` or fresh texts, so the work really goes to the workers.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")

import vnqual  # noqa: E402
from vnqual.codebook import Codebook  # noqa: E402
from vnqual.distributed import DaskEngine, using  # noqa: E402
from vnqual.distributed._segment import FOLDER, partition_key, read_shared  # noqa: E402
from vnqual.text import tokenize  # noqa: E402
from vnqual.text.tokenize import segment  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    client = Client(cluster)
    # small partitions, so even the sample corpus is split over both workers
    yield DaskEngine(client, rows_per_partition=40)
    client.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus():
    return vnqual.read_corpus(REPO / "corpora" / "toa-dam-boi-duong").exclude_roles(["unattributed"])


def test_tokens_and_pos_on_the_cluster_equal_local(engine, corpus):
    texts = corpus.texts()
    local_tokens = corpus.tokens(cache=False, pos="content")
    local_words = segment(texts, cache=False)
    with using(engine):
        assert engine.partitions(len(texts))[1][0] > 0  # more than one partition
        remote_tokens = corpus.tokens(cache=False, pos="content")
        remote_words = segment(texts, cache=False)
    pd.testing.assert_series_equal(local_tokens, remote_tokens)
    assert remote_words == local_words


def test_topics_on_the_cluster_write_the_same_files(engine, corpus, tmp_path):
    from vnqual.jobs.topics import run_topics

    opts = {"cache": False}
    run_topics(corpus, token_opts=opts, k="auto", out=tmp_path / "local")
    with using(engine):
        run_topics(corpus, token_opts=opts, k="auto", out=tmp_path / "cluster")
    for name in ("topics.csv", "assignments.csv", "k_scan.csv", "quotes.csv", "themes.yaml", "params.json"):
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_tag_on_the_cluster_equals_local(engine, corpus):
    from distributed import get_task_stream

    from vnqual.jobs.tag import tag_corpus

    codebook = Codebook.load(REPO / "models" / "codebook_boi_duong.yaml")
    local = tag_corpus(corpus, codebook, cache=False)
    with using(engine), get_task_stream(engine.client) as stream:
        remote = tag_corpus(corpus, codebook, cache=False)
    pd.testing.assert_frame_equal(local.codes, remote.codes)
    pd.testing.assert_frame_equal(local.hits, remote.hits)
    # segmented and scored partition by partition on the workers
    scored = [t for t in stream.data if "_score_task" in str(t["key"])]
    assert len(scored) == len(engine.partitions(len(corpus))) > 1
    assert {t["worker"] for t in scored} <= set(engine.client.nthreads())


def test_shared_cache_is_written_once_and_read_back(engine, tmp_path):
    texts = [f"Xã số {i} cần thêm kinh phí bồi dưỡng cán bộ." for i in range(90)]
    url = tmp_path.as_uri()  # file://... : any fsspec URL works the same way
    cached = DaskEngine(engine.client, cache=url, rows_per_partition=40)
    with using(cached):
        first = tokenize(texts, cache=True)
    entries = sorted((tmp_path / FOLDER).glob("*.npz"))
    assert len(entries) == len(cached.partitions(len(texts))) == 3
    a, b = cached.partitions(len(texts))[0]
    key = partition_key("words", texts[a:b])
    assert read_shared(url, key, texts[a:b], "words") is not None
    assert read_shared(url, key, texts[a + 1 : b + 1], "words") is None  # not these texts: recomputed
    entries[0].write_bytes(b"damaged")
    with using(cached):
        again = tokenize(texts, cache=False)
    assert again == first == tokenize(texts, cache=False)


def test_cli_tokens_with_scheduler_local_writes_the_same_csv(workshop_file, tmp_path):
    from click.testing import CliRunner

    from vnqual.cli import cli

    runner = CliRunner()
    args = ["tokens", str(workshop_file), "--no-cache", "-o"]
    local = runner.invoke(cli, [*args, str(tmp_path / "local.csv")], env={"VNQUAL_SCHEDULER": ""})
    assert local.exit_code == 0, local.output
    # VNQUAL_SCHEDULER is --scheduler: 'local' starts a LocalCluster for the command
    remote = runner.invoke(cli, [*args, str(tmp_path / "cluster.csv")], env={"VNQUAL_SCHEDULER": "local"})
    assert remote.exit_code == 0, remote.output
    assert (tmp_path / "cluster.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()


def test_cli_names_the_flag_of_an_unreachable_scheduler(workshop_file, monkeypatch):
    from click.testing import CliRunner

    import vnqual.distributed
    from vnqual.cli import cli

    monkeypatch.setattr(vnqual.distributed, "CONNECT_TIMEOUT", "1s")

    result = CliRunner().invoke(
        cli, ["tokens", str(workshop_file), "--no-cache", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code != 0
    assert "--scheduler tcp://127.0.0.1:9: cannot connect" in result.output
    assert "Traceback" not in result.output


def test_single_machine_path_does_not_import_dask(tmp_path):
    code = (
        "import sys, vnqual\n"
        "from vnqual.text import tokenize\n"
        "from vnqual.jobs.cluster import on_cluster\n"
        "with on_cluster(None):\n"
        "    tokenize(['Cán bộ xã thiếu kinh phí.'], cache=False)\n"
        "assert not [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_a_worker_killed_mid_run_is_replaced_and_the_result_unchanged(engine, tmp_path):
    """The first worker to start segmenting a partition dies (os._exit): Dask runs the partition
    again on a live or restarted worker, and the tokens are the same."""
    marker = tmp_path / "kill-once"
    marker.write_text("")
    texts = [f"Tổ {i} bàn về chế độ đãi ngộ cho cán bộ cơ sở ở miền núi." for i in range(120)]
    local = tokenize(texts, cache=False)
    plugin = _kill_once(str(marker), "segment_partition")
    engine.client.register_plugin(plugin)
    try:
        with using(engine):
            remote = tokenize(texts, cache=False)
    finally:
        engine.client.unregister_worker_plugin(plugin.name)
    assert not marker.exists()  # a worker did die
    assert remote == local


def _kill_once(path: str, task: str):
    """A worker plugin: the first worker to start a task whose key contains ``task`` dies
    (os._exit) if the file at ``path`` exists, and removes it."""
    from distributed import WorkerPlugin

    class KillOnce(WorkerPlugin):  # defined in a function: cloudpickle sends it by value
        name = "vnqual-test-kill-once"

        def __init__(self, path: str, task: str) -> None:
            self.path = path
            self.task = task

        def transition(self, key, start, finish, **kwargs):
            if finish == "executing" and self.task in str(key):
                try:
                    os.unlink(self.path)  # only the first worker to get here dies
                except FileNotFoundError:
                    return
                os._exit(1)

    return KillOnce(path, task)


def test_fixed_k_topics_run_their_em_on_the_cluster_and_write_the_same_files(engine, tmp_path, monkeypatch):
    """`vnqual topics -k 10 --scheduler ADDRESS`: one task per shard of the EM on the workers;
    the files are those of the run without --scheduler (sharded the same way here)."""
    from click.testing import CliRunner
    from distributed import get_task_stream

    from vnqual.cli import cli
    from vnqual.topics import _dmm

    # the driver cuts the shards (the workers compute the ones they are given): the sample
    # corpus's statements make several shards of 40
    monkeypatch.setattr(_dmm, "EM_SHARD_ROWS", 40)
    runner = CliRunner()
    args = ["topics", str(REPO / "corpora" / "toa-dam-boi-duong"), "-k", "10", "--no-cache", "--out"]
    local = runner.invoke(cli, [*args, str(tmp_path / "local")], env={"VNQUAL_SCHEDULER": ""})
    assert local.exit_code == 0, local.output
    address = engine.client.scheduler.address
    with get_task_stream(engine.client) as stream:  # every client's tasks on this scheduler
        remote = runner.invoke(cli, [*args, str(tmp_path / "cluster"), "--scheduler", address])
    assert remote.exit_code == 0, remote.output
    for name in ("topics.csv", "assignments.csv", "quotes.csv", "themes.yaml", "params.json"):
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    e_steps = [t for t in stream.data if "_shard_task" in str(t["key"])]
    assert len(e_steps) > 100  # shards x E-steps x restarts
    assert {t["worker"] for t in e_steps} == set(engine.client.nthreads())  # the shards are spread


def test_restarts_on_a_sample_run_as_cluster_tasks_with_the_same_files(engine, tmp_path, monkeypatch):
    """Above RESTART_SAMPLE_ROWS distinct statements the restarts are one task each, then the
    best goes on as a distributed EM: the files are those of the run without --scheduler."""
    from click.testing import CliRunner
    from distributed import get_task_stream

    from vnqual.cli import cli
    from vnqual.topics import _dmm

    monkeypatch.setattr(_dmm, "EM_SHARD_ROWS", 60)
    monkeypatch.setattr(_dmm, "RESTART_SAMPLE_ROWS", 80)
    runner = CliRunner()
    args = ["topics", str(REPO / "corpora" / "toa-dam-boi-duong"), "-k", "6", "--no-cache", "--out"]
    local = runner.invoke(cli, [*args, str(tmp_path / "local")], env={"VNQUAL_SCHEDULER": ""})
    assert local.exit_code == 0, local.output
    with get_task_stream(engine.client) as stream:
        remote = runner.invoke(
            cli, [*args, str(tmp_path / "cluster"), "--scheduler", engine.client.scheduler.address]
        )
    assert remote.exit_code == 0, remote.output
    for name in ("topics.csv", "assignments.csv", "quotes.csv", "themes.yaml"):
        assert (tmp_path / "cluster" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    keys = [str(t["key"]) for t in stream.data]
    assert sum("_restart_task" in k for k in keys) == 8  # one task per restart (n_init=8)
    assert any("_shard_task" in k for k in keys)


def test_a_worker_lost_mid_fit_takes_its_shards_they_are_sent_again(engine, corpus, tmp_path, monkeypatch):
    import numpy as np

    from vnqual.topics import TopicModel, _dmm

    docs = list(corpus.tokens(pos="content"))
    monkeypatch.setattr(_dmm, "EM_SHARD_ROWS", 40)
    local = TopicModel(6, random_state=0, method_params={"n_init": 2}).fit(docs)
    marker = tmp_path / "kill-once"
    marker.write_text("")
    plugin = _kill_once(str(marker), "_shard_task")
    puts = []
    monkeypatch.setattr(engine, "put", lambda values, put=engine.put: puts.append(1) or put(values))
    engine.client.register_plugin(plugin)
    try:
        with using(engine):
            remote = TopicModel(6, random_state=0, method_params={"n_init": 2}).fit(docs)
    finally:
        engine.client.unregister_worker_plugin(plugin.name)
    assert not marker.exists()  # a worker did die
    assert len(puts) == 2  # with some of the shards: they were sent again
    np.testing.assert_array_equal(remote.backend_.phi_, local.backend_.phi_)
    np.testing.assert_array_equal(remote.doc_topic_, local.doc_topic_)
