from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from tests.topics._data import planted
from vnqual.errors import ModelError
from vnqual.topics import METHODS, TopicModel, load_model


@pytest.fixture(scope="module")
def tokens():
    return planted()[0]


@pytest.mark.parametrize("method", METHODS)
def test_save_load_round_trip_equals_transform(tmp_path, tokens, method):
    tm = TopicModel(3, method=method, seed_words={"Kinh phí": ["kinh phí"]}, random_state=0).fit(tokens)
    tm.save(tmp_path / "m", metadata={"pos": "content"})
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["arrays.npz", "model.json"]
    back = load_model(tmp_path / "m")
    new = [["kinh_phí", "tiền", "xa"], ["tài_liệu"], ["không_biết"]] + tokens[:5]
    np.testing.assert_allclose(back.transform(new), tm.transform(new), atol=1e-9)
    assert back.labels_ == tm.labels_ and back.topic_terms_ == tm.topic_terms_
    assert back.metadata_ == {"pos": "content"}
    pd.testing.assert_frame_equal(back.topic_info(), tm.topic_info(), check_dtype=False)


@pytest.fixture()
def saved(tmp_path, tokens):
    TopicModel(3, random_state=0).fit(tokens).save(tmp_path / "m")
    return tmp_path / "m"


def test_load_rejects_corrupt_json(saved):
    (saved / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=r"model.json: not valid JSON"):
        load_model(saved)


def test_load_rejects_foreign_json(saved):
    (saved / "model.json").write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(ModelError, match="not a vnqual topic model"):
        load_model(saved)


def test_load_rejects_truncated_npz(saved):
    data = (saved / "arrays.npz").read_bytes()
    (saved / "arrays.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match=r"arrays.npz: not a readable .npz file"):
        load_model(saved)


def test_load_rejects_wrong_shapes_and_pickled_arrays(saved):
    with np.load(saved / "arrays.npz") as data:
        arrays = dict(data)
    arrays["backend.phi"] = arrays["backend.phi"][:, :3]
    np.savez(saved / "arrays.npz", **arrays)
    with pytest.raises(ModelError, match="array phi has shape"):
        load_model(saved)
    arrays["backend.phi"] = np.array([{"x": 1}], dtype=object)
    np.savez(saved / "arrays.npz", **arrays)
    with pytest.raises(ModelError, match="array phi has dtype object, not numbers"):
        load_model(saved)


def test_load_error_is_one_line_for_missing_folder(tmp_path):
    with pytest.raises(ModelError) as err:
        load_model(tmp_path / "khong_co")
    assert "\n" not in str(err.value) and "not a saved topic model" in str(err.value)


def _huge_header_npz(path, k, n_terms):
    """An arrays.npz whose phi declares a k x n_terms float64 array but holds only its header."""
    import zipfile

    with zipfile.ZipFile(path, "w") as zf:
        for name, shape in (
            ("backend.phi", (k, n_terms)),
            ("backend.pi", (k,)),
            ("backend.bg", (n_terms,)),
            ("term_frequency", (n_terms,)),
        ):
            with zf.open(f"{name}.npy", "w") as fh:
                np.lib.format.write_array_header_1_0(
                    fh, {"descr": "<f8", "fortran_order": False, "shape": shape}
                )


def _edit_to_size(saved, k, n_terms):
    """model.json edited to match a k x n_terms model (as in the issue's 1000 x 400k case)."""
    meta = json.loads((saved / "model.json").read_text(encoding="utf-8"))
    meta["vocabulary"] = [f"t{i}" for i in range(n_terms)]
    meta["n_topics"] = k
    for key in ("labels", "seed_themes", "topic_terms", "topic_info"):
        meta[key] = [meta[key][0]] * k
    (saved / "model.json").write_text(json.dumps(meta), encoding="utf-8")


def test_load_refuses_huge_declared_arrays_before_reading_them(saved):
    _edit_to_size(saved, 1000, 400_000)
    _huge_header_npz(saved / "arrays.npz", 1000, 400_000)
    with pytest.raises(ModelError) as info:
        load_model(saved)
    assert str(info.value) == (
        f"{saved / 'model.json'}: declares arrays of 3206 MB (limit 400 MB): too many topics x terms for a "
        "topic model vnqual wrote; re-save the model with `vnqual topics ... --save DIR`"
    )


def test_load_checks_npy_headers_against_model_json(saved):
    with np.load(saved / "arrays.npz") as data:
        n_terms = data["term_frequency"].shape[0]
    _huge_header_npz(saved / "arrays.npz", 3, n_terms * 1000)
    with pytest.raises(
        ModelError, match=r"array phi has shape \(3, \d+\), expected \(3, \d+\) \(from model.json\)"
    ):
        load_model(saved)
