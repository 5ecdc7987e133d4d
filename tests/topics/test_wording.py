"""Say what the numbers mean: coherence explained and weak themes flagged, not hidden."""

from __future__ import annotations

import pandas as pd

from vnqual.topics._coherence import NPMI_NOTE, NPMI_NOTE_VI, coherence_flag


def _info():
    return pd.DataFrame(
        {
            "topic": [0, 1],
            "size": [6, 4],
            "label": ["kinh phí bồi dưỡng / ngân sách", "đường / mùa mưa"],
            "top_terms": ["kinh phí, bồi dưỡng, ngân sách", "đường, mùa, mưa"],
            "coherence": [0.21, -0.05],
        }
    )


def test_flag_in_plain_words():
    assert coherence_flag(-0.0001) == "weak"
    assert coherence_flag(0.0) == "ok"
    assert coherence_flag(0.4) == "ok"


def test_printed_table_explains_npmi_and_marks_weak_theme():
    from vnqual.jobs.topics import TopicsResult

    doc_topics = pd.DataFrame({"statement_id": [f"s{i}" for i in range(10)], "topic": [0] * 6 + [1] * 4})
    quotes = pd.DataFrame(columns=["topic", "rank", "text", "speaker", "statement_id"])
    text = TopicsResult(_info(), doc_topics, quotes, "x.csv", "dmm", "k=2", 10).render()
    lines = text.splitlines()
    assert any(line.startswith("[1] đường / mùa mưa") and "coherence -0.050 weak" in line for line in lines)
    assert any(line.startswith("[0] kinh phí") and "+0.210" in line and "weak" not in line for line in lines)
    assert " ".join(NPMI_NOTE.split()) in " ".join(text.split())


def test_topics_csv_has_the_flag():
    from vnqual.topics._tables import topics_table

    assert list(topics_table(_info())["coherence_flag"]) == ["ok", "weak"]


def test_report_table_explains_npmi_and_marks_weak_theme():
    from vnqual.report._data import ReportData
    from vnqual.report._html import _themes
    from vnqual.report._templates import render

    data = ReportData(title="t", overview={}, documents=pd.DataFrame(), topics=_info())
    html = render("report/chu-de.html", themes=_themes(data))
    # the flag in the summary table and in the theme's heading, plus the note
    assert "(yếu / weak)" in html and html.count("weak") == 3
    assert "Độ gắn kết (NPMI" in html and NPMI_NOTE_VI[:20] in html
