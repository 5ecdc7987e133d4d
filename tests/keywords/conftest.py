"""A small two-site roundtable corpus (Lai Châu, Quảng Nam) on training of officials."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from vnqual.corpus import Corpus

LAI_CHAU = (
    "TỌA ĐÀM VỀ BỒI DƯỠNG CÁN BỘ XÃ\n"
    "\n"
    "Chủ trì: Xin mời các đồng chí phát biểu về công tác bồi dưỡng cán bộ xã.\n"
    "Ông Hùng: Cán bộ xã ở Lai Châu còn thiếu kinh phí bồi dưỡng. Đường lên bản xa, đi lại "
    "khó khăn.\n"
    "Bà Mai: Lớp bồi dưỡng nên tổ chức tại xã, vì cán bộ xã không thể đi xa nhiều ngày.\n"
    "Ông Hùng: Tiếng dân tộc rất quan trọng; cán bộ xã cần học tiếng Mông để làm công tác "
    "xã hội.\n"
    "Bà Mai: Kinh phí bồi dưỡng năm nay chỉ đủ cho hai lớp. Chúng tôi đề nghị tỉnh hỗ trợ thêm "
    "kinh phí bồi dưỡng.\n"
    "Ông Hùng: Đường xa, bản xa, cán bộ xã đi lại vất vả.\n"
)
QUANG_NAM = (
    "Chủ trì: Mời các anh chị chia sẻ kinh nghiệm về chương trình bồi dưỡng.\n"
    "Chị Lan: Ở Quảng Nam, chương trình bồi dưỡng cán bộ tỉnh chú trọng kỹ năng số và chuyển "
    "đổi số.\n"
    "Anh Minh: Giảng viên cần cập nhật tài liệu; tài liệu bồi dưỡng còn nặng lý thuyết.\n"
    "Chị Lan: Chuyển đổi số giúp cán bộ tỉnh học trực tuyến, tiết kiệm kinh phí bồi dưỡng.\n"
    "Anh Minh: Sự hoà hợp giữa lý thuyết và thực hành là điều kiện để hòa nhập với yêu cầu mới.\n"
    "Chị Lan: Học trực tuyến, tài liệu số, chuyển đổi số: cán bộ tỉnh thích ứng nhanh.\n"
)
DOCS = {"LC_toadam": (LAI_CHAU, "Lai Châu"), "QN_toadam": (QUANG_NAM, "Quảng Nam")}
_LABEL = re.compile(r"^(?P<speaker>[^:\n]{1,20}): (?P<text>.+)$", re.MULTILINE)


def build_corpus() -> Corpus:
    """Statements = labelled lines; spans index the source text exactly."""
    rows = []
    for doc_id, (source, site) in DOCS.items():
        for turn, m in enumerate(_LABEL.finditer(source), start=1):
            speaker = m.group("speaker")
            rows.append(
                {
                    "doc_id": doc_id,
                    "statement_id": f"{doc_id}-{turn:04d}",
                    "speaker": speaker,
                    "role": "facilitator" if speaker == "Chủ trì" else "participant",
                    "text": m.group("text"),
                    "start_char": m.start("text"),
                    "end_char": m.end("text"),
                    "source_file": f"{doc_id}.txt",
                    "turn": turn,
                    "line": source.count("\n", 0, m.start()) + 1,
                    "site": site,
                    "level": "xã" if doc_id.startswith("LC") else "tỉnh",
                }
            )
    corpus = Corpus(pd.DataFrame(rows), {d: s for d, (s, _) in DOCS.items()})
    corpus.check_offsets()
    return corpus


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return build_corpus()


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The same corpus saved as an ingested corpus folder (input of the CLI tests)."""
    path = tmp_path_factory.mktemp("keywords") / "toa-dam"
    build_corpus().save(path)
    return str(path)
