"""The k scan on two worker processes gives exactly what one process gives."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.topics._data import planted
from vnqual.topics._parallel import scan_jobs
from vnqual.topics._select import scan_k


def test_scan_on_two_workers_equals_one_process():
    docs, _ = planted(20)
    ids = [f"s{i}" for i in range(len(docs))]
    doc_ids = [f"d{i % 4}" for i in range(len(docs))]
    one = scan_k(docs, [2, 3, 4], n_seeds=2, random_state=5, statement_ids=ids, doc_ids=doc_ids, jobs=1)
    two = scan_k(docs, [2, 3, 4], n_seeds=2, random_state=5, statement_ids=ids, doc_ids=doc_ids, jobs=2)
    pd.testing.assert_frame_equal(one[0], two[0])
    assert one[1].n_topics_ == two[1].n_topics_
    assert one[1].topic_terms_ == two[1].topic_terms_
    assert np.array_equal(one[1].doc_topic_, two[1].doc_topic_)
    pd.testing.assert_frame_equal(one[1].topic_info(), two[1].topic_info())


def test_small_scans_stay_in_one_process():
    assert scan_jobs(None, 300, 30) == 1
    assert scan_jobs(2, 300, 30) == 2
    assert scan_jobs(8, 300, 3) == 3
