"""A small hand-built ReportData (Vietnamese themes, quotes, codes) for the HTML and browser tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from vnqual import Corpus, read_corpus
from vnqual.codebook import Codebook
from vnqual.report import ReportData

#: A quote that tries to break out of its element; it must appear as text, never as markup.
EVIL_QUOTE = "Tôi nói thẳng: </p><script>alert('xss')</script> kinh phí & tài liệu <b>thiếu</b>."


def _quotes() -> pd.DataFrame:
    rows = [
        (
            0,
            "LC-0003",
            "Bà Lò Thị Xuân",
            "LC",
            10,
            64,
            "Lai Châu",
            "Cán bộ người dân tộc thiểu số cần tài liệu song ngữ.",
        ),
        (
            0,
            "LC-0007",
            "Ông Giàng A Páo",
            "LC",
            200,
            251,
            "Lai Châu",
            "Đường từ bản ra huyện xa, đi lại mất cả ngày đường.",
        ),
        (
            0,
            "DL-0004",
            "Bà H'Nhi Êban",
            "DL",
            88,
            151,
            "Đắk Lắk",
            "Lớp học nên mở ngay tại xã để chị em đi học được.",
        ),
        (1, "QN-0002", "Ông Nguyễn Văn An", "QN", 30, 92, "Quảng Nam", EVIL_QUOTE),
        (
            1,
            "QN-0009",
            "",
            "QN",
            400,
            450,
            "Quảng Nam",
            "Chuyển đổi số giúp bồi dưỡng trực tuyến tiết kiệm chi phí.",
        ),
        (
            1,
            "DL-0011",
            "Ông Y Phôn Ksor",
            "DL",
            500,
            560,
            "Đắk Lắk",
            "Kinh phí bồi dưỡng của tỉnh còn rất hạn hẹp.",
        ),
    ]
    return pd.DataFrame(
        rows, columns=["topic", "statement_id", "speaker", "doc_id", "start_char", "end_char", "site", "text"]
    )


def make_report_data(**overrides: object) -> ReportData:
    """ReportData with every section filled (override any field)."""
    sites = ["Đắk Lắk", "Lai Châu", "Quảng Nam"]
    topics = pd.DataFrame(
        {
            "topic": [0, 1],
            "label": ["tài_liệu song_ngữ", "kinh_phí bồi_dưỡng"],
            "size": [40, 35],
            "top_terms": [
                ["tài_liệu", "song_ngữ", "dân_tộc_thiểu_số", "đi_lại"],
                "kinh_phí; bồi_dưỡng; chuyển_đổi_số; trực_tuyến",
            ],
            "coherence": [0.123, 0.087],
        }
    )
    terms = {
        0: [("tài_liệu", 0.9), ("song_ngữ", 0.7), ("dân_tộc_thiểu_số", 0.5), ("đi_lại", 0.3)],
        1: [("kinh_phí", 0.8), ("bồi_dưỡng", 0.6), ("chuyển_đổi_số", 0.4), ("trực_tuyến", 0.2)],
    }
    topic_by = pd.DataFrame([[20, 18, 2], [5, 10, 20]], index=topics["label"], columns=sites)
    keywords = pd.DataFrame(
        {
            "group": ["Lai Châu"] * 2 + ["Quảng Nam"] * 2 + ["Đắk Lắk"] * 2,
            "term": ["song ngữ", "đường xa", "chuyển đổi số", "trực tuyến", "buôn làng", "già làng"],
            "z": [3.2, 2.5, 2.9, 2.1, 2.4, 1.8],
        }
    )
    codes = ["Kinh phí", "Tài liệu song ngữ", "Chuyển đổi số"]
    data = dict(
        title="Báo cáo tọa đàm bồi dưỡng cán bộ cấp xã",
        overview={"n_documents": 3, "n_statements": 207, "n_speakers": 40, "n_sites": 3},
        documents=pd.DataFrame(
            {
                "doc_id": ["DL", "LC", "QN"],
                "source_file": ["DakLak.txt", "LaiChau.md", "QuangNam.docx"],
                "encoding": ["tcvn3", "utf-8", "docx"],
                "n_statements": [66, 69, 72],
                "sha256": ["a" * 64, "b" * 64, "c" * 64],
            }
        ),
        counts={
            "site": pd.Series([72, 69, 66], index=["Quảng Nam", "Lai Châu", "Đắk Lắk"]),
            "role": pd.Series([180, 27], index=["participant", "facilitator"]),
        },
        topics=topics,
        topic_terms=terms,
        quotes=_quotes(),
        topic_by=topic_by,
        by="site",
        keywords=keywords,
        code_counts=pd.Series([30, 12, 9], index=codes),
        codes_by=pd.DataFrame([[10, 8, 12], [2, 9, 1], [1, 0, 8]], index=codes, columns=sites),
        cooccurrence=pd.DataFrame([[30, 3, 4], [3, 12, 0], [4, 0, 9]], index=codes, columns=codes),
        k_scan=pd.DataFrame(
            {
                "k": [2, 3, 4, 5],
                "npmi": [0.05, 0.09, 0.07, 0.04],
                "stability": [0.9, 0.8, 0.6, 0.5],
                "chosen": [False, True, False, False],
            }
        ),
        params={"vnqual_version": "0.1.0", "method": "nmf", "k": 3, "random_state": 0, "by": "site"},
        statements_sha256="d" * 64,
    )
    data.update(overrides)
    return ReportData(**data)


@pytest.fixture()
def report_data() -> ReportData:
    """A fully populated hand-built report."""
    return make_report_data()


@pytest.fixture()
def make_data() -> Callable[..., ReportData]:
    """Factory: ``make_data(field=value, ...)`` gives the hand-built report with overrides."""
    return make_report_data


@pytest.fixture()
def evil_quote() -> str:
    """The quote text that contains markup."""
    return EVIL_QUOTE


def _rule_topics(frame: pd.DataFrame) -> pd.Series:
    """A stand-in 'model' that is easy to check: theme 1 = statements mentioning kinh phí."""
    return frame["text"].str.contains("kinh phí", case=False).map({True: "1", False: "0"})


def write_topics_dir(corpus: Corpus, path: Path) -> Path:
    """A folder in the documented ``vnqual topics --out`` layout, for ``corpus``."""
    path.mkdir(parents=True, exist_ok=True)
    frame = corpus.frame
    topic = _rule_topics(frame)
    pd.DataFrame(
        {
            "topic": ["0", "1"],
            "label": ["cán_bộ cấp_xã", "kinh_phí bồi_dưỡng"],
            "size": [int((topic == "0").sum()), int((topic == "1").sum())],
            "top_terms": ["cán_bộ; cấp_xã; lớp", "kinh_phí; bồi_dưỡng; ngân_sách"],
            "coherence": [0.11, 0.21],
        }
    ).to_csv(path / "topics.csv", index=False)
    pd.DataFrame({"statement_id": frame["statement_id"], "topic": topic, "weight": 1.0}).to_csv(
        path / "assignments.csv", index=False
    )
    quotes = frame.assign(topic=topic).groupby("topic").head(3)
    # A wrong text in quotes.csv must not reach the report: texts are cut from the sources.
    quotes = quotes.assign(text="SAI - không phải lời gốc")
    quotes[["topic", "statement_id", "speaker", "doc_id", "start_char", "end_char", "text"]].to_csv(
        path / "quotes.csv", index=False
    )
    pd.DataFrame(
        {
            "k": [2, 3, 4],
            "npmi": [0.12, 0.08, 0.05],
            "stability": [0.9, 0.7, 0.6],
            "chosen": [True, False, False],
        }
    ).to_csv(path / "k_scan.csv", index=False)
    (path / "params.json").write_text(
        json.dumps({"method": "nmf", "k": 2, "random_state": 0}), encoding="utf-8"
    )
    return path


def write_tag_dir(corpus: Corpus, path: Path) -> Path:
    """A folder in the ``vnqual tag --out`` layout: codes.csv by simple substring rules."""
    path.mkdir(parents=True, exist_ok=True)
    frame = corpus.frame
    rows = []
    for code, word in (("Kinh phí", "kinh phí"), ("Tài liệu", "tài liệu")):
        hit = frame[frame["text"].str.contains(word, case=False)]
        rows.append(pd.DataFrame({"statement_id": hit["statement_id"], "code": code}))
    pd.concat(rows).to_csv(path / "codes.csv", index=False)
    # Codebook order differs from the order codes appear in codes.csv; "Đi lại" is never used.
    Codebook.from_records(
        [{"code": "Tài liệu"}, {"code": "Đi lại"}, {"code": "Kinh phí"}], name="bồi dưỡng"
    ).save_json(path / "codebook.json")
    return path


@pytest.fixture(scope="session")
def sample_corpus(sample_corpus_dir: Path) -> Corpus:
    """The bundled sample corpus, read once."""
    return read_corpus(sample_corpus_dir)


@pytest.fixture(scope="session")
def result_dirs(sample_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(topics dir, tag dir) written for the sample corpus."""
    base = tmp_path_factory.mktemp("ket_qua")
    return (write_topics_dir(sample_corpus, base / "chu_de"), write_tag_dir(sample_corpus, base / "ma_hoa"))


