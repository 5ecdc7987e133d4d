"""A linear-chain CRF in CRFsuite format: model file reader, feature templates, Viterbi.

Feature templates follow underthesea's syntax (``T[-1,0].lower``: the words at offsets -1..0
joined by a space, lower-cased; ``T[-2][1]``: column 1 at offset -2). Windows outside the
sentence give the value ``BOS``/``EOS``, as in underthesea's featurisers.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Sequence
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np

_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(\w+))?$")
_CACHE_LIMIT = 400_000  # entries per n-gram cache before it is emptied (bounds worker memory)


# ----------------------------------------------------------------------------- model file
#: Positions tagged in one batch by :meth:`CRFTagger.tag_many` (bounds its temporary arrays:
#: positions x templates x labels floats).
_BATCH_POSITIONS = 4096


def _cqdb_strings(data: bytes, offset: int, count: int) -> list[str]:
    """Strings 0..count-1 of a CQDB chunk (CRFsuite's string <-> id database)."""
    magic, _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<4sIIIII", data, offset)
    if magic != b"CQDB":
        raise ValueError("not a CQDB chunk")
    links = struct.unpack_from(f"<{bwd_size}I", data, offset + bwd_offset)
    out = []
    for i in range(count):
        pos = offset + links[i]
        _id, ksize = struct.unpack_from("<II", data, pos)
        out.append(data[pos + 8 : pos + 7 + ksize].decode("utf-8"))
    return out


def read_crfsuite(path: str | Path) -> tuple[list[str], dict[str, int], np.ndarray, np.ndarray]:
    """Read a CRFsuite model: labels, attribute ids, state weights (attrs x labels), transitions."""
    data = Path(path).read_bytes()
    (
        magic,
        _size,
        mtype,
        _version,
        _nf,
        n_labels,
        n_attrs,
        off_feat,
        off_labels,
        off_attrs,
        _off_lref,
        _off_aref,
    ) = struct.unpack_from("<4sI4sIIIIIIIII", data, 0)
    if magic != b"lCRF" or mtype != b"FOMC":
        raise ValueError(f"{path}: not a CRFsuite 1st-order model")
    chunk, _csize, n_feat = struct.unpack_from("<4sII", data, off_feat)
    if chunk != b"FEAT":
        raise ValueError(f"{path}: no feature chunk")
    feats = np.frombuffer(
        data,
        dtype=np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("w", "<f8")]),
        count=n_feat,
        offset=off_feat + 12,
    )
    labels = _cqdb_strings(data, off_labels, n_labels)
    attrs = _cqdb_strings(data, off_attrs, n_attrs)
    state = np.zeros((n_attrs + 1, n_labels))  # last row: unknown attribute, all zeros
    trans = np.zeros((n_labels, n_labels))
    is_state = feats["type"] == 0
    np.add.at(state, (feats["src"][is_state], feats["dst"][is_state]), feats["w"][is_state])
    is_trans = feats["type"] == 1
    np.add.at(trans, (feats["src"][is_trans], feats["dst"][is_trans]), feats["w"][is_trans])
    return labels, {a: i for i, a in enumerate(attrs)}, state, trans


