"""Save and load fitted topic models as ``model.json`` + ``arrays.npz`` (no pickle)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vnqual._fs import atomic_write, output_error
from vnqual._version import __version__
from vnqual.errors import ModelError
from vnqual.types import PathLike

#: Bound on the arrays of a saved model, as float64 (about 50 topics x 1M terms).
MAX_ARRAY_BYTES = 400_000_000
#: Bound on the size of ``model.json``.
MAX_JSON_BYTES = 200_000_000
FORMAT = "vnqual-topic-model"
FORMAT_VERSION = 1
JSON_FILE = "model.json"
ARRAYS_FILE = "arrays.npz"
_PARAMS = (
    "n_topics",
    "method",
    "min_df",
    "max_df",
    "max_terms",
    "seed_words",
    "n_top_terms",
    "function_words",
    "method_params",
    "random_state",
)


def save_model(model: Any, path: PathLike, *, metadata: dict[str, Any] | None = None) -> Path:
    """Write ``model`` (a fitted :class:`TopicModel`) to folder ``path``.

    ``metadata`` (JSON values, e.g. the token options used) is stored and read back as
    ``model.metadata_``.
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model, "components_")
    if model.model is not None:
        raise ModelError("a TopicModel with a custom model= cannot be saved; use method=")
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ModelError(f"{path}: exists and is not a folder; choose another `save` path")
    backend_params, arrays = model.backend_.get_state()
    info = model.topic_info()
    meta = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "vnqual_version": __version__,
        "params": {k: _param_json(model, k) for k in _PARAMS},
        "auto_labels": list(model.auto_labels_),
        "backend_params": backend_params,
        "n_topics": int(model.n_topics_),
        "vocabulary": list(model.vocabulary_),
        "labels": list(model.labels_),
        "seed_themes": list(model.seed_themes_),
        "topic_terms": [list(t) for t in model.topic_terms_],
        "metadata": metadata or {},
        "topic_info": json.loads(info.to_json(orient="records", force_ascii=False)),
    }
    # Any, not np.ndarray: numpy types **kwds of savez_compressed like its keyword allow_pickle (a bool)
    all_arrays: dict[str, Any] = {f"backend.{k}": np.asarray(v, dtype=np.float64) for k, v in arrays.items()}
    all_arrays["term_frequency"] = np.asarray(model.term_frequency_, dtype=np.float64)
    buf = io.BytesIO()
    np.savez_compressed(buf, **all_arrays)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise output_error(path, err) from None
    with atomic_write(path / ARRAYS_FILE, "wb") as fh:
        fh.write(buf.getvalue())
    with atomic_write(path / JSON_FILE, "w") as fh:
        json.dump(meta, fh, ensure_ascii=False, indent=1, sort_keys=True)
    return path


def _param_json(model: Any, name: str) -> Any:
    """A parameter as JSON: a function-word file or list is stored as its sorted words."""
    value = getattr(model, name)
    if name == "function_words" and value not in ("default", None):
        return sorted(model._function_words())
    return value


def _fail(path: Path, what: str) -> ModelError:
    return ModelError(f"{path}: {what}; re-save the model with `vnqual topics ... --save DIR`")