SMALL_CODEBOOK = """\
name: Bồi dưỡng cán bộ
codes:
  - name: Kinh phí
    keywords: [kinh phí, ngân sách, chi phí]
  - name: Tài liệu
    keywords: [tài liệu, giáo trình, song ngữ]
  - name: Đi lại
    keywords: [đi lại, đường xa]
"""
SMALL_TABLE = [
    ("Kinh phí bồi dưỡng của tỉnh còn rất hạn hẹp.", "Quảng Nam"),
    ("Ngân sách cho lớp học năm nay bị cắt giảm.", "Quảng Nam"),
    ("Cán bộ người dân tộc thiểu số cần tài liệu song ngữ.", "Lai Châu"),
    ("Giáo trình còn dài và khó hiểu với học viên vùng cao.", "Lai Châu"),
    ("Đường từ bản ra huyện xa, đi lại mất cả ngày.", "Lai Châu"),
    ("Mùa mưa đường xa và trơn nên học viên không đến lớp được.", "Đắk Lắk"),
    ("Chi phí đi lại và ăn ở của học viên do xã tự lo.", "Đắk Lắk"),
    ("Tài liệu tiếng Ê Đê giúp cán bộ buôn làng hiểu bài nhanh hơn.", "Đắk Lắk"),
]


@pytest.fixture()
def small_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """(y_kien.csv: 8 statements with a site column, ma.yaml: a 3-code codebook)."""
    table = tmp_path / "y_kien.csv"
    pd.DataFrame(SMALL_TABLE, columns=["text", "site"]).to_csv(table, index=False)
    codebook = tmp_path / "ma.yaml"
    codebook.write_text(SMALL_CODEBOOK, encoding="utf-8")
    return table, codebook