class _Rows:
    """A growing table of int64 rows of a fixed width (amortised doubling)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.clear()

    def clear(self) -> None:
        self._data = np.zeros((16, self.width), dtype=np.int64)
        self.n = 0

    @property
    def rows(self) -> np.ndarray:
        return self._data[: self.n]

    def add(self, row: Sequence[int]) -> int:
        """Append ``row``; return its index."""
        if self.n == len(self._data):
            self._data = np.concatenate([self._data, np.zeros_like(self._data)])
        self._data[self.n] = row
        self.n += 1
        return self.n - 1


class _Template:
    __slots__ = ("name", "lo", "hi", "column", "func", "index")

    def __init__(self, name: str, funcs: dict[str, Callable[[str], str]]) -> None:
        m = _TEMPLATE.match(name)
        if m is None:
            raise ValueError(f"unsupported CRF feature template {name!r}")
        self.name = name
        self.lo = int(m.group(1))
        self.hi = int(m.group(2)) if m.group(2) is not None else self.lo
        self.column = int(m.group(3) or 0)
        func = m.group(4)
        if func is not None and func not in funcs:
            raise ValueError(f"unsupported CRF feature function {func!r}")
        self.func = funcs[func] if func else None
        self.index = 0

    def edge(self, left: int, right: int) -> str | None:
        """BOS/EOS value at a position with ``left`` items before it and ``right`` after it."""
        if self.lo < -left:
            return "BOS"
        if self.lo > right or self.hi > right:
            return "EOS"
        return None


class CRFTagger:
    """One underthesea CRF model with its feature templates.

    Parameters
    ----------
    model_file : path
        CRFsuite model.
    templates : list of str
        Feature templates (``T[-1,0].lower``...), as underthesea uses them for this model.
    funcs : dict
        Feature functions by name (their semantics differ between underthesea's Rust and
        Python featurisers).
    """

    def __init__(
        self, model_file: str | Path, templates: Sequence[str], funcs: dict[str, Callable[[str], str]]
    ) -> None:
        self.labels, self._attr, self._state, self._trans = read_crfsuite(model_file)
        self._templates = [_Template(t, funcs) for t in templates]
        for k, t in enumerate(self._templates):
            t.index = k
        self._tdiff: list[dict[str, float]] | None = None
        self._unknown = len(self._state) - 1
        # group templates by (window, column): one cache lookup serves a whole group
        groups: dict[tuple[int, int, int], list[_Template]] = {}
        for t in self._templates:
            groups.setdefault((t.lo, t.hi, t.column), []).append(t)
        self._groups = list(groups.items())
        self._caches: list[dict[Any, list[int]]] = [{} for _ in self._groups]
        # for tag_many: window value -> row of a table of attribute ids, per group
        self._row_caches: list[dict[Any, int]] = [{} for _ in self._groups]
        self._tables = [_Rows(len(temps)) for _, temps in self._groups]
        self._edge_cache: dict[tuple[int, int], list[int]] = {}
        self._edge_diffs: dict[tuple[int, int], float] = {}
        self._len_caches: dict[int, dict[Any, tuple[Any, ...]]] = {}
        self._reach = max(max(-t.lo, t.hi) for t in self._templates)
        n = len(self.labels)
        self._trans_list = self._trans.tolist()
        self._n_labels = n
        # two labels (word segmentation): the decision only depends on the difference
        if n == 2:
            self._diff = (self._state[:, 1] - self._state[:, 0]).tolist()

    def clear_caches(self) -> None:
        """Forget cached n-gram scores (for cold-run benchmarks)."""
        for cache in self._caches:
            cache.clear()
        for rows_of, table in zip(self._row_caches, self._tables):
            rows_of.clear()
            table.clear()
        for len_cache in self._len_caches.values():
            len_cache.clear()
        self._edge_cache.clear()
        self._edge_diffs.clear()

    def _ids(self, template: _Template, value: str) -> int:
        text = template.func(value) if template.func else value
        return self._attr.get(f"{template.name}={text}", self._unknown)

    def _edge_ids(self, left: int, right: int) -> list[int]:
        key = (min(left, self._reach + 1), min(right, self._reach + 1))
        ids = self._edge_cache.get(key)
        if ids is None:
            ids = []
            for t in self._templates:
                edge = t.edge(left, right)
                if edge is not None:
                    ids.append(self._attr.get(f"{t.name}={edge}", self._unknown))
            self._edge_cache[key] = ids
        return ids

    def _attribute_ids(self, rows: Sequence[Sequence[str]]) -> list[list[int]]:
        """Attribute ids of every position (the features underthesea would generate)."""
        n = len(rows)
        reach = self._reach
        out: list[list[int]] = [
            list(self._edge_ids(i, n - 1 - i)) if (i < reach or i >= n - reach) else [] for i in range(n)
        ]
        cols = list(zip(*rows))
        for g, ((lo, hi, col), temps) in enumerate(self._groups):
            first, stop = max(0, -lo), min(n, n - hi)  # positions whose window is inside
            if first >= stop:
                continue
            column = cols[col]
            if lo == hi:
                keys: Sequence[Any] = column[first + lo : stop + lo]
            else:
                keys = list(zip(*(column[first + lo + k : stop + lo + k] for k in range(hi - lo + 1))))
            cache = self._caches[g]
            get = cache.get
            for i, key in zip(range(first, stop), keys):
                got = get(key)
                if got is None:
                    text = key if lo == hi else " ".join(key)
                    got = [self._ids(t, text) for t in temps]
                    if len(cache) > _CACHE_LIMIT:
                        cache.clear()
                        get = cache.get
                    cache[key] = got
                out[i].extend(got)
        return out

    def _attribute_matrix(self, sentences: Sequence[Sequence[Sequence[str]]], n: int) -> np.ndarray:
        """:meth:`_attribute_ids` of sentences of length ``n`` as one array (sentences x
        positions x templates), each position's ids in the same order: the window values of a
        template group are looked up for all sentences at once, and the positions away from
        the edges (no BOS/EOS features, every group inside) are filled a group at a time."""
        m, reach = len(sentences), self._reach
        per_group: list[np.ndarray | None] = []
        for g, ((lo, hi, col), temps) in enumerate(self._groups):
            first, stop = max(0, -lo), min(n, n - hi)
            if first >= stop:
                per_group.append(None)
                continue
            if lo == hi:
                keys: list[Any] = [r[col] for rows in sentences for r in rows[first + lo : stop + lo]]
            else:
                keys = []
                for rows in sentences:
                    column = [r[col] for r in rows]
                    keys.extend(zip(*(column[first + lo + k : stop + lo + k] for k in range(hi - lo + 1))))
            rows_of, table = self._row_caches[g], self._tables[g]
            if len(rows_of) > _CACHE_LIMIT:  # forget, as the other caches do (a batch at a time)
                rows_of.clear()
                table.clear()
            at = np.fromiter(map(rows_of.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
            for j in np.flatnonzero(at < 0).tolist():
                key = keys[j]
                row = rows_of.get(key)
                if row is None:
                    text = key if lo == hi else " ".join(key)
                    row = rows_of[key] = table.add([self._ids(t, text) for t in temps])
                at[j] = row
            per_group.append(table.rows[at].reshape(m, stop - first, len(temps)))
        idx = np.empty((m, n, len(self._templates)), dtype=np.int64)
        inner_a, inner_b = reach, n - reach
        if inner_a < inner_b:  # every group inside, no edge features: groups side by side
            c = 0
            for ((lo, _hi, _col), temps), arr in zip(self._groups, per_group):
                first = max(0, -lo)
                assert arr is not None
                idx[:, inner_a:inner_b, c : c + len(temps)] = arr[:, inner_a - first : inner_b - first]
                c += len(temps)
        for p in range(n):
            if inner_a <= p < inner_b:
                continue
            edge = self._edge_ids(p, n - 1 - p)
            idx[:, p, : len(edge)] = edge
            c = len(edge)
            for ((lo, hi, _col), temps), arr in zip(self._groups, per_group):
                first, stop = max(0, -lo), min(n, n - hi)
                if arr is not None and first <= p < stop:
                    idx[:, p, c : c + len(temps)] = arr[:, p - first]
                    c += len(temps)
            if c != idx.shape[2]:  # pragma: no cover - every position has one id per template
                raise ValueError("CRF features do not cover every template")
        return idx

    def tag(self, rows: Sequence[Sequence[str]]) -> list[str]:
        """Labels of a sentence; ``rows[i]`` holds the columns of item i (word[, pos, ...])."""
        if not rows:
            return []
        if self._n_labels == 2 and all(t.column == 0 for t in self._templates):
            return [self.labels[y] for y in self.tag_batch([[r[0] for r in rows]])[0]]
        idx = np.array(self._attribute_ids(rows), dtype=np.int64)  # one id per template
        path = _viterbi(self._state[idx].sum(axis=1), self._trans)
        return [self.labels[y] for y in path]

    def tag_many(self, sentences: Sequence[Sequence[Sequence[str]]]) -> list[list[str]]:
        """``[self.tag(rows) for rows in sentences]``, with the same numbers, batched: the
        emissions of all positions in one numpy sum, and one Viterbi per sentence length over
        every sentence of that length at once (the same additions and first-maximum choices as
        :func:`_viterbi`, sentence by sentence)."""
        if self._n_labels == 2 and all(t.column == 0 for t in self._templates):
            return [self.tag(rows) for rows in sentences]
        out: list[list[str]] = [[] for _ in sentences]
        by_len: dict[int, list[int]] = {}
        for i, rows in enumerate(sentences):
            if rows:
                by_len.setdefault(len(rows), []).append(i)
        if not by_len:
            return out
        labels = self.labels
        for n, same_length in sorted(by_len.items()):
            step = max(1, _BATCH_POSITIONS // n)
            for a in range(0, len(same_length), step):
                members = same_length[a : a + step]
                idx = self._attribute_matrix([sentences[i] for i in members], n)
                emission = self._state[idx].sum(axis=2)  # sentences x positions x labels
                for i, path in zip(members, _viterbi_many(emission, self._trans)):
                    out[i] = [labels[y] for y in path]
        return out

    # -- two labels, one column (word segmentation): whole batches at once -----------------
    def _window_classes(self) -> list[tuple[int, list[tuple[int, list[_Template]]]]]:
        by_len: dict[int, list[tuple[int, list[_Template]]]] = {}
        for (lo, hi, _col), temps in self._groups:
            by_len.setdefault(hi - lo + 1, []).append((lo, temps))
        return sorted(by_len.items())

    def _template_diffs(self) -> list[dict[str, float]]:
        """For every template: feature value -> score difference (label 1 - label 0)."""
        if self._tdiff is None:
            by_name: dict[str, dict[str, float]] = {t.name: {} for t in self._templates}
            diff = self._diff
            for attr, i in self._attr.items():
                name, _, value = attr.partition("=")
                if name in by_name:
                    by_name[name][value] = diff[i]
            self._tdiff = [by_name[t.name] for t in self._templates]
        return self._tdiff

    def _plan(
        self, groups: list[tuple[int, list[_Template]]]
    ) -> tuple[list[Callable[[str], str]], list[list[tuple[dict[str, float], int]]]]:
        """Functions a window class needs, and per group: (value -> score, function slot)."""
        tdiff = self._template_diffs()
        funcs: list[Callable[[str], str]] = []
        plan = []
        for _lo, temps in groups:
            row = []
            for t in temps:
                if t.func is None:
                    slot = 0
                else:
                    if t.func not in funcs:
                        funcs.append(t.func)
                    slot = funcs.index(t.func) + 1
                row.append((tdiff[t.index], slot))
            plan.append(row)
        return funcs, plan

    @staticmethod
    def _window_value(
        text: str, funcs: list[Callable[[str], str]], plan: list[list[tuple[dict[str, float], int]]]
    ) -> tuple[float, ...]:
        values = [text]
        values.extend([f(text) for f in funcs])
        out = []
        for row in plan:
            total = 0.0
            for scores, slot in row:
                total += scores.get(values[slot], 0.0)
            out.append(total)
        return tuple(out)

    def tag_batch(self, sentences: Sequence[Sequence[str]]) -> list[list[int]]:
        """Label ids of many single-column sentences (two-label models only).

        All sentences are laid end to end with ``reach`` empty slots between them, so every
        feature window is scored once with numpy shifts; windows that touch an empty slot are
        replaced by underthesea's BOS/EOS features through the edge table.
        """
        if self._n_labels != 2:
            raise ValueError("tag_batch needs a two-label model")
        self._template_diffs()
        reach = self._reach
        seq: list[str | None] = [None] * reach
        for s in sentences:
            seq.extend(s)
            seq.extend([None] * reach)
        total = len(seq)
        emission = np.zeros(total)
        for length, groups in self._window_classes():
            cache = self._len_caches.setdefault(length, {})
            if length == 1:
                keys: list[Any] = seq
            else:
                keys = list(zip(*(seq[k:] for k in range(length))))
            get = cache.get
            vals = [get(k) for k in keys]
            funcs, plan = self._plan(groups)
            zeros = (0.0,) * len(groups)
            for j, v in enumerate(vals):
                if v is None:
                    key = keys[j]
                    v = get(key)
                    if v is None:
                        if key is None or (length > 1 and None in key):
                            v = zeros
                        else:
                            text = key if length == 1 else " ".join(key)
                            v = self._window_value(text, funcs, plan)
                        if len(cache) > _CACHE_LIMIT:
                            cache.clear()
                            get = cache.get
                        cache[key] = v
                    vals[j] = v
            table = np.array(vals, dtype=float).reshape(len(keys), len(groups))
            for g, (lo, _temps) in enumerate(groups):
                # window starting at position i + lo scores position i
                a, b = max(0, -lo), min(total, len(keys) - lo)
                emission[a:b] += table[a + lo : b + lo, g]
        # positions near a sentence edge: BOS/EOS features
        out: list[list[int]] = []
        em = emission.tolist()
        pos = reach
        trans = self._trans_list
        for s in sentences:
            n = len(s)
            if n == 0:
                out.append([])
                pos += reach
                continue
            d = em[pos : pos + n]
            for i in list(range(min(reach, n))) + list(range(max(reach, n - reach), n)):
                d[i] += self._edge_diff(i, n - 1 - i)
            out.append(_viterbi2(d, trans))
            pos += n + reach
        return out

    def _edge_diff(self, left: int, right: int) -> float:
        key = (min(left, self._reach + 1), min(right, self._reach + 1))
        val = self._edge_diffs.get(key)
        if val is None:
            val = self._edge_diffs[key] = sum(self._diff[a] for a in self._edge_ids(left, right))
        return val


def _viterbi2(diff: list[float], trans: list[list[float]]) -> list[int]:
    """Viterbi for two labels with emissions (0, diff[t]); ties go to label 0 as in Rust."""
    (t00, t01), (t10, t11) = trans
    s0, s1 = 0.0, diff[0]
    back: list[tuple[int, int]] = []
    for d in diff[1:]:
        a, b = s0 + t00, s1 + t10
        p0, n0 = (1, b) if b > a else (0, a)
        a, b = s0 + t01, s1 + t11
        p1, n1 = (1, b) if b > a else (0, a)
        back.append((p0, p1))
        s0, s1 = n0, n1 + d
    y = 1 if s1 > s0 else 0
    path = [y]
    for p in reversed(back):
        y = p[y]
        path.append(y)
    path.reverse()
    return path


def _viterbi(emission: np.ndarray, trans: np.ndarray) -> list[int]:
    n = len(emission)
    score = emission[0].copy()
    back = np.zeros((n, emission.shape[1]), dtype=np.int64)
    cols = np.arange(emission.shape[1])
    for t in range(1, n):
        cand = score[:, None] + trans
        best = cand.argmax(axis=0)  # first maximum, like Rust's strict '>'
        back[t] = best
        score = cand[best, cols] + emission[t]
    y = int(score.argmax())
    path = [y]
    for t in range(n - 1, 0, -1):
        y = int(back[t, y])
        path.append(y)
    path.reverse()
    return path


def _viterbi_many(emission: np.ndarray, trans: np.ndarray) -> list[list[int]]:
    """:func:`_viterbi` of every sentence of ``emission`` (sentences x positions x labels, all
    sentences of one length) at once."""
    m, n, n_labels = emission.shape
    score = emission[:, 0].copy()
    back = np.zeros((m, n, n_labels), dtype=np.int64)
    rows = np.arange(m)[:, None]
    cols = np.arange(n_labels)[None, :]
    for t in range(1, n):
        cand = score[:, :, None] + trans  # sentence x previous label x label
        best = cand.argmax(axis=1)  # first maximum, like Rust's strict '>'
        back[:, t] = best
        score = cand[rows, best, cols] + emission[:, t]
    y = score.argmax(axis=1)
    path = np.empty((m, n), dtype=np.int64)
    path[:, n - 1] = y
    every = np.arange(m)
    for t in range(n - 1, 0, -1):
        y = back[every, t, y]
        path[:, t - 1] = y
    return path.tolist()
