"""The tagger's result cache: a rerun with the same inputs reads its result and fits nothing;
any change of statements, codebook, hand-coding or options is computed afresh."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import vnqual
from vnqual.cli import cli
from vnqual.codebook import Codebook, _fitcache
from vnqual.jobs.tag import tag_corpus

REPO = Path(__file__).resolve().parents[2]
CODEBOOK = REPO / "models" / "codebook_boi_duong.yaml"
SAMPLE = REPO / "corpora" / "toa-dam-boi-duong"


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("VNQUAL_CACHE_DIR", str(folder))
    return folder / "results-v1"


def _entries(cache: Path, kind: str) -> int:
    return len(list((cache / kind).glob("*.npz"))) if (cache / kind).is_dir() else 0


def _tag(out: Path, *extra: str) -> None:
    result = CliRunner().invoke(
        cli, ["tag", str(SAMPLE), "--codebook", str(CODEBOOK), "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output


@pytest.fixture()
def hand_coded(tmp_path):
    """Two statements of the sample corpus coded by hand, one with no code."""
    import pandas as pd

    ids = vnqual.read_corpus(SAMPLE).frame["statement_id"].tolist()
    train = tmp_path / "ma_tay.csv"
    pd.DataFrame({"statement_id": [ids[3], ids[5]], "code": ["Thiếu kinh phí", ""]}).to_csv(
        train, index=False
    )
    return train


def test_rerun_reads_the_result_and_writes_the_same_files(cache, tmp_path, hand_coded):
    _tag(tmp_path / "a", "--train", str(hand_coded))
    assert _entries(cache, "tag_result") == 1
    # A damaged model entry cannot matter: the second run never looks at it.
    for npz in (cache / "code_models").glob("*.npz"):
        npz.write_bytes(b"not an npz")
    _tag(tmp_path / "b", "--train", str(hand_coded))
    for name in ("codes.csv", "hits.csv", "run.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    corpus = vnqual.read_corpus(SAMPLE)
    result = tag_corpus(corpus, Codebook.load(CODEBOOK), train=hand_coded)
    assert result.tagger is None  # from the cache: nothing fitted
    assert result.summary()["n_hand_coded"] == 2


def test_changed_inputs_are_not_served_from_the_cache(cache, tmp_path):
    corpus = vnqual.read_corpus(SAMPLE)
    codebook = Codebook.load(CODEBOOK)
    first = tag_corpus(corpus, codebook)
    assert first.tagger is not None
    assert tag_corpus(corpus, codebook).tagger is None
    assert tag_corpus(corpus, codebook, min_score=0.7).tagger is not None
    edited = Codebook.load(CODEBOOK).to_dict()
    edited["codes"][0]["keywords"] = [*edited["codes"][0]["keywords"], "học viên"]
    (tmp_path / "sua.json").write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    other = tag_corpus(corpus, Codebook.load(tmp_path / "sua.json"))
    assert other.tagger is not None
    assert len(other.hits) > len(first.hits)
    fewer = vnqual.read_corpus(SAMPLE, unit="turn")
    assert tag_corpus(fewer, codebook).tagger is not None
    assert _entries(cache, "tag_result") == 4
    # Another codebook over the same statements reuses the fitted word features.
    assert _entries(cache, "code_features") == 2  # paragraphs, turns
    assert _entries(cache, "code_models") == 3


def test_no_cache_writes_nothing(cache, tmp_path):
    _tag(tmp_path / "a", "--no-cache")
    assert not cache.exists() or _entries(cache, "tag_result") == 0


def test_damaged_result_entry_is_recomputed(cache, tmp_path):
    _tag(tmp_path / "a")
    for npz in (cache / "tag_result").glob("*.npz"):
        npz.write_bytes(b"\x00" * 10)
    _tag(tmp_path / "b")
    assert (tmp_path / "a" / "codes.csv").read_bytes() == (tmp_path / "b" / "codes.csv").read_bytes()


def test_cached_result_warns_about_codes_without_a_model(cache, tmp_path):
    path = tmp_path / "toa_dam.txt"
    path.write_text(
        "Ông An: Kinh phí bồi dưỡng còn thiếu.\n\nBà Lan: Đi lại vất vả, đường sạt lở.\n", encoding="utf-8"
    )
    corpus = vnqual.read_corpus(path)
    for _ in range(2):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = tag_corpus(corpus, Codebook.load(CODEBOOK))
        assert [str(w.message) for w in caught if "no model for code" in str(w.message)]
        assert result.summary()["codes_without_model"]
    assert result.tagger is None
    assert _fitcache.RESULT_KIND == "tag_result"


def test_user_dictionary_terms_are_part_of_the_key(cache, tmp_path):
    corpus = vnqual.read_corpus(SAMPLE)
    codebook = Codebook.load(CODEBOOK)
    terms = tmp_path / "tu_dien.txt"
    terms.write_text("nông thôn mới\n", encoding="utf-8")
    assert tag_corpus(corpus, codebook, user_dict=str(terms)).tagger is not None
    assert tag_corpus(corpus, codebook, user_dict=str(terms)).tagger is None
    terms.write_text("nông thôn mới\nbồi dưỡng cán bộ\n", encoding="utf-8")  # same file, new terms
    assert tag_corpus(corpus, codebook, user_dict=str(terms)).tagger is not None


def test_a_change_of_the_weak_label_rules_is_not_served_from_the_cache(cache, monkeypatch):
    from vnqual.codebook import _targets

    corpus = vnqual.read_corpus(SAMPLE)
    codebook = Codebook.load(CODEBOOK)
    assert tag_corpus(corpus, codebook).tagger is not None
    assert tag_corpus(corpus, codebook).tagger is None  # same rules: read back
    monkeypatch.setattr(_targets, "RULES_REVISION", _targets.RULES_REVISION + 1)
    assert tag_corpus(corpus, codebook).tagger is not None  # new rules: computed afresh
    assert _entries(cache, "tag_result") == 2
