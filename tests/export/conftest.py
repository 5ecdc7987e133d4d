"""Fixtures of the export tests: a hand-made `vnqual tag` output folder."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest


def load_coded_fixture():
    """The ``coded_fixture`` module (loaded by path: test folders are not packages)."""
    name = "vnqual_tests_coded_fixture"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("coded_fixture.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture()
def coded_dir(tmp_path):
    return load_coded_fixture().make_coded_dir(tmp_path / "ma_hoa")


@pytest.fixture()
def corpus():
    return load_coded_fixture().make_corpus()
