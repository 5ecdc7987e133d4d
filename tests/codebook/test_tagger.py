"""CodebookTagger: keywords, exclusions, weak and hand-coded training, scores, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vnqual.codebook import Code, Codebook, CodebookTagger
from vnqual.corpus import Corpus
from vnqual.errors import CodebookError, VnqualWarning

CODEBOOK = Codebook(
    [
        Code("Khó khăn", keywords=("khó khăn",)),
        Code("Thiếu kinh phí", parent="Khó khăn", keywords=("kinh phí", "ngân sách")),
        Code("Đi lại", parent="Khó khăn", keywords=("đi lại", "sạt lở"), exclude=("đi lại thuận lợi",)),
        Code(
            "Ngôn ngữ",
            keywords=("tiếng dân tộc", "phiên dịch"),
            examples=("Giảng viên không biết tiếng Mông",),
        ),
    ]
)

MONEY = [
    "Kinh phí bồi dưỡng của huyện rất hạn hẹp, eo hẹp quá.",
    "Ngân sách tỉnh cấp cho lớp học hạn hẹp, học viên phải tự bỏ tiền túi.",
    "Kinh phí hỗ trợ ăn ở cho học viên hạn hẹp, tiền túi bỏ ra nhiều.",
    "Ngân sách xã eo hẹp nên không cử được người đi học.",
    "Kinh phí năm nay bị cắt giảm, tiền túi học viên phải bù vào.",
    "Ngân sách hạn hẹp, tiền tàu xe học viên tự lo.",
]
ROAD = [
    "Đi lại rất vất vả, đường đất, mùa mưa lầy lội.",
    "Mùa mưa sạt lở, xe máy không đi được, phải đi bộ qua đèo.",
    "Đi lại từ xã lên huyện mất ba tiếng, đường đèo dốc.",
    "Đường sạt lở liên tục vào mùa mưa, đèo dốc trơn.",
    "Đi lại khó vì đường đèo, mùa mưa lũ cuốn.",
    "Đường đất lầy lội, sạt lở, học viên đến lớp muộn.",
]
LANG = [
    "Học viên cần phiên dịch vì không rành tiếng phổ thông.",
    "Tài liệu nên có bản tiếng dân tộc cho đồng bào.",
    "Giảng viên phải nhờ phiên dịch, đồng bào nghe không hiểu.",
    "Cán bộ người Mông học bằng tiếng dân tộc thì dễ hiểu hơn.",
    "Không có phiên dịch nên đồng bào lớn tuổi không theo kịp.",
    "Đồng bào Dao cần tài liệu tiếng dân tộc song ngữ.",
]
TEXTS = MONEY + ROAD + LANG


pytestmark = pytest.mark.filterwarnings("ignore:no model for code")


@pytest.fixture(scope="module")
def weak_tagger():
    """Fitted with the codebook only (keywords + examples as weak labels)."""
    return CodebookTagger(CODEBOOK, random_state=0).fit(TEXTS)


def test_keyword_matches_are_evidence_the_model_weighs(weak_tagger):
    texts = ["Kinh phí còn thiếu.", "Đi lại khó."]
    Y = weak_tagger.predict(texts)
    P = weak_tagger.predict_proba(texts)
    codes = list(weak_tagger.classes_)
    assert list(Y.columns) == codes and Y.shape == (2, len(codes))
    assert Y.loc[0, "Thiếu kinh phí"] == 1 and Y.loc[1, "Đi lại"] == 1
    # The score of a matched code is a probability below 1, not the keyword's certainty.
    assert 0.5 <= P[0, codes.index("Thiếu kinh phí")] < 1.0
    # predict is predict_proba against the per-code thresholds (0.5 without hand-coding).
    np.testing.assert_array_equal(Y.to_numpy(), (weak_tagger.thresholds_ <= P).astype(int))


def test_codes_without_examples_warn_and_keep_keywords_only():
    with pytest.warns(VnqualWarning, match="no model for code.*Khó khăn"):
        tagger = CodebookTagger(CODEBOOK).fit(TEXTS)
    assert tagger.untrained_codes_ == ["Khó khăn"]
    codes = list(tagger.classes_)
    assert tagger.predict(["Có nhiều khó khăn."]).loc[0, "Khó khăn"] == 1
    assert tagger.predict_proba(["Có nhiều khó khăn."])[0, codes.index("Khó khăn")] == 1.0


def test_exclude_pattern_vetoes_the_code(weak_tagger):
    codes = list(weak_tagger.classes_)
    text = ["Đi lại thuận lợi, đường nhựa, mùa mưa không sạt lở."]
    assert weak_tagger.predict(text).loc[0, "Đi lại"] == 0
    assert weak_tagger.predict_proba(text)[0, codes.index("Đi lại")] == 0.0


def test_weakly_trained_model_generalises_beyond_keywords(weak_tagger):
    # No keyword of any code below; the words come from the keyword-matched statements.
    new = [
        "Học viên tự bỏ tiền túi vì hạn hẹp.",
        "Đường đèo lầy lội mùa mưa.",
        "Đồng bào không hiểu, cần bản song ngữ.",
    ]
    from vnqual.text.tokenize import segment

    assert not any(weak_tagger.keyword_matcher_.find(doc) for doc in segment(new))
    assert weak_tagger.top_codes(new) == ["Thiếu kinh phí", "Đi lại", "Ngôn ngữ"]


def test_scores_are_probabilities(weak_tagger):
    P = weak_tagger.predict_proba(TEXTS + ["Không liên quan gì cả."])
    assert P.shape == (len(TEXTS) + 1, len(CODEBOOK))
    assert np.all((P >= 0) & (P <= 1))


def test_multilabel_training_learns_both_codes():
    both = [
        "Kinh phí hạn hẹp và đi lại vất vả, đường đèo sạt lở.",
        "Ngân sách eo hẹp, đi lại khó vì mùa mưa lũ.",
    ]
    texts = TEXTS + both
    y = (
        [["Thiếu kinh phí"]] * 6
        + [["Đi lại"]] * 6
        + [["Ngôn ngữ"]] * 6
        + [["Thiếu kinh phí", "Đi lại"], "Thiếu kinh phí;Đi lại"]
    )
    tagger = CodebookTagger(CODEBOOK, use_model=True, random_state=0).fit(texts, y)
    codes = list(tagger.classes_)
    P = tagger.predict_proba(["Kinh phí hạn hẹp, đường đèo sạt lở mùa mưa."])[0]
    assert P[codes.index("Thiếu kinh phí")] > P[codes.index("Ngôn ngữ")]
    assert P[codes.index("Đi lại")] > P[codes.index("Ngôn ngữ")]


def test_same_random_state_gives_identical_scores():
    a = CodebookTagger(CODEBOOK, random_state=3).fit(TEXTS).predict_proba(TEXTS)
    b = CodebookTagger(CODEBOOK, random_state=3).fit(TEXTS).predict_proba(TEXTS)
    np.testing.assert_array_equal(a, b)


def test_unknown_code_in_labels_names_the_statement():
    y = [None] * (len(TEXTS) - 1) + ["Không có mã này"]
    with pytest.raises(CodebookError, match=r"statement 17: unknown code 'Không có mã này'"):
        CodebookTagger(CODEBOOK).fit(TEXTS, y)


def test_sklearn_contract():
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    tagger = CodebookTagger(CODEBOOK, min_score=0.7, random_state=1)
    assert clone(tagger).get_params()["min_score"] == 0.7
    with pytest.raises(NotFittedError):
        tagger.predict(["Kinh phí còn thiếu."])
    with pytest.raises(TypeError, match="single str"):
        tagger.fit("Kinh phí còn thiếu.")
    with pytest.raises(TypeError, match="min_score must be a number"):
        CodebookTagger(CODEBOOK, min_score="0.6").fit(TEXTS)


def test_sklearn_tools_accept_the_tagger(weak_tagger):
    from sklearn.exceptions import NotFittedError
    from sklearn.pipeline import make_pipeline
    from sklearn.utils.validation import check_is_fitted

    with pytest.raises(NotFittedError):
        check_is_fitted(CodebookTagger(CODEBOOK))
    check_is_fitted(weak_tagger)
    pipe = make_pipeline(CodebookTagger(CODEBOOK, random_state=0)).fit(TEXTS)
    pd.testing.assert_frame_equal(pipe.predict(TEXTS), weak_tagger.predict(TEXTS))


def test_a_dataframe_is_read_from_its_text_column(weak_tagger):
    frame = pd.DataFrame({"text": TEXTS, "site": "Lai Châu"})
    pd.testing.assert_frame_equal(weak_tagger.predict(frame), weak_tagger.predict(TEXTS))
    with pytest.raises(TypeError, match="without a 'text' column; pass its text column"):
        weak_tagger.predict(frame.rename(columns={"text": "y_kien"}))


def test_keyword_only_tagger_falls_back_to_most_matched_code():
    tagger = CodebookTagger(CODEBOOK, use_model=False).fit(TEXTS)
    assert tagger.top_codes(["Ngân sách ít, đi lại khó, kinh phí thiếu.", "Không rõ."]) == [
        "Thiếu kinh phí",
        tagger.fallback_code_,
    ]


def _corpus(texts):
    source = ""
    starts = []
    for t in texts:
        source += "- " if not starts else "\n\n- "
        starts.append(len(source))
        source += t
    frame = pd.DataFrame(
        {
            "doc_id": "toa_dam",
            "statement_id": [f"toa_dam-{i + 1:04d}" for i in range(len(texts))],
            "speaker": "Đại biểu",
            "role": "participant",
            "text": texts,
            "start_char": starts,
            "end_char": [s + len(t) for s, t in zip(starts, texts)],
            "source_file": "toa_dam.txt",
            "turn": range(1, len(texts) + 1),
            "line": range(1, len(texts) + 1),
            "site": "Lai Châu",
        }
    )
    return Corpus(frame, {"toa_dam": source})


def test_tag_rows_cite_source_spans_and_evidence(weak_tagger):
    corpus = _corpus(TEXTS)
    rows = weak_tagger.tag(corpus)
    source = corpus.sources["toa_dam"]
    assert set(rows["method"]) <= {"keyword+model", "model", "keyword"}
    assert {"site", "doc_id", "speaker", "rank", "applies"} <= set(rows.columns)
    for row in rows.itertuples():
        assert source[row.start_char : row.end_char] == row.excerpt
    kw = rows[rows.method == "keyword+model"].iloc[0]
    assert kw.score < 1.0 and kw.evidence.startswith("keywords: ")
    assert f"model: {kw.score:.2f}" in kw.evidence
    word, span = kw.evidence.removeprefix("keywords: ").split(";")[0].split(", ")[0].split(" [")
    start, end = map(int, span.rstrip("]").split("-"))
    assert source[start:end] == word


def test_human_codes_replace_machine_codes(weak_tagger):
    corpus = _corpus(TEXTS[:2])
    rows = weak_tagger.tag(corpus, human={"toa_dam-0001": ["Ngôn ngữ"]}, human_source="da_ma.csv")
    first = rows[rows.statement_id == "toa_dam-0001"]
    assert first[["code", "method", "evidence"]].values.tolist() == [
        ["Ngôn ngữ", "human", "human: da_ma.csv"]
    ]
    assert "keyword+model" in set(rows[rows.statement_id == "toa_dam-0002"].method)


def test_keyword_hits_lists_every_match_and_its_veto(weak_tagger):
    corpus = _corpus(["Đi lại thuận lợi, kinh phí đủ.", "Đi lại khó."])
    hits = weak_tagger.keyword_hits(corpus)
    source = corpus.sources["toa_dam"]
    assert len(hits) == 3
    assert all(source[s:e] == m for s, e, m in zip(hits.start_char, hits.end_char, hits.matched))
    vetoed = hits[hits.code == "Đi lại"].excluded_by.tolist()
    assert vetoed == ["đi lại thuận lợi", ""]


def test_rows_are_ranked_scored_and_filtered_by_min_score(weak_tagger):
    from sklearn.base import clone

    corpus = _corpus(TEXTS + ["Không liên quan gì cả."])
    every = clone(weak_tagger).set_params(min_score=0.0).fit(TEXTS).tag(corpus)
    assert (every.groupby("statement_id").size() == len(CODEBOOK)).all()
    P = weak_tagger.predict_proba(corpus.texts())
    ids = list(corpus.frame.statement_id)
    codes = list(weak_tagger.classes_)
    for row in every.itertuples():
        assert row.score == pytest.approx(P[ids.index(row.statement_id), codes.index(row.code)], abs=1e-4)
    # rank 1 = highest score; rank follows the score within each statement
    for _, rows in every.groupby("statement_id"):
        assert rows.sort_values("rank").score.is_monotonic_decreasing
        assert sorted(rows["rank"]) == list(range(1, len(CODEBOOK) + 1))
    top = every[every["rank"] == 1].set_index("statement_id").loc[ids, "code"].tolist()
    assert top == weak_tagger.top_codes(corpus.texts())
    assert (every.applies == (every.score >= 0.5)).all()
    written = weak_tagger.tag(corpus)  # min_score 0.5
    assert len(written) < len(every) and (written.score >= 0.5).all()


def test_keywords_only_scores_say_they_are_the_keyword_rule():
    tagger = CodebookTagger(CODEBOOK, use_model=False, min_score=0.0).fit(TEXTS)
    corpus = _corpus(["Ngân sách ít, đi lại khó, kinh phí thiếu.", "Không rõ."])
    rows = tagger.tag(corpus)
    assert set(rows.method) == {"keyword"}
    first = rows[rows.statement_id == "toa_dam-0001"].set_index("code")
    assert first.loc["Thiếu kinh phí", "rank"] == 1 and first.loc["Thiếu kinh phí", "score"] == 1.0
    assert first.loc["Đi lại", "applies"] and not first.loc["Ngôn ngữ", "applies"]
    second = rows[rows.statement_id == "toa_dam-0002"]
    assert not second.applies.any() and (second.score == 0).all()
    assert second[second["rank"] == 1].code.tolist() == [tagger.fallback_code_]
    assert tagger.top_codes(corpus.texts()) == ["Thiếu kinh phí", tagger.fallback_code_]


def test_thresholds_are_learned_from_enough_hand_coded_statements():
    from vnqual.codebook._model import best_threshold

    rng = np.random.RandomState(0)
    texts = [t + f" Ý kiến số {i}." for i in range(4) for t in TEXTS]
    y = [
        [("Thiếu kinh phí" if k < 6 else "Đi lại" if k < 12 else "Ngôn ngữ")]
        for _ in range(4)
        for k in range(18)
    ]
    tagger = CodebookTagger(CODEBOOK, random_state=0).fit(texts, y)
    codes = list(tagger.classes_)
    learned = dict(zip(codes, tagger.threshold_learned_))
    # 24 statements coded with each code and 48 without: enough; the parent has no model.
    assert learned == {"Khó khăn": False, "Thiếu kinh phí": True, "Đi lại": True, "Ngôn ngữ": True}
    assert tagger.thresholds_[codes.index("Khó khăn")] == 0.5
    # best_threshold maximises F1: it separates these perfectly.
    p = rng.permutation(np.r_[np.linspace(0.6, 0.9, 10), np.linspace(0.1, 0.4, 10)])
    truth = (p >= 0.5).astype(int)
    t = best_threshold(p, truth)
    assert 0.4 < t < 0.6


def test_weak_labels_weigh_each_matched_code_by_its_share_of_the_matches():
    from vnqual.codebook._match import Match
    from vnqual.codebook._targets import weak_labels as _weak_labels

    found = [Match("Giảng viên", "thầy", 0, 0, 0, 4), Match("Bài tập", "bài tập", 2, 2, 9, 16)]
    found.append(Match("Giảng viên", "thầy", 5, 5, 20, 24))
    assert _weak_labels(found) == {"Giảng viên": 1.0, "Bài tập": 0.5}
    assert _weak_labels(found, several=False) == {"Giảng viên": 1.0}
    assert _weak_labels([]) == {}


def test_hand_coding_tells_whether_statements_carry_several_codes():
    from vnqual.codebook._targets import PartialLabel
    from vnqual.codebook._targets import several_codes as _several_codes

    assert _several_codes([None, None])  # nothing hand-coded: several codes may apply
    assert not _several_codes([["Khó khăn"], ["Đi lại"], [], None])
    assert _several_codes([["Khó khăn", "Đi lại"], ["Ngôn ngữ"], None])
    assert _several_codes([PartialLabel(("Khó khăn",), ()), None])  # reviews say nothing of it


def test_a_less_matched_code_is_a_weaker_positive_example():
    from vnqual.codebook._targets import NEG as _NEG
    from vnqual.codebook._targets import POS as _POS
    from vnqual.codebook._targets import UNKNOWN as _UNKNOWN
    from vnqual.text.tokenize import segment

    tagger = CodebookTagger(CODEBOOK)
    docs = segment(["Kinh phí, kinh phí, ngân sách đều thiếu; đi lại cũng khó."])
    tagger._fit_matched(docs, ["x"], [None])  # sets up the matchers
    hits = tagger._match_docs(docs).hits
    col = {name: j for j, name in enumerate(CODEBOOK.names)}
    T, W = tagger._targets([None], hits, 1.0)
    assert T[0, col["Thiếu kinh phí"]] == _POS and W[0, col["Thiếu kinh phí"]] == 1.0
    assert T[0, col["Đi lại"]] == _POS and W[0, col["Đi lại"]] == pytest.approx(1 / 3)
    assert T[0, col["Khó khăn"]] == _UNKNOWN  # the parent of a coded child: not ruled out
    assert T[0, col["Ngôn ngữ"]] == _NEG
    T1, _ = tagger._targets([None], hits, 1.0, several=False)
    assert T1[0, col["Đi lại"]] == _UNKNOWN
    # A broader code matched less than its own narrower code is left to the narrower one.
    docs = segment(["Kinh phí, ngân sách đều thiếu, khó khăn lắm."])
    T2, _ = tagger._targets([None], tagger._match_docs(docs).hits, 1.0)
    assert T2[0, col["Thiếu kinh phí"]] == _POS
    assert T2[0, col["Khó khăn"]] == _UNKNOWN


def test_statements_matched_by_several_codes_weaken_the_negatives_of_the_others():
    from vnqual.codebook._match import Match
    from vnqual.codebook._targets import MATCHED_NEGATIVE_WEIGHT, PartialLabel
    from vnqual.codebook._targets import matched_negative_weight as _weight

    money = Match("Thiếu kinh phí", "kinh phí", 0, 0, 0, 8)
    road = Match("Đi lại", "đi lại", 3, 3, 12, 18)
    two = [([money, road], set()), ([money, road], set()), ([money], set()), ([], set())]
    one = [([money], set()), ([road], set()), ([money, road], set()), ([], set())]
    # Keywords match 5 codes in 3 matched statements (1.67 >= 1.5): several codes each.
    assert _weight([None] * 4, two) == MATCHED_NEGATIVE_WEIGHT < 1.0
    assert _weight([None] * 4, one) == 1.0  # 4 codes in 3 matched statements: mostly one each
    assert _weight([["Đi lại"], None, None, None], two) == 1.0  # hand-coding decides instead
    assert _weight([PartialLabel(("Đi lại",), ()), None, None, None], two) == 1.0
    assert _weight([None, None], [([], set()), ([], set())]) == 1.0  # nothing matched


def test_a_weakened_negative_keeps_positives_unmatched_statements_and_vetoes_whole():
    from vnqual.codebook._targets import NEG as _NEG
    from vnqual.codebook._targets import POS as _POS
    from vnqual.text.tokenize import segment

    tagger = CodebookTagger(CODEBOOK)
    texts = [
        "Kinh phí eo hẹp, đi lại thuận lợi.",  # money; the road code vetoed
        "Kinh phí và ngân sách hạn hẹp.",  # money only
        "Học viên rất chăm chỉ.",  # no keyword
    ]
    docs = segment(texts)
    tagger._fit_matched(docs, texts, [None] * 3)
    hits = tagger._match_docs(docs).hits
    col = {name: j for j, name in enumerate(CODEBOOK.names)}
    T, W = tagger._targets([None] * 3, hits, 1.0)
    T2, W2 = tagger._targets([None] * 3, hits, 1.0, matched_negative=0.1)
    assert (T2 == T).all()
    money, road, language = col["Thiếu kinh phí"], col["Đi lại"], col["Ngôn ngữ"]
    assert T[1, money] == _POS and W2[1, money] == W[1, money] == 1.0
    assert T[1, language] == _NEG and W2[1, language] == pytest.approx(0.1 * W[1, language])
    assert T[0, road] == _NEG and W2[0, road] == W[0, road]  # the exclude pattern's veto
    assert T[0, language] == _NEG and W2[0, language] == pytest.approx(0.1 * W[0, language])
    assert (W2[2] == W[2]).all() and (T[2] == _NEG).all()  # no keyword: as before
