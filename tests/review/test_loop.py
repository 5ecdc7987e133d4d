"""The loop closes: tag --train DIR learns from the review, agree DIR, export --reviewed-only."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from vnqual.cli import cli
from vnqual.review import DecisionStore, Queue, ReviewFolder, write_reviewed

pytestmark = pytest.mark.filterwarnings("ignore:no model for code")

ACC = ("toa_dam_lai_chau-0003", "Đi lại")
REJ = ("toa_dam_lai_chau-0011", "Thiếu kinh phí")
CHG = ("toa_dam_lai_chau-0009", "Đi lại")  # -> Nội dung chương trình
ADD = ("toa_dam_lai_chau-0012", "Nội dung chương trình")


def _review(folder: Path) -> None:
    store = DecisionStore(folder)
    store.decide(*ACC, "accepted", reviewer="Lan", action_id="1", memo="=> rõ")
    store.decide(*REJ, "rejected", reviewer="Lan", action_id="2")
    store.decide(*CHG, "changed", new_code="Nội dung chương trình", reviewer="Minh", action_id="3")
    store.decide(*ADD, "added", reviewer="Minh", action_id="4")
    store.decide("toa_dam_lai_chau-0002", "Thiếu kinh phí", "flagged", reviewer="Lan", action_id="5")
    write_reviewed(folder, store, ReviewFolder(folder).corpus)
    store.close()


def _run(*args: object) -> object:
    return CliRunner().invoke(cli, ["-q", *map(str, args)], catch_exceptions=False)


def test_tag_train_on_a_reviewed_folder(tagged: Path, tagged_template: Path) -> None:
    _review(tagged)
    src = tagged_template.parent
    result = _run(
        "tag", src / "toa_dam_lai_chau.txt", "--codebook", src / "ma.yaml", "--train", tagged, "--out", tagged
    )
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    codes = pd.read_csv(tagged / "codes.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    by_key = {(s, c): m for s, c, m in zip(codes.statement_id, codes.code, codes.method)}
    assert by_key[ACC] == "human"  # accepted: now a human coding
    assert REJ not in by_key  # rejected: not suggested again
    assert CHG not in by_key and by_key[(CHG[0], "Nội dung chương trình")] == "human"
    assert by_key[(CHG[0], "Thiếu kinh phí")] == "keyword+model"  # the statement's other code stays
    assert by_key[ADD] == "human"
    # the review survived the re-run into the same folder and still reads as it was
    q = Queue(ReviewFolder(tagged), DecisionStore(tagged))
    assert q.status[q.index[ACC]] == "accepted" and q.memo[q.index[ACC]] == "=> rõ"
    assert q.status[q.index[(CHG[0], "Nội dung chương trình")]] == "changed"
    assert q.orphans() == []
    assert (tagged / "reviewed.csv").is_file()


def test_rejections_are_negatives_for_that_code(sample_corpus_dir: Path, tmp_path: Path) -> None:
    """On the sample corpus, a reviewer rejects five model suggestions of one code: the model
    retrained with --train on the review scores them far lower and no longer suggests them."""
    from vnqual import read_corpus
    from vnqual.codebook import Codebook
    from vnqual.jobs.tag import tag_corpus

    corpus = read_corpus(sample_corpus_dir)
    codebook = Codebook.load(sample_corpus_dir.parents[1] / "models" / "codebook_boi_duong.yaml")
    before = tag_corpus(corpus, codebook, random_state=0)
    model = before.codes[before.codes.method == "model"]
    code = model.code.value_counts().index[0]
    rejected = list(model[model.code == code].statement_id[:5])
    assert len(rejected) == 5
    store = DecisionStore(tmp_path)
    for k, sid in enumerate(rejected):
        store.decide(sid, code, "rejected", reviewer="Lan", action_id=f"r{k}")
    write_reviewed(tmp_path, store, corpus)
    after = tag_corpus(corpus, codebook, train=tmp_path, random_state=0)
    assert after.training is not None and after.training.partial[rejected[0]].neg == (code,)
    j = codebook.names.index(code)
    texts = list(corpus.frame.set_index("statement_id").loc[rejected, "text"])
    p_before = before.tagger.predict_proba(texts)[:, j]
    p_after = after.tagger.predict_proba(texts)[:, j]
    assert (p_before >= 0.5).all() and (p_after < 0.5).all(), (p_before, p_after)
    kept = after.codes[after.codes.statement_id.isin(rejected)]
    assert code not in set(kept.code)


def test_train_on_an_unreviewed_folder_is_one_clear_error(tagged: Path, tagged_template: Path) -> None:
    src = tagged_template.parent
    result = _run("tag", src / "toa_dam_lai_chau.txt", "--codebook", src / "ma.yaml", "--train", tagged)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "no reviewed.csv" in result.output and "Traceback" not in result.output  # type: ignore[attr-defined]


def test_agree_automatic_vs_reviewed(tagged: Path, tmp_path: Path) -> None:
    _review(tagged)
    out = tmp_path / "dong_thuan.csv"
    result = _run("agree", tagged, "--out", out)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    table = pd.read_csv(out, encoding="utf-8-sig").set_index("code")
    assert list(table.columns)[-2:] == ["precision", "recall"]
    # units: statements 0003, 0009, 0011, 0012 (the flag on 0002 is no judgement)
    di_lai = table.loc["Đi lại"]  # suggested on 0003 (accepted), 0009 (changed away)
    assert (di_lai.n_units, di_lai.n_a, di_lai.n_b, di_lai.n_both) == (4, 2, 1, 1)
    assert di_lai.precision == 0.5 and di_lai.recall == 1.0
    kinh_phi = table.loc["Thiếu kinh phí"]  # 0011 rejected; on 0009 suggested but not judged
    assert (kinh_phi.n_units, kinh_phi.n_a, kinh_phi.n_b) == (3, 1, 0)
    assert kinh_phi.precision == 0.0
    noi_dung = table.loc["Nội dung chương trình"]  # changed to on 0009, added on 0012
    assert (noi_dung.n_a, noi_dung.n_b, noi_dung.n_both, noi_dung.recall) == (0, 2, 0, 0.0)
    pooled = table.loc["(all codes)"]
    assert pooled.n_both == 1 and pooled.n_a == 3 and pooled.n_b == 3


def test_agree_on_an_unreviewed_folder(tagged: Path) -> None:
    result = _run("agree", tagged)
    assert result.exit_code == 1 and "not reviewed yet" in result.output  # type: ignore[attr-defined]


def test_export_reviewed_only(tagged: Path, tmp_path: Path) -> None:
    _review(tagged)
    out = tmp_path / "da_duyet.csv"
    assert _run("export", tagged, "--reviewed-only", "-o", out).exit_code == 0  # type: ignore[attr-defined]
    table = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    got = sorted(zip(table.statement_id, table.code, table.coder))
    assert got == sorted([(*ACC, "Lan"), (CHG[0], "Nội dung chương trình", "Minh"), (*ADD, "Minh")])
    assert "'=> rõ" in set(table.memo)  # formula-guarded memo
    qdpx = tmp_path / "da_duyet.qdpx"
    assert _run("export", tagged, "--reviewed-only", "-o", qdpx).exit_code == 0  # type: ignore[attr-defined]
    xml = zipfile.ZipFile(qdpx).read("project.qde").decode("utf-8")
    assert 'name="Lan"' in xml and 'name="Minh"' in xml and 'name="vnqual"' not in xml
    assert "memo: =&gt; rõ" in xml or "memo: => rõ" in xml
    from vnqual.export import read_qdpx

    codings, _, _ = read_qdpx(qdpx)
    assert sorted(zip(codings.code, codings.coder)) == sorted(
        [("Đi lại", "Lan"), ("Nội dung chương trình", "Minh"), ("Nội dung chương trình", "Minh")]
    )
