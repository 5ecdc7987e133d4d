"""Word segmentation, span alignment, user dictionary and analysis tokens."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
import underthesea
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vnqual.text import _crf, _words
from vnqual.text.normalize import analysis_form
from vnqual.text.tokenize import (
    display,
    load_user_dict,
    noun_phrases,
    segment,
    tokenize,
    tokenize_with_spans,
)

ADMIN = "Cán bộ công chức cấp xã thiếu kinh phí bồi dưỡng, chương trình đào tạo chưa phù hợp."

# Sentences exercising underthesea's tokeniser rules: abbreviations, dates, numbers, URLs,
# e-mail, emoji, hyphens, apostrophes, capitals, old tone style, NFD, all-caps.
VARIED = [
    ADMIN,
    "Ông Nguyễn Văn An (Phó Giám đốc Sở Nội vụ) nói: kinh phí năm 2023 chỉ đạt 85,5%.",
    "Theo Nghị định 101/2017/NĐ-CP, UBND tỉnh Lai Châu tổ chức 3 lớp vào 02/05/2024.",
    "Xã Tà Tổng ở xa, đi lại mất cả ngày... Đường xá khó khăn :) lắm!",
    "Uỷ ban nhân dân xã Hoà Bình khoẻ mạnh; thuỷ lợi, hoá học, T.Ư và TP.HCM.",
    "Bà H'Hen Niê gửi e-mail tới canbo@laichau.gov.vn, xem https://laichau.gov.vn/tin-tuc nhé.",
    "Dạ, thì là... kiểu như chúng tôi cần tài liệu song ngữ Mông-Việt ạ 😀.",
    "CÁN BỘ NGƯỜI DÂN TỘC THIỂU SỐ CẦN ĐƯỢC BỒI DƯỠNG THƯỜNG XUYÊN",
    "giáo viên vui tính , tận tâm . thầy wzjwz208 dạy hay colonsmile",
    unicodedata.normalize("NFD", "Đào tạo, bồi dưỡng cán bộ là nhiệm vụ của Đảng và Nhà nước."),
    "",
    "   ",
]


# -------------------------------------------------------------- identity with underthesea
def test_fast_word_tokenize_is_identical_to_underthesea():
    assert _crf.word_tokenize_batch(VARIED) == [underthesea.word_tokenize(t) for t in VARIED]


def test_fast_pos_and_chunk_tags_are_identical_to_underthesea():
    for text in VARIED[:6]:
        words = _crf.word_tokenize(text)
        tags = _crf.pos_tags(words)
        assert list(zip(words, tags)) == underthesea.pos_tag(text)
        assert [c for _, _, c in underthesea.chunk(text)] == _crf.chunk_tags(words, tags)


def test_batched_pos_and_chunk_tags_equal_one_sentence_at_a_time(monkeypatch, sample_corpus_dir):
    import vnqual
    from vnqual.text import _crfsuite

    texts = [*VARIED, *vnqual.read_corpus(sample_corpus_dir).texts()]
    sentences = [_crf.word_tokenize(t) for t in texts]
    # lengths repeat (batched together) and exceed a batch (split into several)
    monkeypatch.setattr(_crfsuite, "_BATCH_POSITIONS", 64)
    assert len({len(s) for s in sentences}) < len(sentences) and max(map(len, sentences)) > 64
    tags = [_crf.pos_tags(words) for words in sentences]
    assert _crf.pos_tags_many(sentences) == tags
    chunks = [_crf.chunk_tags(words, tg) for words, tg in zip(sentences, tags)]
    assert _crf.chunk_tags_many(sentences, tags) == chunks


def test_syllables_equal_underthesea_regex_tokens():
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize as ut_tokenize

    for text in VARIED:
        nfc = unicodedata.normalize("NFC", text)
        assert [t for t, _, _ in _crf.syllables(nfc)] == ut_tokenize(nfc)


# ------------------------------------------------------------------------- segmentation
def test_segment_keeps_administrative_words_together():
    forms = [t.form for t in segment([ADMIN], cache=False)[0]]
    for word in ("Cán_bộ", "công_chức", "kinh_phí", "bồi_dưỡng", "đào_tạo", "phù_hợp"):
        assert word in forms


def test_segment_spans_cut_the_surface_form_from_the_text():
    for text, toks in zip(VARIED, segment(VARIED, cache=False)):
        for tok in toks:
            surface = text[tok.start : tok.end]
            assert surface and not surface[0].isspace() and not surface[-1].isspace()
            assert "".join(surface.split()) != "" and tok.start < tok.end


def test_segment_on_nfd_text_has_spans_in_the_nfd_text():
    nfd = unicodedata.normalize("NFD", ADMIN)
    nfc_toks = segment([ADMIN], cache=False)[0]
    nfd_toks = segment([nfd], cache=False)[0]
    assert [t.form for t in nfd_toks] == [t.form for t in nfc_toks]
    for tok in nfd_toks:
        assert unicodedata.normalize("NFC", nfd[tok.start : tok.end]).replace(" ", "_") == tok.form


def test_segment_unifies_tone_style_in_forms_not_in_text():
    old, new = segment(["Hòa bình, thủy lợi, khỏe", "Hoà bình, thuỷ lợi, khoẻ"], cache=False)
    assert [t.form for t in old] == [t.form for t in new]
    assert "Hoà bình"[new[0].start : new[0].end] == "Hoà bình"


_SYLLABLES = [
    "cán",
    "bộ",
    "xã",
    "Hoà",
    "hòa",
    "thuỷ",
    "Khoẻ",
    "Uỷ",
    "ban",
    "nông",
    "thôn",
    "mới",
    "Lai",
    "Châu",
    "UBND",
    "đào",
    "tạo",
    "H'Mông",
    "kinh",
    "phí",
    "nghành",
    "qúy",
]
_OTHER = [
    "2023",
    "85,5%",
    "02/05/2024",
    ",",
    ".",
    "...",
    "?",
    "(",
    ")",
    ":",
    "-",
    "😀",
    "🙏🏽",
    "[...]",
    "XXX",
    ":)",
]
_SEPARATORS = [" ", "  ", "\n", " \r\n", "\u00a0", "\t"]


@st.composite
def _texts(draw):
    parts = draw(st.lists(st.sampled_from(_SYLLABLES + _OTHER), min_size=1, max_size=14))
    seps = draw(st.lists(st.sampled_from(_SEPARATORS), min_size=len(parts), max_size=len(parts)))
    text = "".join(p + s for p, s in zip(parts, seps))
    return unicodedata.normalize("NFD", text) if draw(st.booleans()) else text


def _squash(text: str) -> str:
    return "".join(text.split()).replace("_", "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_every_token_span_normalises_to_the_token(text):
    for tok in segment([text], cache=False)[0]:
        span = text[tok.start : tok.end]
        assert _squash(underthesea.text_normalize(analysis_form(span))) == _squash(tok.form)


def test_display_swaps_underscores_for_spaces():
    assert display("nông_thôn_mới") == "nông thôn mới"


def test_single_string_is_rejected():
    with pytest.raises(TypeError, match="single str"):
        tokenize("Cán bộ xã")


# ------------------------------------------------------------------------ user dictionary
DICT = ["Ủy ban nhân dân", "cán bộ công chức cấp xã", "nông thôn mới", "Sở Nội vụ", "cấp xã", "xã"]


def test_user_dict_terms_stay_one_word():
    text = "Uỷ ban nhân dân huyện chỉ đạo cán bộ công chức cấp xã làm nông thôn mới, Sở Nội vụ hỗ trợ."
    toks = tokenize([text], user_dict=DICT, cache=False)[0]
    assert "Ủy_ban_nhân_dân" in toks
    assert "cán_bộ_công_chức_cấp_xã" in toks
    assert "nông_thôn_mới" in toks
    assert "Sở_Nội_vụ" in toks


def test_user_dict_term_never_splits_a_known_word():
    text = "Vấn đề xã hội ở cấp xã."
    forms = [t.form for t in segment([text], user_dict=DICT + ["đề xã"], cache=False)[0]]
    assert forms[:2] == ["Vấn_đề", "xã_hội"]  # neither 'xã' nor 'đề xã' cuts them
    assert "cấp_xã" in forms


def test_user_dict_may_split_an_unknown_merge():
    # underthesea merges "xã hội ý" (not a word); the term "cấp xã" splits it.
    forms = [t.form for t in segment(["Cán bộ cấp xã hội ý."], user_dict=["cấp xã"], cache=False)[0]]
    assert forms[1:3] == ["cấp_xã", "hội_ý"]


def test_user_dict_spans_cover_the_whole_term():
    text = "Ở Ủy  ban nhân\ndân tỉnh"
    toks = segment([text], user_dict=["ủy ban nhân dân"], cache=False)[0]
    term = next(t for t in toks if t.form.lower() == "ủy_ban_nhân_dân")
    assert text[term.start : term.end] == "Ủy  ban nhân\ndân"


def test_user_dict_file_accepts_comments_and_underscores(tmp_path):
    path = tmp_path / "tu_dien.txt"
    path.write_text("\ufeff# thuật ngữ hành chính\nnông_thôn_mới\n\nSở Nội vụ  # cơ quan\n", encoding="utf-8")
    assert load_user_dict(path) == ["nông thôn mới", "Sở Nội vụ"]
    toks = tokenize(["Xây dựng nông thôn mới"], user_dict=path, cache=False)[0]
    assert "nông_thôn_mới" in toks


# ------------------------------------------------------------------------ analysis tokens
def test_tokenize_drops_punctuation_numbers_and_anonymisation():
    toks = tokenize(
        ["thầy wzjwz208 dạy hay colonsmile 100 % [...] XXX 02/05/2024 :) học csharp"], cache=False
    )[0]
    assert toks == ["thầy", "dạy", "hay", "học", "csharp"]


def test_tokenize_drops_bracketed_transcription_notes():
    toks = tokenize(["Kinh phí [cười] còn thiếu [không rõ] lắm."], cache=False)[0]
    assert "cười" not in toks and "rõ" not in toks and "kinh_phí" in toks


def test_stop_phrases_are_removed_across_words_but_negations_stay():
    toks = tokenize(["Thì là kiểu như là kinh phí không đủ, chưa tốt, ờ, rất thiếu."], cache=False)[0]
    assert toks == ["kinh_phí", "không", "đủ", "chưa", "tốt", "rất", "thiếu"]


def test_stopwords_none_keeps_function_words():
    assert "là" in tokenize(["Đây là kinh phí."], stopwords=None, cache=False)[0]


def test_lower_case_except_proper_nouns():
    texts = ["Hà Nội có nhiều cán bộ.", "Cán bộ ở Hà Nội và UBND tỉnh Lai Châu họp."]
    toks = tokenize(texts, cache=False)
    assert toks[0][0] == "Hà_Nội"
    assert toks[1][0] == "cán_bộ"
    assert {"UBND", "Lai_Châu"} <= set(toks[1])


def test_pos_content_keeps_only_nouns_verbs_adjectives_and_dictionary_terms():
    text = "Các đồng chí rất nhiệt tình nhưng kinh phí của xã còn thiếu nhiều."
    every = tokenize([text], stopwords=None, pos="all", cache=False)[0]
    content = tokenize([text], stopwords=None, pos="content", cache=False)[0]
    assert set(content) < set(every)
    assert "kinh_phí" in content and "rất" not in content and "của" not in content
    tagged = {t.form.lower(): t.pos for t in segment([text], pos=True, cache=False)[0]}
    assert all(tagged[w] in {"N", "Np", "Ny", "V", "Vy", "A"} for w in content)


def test_tokenize_with_spans_point_at_the_tokens():
    text = "Cán bộ xã Tà Tổng thiếu kinh phí bồi dưỡng."
    toks, spans = tokenize_with_spans([text], cache=False)
    for form, (s, e) in zip(toks[0], spans[0]):
        assert text[s:e].lower().replace(" ", "_") == form.lower()


def test_phrases_merge_recurring_pairs():
    texts = ["Kinh phí bồi dưỡng còn thiếu."] * 6 + ["Cán bộ xã họp."] * 3
    toks = tokenize(texts, phrases=True, cache=False)
    assert toks[0][0] == "kinh_phí_bồi_dưỡng"


def test_noun_phrases_follow_underthesea_chunks():
    text = "Các cán bộ công chức cấp xã thiếu kinh phí ở Ủy ban nhân dân tỉnh Lai Châu."
    phrases = noun_phrases([text], cache=False)[0]
    # oracle: underthesea's own B-NP (I-NP)* groups, lower-cased, leading stop word trimmed
    groups, current = [], []
    for word, _pos, tag in underthesea.chunk(text):
        if tag == "I-NP" and current:
            current.append(word)
            continue
        if current:
            groups.append(current)
        current = [word] if tag == "B-NP" else []
    groups.append(current)
    expected = {" ".join(w.replace(" ", "_") for w in g if w != "Các").lower() for g in groups}
    assert {p.form.lower() for p in phrases} <= expected
    assert "tỉnh lai_châu" in {p.form.lower() for p in phrases}
    for p in phrases:
        assert _squash(text[p.start : p.end]).lower() == _squash(p.form).lower()


@pytest.mark.slow
def test_parallel_output_equals_serial(monkeypatch):
    texts = [f"{t} {i}" for i in range(40) for t in VARIED[:9]]
    serial = segment(texts, jobs=1, cache=False, pos=True)
    monkeypatch.setattr(_words, "MIN_CHARS_PER_JOB", 1)
    monkeypatch.setattr(_words, "_busy_cores", lambda: 0.0)
    parallel = segment(texts, jobs=2, cache=False, pos=True)
    assert parallel == serial


def test_builtin_admin_dictionary_joins_institution_names():
    toks = tokenize(
        ["Sở Nội vụ và xã xây dựng nông thôn mới theo vị trí việc làm."], user_dict="admin", cache=False
    )[0]
    assert {"Sở_Nội_vụ", "nông_thôn_mới", "vị_trí_việc_làm"} <= set(toks)


# ------------------------------------------------------------------ large runs, chunk by chunk
def _stream(monkeypatch, chunk: int) -> None:
    import importlib

    module = importlib.import_module("vnqual.text.tokenize")
    monkeypatch.setattr(module, "STREAM_TEXTS", 0)
    monkeypatch.setattr(module, "STREAM_CHUNK", chunk)
    monkeypatch.setattr(_words, "BLOCK_TEXTS", 2)


@pytest.mark.parametrize(
    "options", [{}, {"pos": "content"}, {"user_dict": ["Tà Tổng", "kinh phí bồi dưỡng"]}]
)
def test_chunked_tokens_equal_the_one_pass_tokens(monkeypatch, options):
    # repeated texts, proper nouns whose evidence lies in another chunk, empty texts
    texts = [*VARIED, *VARIED[::-1], "ông An nói lai châu", VARIED[1], "Lai Châu xa"]
    one_pass = tokenize_with_spans(texts, cache=False, **options)
    _stream(monkeypatch, 3)
    chunked = tokenize_with_spans(texts, cache=False, **options)
    assert chunked == one_pass
    assert tokenize(texts, cache=False, **options) == one_pass[0]
    # every text owns its list: changing one never changes a repeated text's tokens
    chunked[0][0].append("x")
    assert chunked[0][len(VARIED) * 2 - 1] == one_pass[0][len(VARIED) * 2 - 1]


def test_chunked_run_writes_the_same_cache_entry(monkeypatch, tmp_path):
    from vnqual._cache_store import ResultStore
    from vnqual.text.tokenize import TOKENS_KIND

    texts = [*VARIED, *VARIED[:4]]
    monkeypatch.setenv("VNQUAL_CACHE_DIR", str(tmp_path / "one"))
    one_pass = tokenize_with_spans(texts)
    monkeypatch.setenv("VNQUAL_CACHE_DIR", str(tmp_path / "chunked"))
    _stream(monkeypatch, 4)
    assert tokenize_with_spans(texts) == one_pass
    entries = []
    for name in ("one", "chunked"):
        monkeypatch.setenv("VNQUAL_CACHE_DIR", str(tmp_path / name))
        store = ResultStore()
        [path] = (store.directory / TOKENS_KIND).glob("*.json")
        entries.append(store.get(TOKENS_KIND, path.stem))
    (meta1, arrays1), (meta2, arrays2) = entries
    assert meta1 == meta2 and sorted(arrays1) == sorted(arrays2)
    for name in arrays1:
        np.testing.assert_array_equal(arrays1[name], arrays2[name])
    # a warm chunked run reads the entry back
    assert tokenize_with_spans(texts) == one_pass


def test_chunked_run_with_part_of_the_statements_cached(monkeypatch, tmp_path):
    monkeypatch.setenv("VNQUAL_CACHE_DIR", str(tmp_path))
    texts = [*VARIED, "Lai Châu xa lắm", *VARIED[:3]]
    one_pass = tokenize_with_spans(texts, cache=False, pos="content")
    segment(texts[::2], pos=True)  # every other statement is in the segmentation cache
    _stream(monkeypatch, 3)
    calls = []
    real = _words._execute
    monkeypatch.setattr(_words, "_execute", lambda texts, *a: calls.append(len(texts)) or real(texts, *a))
    assert tokenize_with_spans(texts, pos="content") == one_pass
    assert 0 < sum(calls) < len(set(texts))  # only the statements not in the cache were segmented


def test_blocks_give_back_every_value_in_order(monkeypatch):
    monkeypatch.setattr(_words, "BLOCK_TEXTS", 3)
    values = [f"từ_{i}\x1f0\x1f3\x1f-\x1f-" for i in range(7)]
    values[4] = "a\nb\x1f0\x1f1\x1f-\x1f-"  # a line break: that block is kept as a list
    blocks = _words._Blocks(len(values))
    for i in [6, 0, 5, 2, 1, 4, 3]:  # parts arrive in any order
        blocks.put(i, values[i])
    assert isinstance(blocks.packed[0], bytes) and isinstance(blocks.packed[1], list)
    assert blocks.values(0, 7) == values
    assert blocks.values(2, 5) == values[2:5]
