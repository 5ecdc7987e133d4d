"""What the code models learn from: per statement and code, a target and a weight.

Hand-coded statements give full-weight targets; keyword matches give weak labels
(:func:`weak_labels`); a reviewed statement (:class:`PartialLabel`) gives targets for the codes
the reviewer judged and weak labels for the others. Above a size cap the models are fitted on a
stratified sample of the weakly labelled statements (:func:`fit_rows`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from vnqual.codebook._match import Match

if TYPE_CHECKING:
    from vnqual.codebook._codebook import Codebook

#: Targets: the code does not apply, applies, or is unknown (left out of that code's fit).
UNKNOWN, NEG, POS = -1, 0, 1
#: Revision of the rules that turn keywords and hand-coding into targets; part of the key of a
#: cached ``vnqual tag`` result, so a rerun after a rule change does not return the old codes.
RULES_REVISION = 2
#: Fewest weakly labelled statements kept of each group with the same keyword labels.
MIN_STRATUM = 50
#: Without hand-coding, statements are taken to carry several codes each when keywords match on
#: average at least this many codes per matched statement (UIT-VSFC's single-topic feedback:
#: 1.15; UIT-ViSFD's reviews, 3.1 aspects each: 2.67; the sample roundtables: 2.8).
SEVERAL_MATCHED_CODES = 1.5
#: Then a statement matched by other codes' keywords is a negative example of a code at this
#: fraction of its weight (see :func:`matched_negative_weight`).
MATCHED_NEGATIVE_WEIGHT = 0.1


class PartialLabel(NamedTuple):
    """A statement a reviewer judged code by code (``vnqual review``): ``pos`` codes apply,
    ``neg`` codes do not; other codes are unknown (weak keyword labels, as if unlabelled)."""

    pos: tuple[str, ...]
    neg: tuple[str, ...]


def human_cells(codebook: Codebook, labels: Sequence[list[str] | PartialLabel | None], n: int) -> np.ndarray:
    """Statements x codes: True where a person decided (hand-coded rows: every code; a
    reviewed statement: the codes accepted or rejected). Rows past ``labels``: examples."""
    index = {name: j for j, name in enumerate(codebook.names)}
    human = np.zeros((n, len(index)), dtype=bool)
    for i, lab in enumerate(labels):
        if isinstance(lab, PartialLabel):
            for name in (*lab.pos, *lab.neg):
                human[i, index[name]] = True
        elif lab is not None:
            human[i] = True
    return human


def targets(
    codebook: Codebook,
    labels: Sequence[list[str] | PartialLabel | None],
    hits: Sequence[tuple[list[Match], set[str]]],
    weak_weight: float,
    *,
    unmatched_weight: float,
    several: bool = True,
    matched_negative: float = 1.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Targets (statements x codes: POS, NEG, UNKNOWN) and per-cell sample weights.

    ``several``: weak labels may give a statement several codes (:func:`weak_labels`);
    ``unmatched_weight``: weight of "no code applies" for a statement no keyword matched;
    ``matched_negative``: multiplier of the weight of a weak negative in a statement that
    keywords of other codes matched (:func:`matched_negative_weight`).

    A :class:`PartialLabel` row starts as an unlabelled statement (weak keyword labels);
    its reviewed codes then get full-weight targets: ``pos`` positive, ``neg`` negative.
    """
    cb = codebook
    index = {name: j for j, name in enumerate(cb.names)}
    T = np.full((len(labels), len(cb)), UNKNOWN, dtype=np.int8)
    W = np.ones((len(labels), len(cb)))
    for i, (entry, (found, vetoed)) in enumerate(zip(labels, hits)):
        partial, lab = (entry, None) if isinstance(entry, PartialLabel) else (None, entry)
        weak = weak_labels(found, several) if lab is None else {}
        # A broader code matched less than the main one, beside a narrower code of its own
        # (``khó khăn`` once beside ``đi lại`` twice): the narrower code speaks for it.
        weak = {
            name: share
            for name, share in weak.items()
            if share == 1.0 or not any(name in cb.ancestors(other) for other in weak)
        }
        codes = set(lab) if lab is not None else set(weak)
        if lab is not None or codes:
            T[i] = NEG
            if lab is None:
                W[i] = weak_weight
        elif unmatched_weight > 0:
            # No keyword and no hand-coding: weak evidence that no code applies.
            T[i] = NEG
            W[i] = weak_weight * unmatched_weight
        for name in codes:
            T[i, index[name]] = POS
        for name, share in weak.items():  # weaker positives: see weak_labels
            W[i, index[name]] *= share
        for m in found:  # matched, not a weak label: neither positive nor negative
            if lab is None and m.key not in codes:
                T[i, index[m.key]] = UNKNOWN
        # A code's ancestors are neither confirmed nor ruled out by coding the child.
        for name in codes:
            for anc in cb.ancestors(name):
                if anc not in codes:
                    T[i, index[anc]] = UNKNOWN
        if lab is None and codes and matched_negative != 1.0:
            # Vetoed codes keep their weight: an exclude pattern is the codebook's own word.
            others = (T[i] == NEG) & ~np.isin(cb.names, list(vetoed))
            W[i, others] *= matched_negative
        for name in vetoed:
            T[i, index[name]] = NEG
        if partial is not None:  # the reviewer's word overrides the weak labels
            for name in partial.pos:
                for anc in cb.ancestors(name):
                    if anc not in partial.pos and anc not in partial.neg:
                        T[i, index[anc]] = UNKNOWN
            for name, target in [(n, NEG) for n in partial.neg] + [(n, POS) for n in partial.pos]:
                T[i, index[name]] = target
                W[i, index[name]] = 1.0
    return T, W


