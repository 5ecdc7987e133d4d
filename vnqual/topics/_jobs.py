"""How many worker processes a step of topic fitting may use (a k scan, the restarts of a fit)."""

from __future__ import annotations

#: Statements below which a scan stays in one process (worker start-up costs ~2-4 s).
MIN_STATEMENTS = 5_000


def scan_jobs(jobs: int | None, n_statements: int, n_fits: int) -> int:
    """Worker processes for a scan of ``n_fits`` fits over ``n_statements`` statements."""
    from vnqual.text._words import _busy_cores, default_jobs

    if jobs is not None and int(jobs) > 0:
        return max(1, min(int(jobs), n_fits))
    n = min(default_jobs(), n_fits)
    if n <= 1 or n_statements < MIN_STATEMENTS or _busy_cores() >= default_jobs() - 0.5:
        return 1
    return n