def read_model(path: PathLike, model_cls: Any, backends: dict[str, Any], info_columns: Sequence[str]) -> Any:
    """Read a folder written by :func:`save_model` into a ``model_cls`` and check every part of it.

    ``backends`` (method -> backend class) and ``info_columns`` come from :mod:`vnqual.topics._model`,
    which calls this (no import back, so the two modules form no cycle).
    """
    BACKENDS, TOPIC_INFO_COLUMNS, TopicModel = backends, tuple(info_columns), model_cls  # noqa: N806

    path = Path(path)
    jfile = path / JSON_FILE if path.is_dir() else path
    if jfile.name != JSON_FILE or not jfile.is_file():
        raise ModelError(
            f"{path}: not a saved topic model (no {JSON_FILE}); give the folder "
            f"written by `vnqual topics ... --save DIR`"
        )
    folder = jfile.parent
    if jfile.stat().st_size > MAX_JSON_BYTES:
        raise _fail(jfile, f"larger than {MAX_JSON_BYTES // 1_000_000} MB; not a model vnqual wrote")
    try:
        meta = json.loads(jfile.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise _fail(jfile, f"not valid JSON ({err.__class__.__name__})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelError(f"{jfile}: not a vnqual topic model (format is not {FORMAT!r})")
    if meta.get("format_version") != FORMAT_VERSION:
        raise _fail(jfile, f"unsupported format_version {meta.get('format_version')!r}")
    try:
        params = dict(meta["params"])
        method = params["method"]
        k = int(meta["n_topics"])
        vocab = [str(t) for t in meta["vocabulary"]]
        labels = [str(t) for t in meta["labels"]]
        themes = list(meta["seed_themes"])
        terms = [[str(t) for t in row] for row in meta["topic_terms"]]
        info = pd.DataFrame(meta["topic_info"])
        # model.json is written with sorted keys: restore the documented column order.
        info = info[
            [c for c in TOPIC_INFO_COLUMNS if c in info.columns]
            + [c for c in info.columns if c not in TOPIC_INFO_COLUMNS]
        ]
        backend_params = dict(meta["backend_params"])
    except (KeyError, TypeError, ValueError) as err:
        raise _fail(jfile, f"missing or malformed entry {err}") from None
    if method not in BACKENDS:
        raise _fail(jfile, f"unknown method {method!r}")
    if not (len(labels) == len(themes) == len(terms) == len(info) == k) or not vocab:
        raise _fail(jfile, "topic lists do not match n_topics")
    backend_cls = BACKENDS[method]
    shapes = backend_cls.array_shapes(k, len(vocab))
    expected = {f"backend.{n}": shape for n, shape in shapes.items()}
    expected["term_frequency"] = (len(vocab),)
    arrays = _read_arrays(folder / ARRAYS_FILE, expected)
    try:
        backend = backend_cls.from_state(k, backend_params, {n: arrays[f"backend.{n}"] for n in shapes})
        model = TopicModel(**params)
    except (TypeError, ValueError) as err:
        raise _fail(jfile, f"bad parameters ({err})") from None
    model.backend_ = backend
    model.vocabulary_ = vocab
    model.term_frequency_ = arrays["term_frequency"]
    model.n_topics_ = k
    model.seed_themes_ = themes
    model._finish_topics()
    model.topic_terms_ = terms
    model.labels_ = labels
    auto = meta.get("auto_labels")
    if isinstance(auto, list) and len(auto) == k:
        model.auto_labels_ = [str(a) for a in auto]
    model.coherence_ = info["coherence"].to_numpy(dtype=float) if "coherence" in info else None
    model._loaded_info = info
    model.metadata_ = meta.get("metadata") if isinstance(meta.get("metadata"), dict) else {}
    return model


def _check_header(file: Path, key: str, fh: Any, shape: tuple[int, ...]) -> None:
    name = key.removeprefix("backend.")
    version = np.lib.format.read_magic(fh)
    if version == (1, 0):
        found, _, dtype = np.lib.format.read_array_header_1_0(fh, max_header_size=10_000)
    elif version in ((2, 0), (3, 0)):
        found, _, dtype = np.lib.format.read_array_header_2_0(fh, max_header_size=10_000)
    else:
        raise _fail(file, f"array {name} has an unknown .npy version {version}")
    if dtype.hasobject or dtype.kind not in "biuf":
        raise _fail(file, f"array {name} has dtype {dtype}, not numbers")
    if tuple(found) != tuple(shape):
        raise _fail(
            file, f"array {name} has shape {tuple(found)}, expected {tuple(shape)} (from {JSON_FILE})"
        )


def _read_arrays(file: Path, expected: dict[str, tuple[int, ...]]) -> dict[str, np.ndarray]:
    """The arrays ``expected`` (name -> shape from model.json) of an ``arrays.npz``.

    Each ``.npy`` header is read first: its shape must be the expected one, its dtype numeric,
    and all arrays together at most :data:`MAX_ARRAY_BYTES` as float64, so a file that declares
    a huge array is refused before any of it is inflated.
    """
    if not file.is_file():
        raise ModelError(f"{file}: missing; a saved model needs {JSON_FILE} and {ARRAYS_FILE}")
    need = sum(8 * int(np.prod(shape, dtype=np.int64)) for shape in expected.values())
    if need > MAX_ARRAY_BYTES:
        raise _fail(
            file.with_name(JSON_FILE),
            f"declares arrays of {need / 1e6:.0f} MB (limit {MAX_ARRAY_BYTES / 1e6:.0f} MB): "
            f"too many topics x terms for a topic model vnqual wrote",
        )
    try:
        with zipfile.ZipFile(file) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > need + (1 << 20):  # the arrays and their headers, nothing else
                raise _fail(file, f"expands to {total / 1e6:.0f} MB, more than its arrays need")
            names = set(zf.namelist())
            missing = [n for n in expected if f"{n}.npy" not in names]
            if missing:
                raise _fail(file, f"lacks array(s) {', '.join(missing)}")
            for name, shape in expected.items():
                with zf.open(f"{name}.npy") as fh:
                    _check_header(file, name, fh, shape)
        with np.load(file, allow_pickle=False) as data:
            out = {n: np.asarray(data[n], dtype=np.float64) for n in expected}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as err:
        raise _fail(file, f"not a readable .npz file ({err.__class__.__name__})") from None
    for n, a in out.items():
        if not np.all(np.isfinite(a)):
            raise _fail(file, f"array {n} holds NaN or infinite values")
    return out
