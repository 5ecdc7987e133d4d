from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="session")
def sample_corpus(sample_corpus_dir: Path) -> Any:
    """Participants' statements of the bundled sample corpus (facilitator kept: role filter tests)."""
    import vnqual

    return vnqual.read_corpus(sample_corpus_dir).exclude_roles(["unattributed"])
