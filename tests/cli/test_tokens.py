"""``vnqual tokens`` and the shared token options."""

from __future__ import annotations

import click
import pandas as pd
from click.testing import CliRunner

import vnqual.cli._cache  # noqa: F401  (registers `vnqual cache` until the lead imports it)
from vnqual.cli import cli
from vnqual.cli._tokens import token_kwargs, token_options

ROWS = pd.DataFrame(
    {
        "id": ["pv-01", "pv-02", "pv-03"],
        "site": ["Lai Châu", "Lai Châu", "Quảng Nam"],
        "text": [
            "Thì là cán bộ xã thiếu kinh phí bồi dưỡng.",
            "Ủy ban nhân dân xã hỗ trợ nông thôn mới, ờ, rất tốt.",
            "Sở Nội vụ mở 3 lớp cho cán bộ công chức cấp xã.",
        ],
    }
)


def _table(tmp_path):
    path = tmp_path / "phieu_y_kien.csv"
    ROWS.to_csv(path, index=False)
    return path


def _run(args):
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    return result


def test_tokens_writes_one_row_per_statement_with_metadata(tmp_path):
    out = tmp_path / "tu_ngu.csv"
    result = _run(["tokens", str(_table(tmp_path)), "--out", str(out), "--no-cache"])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns[:2]) == ["statement_id", "tokens"]
    assert {"id", "site"} <= set(frame.columns)
    assert frame["id"].tolist() == ROWS["id"].tolist()
    first = frame["tokens"][0].split(" ")
    assert first == ["cán_bộ", "xã", "thiếu", "kinh_phí", "bồi_dưỡng"]


def test_tokens_spans_point_into_the_text(tmp_path):
    result = _run(["tokens", str(_table(tmp_path)), "--spans", "--no-cache"])
    frame = pd.read_csv(pd.io.common.StringIO(result.output))
    for text, toks, spans in zip(ROWS["text"], frame["tokens"], frame["spans"]):
        for tok, span in zip(toks.split(" "), spans.split(" ")):
            s, e = map(int, span.split("-"))
            assert text[s:e].replace(" ", "_").lower() == tok.lower()


def test_tokens_user_dict_and_stopword_files(tmp_path):
    udict = tmp_path / "tu_dien.txt"
    udict.write_text("cán bộ công chức cấp xã\nnông thôn mới\n", encoding="utf-8")
    stop = tmp_path / "tu_dung.txt"
    stop.write_text("bồi dưỡng\n", encoding="utf-8")
    result = _run(
        ["tokens", str(_table(tmp_path)), "--user-dict", str(udict), "--stopwords", str(stop), "--no-cache"]
    )
    assert result.exit_code == 0
    frame = pd.read_csv(pd.io.common.StringIO(result.output))
    assert "cán_bộ_công_chức_cấp_xã" in frame["tokens"][2].split(" ")
    assert "nông_thôn_mới" in frame["tokens"][1].split(" ")
    assert "bồi_dưỡng" not in frame["tokens"][0].split(" ")


def test_missing_stopword_file_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(
        cli, ["tokens", str(_table(tmp_path)), "--stopwords", str(tmp_path / "khong_co.txt")]
    )
    assert result.exit_code == 1
    assert "Error: --stopwords" in result.output and "no such file" in result.output


def test_token_options_give_tokenize_kwargs(tmp_path):
    seen = {}

    @click.command()
    @token_options
    def probe(**kwargs):
        seen.update(token_kwargs(kwargs))
        assert kwargs == {}

    result = CliRunner().invoke(
        probe, ["--pos", "content", "-j", "2", "--no-cache", "--no-default-stopwords", "--phrases"]
    )
    assert result.exit_code == 0, result.output
    assert seen["pos"] == "content" and seen["jobs"] == 2 and seen["cache"] is False
    assert seen["stopwords"] == frozenset() and seen["phrases"] is True


def test_cache_info_and_clear(tmp_path, monkeypatch):
    monkeypatch.setenv("VNQUAL_CACHE_DIR", str(tmp_path / "bo_nho_dem"))
    assert _run(["tokens", str(_table(tmp_path))]).exit_code == 0
    info = _run(["cache", "info"])
    assert "entries: 3" in info.output
    cleared = _run(["cache", "clear"])
    assert cleared.exit_code == 0
    assert "entries: 0" in _run(["cache", "info"]).output


def test_quiet_and_short_out_are_accepted_after_the_command(tmp_path):
    out = tmp_path / "tu_ngu.csv"
    result = _run(["tokens", str(_table(tmp_path)), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("statement_id")
    assert _run(["cache", "info", "-q"]).exit_code == 0


def test_every_command_has_quiet_and_it_reaches_the_root_context():
    import click

    from vnqual.cli._base import _set_quiet

    def commands(group):
        for cmd in group.commands.values():
            yield cmd
            if isinstance(cmd, click.Group):
                yield from commands(cmd)

    assert all(any("--quiet" in p.opts for p in c.params) for c in commands(cli))
    root = click.Context(cli, obj={"quiet": False})
    sub = click.Context(cli.commands["tokens"], parent=root)
    _set_quiet(sub, None, True)
    assert root.obj["quiet"] is True
