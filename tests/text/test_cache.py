"""On-disk segmentation cache: reuse, invalidation, corruption and concurrency."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from vnqual.errors import VnqualWarning
from vnqual.text import _cache, _snapshot, _words
from vnqual.text.tokenize import segment, tokenize

TEXTS = [
    "Cán bộ xã thiếu kinh phí bồi dưỡng.",
    "Nông thôn mới ở Lai Châu.",
    "Cán bộ xã thiếu kinh phí bồi dưỡng.",
]


@pytest.fixture()
def calls(monkeypatch, tmp_path):
    """Isolated cache folder; counts the texts actually segmented."""
    monkeypatch.setenv(_cache.ENV_VAR, str(tmp_path / "cache"))
    seen: list[str] = []
    real = _words.segment_texts

    def counting(texts, mode):
        seen.extend(texts)
        return real(texts, mode)

    monkeypatch.setattr(_words, "segment_texts", counting)
    return seen


def test_second_run_does_no_segmentation(calls):
    first = segment(TEXTS)
    assert sorted(calls) == sorted(set(TEXTS))  # duplicates segmented once
    calls.clear()
    assert segment(TEXTS) == first
    assert calls == []


def test_only_new_statements_are_segmented(calls):
    tokenize(TEXTS[:2])
    calls.clear()
    tokenize(TEXTS + ["Sở Nội vụ mở lớp."])
    assert calls == ["Sở Nội vụ mở lớp."]


def test_user_dict_and_stopwords_do_not_invalidate_the_cache(calls):
    tokenize(TEXTS)
    calls.clear()
    toks = tokenize(TEXTS, user_dict=["kinh phí bồi dưỡng"], stopwords=None)
    assert calls == [] and "kinh_phí_bồi_dưỡng" in toks[0]


def test_pos_option_has_its_own_entries(calls):
    segment(TEXTS)
    calls.clear()
    tagged = segment(TEXTS, pos=True)
    assert len(calls) == 2 and all(t.pos for t in tagged[0])


def test_underthesea_version_change_invalidates(calls, monkeypatch):
    segment(TEXTS)
    calls.clear()
    monkeypatch.setattr(_cache, "underthesea_version", lambda: "99.0-test")
    segment(TEXTS)
    assert len(calls) == 2


def test_no_cache_neither_reads_nor_writes(calls):
    segment(TEXTS, cache=False)
    segment(TEXTS, cache=False)
    assert len(calls) == 4
    assert _cache.SegmentCache().info()["entries"] == 0


def test_corrupt_entry_is_recomputed(calls):
    first = segment(TEXTS)
    store = _cache.SegmentCache()
    key = _cache.text_key(_cache.namespace("words"), TEXTS[1])
    store.put_many([(key, "broken\x1f1 2")])
    store.close()
    calls.clear()
    assert segment(TEXTS) == first
    assert calls == [TEXTS[1]]
    calls.clear()
    segment(TEXTS)
    assert calls == []  # the good value was written back


def test_entry_that_does_not_fit_the_text_is_recomputed(calls):
    first = segment(TEXTS)
    store = _cache.SegmentCache()
    key = _cache.text_key(_cache.namespace("words"), TEXTS[0])
    store.put_many([(key, "a b\x1f0 2\x1f1 999\x1f-\x1f-")])
    store.close()
    calls.clear()
    assert segment(TEXTS) == first and calls == [TEXTS[0]]


def test_corrupt_database_is_moved_aside_with_a_warning(calls, tmp_path):
    first = segment(TEXTS)
    db = tmp_path / "cache" / _cache.DB_NAME
    for extra in db.parent.glob(_cache.DB_NAME + "-*"):
        extra.unlink()
    db.write_bytes(b"this is not a database" * 100)
    calls.clear()
    with pytest.warns(VnqualWarning, match="corrupt"):
        assert segment(TEXTS) == first
    assert len(calls) == 2
    assert list(db.parent.glob(_cache.DB_NAME + ".corrupt-*"))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM seg").fetchone()[0] == 2


def test_unwritable_cache_folder_warns_and_still_works(monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(_cache.ENV_VAR, str(blocker / "sub"))
    with pytest.warns(VnqualWarning, match="without cache"):
        assert segment(TEXTS[:1])[0][0].form == "Cán_bộ"


_WRITER = """
import sys
from vnqual.text._cache import SegmentCache
store = SegmentCache(sys.argv[1])
start = int(sys.argv[2])
for i in range(start, start + 200, 20):
    store.put_many([(i.to_bytes(16, "big") + bytes([j]), f'"{i}-{j}"') for j in range(20)])
    assert store.get_many([i.to_bytes(16, "big") + bytes([0])])
