"""Vietnamese function words: the words that never name a theme (labels, top terms, quotes).

Unlike stop words (:mod:`vnqual.text.stopwords`), function words are NOT removed from the
statements before a model is fitted; they are skipped only when vnqual describes a theme. The
shipped list is ``vnqual/data/function_words_vi.txt``, documented in
``vnqual/data/FUNCTION_WORDS.md``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from vnqual.text.stopwords import canonical_form, parse_lines, read_word_list
from vnqual.types import PathLike

DEFAULT_FILE = "function_words_vi.txt"
_DATA = Path(__file__).resolve().parent.parent / "data"


@functools.lru_cache(maxsize=1)
def default_function_words() -> frozenset[str]:
    """The curated list shipped with vnqual, in canonical token form (``chúng_tôi``)."""
    text = (_DATA / DEFAULT_FILE).read_text(encoding="utf-8")
    return frozenset(parse_lines(text.splitlines()))


def load_function_words(path: PathLike) -> frozenset[str]:
    """Read a function-word file (UTF-8, one word or phrase per line, ``#`` comments)."""
    return frozenset(canonical_form(e) for e in read_word_list(path, what="function-word list"))


def function_word_set(function_words: str | PathLike | Iterable[str] | None = "default") -> frozenset[str]:
    """Resolve a ``function_words`` argument to a set of canonical, lower-case entries.

    Parameters
    ----------
    function_words : "default", None, path or iterable of str
        ``"default"``: the shipped list; None: no list; a :class:`~pathlib.Path`: a word-list
        file (replaces the shipped list); otherwise the given words (``"chúng tôi"`` or
        ``"chúng_tôi"``).

    Examples
    --------
    >>> "chúng_tôi" in function_word_set()
    True
    >>> sorted(function_word_set(["Kiểu như", "ạ"]))
    ['kiểu_như', 'ạ']
    """
    if function_words is None:
        return frozenset()
    if isinstance(function_words, str) and function_words == "default":
        return default_function_words()
    if isinstance(function_words, Path):
        return load_function_words(function_words)
    if isinstance(function_words, str):
        raise ValueError(
            f"function_words={function_words!r}: use 'default', None, a Path to a word list "
            "or a list of words"
        )
    words: Iterable[str] = function_words  # type: ignore[assignment]  # not a path or str here
    return frozenset(canonical_form(str(w)) for w in words if str(w).strip())


def is_function_word(term: str, words: frozenset[str]) -> bool:
    """True if the canonical token ``term`` (any case) is in ``words``."""
    return term.lower() in words
