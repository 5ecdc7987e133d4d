"""``vnqual review``: --export, one-line errors, and the real server started by the command."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from vnqual.cli import cli
from vnqual.review import DecisionStore

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def tagged(tmp_path: Path) -> Path:
    """A tiny `vnqual tag` folder (keywords only) made through the CLI."""
    (tmp_path / "pv.txt").write_text(
        "Bà Hoa: Kinh phí bồi dưỡng còn thiếu.\nÔng Minh: Đường sạt lở, đi lại khó.\n", encoding="utf-8"
    )
    (tmp_path / "ma.yaml").write_text(
        "codes:\n  - name: Kinh phí\n    keywords: [kinh phí]\n  - name: Đi lại\n    keywords: [đi lại]\n",
        encoding="utf-8",
    )
    out = tmp_path / "ma_hoa"
    result = CliRunner().invoke(
        cli,
        [
            "-q",
            "tag",
            str(tmp_path / "pv.txt"),
            "--codebook",
            str(tmp_path / "ma.yaml"),
            "--keywords-only",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_export_writes_reviewed_csv(tagged: Path) -> None:
    store = DecisionStore(tagged)
    sid = "pv-0001"
    store.decide(sid, "Kinh phí", "accepted", reviewer="Lan", action_id="1")
    result = CliRunner().invoke(cli, ["review", str(tagged), "--export"])
    assert result.exit_code == 0, result.output
    text = (tagged / "reviewed.csv").read_text(encoding="utf-8-sig")
    assert f"{sid},Kinh phí,Kinh phí bồi dưỡng còn thiếu.,accepted,Lan," in text


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "no such folder"),
        ("not_tag", "not a `vnqual tag` output"),
        ("corrupt", "not a readable review database"),
    ],
)
def test_bad_folders_are_one_line(tagged: Path, tmp_path: Path, setup: str, message: str) -> None:
    target = {"missing": tmp_path / "khong_co", "not_tag": tmp_path, "corrupt": tagged}[setup]
    if setup == "corrupt":
        (tagged / "review.sqlite").write_bytes(b"hong " * 500)
    result = CliRunner().invoke(cli, ["review", str(target), "--export"])
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_port_in_use_is_one_line(tagged: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["review", str(tagged), "--port", str(port), "--no-browser", "--reviewer", "Lan"]
        )
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: port {port} on 127.0.0.1 is in use; give another port or leave it out to get a free one"
    )


def test_command_serves_with_token_and_a_kill_loses_nothing(tagged: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "vnqual", "review", str(tagged), "--no-browser", "--reviewer", "Lan"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and "?token=" in url
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the cookie
        with browser.open(url, timeout=10) as page:
            body = page.read().decode()
        assert "reviewer: <b>Lan</b>" in body and "0 / 2 reviewed" in body
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url.split("?")[0], timeout=10)
        assert err.value.code == 403
        form = {
            name: re.search(rf'name="{name}" value="([^"]+)"', body).group(1)  # type: ignore[union-attr]
            for name in ("csrf", "version", "action_id")
        }
        row = re.search(r'data-row="(\d+)"', body).group(1)  # type: ignore[union-attr]
        data = urllib.parse.urlencode({**form, "action": "reject"}).encode()
        with browser.open(url.split("?")[0] + f"x/{row}/decide", data=data, timeout=10) as page:
            assert "1 / 2 reviewed" in page.read().decode()  # confirmed on screen
        proc.kill()  # SIGKILL: no chance to flush anything
        proc.wait(timeout=10)
        assert [d.decision for d in DecisionStore(tagged).decisions()] == ["rejected"]
        result = CliRunner().invoke(cli, ["review", str(tagged), "--export"])
        assert result.exit_code == 0
        assert ",rejected,Lan," in (tagged / "reviewed.csv").read_text(encoding="utf-8-sig")
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)


def test_export_warns_about_orphans(tagged: Path) -> None:
    store = DecisionStore(tagged)
    store.decide("pv-0001", "Đi lại", "accepted", reviewer="Lan", action_id="o1")  # never suggested
    result = CliRunner().invoke(cli, ["review", str(tagged), "--export"])
    assert result.exit_code == 0
    assert "1 decision(s) concern excerpts no longer in codes.csv" in result.output
