"""Seed words: a YAML file mapping theme names to words or phrases that guide topics."""

from __future__ import annotations

import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

from vnqual.errors import InputError, ModelError, VnqualWarning
from vnqual.types import PathLike


def normalize_term(term: str) -> str:
    """Canonical token spelling of a seed word: NFC, lower-case, spaces -> ``_``."""
    return "_".join(unicodedata.normalize("NFC", str(term)).lower().split())


def read_seed_words(path: PathLike) -> dict[str, list[str]]:
    """Read a seed-word file (YAML mapping ``theme name: [word, phrase, ...]``).

    Examples
    --------
    A file ``chu_de.yaml``::

        Khó khăn: [khó khăn, thiếu, kinh phí]
        Giải pháp: [giải pháp, đề xuất, kiến nghị]

    Raises
    ------
    InputError
        If the file is missing, is not YAML (aliases ``*name`` are refused), or is not a
        mapping of names to word lists.
    """
    from vnqual._yaml import load_yaml_file

    path = Path(path)
    try:
        _, data = load_yaml_file(path, what="seed-word file")
    except InputError as err:
        if "invalid YAML" not in str(err):
            raise
        raise InputError(f"{err}; write one 'theme name: [word, word]' per line") from None
    if not isinstance(data, Mapping) or not data:
        raise InputError(
            f"{path}: expected a mapping 'theme name: [word, ...]', got "
            f"{type(data).__name__}; see `vnqual topics --help`"
        )
    themes: dict[str, list[str]] = {}
    for name, words in data.items():
        if isinstance(words, str):
            words = [words]
        if (
            not isinstance(words, Sequence)
            or not words
            or not all(isinstance(w, (str, int, float)) for w in words)
        ):
            raise InputError(
                f"{path}: theme {name!r} must have a non-empty list of words, "
                f"e.g. '{name}: [kinh phí, tài liệu]'"
            )
        terms = [normalize_term(w) for w in words if str(w).strip()]
        themes[str(name)] = list(dict.fromkeys(terms))
    return themes


def seed_indices(themes: Mapping[str, Sequence[str]], vocabulary: Sequence[str]) -> list[list[int]]:
    """Vocabulary indices of each theme's words; warn about words not in the vocabulary."""
    index = {t: i for i, t in enumerate(vocabulary)}
    lower: dict[str, int] = {}
    for t, i in index.items():
        lower.setdefault(t.lower(), i)
    out = []
    for name, words in themes.items():
        found = [lower[w] for w in words if w in lower]
        missing = [w.replace("_", " ") for w in words if w not in lower]
        if missing:
            warnings.warn(
                f"seed words of theme {name!r} not in the vocabulary (too rare, stop "
                f"word or segmented differently): {', '.join(missing)}",
                VnqualWarning,
                stacklevel=3,
            )
        if not found:
            raise ModelError(
                f"no seed word of theme {name!r} occurs in the statements; add "
                f"words that appear at least min_df times or remove the theme"
            )
        out.append(sorted(set(found)))
    return out
