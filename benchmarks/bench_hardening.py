"""Peak memory of vnqual on hostile files: a zip-bomb .qdpx, a YAML alias bomb, a huge saved model.

Usage: python benchmarks/bench_hardening.py [--zeros-mb 900]

Each case runs in a fresh Python process (the CLI for the .qdpx, the library for the others)
and reports its own peak RSS (``resource.getrusage``), next to a baseline process that only
imports the same modules. The hostile files are generated in a temporary folder (the zip bomb
by streaming zeros into ``zipfile``) and removed afterwards; nothing is written into the
repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from pathlib import Path

import numpy as np

RSS = "import resource; print('RSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"


def _run(code: str) -> tuple[float, float, str]:
    """(peak RSS MB, seconds, last line of output) of ``code`` in a fresh interpreter."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code + "\n" + RSS], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    lines = (done.stdout + done.stderr).strip().splitlines()
    rss = next(int(x.split()[1]) for x in lines if x.startswith("RSS_KB")) / 1024
    said = next((x for x in lines if not x.startswith("RSS_KB")), "")
    return rss, seconds, said


def zip_bomb(path: Path, zeros_mb: int) -> None:
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="p"/>')
        info = zipfile.ZipInfo("sources/bom.txt")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            for _ in range(zeros_mb):
                fh.write(chunk)


def yaml_bomb(path: Path) -> None:
    levels = "\n".join(f"  - &l{i} {{name: m{i}, children: [*l{i - 1}, *l{i - 1}]}}" for i in range(1, 31))
    path.write_text(f"codes:\n  - &l0 {{name: m0, keywords: [kinh phí]}}\n{levels}\n", encoding="utf-8")


def model_bomb(folder: Path, k: int = 1000, n_terms: int = 400_000) -> None:
    """A saved model whose model.json and .npy headers declare a k x n_terms float64 array."""
    from vnqual.topics import TopicModel

    words = ["kinh_phí", "ngân_sách", "tiền", "đường", "xa", "mưa", "tài_liệu", "song_ngữ", "sách"]
    docs = [[words[(i + j) % len(words)] for j in range(4)] for i in range(40)]
    TopicModel(2, random_state=0).fit(docs).save(folder)
    meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    meta["vocabulary"] = [f"t{i}" for i in range(n_terms)]
    meta["n_topics"] = k
    for key in ("labels", "seed_themes", "topic_terms", "topic_info"):
        meta[key] = [meta[key][0]] * k
    (folder / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with zipfile.ZipFile(folder / "arrays.npz", "w") as zf:
        shapes = {"backend.phi": (k, n_terms), "backend.pi": (k,), "backend.bg": (n_terms,)}
        for name, shape in {**shapes, "term_frequency": (n_terms,)}.items():
            with zf.open(f"{name}.npy", "w") as fh:
                np.lib.format.write_array_header_1_0(
                    fh, {"descr": "<f8", "fortran_order": False, "shape": shape}
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zeros-mb", type=int, default=900)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bomb = tmp_path / "bom.qdpx"
        zip_bomb(bomb, args.zeros_mb)
        base_cli = _run("import vnqual.cli, vnqual.cli._export")
        case = _run(
            textwrap.dedent(f"""
            import sys
            from click.testing import CliRunner
            import vnqual.cli._export
            from vnqual.cli import cli
            r = CliRunner().invoke(cli, ["agree", {str(bomb)!r}, {str(bomb)!r}])
            print(r.output.strip().splitlines()[-1], "| exit", r.exit_code)
            """)
        )
        rows.append(
            (
                f".qdpx, {bomb.stat().st_size / 1e3:.0f} kB holding {args.zeros_mb} MiB of zeros",
                "`vnqual agree` (CliRunner)",
                base_cli,
                case,
            )
        )
        case = _run(
            textwrap.dedent(f"""
            from click.testing import CliRunner
            import vnqual.cli._export
            from vnqual.cli import cli
            r = CliRunner().invoke(cli, ["agree", {str(bomb)!r}, {str(bomb)!r}, "--max-size", "5000"])
            print(r.output.strip().splitlines()[-1], "| exit", r.exit_code)
            """)
        )
        rows.append(
            ("the same, `--max-size 5000` (size bound raised)", "`vnqual agree` (CliRunner)", base_cli, case)
        )
        codebook = tmp_path / "bom.yaml"
        yaml_bomb(codebook)
        base_cb = _run("from vnqual.codebook import Codebook")
        case = _run(
            textwrap.dedent(f"""
            from vnqual.codebook import Codebook
            from vnqual.errors import CodebookError
            try:
                Codebook.load({str(codebook)!r})
            except CodebookError as err:
                print(err)
            """)
        )
        rows.append(
            (
                f"YAML codebook, {codebook.stat().st_size} bytes, 30 levels of aliases (2^30 codes)",
                "`Codebook.load`",
                base_cb,
                case,
            )
        )
        model = tmp_path / "mo_hinh"
        model_bomb(model)
        size = (model / "arrays.npz").stat().st_size + (model / "model.json").stat().st_size
        base_tm = _run("from vnqual.topics import load_model")
        case = _run(
            textwrap.dedent(f"""
            from vnqual.topics import load_model
            from vnqual.errors import ModelError
            try:
                load_model({str(model)!r})
            except ModelError as err:
                print(err)
            """)
        )
        rows.append(
            (
                f"saved model, {size / 1e6:.1f} MB, declaring 1000 x 400k float64 (3.2 GB)",
                "`load_model`",
                base_tm,
                case,
            )
        )
    print("| input | reader | peak RSS (MB) | import-only baseline (MB) | time (s) | message |")
    print("|---|---|---|---|---|---|")
    for what, reader, base, (rss, seconds, said) in rows:
        print(f"| {what} | {reader} | {rss:.0f} | {base[0]:.0f} | {seconds:.1f} | {said} |")


if __name__ == "__main__":
    main()