def weak_labels(found: Sequence[Match], several: bool = True) -> dict[str, float]:
    """Weak labels from keyword matches: code -> weight of the positive example.

    A statement that says ``thầy`` twice and ``bài tập`` once is mainly about the lecturer,
    and also about the exercises. ``several`` (statements may carry several codes): every
    matched code is a positive example, weighted by its share of the matches of the statement's
    most matched code (the lecturer 1, the exercises 0.5). Otherwise only the most matched
    codes are positive (the others are left unknown). Measured (``benchmarks/codebook.md``):
    on UIT-ViSFD (3.1 aspects per comment) with the codebook alone, shares raise the macro-F1
    of ``applies`` from 0.654 to 0.713; on single-label UIT-VSFC with hand-coded rows they
    cost about 0.01 -- hence :func:`several_codes`.
    """
    if not found:
        return {}
    counts = Counter(m.key for m in found)
    most = max(counts.values())
    if not several:
        return {key: 1.0 for key, n in counts.items() if n == most}
    return {key: n / most for key, n in counts.items()}


def several_codes(labels: Sequence[list[str] | PartialLabel | None]) -> bool:
    """Whether statements may carry several codes: what the hand-coding shows (more than 1.1
    codes per coded statement that has any), and True when nothing is hand-coded (a
    roundtable turn often speaks to several codes)."""
    sizes = [len(lab) for lab in labels if isinstance(lab, list) and lab]
    return not sizes or sum(sizes) / len(sizes) > 1.1


def matched_negative_weight(
    labels: Sequence[list[str] | PartialLabel | None], hits: Sequence[tuple[list[Match], set[str]]]
) -> float:
    """Weight multiplier of a weak negative in a statement that other codes' keywords matched.

    Without hand-coding, when keywords match :data:`SEVERAL_MATCHED_CODES` or more codes per
    matched statement, statements speak to several codes each, and a keyword list never names
    them all: a review matched by ``pin`` and ``camera`` may well judge the price in other
    words. Its missing keywords are then weak evidence against the other codes
    (:data:`MATCHED_NEGATIVE_WEIGHT`). Measured (``benchmarks/codebook.md``): UIT-ViSFD with
    the codebook alone, macro-F1 of ``applies`` 0.713 -> 0.727; with hand-coded rows (whose
    thresholds are learned) the full weight is better, and single-topic UIT-VSFC, where a
    missing keyword is a fair negative, does not reach the rule. Otherwise 1.
    """
    if any(lab is not None for lab in labels):
        return 1.0
    matched = [len({m.key for m in found}) for found, _ in hits if found]
    if matched and sum(matched) / len(matched) >= SEVERAL_MATCHED_CODES:
        return MATCHED_NEGATIVE_WEIGHT
    return 1.0


def positive_codes(label: list[str] | PartialLabel | None) -> list[str]:
    """Codes a person gave a statement (a reviewed statement: the accepted ones)."""
    if isinstance(label, PartialLabel):
        return list(label.pos)
    return list(label or [])


def fit_rows(
    T: np.ndarray, human: np.ndarray, n_statements: int, cap: int, seed: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """Rows the model is fitted on, and each row's weight multiplier.

    Up to ``cap`` rows: all of them (multiplier 1). Above it, every hand-coded statement and
    codebook example (rows from ``n_statements`` on) is kept, and the weakly labelled statements
    are sampled within strata of equal weak labels (each stratum keeps at least
    :data:`MIN_STRATUM` rows, or all it has), each sampled row standing for ``size / taken``
    statements of its stratum -- so every code's weak positives and negatives keep their total
    weight, and rare codes keep their examples.
    """
    n = len(T)
    if n <= cap:
        return np.arange(n), np.ones(n)
    keep = np.asarray(human.any(axis=1), dtype=bool)
    keep[n_statements:] = True
    must = np.flatnonzero(keep)
    weak = np.flatnonzero(~keep)
    budget = max(cap - len(must), cap // 2)
    frac = min(1.0, budget / max(1, len(weak)))
    scale = np.ones(n)
    _, stratum = np.unique(T[weak], axis=0, return_inverse=True)
    rng = np.random.default_rng(seed)
    chosen = [must]
    for s in range(int(stratum.max()) + 1 if len(weak) else 0):
        members = weak[stratum.ravel() == s]
        take = min(len(members), max(MIN_STRATUM, round(len(members) * frac)))
        picked = np.sort(rng.choice(members, take, replace=False))
        scale[picked] = len(members) / take
        chosen.append(picked)
    rows = np.sort(np.concatenate(chosen))
    return rows, scale[rows]
