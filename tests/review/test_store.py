"""The decision store without a browser: undo, duplicates, concurrent writers, re-runs, bad files."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest

from vnqual.review import (
    Conflict,
    DecisionStore,
    Filters,
    Queue,
    ReviewFolder,
    StoreError,
    reviewed_rows,
    write_reviewed,
)


def test_decide_undo_and_versions(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path)
    assert store.version("s1", "Đi lại") == 0
    d = store.decide("s1", "Đi lại", "accepted", reviewer="Lan", action_id="a1", expected_version=0)
    assert (d.decision, d.reviewer, d.undone) == ("accepted", "Lan", False)
    assert d.time.endswith("Z") and d.time[:2] == "20"
    assert store.version("s1", "Đi lại") == 1
    store.decide("s2", "Thiếu kinh phí", "memo", memo="hỏi lại chị Hoa", reviewer="Lan", action_id="a2")
    store.decide("s3", "Đi lại", "rejected", reviewer="Minh", action_id="a3")
    # Lan's undo takes back Lan's last decision (the memo), not Minh's later one
    undone = store.undo("Lan")
    assert undone is not None and undone.action_id == "a2"
    current = store.current()
    assert current[("s2", "Thiếu kinh phí")] == (None, "")
    assert current[("s3", "Đi lại")][0].decision == "rejected"  # type: ignore[union-attr]
    assert store.undo("Lan").action_id == "a1"  # type: ignore[union-attr]
    assert store.undo("Lan") is None
    assert store.version("s1", "Đi lại") == 2  # the undo moved the version on
    assert len(store.decisions()) == 3  # nothing deleted


def test_same_action_twice_is_one_decision(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path)
    first = store.decide("s1", "Đi lại", "accepted", reviewer="Lan", action_id="same", expected_version=0)
    again = store.decide("s1", "Đi lại", "accepted", reviewer="Lan", action_id="same", expected_version=0)
    assert again == first
    assert len(store.decisions()) == 1


def test_stale_page_is_refused_not_overridden(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path)
    store.decide("s1", "Đi lại", "accepted", reviewer="Lan", action_id="t1", expected_version=0)
    with pytest.raises(Conflict, match="accepted by Lan") as err:
        store.decide("s1", "Đi lại", "rejected", reviewer="Minh", action_id="t2", expected_version=0)
    assert err.value.current is not None and err.value.current.action_id == "t1"
    assert [d.action_id for d in store.decisions()] == ["t1"]


def test_change_needs_another_code(tmp_path: Path) -> None:
    store = DecisionStore(tmp_path)
    with pytest.raises(ValueError, match="new_code"):
        store.decide("s1", "Đi lại", "changed", reviewer="Lan", action_id="c1")
    with pytest.raises(ValueError, match="decision must be"):
        store.decide("s1", "Đi lại", "maybe", reviewer="Lan", action_id="c2")


def test_two_writers_in_threads_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    """Two connections (two servers / reviewers) write at once; one excerpt is contested."""
    DecisionStore(tmp_path)  # create the schema
    results: dict[str, list[str]] = {"Lan": [], "Minh": []}
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def work(reviewer: str) -> None:
        store = DecisionStore(tmp_path, timeout=20)
        try:
            barrier.wait()
            for i in range(150):
                store.decide(
                    f"{reviewer}-{i}", "Đi lại", "accepted", reviewer=reviewer, action_id=f"{reviewer}{i}"
                )
                # both also post the same form twice (a double click) ...
                store.decide(
                    f"{reviewer}-{i}", "Đi lại", "accepted", reviewer=reviewer, action_id=f"{reviewer}{i}"
                )
                # ... and contest one shared excerpt, each from a page showing version i
                try:
                    store.decide(
                        "shared",
                        "Đi lại",
                        "accepted" if reviewer == "Lan" else "rejected",
                        reviewer=reviewer,
                        action_id=f"{reviewer}-shared-{i}",
                        expected_version=store.version("shared", "Đi lại"),
                    )
                    results[reviewer].append("ok")
                except Conflict:
                    results[reviewer].append("conflict")
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)
        finally:
            store.close()

    threads = [threading.Thread(target=work, args=(r,)) for r in results]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = DecisionStore(tmp_path)
    rows = store.decisions()
    own = [d for d in rows if d.statement_id != "shared"]
    assert len(own) == 300 and len({d.key for d in own}) == 300
    shared = [d for d in rows if d.statement_id == "shared"]
    n_ok = sum(r == "ok" for rs in results.values() for r in rs)
    assert len(shared) == n_ok  # every success recorded once, every refusal not at all
    assert store.version("shared", "Đi lại") == n_ok
    assert len({d.action_id for d in rows}) == len(rows)


def test_corrupt_database_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "review.sqlite").write_bytes(b"this is not sqlite " * 200)
    with pytest.raises(StoreError, match="not a readable review database") as err:
        DecisionStore(tmp_path)
    assert "\n" not in str(err.value)


def test_locked_database_is_one_clear_error(tmp_path: Path) -> None:
    DecisionStore(tmp_path).close()
    holder = sqlite3.connect(tmp_path / "review.sqlite", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = DecisionStore(tmp_path, timeout=0.2)
    except StoreError as err:  # opening may already wait for the lock
        assert "locked" in str(err)
    else:
        with pytest.raises(StoreError, match="locked by another program"):
            store.decide("s1", "Đi lại", "accepted", reviewer="Lan", action_id="x")
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _queue(folder: Path) -> Queue:
    return Queue(ReviewFolder(folder), DecisionStore(folder))


def test_queue_order_filters_progress_and_summary(tagged: Path) -> None:
    q = _queue(tagged)
    order = q.ordered(Filters())
    scores = q.score[order]
    assert list(scores) == sorted(scores)  # lowest confidence first
    assert q.method[order[0]] == "model"
    by_code = q.ordered(Filters(order="code", status="all", code="Đi lại"))
    assert set(q.code[by_code]) == {"Đi lại"} and len(by_code) == 3
    speaker = q.ordered(Filters(speaker="Bà Lò Thị Hoa", status="all"))
    assert set(q.speaker[speaker]) == {"Bà Lò Thị Hoa"}
    assert len(q.ordered(Filters(max_score=0.9))) == 1
    first, second, third = (int(i) for i in order[:3])
    store = q.store
    store.decide(*q.keys[first], "rejected", reviewer="Lan", action_id="1")
    store.decide(*q.keys[second], "accepted", reviewer="Lan", action_id="2")
    new = next(c for c in q.folder.code_names if c != q.code[third])
    store.decide(*q.keys[third], "changed", new_code=new, reviewer="Lan", action_id="3")
    q.refresh()
    p = q.progress(Filters())
    assert (p.total, p.reviewed) == (len(q.keys), 3)
    assert q.first(Filters()) == int(order[3])  # decided ones leave the open queue
    assert q.step(second, Filters()) == int(order[3])
    summary = q.summary().set_index("code")
    decided_codes = [q.code[first], q.code[second], q.code[third]]
    total_decided = int(summary["n_decided_auto"].sum())
    # rows written at --min-score 0.3 below their code's threshold are scores, not suggestions
    assert total_decided == sum(bool(q.applies[i]) for i in (first, second, third))
    assert 0 < total_decided <= 3
    accepted_code = q.code[second]
    row = summary.loc[accepted_code]
    assert row["precision"] == pytest.approx(
        row["accepted"] / (row["accepted"] + row["rejected"] + row["changed"])
    )
    assert summary["added"].sum() == 1  # the change counts as the new code added
    assert set(decided_codes) <= set(summary.index)


def test_reviewed_csv_rows_and_formula_guard(tagged: Path) -> None:
    q = _queue(tagged)
    sid = "toa_dam_lai_chau-0009"
    store = q.store
    store.decide(sid, "Thiếu kinh phí", "accepted", reviewer="Lan", action_id="1")
    store.decide(sid, "Đi lại", "changed", new_code="Nội dung chương trình", reviewer="Lan", action_id="2")
    store.decide(sid, "Đi lại", "memo", memo="=> hỏi lại", reviewer="Lan", action_id="3")
    store.decide("toa_dam_lai_chau-0012", "Đi lại", "added", reviewer="Minh", action_id="4")
    path = write_reviewed(tagged, store, q.folder.corpus)
    raw = path.read_text(encoding="utf-8-sig")
    assert raw.splitlines()[0] == "statement_id,code,text,decision,reviewer,time,memo,old_code"
    assert "'=SUM(A1)" in raw and "'=> hỏi lại" in raw  # formula guard on text and memo
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    got = table[["statement_id", "code", "decision", "reviewer", "old_code"]].values.tolist()
    assert got == [
        [sid, "Nội dung chương trình", "changed", "Lan", "Đi lại"],
        [sid, "Thiếu kinh phí", "accepted", "Lan", ""],
        ["toa_dam_lai_chau-0012", "Đi lại", "added", "Minh", ""],
    ]
    assert [r["memo"] for r in reviewed_rows(store, q.folder.corpus)][0] == "=> hỏi lại"


def test_decisions_survive_tag_rerun_and_orphans_are_listed(tagged: Path) -> None:
    from vnqual.codebook import Codebook
    from vnqual.corpus import Corpus
    from vnqual.jobs.tag import write_tag_dir

    q = _queue(tagged)
    keep = ("toa_dam_lai_chau-0003", "Đi lại")
    gone = ("toa_dam_lai_chau-0011", "Thiếu kinh phí")
    rejected = ("toa_dam_lai_chau-0006", "Nội dung chương trình")
    q.store.decide(*keep, "accepted", reviewer="Lan", action_id="1", memo="rõ ràng")
    q.store.decide(*gone, "flagged", reviewer="Lan", action_id="2")
    q.store.decide(*rejected, "rejected", reviewer="Lan", action_id="3")
    q.store.close()
    # re-run `tag` into the same folder with a corpus lacking statement 0011 and fewer codes
    corpus = Corpus.load(tagged / "corpus")
    codes = pd.read_csv(tagged / "codes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    hits = pd.read_csv(tagged / "hits.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    small = Corpus(corpus.frame[corpus.frame.statement_id != gone[0]], corpus.sources)
    codes = codes[(codes.statement_id != gone[0]) & (codes.statement_id != rejected[0])]
    codebook = Codebook.load(tagged / "codebook.json")
    write_tag_dir(tagged, corpus=small, codebook=codebook, codes=codes, hits=hits, run={})

    q2 = _queue(tagged)
    assert q2.status[q2.index[keep]] == "accepted" and q2.memo[q2.index[keep]] == "rõ ràng"
    orphans = q2.orphans()
    assert [(o["statement_id"], o["code"], o["decision"]) for o in orphans] == [(*gone, "flagged")]
    assert "no longer in the corpus" in orphans[0]["why"]
    text = (tagged / "reviewed.csv").read_text(encoding="utf-8-sig")
    assert gone[0] in text and rejected[0] in text  # nothing dropped from the export


def test_newer_codes_csv_with_rank_and_applies(tagged: Path) -> None:
    """codes.csv with the ``rank`` and ``applies`` columns of later versions reads the same;
    candidates that do not apply count as suggestions but not in the precision."""
    file = tagged / "codes.csv"
    codes = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    codes = codes.drop(columns=["rank", "applies"])  # written by vnqual tag now; set them by hand
    codes.insert(3, "rank", [str(i % 3 + 1) for i in range(len(codes))])
    codes["applies"] = ["false" if i == 0 else "true" for i in range(len(codes))]
    codes.to_csv(file, index=False, encoding="utf-8-sig")
    q = _queue(tagged)
    assert len(q.keys) == len(codes) and not q.applies[0] and q.applies[1:].all()
    q.store.decide(*q.keys[0], "rejected", reviewer="Lan", action_id="1")
    q.store.decide(*q.keys[1], "accepted", reviewer="Lan", action_id="2")
    q.refresh()
    summary = q.summary().set_index("code")
    assert int(summary["rejected"].sum()) == 1 and int(summary["n_decided_auto"].sum()) == 1
    assert summary.loc[q.code[1], "precision"] == 1.0
