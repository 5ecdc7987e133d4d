"""The package surface a notebook user meets: attributes after a bare ``import vnqual``."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_subpackages_and_estimators_are_attributes_of_a_bare_import():
    code = (
        "import vnqual, vnqual.topics as t; "
        "print(vnqual.agreement.compare.__name__, vnqual.export.to_xlsx.__name__, "
        "vnqual.keywords.kwic.__name__, vnqual.TopicModel.__name__, "
        "'TopicModel' in dir(t), 'agreement' in dir(vnqual))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["compare", "to_xlsx", "kwic", "TopicModel", "True", "True"]


def test_topic_model_explains_how_to_pass_texts():
    from vnqual.topics import TopicModel

    with pytest.raises(TypeError, match=r"got texts; segment them first: .*vnqual\.tokenize"):
        TopicModel(2).fit(["Kinh phí còn thiếu.", "Đường xa."])
