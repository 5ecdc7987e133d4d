"""Hand-made `vnqual tag` output (codes.csv + corpus/ + codebook.json) for export tests.

Loaded by file path from other test folders (see ``load_fixture_module`` in those tests).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from vnqual.corpus import Corpus
from vnqual.export import write_csv

# (doc_id, site, date, [(speaker, role, text), ...])
DOCS = [
    (
        "QN_toadam",
        "Quảng Nam",
        "2023-05-12",
        [
            ("Chủ trì", "facilitator", "Xin mời các đồng chí phát biểu về công tác bồi dưỡng."),
            ("Ông An", "participant", "Kinh phí bồi dưỡng cán bộ xã còn thiếu, nhiều lớp phải hoãn."),
            ("Bà Hoa", "participant", "=> Giảng viên thiếu kinh nghiệm thực tế ở thôn bản."),
            ("Ông An", "participant", "- Chính sách hỗ trợ đi lại chưa rõ ràng.\x0bCần sửa."),
        ],
    ),
    (
        "LC_thaoluan",
        "Lai Châu",
        "2023-06-02",
        [
            ("Người điều phối", "facilitator", "Anh chị thấy nhân lực ở xã thế nào?"),
            ("Chị Mai", "participant", "Nhân lực thiếu, kinh phí cũng không đủ để mời giảng viên."),
            ("Anh Tú", "participant", "@cán bộ trẻ cần được bồi dưỡng kỹ năng số."),
        ],
    ),
]

# as written by `vnqual tag` (Codebook.to_dict): "code" key, "/" paths, optional guid
CODEBOOK = [
    {
        "code": "Nguồn lực",
        "path": "Nguồn lực",
        "parent": "",
        "description": "Nguồn lực chung",
        "keywords": [],
        "examples": [],
    },
    {
        "code": "Kinh phí",
        "path": "Nguồn lực/Kinh phí",
        "parent": "Nguồn lực",
        "guid": "{0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D}",
        "exclude": [],
        "description": "Tiền cho bồi dưỡng",
        "keywords": ["kinh phí", "ngân sách"],
        "examples": ["Kinh phí còn thiếu"],
    },
    {
        "code": "Nhân lực",
        "path": "Nguồn lực/Nhân lực",
        "parent": "Nguồn lực",
        "description": "Người dạy, người học",
        "keywords": ["nhân lực", "giảng viên"],
        "examples": [],
    },
    {
        "code": "Chính sách/hỗ trợ đi lại của tỉnh cho học viên",
        "parent": "",
        "path": "Chính sách/hỗ trợ đi lại của tỉnh cho học viên",
        "description": "",
        "keywords": ["chính sách"],
        "examples": [],
    },
]

# (doc_id, statement number (1-based), word in the statement, code, method, score)
CODINGS = [
    ("QN_toadam", 2, "Kinh phí", "Kinh phí", "rule", 1.0),
    ("QN_toadam", 2, "cán bộ xã", "Nhân lực", "model", 0.62),
    ("QN_toadam", 3, "Giảng viên", "Nhân lực", "rule", 1.0),
    ("QN_toadam", 4, "Chính sách", "Chính sách/hỗ trợ đi lại của tỉnh cho học viên", "rule", 1.0),
    ("LC_thaoluan", 2, "Nhân lực", "Nhân lực", "rule", 1.0),
    ("LC_thaoluan", 2, "kinh phí", "Kinh phí", "rule", 1.0),
    ("LC_thaoluan", 3, "cán bộ trẻ", "Nhân lực", "model", 0.55),
]


def make_corpus() -> Corpus:
    rows, sources = [], {}
    for doc_id, site, date, turns in DOCS:
        src = ""
        for i, (speaker, role, text) in enumerate(turns, start=1):
            prefix = f"{speaker}: "
            start = len(src) + len(prefix)
            src += prefix + text + "\n"
            rows.append(
                {
                    "doc_id": doc_id,
                    "statement_id": f"{doc_id}-{i:04d}",
                    "speaker": speaker,
                    "role": role,
                    "text": text,
                    "start_char": start,
                    "end_char": start + len(text),
                    "source_file": f"{doc_id}.txt",
                    "turn": i,
                    "line": i,
                    "site": site,
                    "date": date,
                }
            )
        sources[doc_id] = src
    corpus = Corpus(pd.DataFrame(rows), sources)
    corpus.check_offsets()
    return corpus


def make_codings(corpus: Corpus) -> pd.DataFrame:
    frame = corpus.frame.set_index("statement_id")
    rows = []
    for doc_id, n, word, code, method, score in CODINGS:
        st = frame.loc[f"{doc_id}-{n:04d}"]
        offset = st["text"].index(word)
        start = int(st["start_char"]) + offset
        rows.append(
            {
                "statement_id": f"{doc_id}-{n:04d}",
                "code": code,
                "score": score,
                "method": method,
                "evidence": word.lower(),
                "start_char": start,
                "end_char": start + len(word),
                "excerpt": word,
                "doc_id": doc_id,
                "speaker": st["speaker"],
                "role": st["role"],
                "source_file": st["source_file"],
                "site": st["site"],
                "date": st["date"],
            }
        )
    return pd.DataFrame(rows)


def make_coded_dir(path: Path) -> Path:
    """Write the layout of `vnqual tag --out DIR` to ``path`` and return it."""
    corpus = make_corpus()
    path.mkdir(parents=True, exist_ok=True)
    corpus.save(path / "corpus")
    write_csv(make_codings(corpus), path / "codes.csv")
    (path / "codebook.json").write_text(json.dumps({"codes": CODEBOOK}, ensure_ascii=False), encoding="utf-8")
    return path