store.close()
"""


def test_concurrent_processes_can_share_the_cache(tmp_path):
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(k * 100)], stderr=subprocess.PIPE)
        for k in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    # keys overlap between writers (start 0/100/200, 200 keys each): 400 distinct
    assert _cache.SegmentCache(tmp_path).info()["entries"] == 400


def test_clear_removes_the_files(tmp_path):
    store = _cache.SegmentCache(tmp_path)
    store.put_many([(b"k" * 16, '"v"')])
    assert store.clear() > 0
    assert not list(tmp_path.glob(_cache.DB_NAME + "*"))


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(_cache.ENV_VAR, str(tmp_path))
    assert _cache.cache_dir() == tmp_path
    monkeypatch.delenv(_cache.ENV_VAR)
    assert "vnqual" in str(_cache.cache_dir())


# ------------------------------------------------------------------ whole-run snapshots
CORPUS = [f"Cán bộ xã {i} thiếu kinh phí bồi dưỡng ở Lai Châu." for i in range(30)] + TEXTS


@pytest.fixture()
def snapshots(calls, monkeypatch):
    """Snapshot small runs too (the real threshold is MIN_RUN_TEXTS texts)."""
    monkeypatch.setattr(_snapshot, "MIN_RUN_TEXTS", 2)
    return calls


def test_repeated_run_reads_one_snapshot_not_statements(snapshots, monkeypatch):
    first = segment(CORPUS, pos=True)
    assert _cache.SegmentCache().info()["runs"] == 1
    snapshots.clear()

    def no_statement_reads(self, keys):
        raise AssertionError("a snapshot hit must not read statement entries")

    monkeypatch.setattr(_cache.SegmentCache, "get_many", no_statement_reads)
    assert segment(CORPUS, pos=True) == first
    assert snapshots == []


def test_snapshot_keeps_duplicates_and_order(snapshots):
    texts = [TEXTS[1], TEXTS[0], TEXTS[1], TEXTS[0]]
    first = segment(texts)
    again = segment(texts)
    assert again == first
    assert [t.form for t in again[0]] == [t.form for t in again[2]]
    again[0].pop()  # duplicates are separate lists
    assert len(again[2]) == len(first[2])


def test_changed_corpus_misses_the_snapshot_and_reuses_statements(snapshots):
    segment(CORPUS)
    snapshots.clear()
    segment(CORPUS[:-1] + ["Sở Nội vụ mở lớp."])
    assert snapshots == ["Sở Nội vụ mở lớp."]
    snapshots.clear()
    segment(list(reversed(CORPUS)))  # same texts, other order: new snapshot, no segmentation
    assert snapshots == []
    assert _cache.SegmentCache().info()["runs"] == 3


def test_damaged_snapshot_falls_back_to_statements_and_is_replaced(snapshots):
    first = segment(CORPUS, pos=True)
    store = _cache.SegmentCache()
    key = _cache.run_key(_cache.namespace("pos"), *_snapshot.dedupe(CORPUS))
    store.put_run(key, b"PK\x03\x04 not an npz")
    store.close()
    snapshots.clear()
    assert segment(CORPUS, pos=True) == first
    assert snapshots == []  # statements came from the per-statement entries
    blob = _cache.SegmentCache().get_run(key)
    assert blob is not None and _snapshot.load_run(blob, *_snapshot.dedupe(CORPUS), "pos") is not None


def test_snapshot_that_does_not_fit_the_texts_is_rejected():
    segs = _words.run(TEXTS[:2], mode="chunk", cache=False)
    texts = TEXTS * 50
    distinct, order = _snapshot.dedupe(texts)
    assert distinct == TEXTS[:2] and len(order) == 150
    blob = _snapshot.encode_run(distinct, order, segs, "chunk")
    assert blob is not None
    flat = _snapshot.load_run(blob, distinct, order, "chunk")
    assert flat is not None
    decoded = _snapshot.segments_of(flat)
    assert len(decoded) == 150
    assert [(s.forms, s.starts, s.ends, s.pos, s.chunk) for s in decoded[:2]] == [
        (s.forms, s.starts, s.ends, s.pos, s.chunk) for s in segs
    ]
    assert decoded[2] is decoded[0]  # identical texts share one statement
    assert _snapshot.load_run(blob, distinct, order[:-1], "chunk") is None  # other texts
    assert _snapshot.load_run(blob, distinct[:1], order, "chunk") is None
    assert _snapshot.load_run(blob, ["ngắn", "ngắn"], order, "chunk") is None  # spans
    assert _snapshot.load_run(blob, distinct, order, "words") is not None
    assert _snapshot.load_run(blob[: len(blob) // 2], distinct, order, "chunk") is None


def test_small_runs_are_not_snapshotted(calls):
    segment(TEXTS)
    assert _cache.SegmentCache().info()["runs"] == 0


def test_only_the_newest_snapshots_are_kept(snapshots, monkeypatch):
    monkeypatch.setattr(_cache, "MAX_RUNS", 2)
    for n in (5, 6, 7):
        segment(CORPUS[:n])
    store = _cache.SegmentCache()
    assert store.info()["runs"] == 2
    kept = [
        store.get_run(_cache.run_key(_cache.namespace("words"), *_snapshot.dedupe(CORPUS[:n]))) is not None
        for n in (5, 6, 7)
    ]
    assert kept == [False, True, True]


def test_unusable_cache_warns_once_for_a_large_run(monkeypatch, tmp_path):
    import warnings as w

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(_cache.ENV_VAR, str(blocker / "sub"))
    with w.catch_warnings(record=True) as caught:
        w.simplefilter("always")
        out = segment(CORPUS * 4)
    assert len(out) == len(CORPUS) * 4
    assert sum("without cache" in str(c.message) for c in caught) == 1
