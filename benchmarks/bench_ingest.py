"""Time ``read_corpus`` (the readers behind ``vnqual ingest``) and its peak memory.

Usage: python benchmarks/bench_ingest.py [path/to/uit-vsfc/dev.csv]

Each case runs in a fresh Python process so its peak RSS (``ru_maxrss``) is its own. Cases: the
bundled sample corpus; the UIT-VSFC dev table (13,009 rows, ``--text-col text``); synthetic
labelled transcripts of 10 MB and 50 MB (the default ``--max-size``) as UTF-8, a 10 MB one as
TCVN3 with CRLF, and a .docx with 20,000 paragraphs.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path("/work/shared/data/uit-vsfc/dev.csv")
SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "toa-dam-boi-duong"
TURNS = [
    "Người điều phối: Xin mời các đồng chí cho ý kiến về nội dung bồi dưỡng năm nay.",
    "Ông Nguyễn Văn An (Phó Giám đốc Sở Nội vụ): Kinh phí bồi dưỡng còn hạn hẹp. Nhiều lớp "
    "phải dời sang năm sau, như sau: lớp kỹ năng, lớp quản lý đất đai.",
    "Tôi đề nghị tăng thời lượng thực hành.",
    "TLN_QN_01: Xã tôi ở xa, đi lại mất cả ngày; mùa mưa thì đường sạt lở.",
    "Bà Hà Thị Lan: Cán bộ người dân tộc thiểu số cần tài liệu song ngữ.",
]


def _transcript(n_bytes: int) -> str:
    block = "\n".join(TURNS) + "\n\n"
    return block * (n_bytes // len(block.encode("utf-8")) + 1)


def _make(case: str, tmp: Path, table: Path) -> tuple[Path, dict]:
    if case == "sample":
        return SAMPLE, {}
    if case == "uit-vsfc":
        return table, {}
    if case.startswith("utf8-"):
        path = tmp / f"{case}.txt"
        path.write_text(_transcript(int(case[5:-2]) * 1_000_000), encoding="utf-8")
        return path, {"max_bytes": 60_000_000}
    if case == "tcvn3-10MB":
        from vnqual.io._encoding import encode_legacy

        path = tmp / "tcvn3.txt"
        text = _transcript(10_000_000).replace("Ông", "ông").replace("\n", "\r\n")
        path.write_bytes(encode_legacy(text, "tcvn3"))
        return path, {}
    if case == "docx-20k":
        import docx

        document = docx.Document()
        for i in range(20_000):
            document.add_paragraph(TURNS[i % len(TURNS)])
        path = tmp / "bien_ban.docx"
        document.save(str(path))
        return path, {}
    raise SystemExit(f"unknown case {case}")


def _run_case(case: str, table: Path) -> None:
    from vnqual.io import read_corpus

    with tempfile.TemporaryDirectory() as tmp:
        path, options = _make(case, Path(tmp), table)
        size = sum(p.stat().st_size for p in ([path] if path.is_file() else path.rglob("*")))
        start = time.perf_counter()
        corpus = read_corpus(path, **options)
        seconds = time.perf_counter() - start
        corpus.check_offsets()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "case": case,
                "mb": round(size / 1e6, 2),
                "statements": len(corpus),
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(rss),
            }
        )
    )


def main(table: Path = DEFAULT) -> None:
    cases = ["sample", "uit-vsfc", "utf8-10MB", "utf8-50MB", "tcvn3-10MB", "docx-20k"]
    print("| input | size | statements | time | peak RSS |\n|---|---|---|---|---|")
    for case in cases:
        out = subprocess.run(
            [sys.executable, __file__, "--case", case, str(table)], capture_output=True, text=True, check=True
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"| {r['case']} | {r['mb']} MB | {r['statements']:,} | {r['seconds']} s | {r['peak_rss_mb']} MB |"
        )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--case":
        _run_case(sys.argv[2], Path(sys.argv[3]) if len(sys.argv) > 3 else DEFAULT)
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
