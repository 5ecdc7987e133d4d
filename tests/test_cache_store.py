"""The result cache: reruns reuse token lists, term matrices and fitted models, never pickles."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import vnqual.cli._cache  # noqa: F401  (registers `vnqual cache`)
import vnqual.cli._tokens  # noqa: F401
import vnqual.cli._topics  # noqa: F401
from vnqual import _cache_store as store_mod
from vnqual.cli import cli
from vnqual.features import term_matrix
from vnqual.text.tokenize import tokenize, tokenize_with_spans

TEXTS = [
    "Kinh phí bồi dưỡng của xã còn thiếu, ngân sách hỗ trợ rất hạn hẹp.",
    "Ngân sách tỉnh chưa đủ kinh phí chi trả cho học viên đi học.",
    "Xã thiếu tiền, kinh phí hỗ trợ ăn ở cho học viên quá thấp.",
    "Đề nghị tăng kinh phí và ngân sách hỗ trợ cán bộ đi học.",
    "Đường từ xã lên huyện rất xa, mùa mưa hay sạt lở.",
    "Mùa mưa đường núi sạt lở, học viên đi lại rất vất vả.",
    "Nhà ở xa, đường đèo dốc, đi lại mất cả ngày đường.",
    "Đường sá xa xôi, mưa lũ làm sạt lở nên không đến lớp được.",
    "Tài liệu cần có song ngữ, dịch sang tiếng đồng bào.",
    "Đồng bào đọc tài liệu tiếng phổ thông còn khó hiểu.",
    "Cần biên soạn tài liệu song ngữ và sách bằng tiếng dân tộc.",
    "Sách và tài liệu nên dịch ra tiếng Mông cho đồng bào dễ đọc.",
]


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VNQUAL_CACHE_DIR", str(folder))
    return folder / store_mod.FOLDER


@pytest.fixture()
def table(tmp_path):
    rows = [
        {"id": f"PY{i:03d}", "site": ["Quảng Nam", "Lai Châu"][i % 2], "text": t}
        for i, t in enumerate(TEXTS * 3)
    ]
    path = tmp_path / "phieu_y_kien.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def entries(cache, kind):
    return sorted((cache / kind).glob("*.json")) if (cache / kind).is_dir() else []


def topics(table, out, *extra):
    args = ["-q", "topics", str(table), "-k", "3", "--out", str(out), *map(str, extra)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_topics_rerun_reads_the_fitted_model_and_writes_identical_files(table, tmp_path, cache):
    topics(table, tmp_path / "a")
    assert len(entries(cache, "topic_fit")) == 1
    stamp = entries(cache, "topic_fit")[0].stat().st_mtime_ns
    topics(table, tmp_path / "b", "--by", "site")  # only output options differ: same entry
    assert len(entries(cache, "topic_fit")) == 1
    assert entries(cache, "topic_fit")[0].stat().st_mtime_ns >= stamp
    for name in ("topics.csv", "assignments.csv", "quotes.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    params = [json.loads((tmp_path / d / "params.json").read_text(encoding="utf-8")) for d in "ab"]
    assert params[0]["model"] == params[1]["model"] and params[1]["by"] == ["site"]
    assert (tmp_path / "b" / "topic_by_site.csv").is_file()


@pytest.mark.parametrize("k", ["3", "auto"])
def test_cached_model_gives_the_same_files_as_no_cache(table, tmp_path, cache, k):
    topics(table, tmp_path / "a", "-k", k)
    topics(table, tmp_path / "b", "-k", k)  # from the cache
    assert len(entries(cache, "topic_fit")) == 1
    topics(table, tmp_path / "c", "-k", k, "--no-cache")
    for name in ("topics.csv", "assignments.csv", "quotes.csv", "themes.yaml", "params.json"):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "c" / name).read_bytes(), name


def test_changed_options_or_statements_miss_the_cache(table, tmp_path, cache):
    topics(table, tmp_path / "a")
    topics(table, tmp_path / "b", "--min-df", "3")
    topics(table, tmp_path / "c", "--seed", "7")
    assert len(entries(cache, "topic_fit")) == 3
    frame = pd.read_csv(table)
    frame.loc[0, "text"] = "Kinh phí bồi dưỡng của huyện còn thiếu nhiều."
    frame.to_csv(table, index=False)
    topics(table, tmp_path / "d")
    assert len(entries(cache, "topic_fit")) == 4
    assert len(entries(cache, "tokens")) == 2


def test_no_cache_writes_nothing(table, tmp_path, cache):
    topics(table, tmp_path / "a", "--no-cache")
    assert not cache.exists()


def test_cache_files_are_plain_npz_and_json(table, tmp_path, cache):
    topics(table, tmp_path / "a")
    files = list(cache.rglob("*.npz"))
    assert {f.parent.name for f in files} == {"tokens", "term_matrix", "topic_fit"}
    for f in files:
        with np.load(f, allow_pickle=False) as data:  # raises if anything needed a pickle
            assert all(not data[n].dtype.hasobject for n in data.files)
        json.loads(f.with_suffix(".json").read_text(encoding="utf-8"))


def test_damaged_entry_is_recomputed(table, tmp_path, cache):
    topics(table, tmp_path / "a")
    for f in cache.rglob("*.npz"):
        f.write_bytes(b"not a zip file")
    topics(table, tmp_path / "b")
    assert (tmp_path / "a" / "topics.csv").read_bytes() == (tmp_path / "b" / "topics.csv").read_bytes()
    for f in cache.rglob("*.npz"):
        np.load(f, allow_pickle=False).close()  # rewritten


def test_tokens_rerun_is_identical_and_options_change_the_key(table, tmp_path, cache):
    runner = CliRunner()
    for name in ("a.csv", "b.csv"):
        r = runner.invoke(
            cli, ["-q", "tokens", str(table), "-o", str(tmp_path / name)], catch_exceptions=False
        )
        assert r.exit_code == 0, r.output
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert len(entries(cache, "tokens")) == 1
    runner.invoke(cli, ["-q", "tokens", str(table), "--no-default-stopwords", "-o", str(tmp_path / "c.csv")])
    assert len(entries(cache, "tokens")) == 2
    assert (tmp_path / "a.csv").read_bytes() != (tmp_path / "c.csv").read_bytes()


def test_tokenize_from_cache_equals_fresh(cache):
    fresh = tokenize_with_spans(TEXTS, cache=False)
    tokenize_with_spans(TEXTS)  # stores
    assert entries(cache, "tokens")
    assert tokenize_with_spans(TEXTS) == fresh
    assert tokenize(TEXTS, pos="content") == tokenize(TEXTS, pos="content", cache=False)


def test_term_matrix_from_cache_equals_fresh(cache):
    docs = [["cán_bộ", "xã", "xã"], ["xã", "kinh_phí"], [], ["kinh_phí", "đường"]]
    fresh, terms = term_matrix(docs, dtype=np.float64)
    with store_mod.using():
        term_matrix(docs, dtype=np.float64)
        again, terms2 = term_matrix(docs, dtype=np.float64)
        other, _ = term_matrix(docs, min_df=2, dtype=np.float64)
    assert len(entries(cache, "term_matrix")) == 2
    assert list(terms2) == list(terms) and terms2.dtype == object
    assert (again != fresh).nnz == 0 and again.dtype == fresh.dtype
    assert other.shape[1] < fresh.shape[1]


def test_cache_clear_empties_the_result_cache(table, tmp_path, cache):
    topics(table, tmp_path / "a")
    info = CliRunner().invoke(cli, ["cache", "info"])
    assert "topic_fit" in info.output
    CliRunner().invoke(cli, ["cache", "clear"])
    assert not list(cache.rglob("*.npz"))


def test_store_refuses_object_arrays(tmp_path):
    store = store_mod.ResultStore(tmp_path)
    key = store_mod.digest("x")
    with pytest.raises(TypeError, match="Python objects"):
        store.put("tokens", key, {}, {"a": np.array(["x", None], dtype=object)})
    assert store.get("tokens", key) is None


def test_store_keeps_the_newest_entries(tmp_path):
    store = store_mod.ResultStore(tmp_path)
    for i in range(store_mod.MAX_ENTRIES + 3):
        store.put("tokens", store_mod.digest(i), {"i": i}, {"a": np.arange(i)})
    assert len(list((store.directory / "tokens").glob("*.json"))) == store_mod.MAX_ENTRIES


@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_digests_hashed_by_chunks_equal_one_join(monkeypatch, chunk):
    import hashlib

    texts = ["cán bộ", "", "xã\x1f", "a\x00b", "kinh phí", "", "ờ"] * 3
    docs = [t.split() for t in texts]

    def one_join(strings):
        h = hashlib.blake2b(np.fromiter(map(len, strings), np.int64).tobytes(), digest_size=20)
        h.update("\x00".join(strings).encode("utf-8", "surrogatepass"))
        return h.digest()

    monkeypatch.setattr(store_mod, "HASH_CHUNK", chunk)
    assert store_mod.texts_digest(texts) == one_join(texts)
    assert store_mod.token_lists_digest(docs) == one_join(["\x1f".join(d) for d in docs])
