"""Words that distinguish each group from the rest: weighted log-odds with an informative prior."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from vnqual.errors import InputError
from vnqual.features import term_matrix
from vnqual.keywords._input import (
    GROUP,
    group_labels,
    indicator,
    resolve_tokens,
    term_columns,
)

if TYPE_CHECKING:
    from vnqual.corpus import Corpus

LOG_ODDS_COLUMNS = ("group", "rank", "term", "token", "count_group", "count_rest", "log_odds", "z")

#: Default prior strength, as a share of the corpus' tokens (alpha0 = share * n_tokens).
DEFAULT_PRIOR_SHARE = 0.1


def log_odds_vs_rest(
    group_counts: np.ndarray, totals: np.ndarray, alpha0: float, background: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio of a group's word counts against the rest of the corpus, and its z-score.

    Monroe, Colaresi & Quinn (2008), "Fightin' words", eq. 16 and 18-20: with ``y`` the counts of
    the group, ``y'`` those of the rest, ``n``/``n'`` their totals and the informative Dirichlet
    prior ``a_w = alpha0 * background_w / sum(background)``::

        delta_w = log((y_w + a_w) / (n + alpha0 - y_w - a_w))
                - log((y'_w + a_w) / (n' + alpha0 - y'_w - a_w))
        var_w   = 1 / (y_w + a_w) + 1 / (y'_w + a_w)
        z_w     = delta_w / sqrt(var_w)

    Parameters
    ----------
    group_counts : ndarray of shape (n_terms,) or (n_groups, n_terms)
    totals : ndarray of shape (n_terms,)
        Counts in the whole corpus (group + rest).
    alpha0 : float
        Total prior pseudo-count: larger values shrink rare words more.
    background : ndarray of shape (n_terms,), optional
        Counts giving the prior's shape; default ``totals``. Must be > 0 for every term.

    Returns
    -------
    rest_counts, delta, z : ndarray shaped like ``group_counts``
    """
    y = np.asarray(group_counts, dtype=np.float64)
    totals = np.asarray(totals, dtype=np.float64)
    background = totals if background is None else np.asarray(background, dtype=np.float64)
    alpha = alpha0 * background / background.sum()
    rest = totals - y
    n_group = y.sum(axis=-1, keepdims=True)
    n_rest = rest.sum(axis=-1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = (
            np.log(y + alpha)
            - np.log(n_group + alpha0 - y - alpha)
            - np.log(rest + alpha)
            + np.log(n_rest + alpha0 - rest - alpha)
        )
        z = delta / np.sqrt(1.0 / (y + alpha) + 1.0 / (rest + alpha))
    return rest, delta, z


def log_odds(
    data: Corpus | Sequence[Sequence[str]],
    *,
    by: str,
    frame: pd.DataFrame | None = None,
    alpha0: float | None = None,
    top: int | None = 20,
    min_count: int = 1,
    token_options: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Words that distinguish each group from all other statements (weighted log-odds, z-scores).

    The prior is the whole corpus' word distribution scaled to ``alpha0`` pseudo-tokens, so a
    word seen twice in a small group does not beat a word seen 40 times in a large one: ``z``
    accounts for the variance (Monroe, Colaresi & Quinn 2008, see :func:`log_odds_vs_rest`).

    Parameters
    ----------
    data : Corpus or sequence of list of str
        A corpus (tokenised with ``token_options``) or analysis tokens, one list per statement.
    by : str
        Column whose values form the groups (``site``, ``role``, ``topic``...).
    frame : pandas.DataFrame, optional
        Statement rows matching token lists (with the ``by`` column); unused with a Corpus.
    alpha0 : float, optional
        Prior strength in pseudo-tokens. Default: a tenth of the corpus' tokens, so the prior
        weighs the same relative to the data whatever the corpus size. Larger values shrink
        rare words more (a word needs many uses to stand out); smaller values approach the
        unsmoothed log-odds ratio.
    top : int or None
        Terms kept per group, highest ``z`` first (None: every term the group uses).
    min_count : int
        Only report terms used at least this often in the group.
    token_options : mapping, optional
        Keyword arguments of :func:`vnqual.text.tokenize`.

    Returns
    -------
    pandas.DataFrame
        ``group, rank, term, token, count_group, count_rest, log_odds, z`` sorted by group and
        decreasing ``z``. ``log_odds`` > 0: the word is relatively more frequent in the group
        than in the rest; ``|z|`` > 1.96 is the usual "clearly different" threshold.

    Raises
    ------
    InputError
        If ``by`` is not a column or has fewer than two groups.

    Examples
    --------
    >>> import pandas as pd
    >>> toks = [["đường", "xa", "bản"], ["tiếng", "dân_tộc", "xa"],
    ...         ["chuyển_đổi_số", "trực_tuyến"], ["chuyển_đổi_số", "tài_liệu"]]
    >>> frame = pd.DataFrame({"site": ["Lai Châu", "Lai Châu", "Quảng Nam", "Quảng Nam"]})
    >>> res = log_odds(toks, by="site", frame=frame, top=1)
    >>> res[["group", "term", "count_group", "count_rest"]]
           group           term  count_group  count_rest
    0   Lai Châu             xa            2           0
    1  Quảng Nam  chuyển đổi số            2           0
    """
    if alpha0 is not None and alpha0 <= 0:
        raise InputError(f"alpha0 must be > 0, got {alpha0}")
    frame, tokens = resolve_tokens(data, frame, token_options)
    codes, names = group_labels(frame, by)
    if len(names) < 2:
        raise InputError(
            f"log-odds compares groups, but column {by!r} has {len(names)} "
            "non-empty value(s); choose a column with at least two values"
        )
    counts, terms = term_matrix(tokens)
    group_counts = (indicator(codes, len(names)) @ counts).tocsc()
    totals = np.asarray(group_counts.sum(axis=0)).ravel()
    used = np.flatnonzero(totals > 0)  # terms only in skipped statements take no part
    group_counts, terms, totals = group_counts[:, used].tocsr(), terms[used], totals[used]
    if alpha0 is None:
        alpha0 = DEFAULT_PRIOR_SHARE * float(totals.sum())
    frames = []
    for g, name in enumerate(names):  # one dense row at a time: memory O(n_terms)
        y = group_counts[g].toarray().ravel()
        rest, delta, z = log_odds_vs_rest(y, totals, alpha0)
        idx = np.flatnonzero(y >= max(min_count, 1))
        # Highest z first; ties by count, then alphabetically (terms are sorted).
        idx = idx[np.lexsort((idx, -y[idx], -z[idx]))]
        if top is not None:
            idx = idx[:top]
        frames.append(
            pd.DataFrame(
                {
                    GROUP: name,
                    "rank": np.arange(1, idx.size + 1),
                    **term_columns(terms[idx]),
                    "count_group": y[idx].astype(np.int64),
                    "count_rest": rest[idx].astype(np.int64),
                    "log_odds": delta[idx],
                    "z": z[idx],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
