from __future__ import annotations

import numpy as np

from vnqual.text.function_words import default_function_words
from vnqual.topics._quotes import content_words, is_question, select_quotes, substance

FW = default_function_words()


def _stmt(text: str) -> list[str]:
    """Analysis tokens as the tokenizer would give them for these fixtures (words joined by _)."""
    words = {"kinh phí", "bồi dưỡng", "ngân sách", "học viên", "đi lại", "chi trả", "cán bộ", "tài liệu"}
    low = text.lower()
    toks = [w.replace(" ", "_") for w in words if w in low]
    toks += [w for w in ("thiếu", "xã", "tỉnh", "hỗ_trợ", "chậm", "lớp") if w in low]
    return sorted(toks)


ROWS = [  # text, speaker, doc, role
    (
        "Xin chào. Các bạn có nghe thấy tôi không? Kinh phí bồi dưỡng của xã thì sao?",
        "MC",
        "d1",
        "facilitator",
    ),
    ("Xin cảm ơn. Tôi xin nói thêm về kinh phí.", "A", "d1", "participant"),
    (
        "Kinh phí bồi dưỡng của xã còn thiếu, ngân sách tỉnh hỗ trợ chậm, học viên tự chi trả đi lại.",
        "A",
        "d1",
        "participant",
    ),
    (
        "Xin cảm ơn đồng chí chủ trì. Kinh phí bồi dưỡng thiếu, ngân sách hỗ trợ học viên chậm, "
        "cán bộ xã tự lo.",
        "A",
        "d1",
        "participant",
    ),
    (
        "Ở tỉnh tôi ngân sách cho lớp bồi dưỡng thiếu, học viên chi trả đi lại, kinh phí hỗ trợ chậm.",
        "B",
        "d2",
        "participant",
    ),
    ("Kinh phí thiếu thì làm sao mở lớp bồi dưỡng cho cán bộ xã được ạ?", "C", "d2", "participant"),
    (
        "Cán bộ xã cần tài liệu, kinh phí hỗ trợ và ngân sách tỉnh cho lớp bồi dưỡng học viên.",
        "D",
        "d3",
        "participant",
    ),
    (
        "Tóm lại, kinh phí bồi dưỡng thiếu, ngân sách tỉnh hỗ trợ học viên chậm, cán bộ xã tự lo.",
        "MC",
        "d3",
        "Facilitator",
    ),
]


def _run(n: int = 3, **kw):
    texts = [r[0] for r in ROWS]
    docs = [_stmt(t) for t in texts]
    W = np.ones((len(ROWS), 1))
    return select_quotes(
        W,
        docs,
        texts,
        [["kinh_phí", "bồi_dưỡng", "ngân_sách", "thiếu"]],
        n,
        speakers=[r[1] for r in ROWS],
        documents=[r[2] for r in ROWS],
        roles=[r[3] for r in ROWS],
        function_words=FW,
        **kw,
    )[0]


def test_no_facilitator_greeting_thanks_or_question_is_quoted():
    picked = _run(5)
    assert 0 not in picked and 7 not in picked  # facilitator, though in the theme and informative
    assert 1 not in picked  # thanks + meta-talk: too few content words once they are set aside
    assert 5 not in picked  # a question
    assert picked  # and real statements are quoted


def test_quotes_spread_over_speakers_and_documents_first():
    picked = _run(3)
    speakers = [ROWS[i][1] for i in picked]
    assert len(set(speakers)) == 3
    assert {ROWS[i][2] for i in picked} == {"d1", "d2", "d3"}


def test_facilitator_can_be_quoted_when_asked():
    picked = _run(7, exclude_roles=())
    assert 7 in picked


def test_sentence_helpers():
    assert is_question("Có nghe rõ không ạ?")
    assert not is_question("Kinh phí thiếu.")
    assert substance("Xin chào. Dạ, xin cảm ơn anh. Kinh phí thiếu.") == "kinh phí thiếu."
    assert content_words(["kinh_phí", "thiếu", "tôi"], "Xin cảm ơn. Kinh phí thiếu.", FW) == 2
    assert content_words(["kinh_phí"], "Tôi xin nói thêm về kinh phí.", FW) == 0


def test_sample_corpus_quotes_have_no_facilitator_and_several_speakers(sample_corpus):
    from vnqual.topics import TopicModel
    from vnqual.topics._quotes import frame_quotes

    tokens = sample_corpus.tokens(pos="content")
    tm = TopicModel(6, random_state=1).fit(list(tokens), texts=sample_corpus.texts())
    frame = sample_corpus.frame
    assert (frame["role"] == "facilitator").sum() > 10  # kept for fitting
    rows = frame_quotes(frame, tm.doc_topic_, list(tokens), tm, 4)
    for picked in rows:
        assert len(picked) >= 3
        assert not (frame["role"].iloc[picked] == "facilitator").any()
        assert frame["speaker"].iloc[picked].nunique() >= 3


def test_moderator_small_talk_is_no_quote_even_without_a_role():
    # a transcript without role labels: the moderator is just "Minh"
    talk = [
        "Xin chào. Các bạn có nghe thấy tôi không?",
        "Tôi tên là Minh, nghiên cứu viên của viện, hôm nay tôi điều phối buổi thảo luận.",
        "Xin lỗi vì tôi nói hơi nhanh.",
        "Kinh phí bồi dưỡng của xã còn thiếu, ngân sách tỉnh hỗ trợ chậm, học viên tự chi trả đi lại.",
    ]
    docs = [_stmt(t) + (["nghiên_cứu", "viện", "điều_phối"] if i == 1 else []) for i, t in enumerate(talk)]
    picked = select_quotes(
        np.ones((4, 1)),
        docs,
        talk,
        [["kinh_phí", "ngân_sách"]],
        3,
        speakers=["Minh", "Minh", "Minh", "Lan"],
        roles=["", "", "", ""],
        function_words=FW,
    )[0]
    assert picked == [3]
