"""``vnqual review --deidentify``: the served pages carry pseudonyms, decisions keep the original ids.

The transcript is written for these tests: a participant named in her label, in speech and in the
file name (so in the statement ids), with a phone number before a keyword of the codebook.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

pytest.importorskip("flask")

from tests.review.conftest import make_tag_dir  # noqa: E402
from vnqual.cli import cli  # noqa: E402
from vnqual.review._app import ReviewState, create_app, make_state  # noqa: E402

TRANSCRIPT = (
    "Người phỏng vấn: Chị giới thiệu về công việc của mình được không ạ?\n"
    "Chị Hoàng Thị Mỹ Duyên: Em là công chức văn hóa xã, số điện thoại 0912 345 678, "
    "kinh phí bồi dưỡng năm nay bị cắt một nửa.\n"
    "Người phỏng vấn: Cảm ơn chị Duyên. Đi lại đến lớp học có khó không?\n"
    "Chị Hoàng Thị Mỹ Duyên: Đường lên huyện sạt lở, đi lại mất hai ngày, tài liệu thì nặng lý thuyết.\n"
)
NAMES = ("Hoàng Thị Mỹ Duyên", "Duyên", "0912 345 678")


@pytest.fixture(scope="module")
def tagged_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_tag_dir(tmp_path_factory.mktemp("review_deid"), "pv_chị_Duyên.txt", TRANSCRIPT)


@pytest.fixture()
def tagged_pv(tagged_template: Path, tmp_path: Path) -> Path:
    import shutil

    out = tmp_path / "ma_hoa"
    shutil.copytree(tagged_template, out)
    return out


def _client(state: ReviewState) -> Any:
    client = create_app(state).test_client()
    assert client.get(f"/?token={state.token}").status_code == 303
    return client


def _pages(client: Any, state: ReviewState) -> dict[str, str]:
    """Every page a reviewer can reach: each excerpt (all statuses) and the summary."""
    out = {}
    for row in range(len(state.queue.keys)):
        r = client.get(f"/x/{row}?status=all")
        assert r.status_code == 200
        out[f"/x/{row}"] = r.data.decode()
    out["/summary"] = client.get("/summary").data.decode()
    return out


def test_pages_show_pseudonyms_and_no_name_or_phone(tagged_pv: Path, tmp_path: Path) -> None:
    key = tmp_path / "bi_mat" / "khoa.csv"
    state = make_state(tagged_pv, reviewer="Lan", export=False, deidentify=True, key=key)
    pages = _pages(_client(state), state)
    assert len(pages) > 2
    html = "\n".join(pages.values())
    for name in NAMES:
        assert name not in html, name
    assert "[NGƯỜI 01]" in html and "[SĐT 01]" in html
    # the speaker filter offers pseudonyms (its values travel in URLs)
    assert re.search(r'<option value="Chị \[NGƯỜI 01\]"', html)
    # the keyword after the replaced phone number is still highlighted at the right place
    assert '<mark class="kw">kinh phí</mark>' in html
    # the key was written beside, with the originals
    assert "Hoàng Thị Mỹ Duyên" in key.read_text(encoding="utf-8-sig")


def test_statement_ids_from_a_file_name_with_a_name_are_shown_pseudonymised(tagged_pv: Path) -> None:
    state = make_state(tagged_pv, reviewer="Lan", export=False, deidentify=True)
    sid = state.queue.keys[0][0]
    assert "Duyên" in sid  # the id is made from the file name pv_chị_Duyên.txt
    shown = state.folder.shown_id(sid)
    assert "Duyên" not in shown and shown.endswith(sid[sid.rindex("-") :])
    html = _client(state).get("/x/0?status=all").data.decode()
    assert shown in html and sid not in html


def test_decisions_keep_original_ids_and_reviewed_csv_keeps_original_text(tagged_pv: Path) -> None:
    state = make_state(tagged_pv, reviewer="Lan", deidentify=True)
    client = _client(state)
    row = next(i for i, (sid, _) in enumerate(state.queue.keys) if "0912" in state.folder.texts[0][sid])
    html = client.get(f"/x/{row}?status=all").data.decode()
    version = re.search(r'name="version" value="(\d+)"', html).group(1)  # type: ignore[union-attr]
    action_id = re.search(r'name="action_id" value="(\w+)"', html).group(1)  # type: ignore[union-attr]
    data = {"csrf": state.csrf, "version": version, "action_id": action_id, "action": "accept"}
    assert client.post(f"/x/{row}/decide", data=data).status_code == 303
    state.flush()
    [decision] = state.store.decisions()
    assert decision.key == state.queue.keys[row]  # the original statement id, not the shown one
    reviewed = pd.read_csv(tagged_pv / "reviewed.csv", encoding="utf-8-sig", dtype=str)
    assert reviewed["statement_id"].tolist() == [decision.statement_id]
    assert "0912 345 678" in reviewed["text"].iloc[0]  # DIR is the team's folder: original text
    # the same decision shows without --deidentify (same key)
    plain = make_state(tagged_pv, reviewer="Lan", export=False)
    assert plain.queue.status[row] == "accepted"


def test_check_finds_nothing_in_a_saved_deidentified_page(tagged_pv: Path, tmp_path: Path) -> None:
    key = tmp_path / "khoa.csv"
    state = make_state(tagged_pv, reviewer="Lan", export=False, deidentify=True, key=key)
    saved = tmp_path / "trang"
    saved.mkdir()
    for i, html in enumerate(_pages(_client(state), state).values()):
        (saved / f"trang_{i}.html").write_text(html, encoding="utf-8")
    res = CliRunner().invoke(cli, ["deidentify", "--check", str(saved), "--key", str(key)])
    assert res.exit_code == 0, res.output
    # the control: the same pages served without --deidentify are caught
    plain = make_state(tagged_pv, reviewer="Lan", export=False)
    (saved / "ban_goc.html").write_text(_client(plain).get("/x/0?status=all").data.decode(), encoding="utf-8")
    res = CliRunner().invoke(cli, ["deidentify", "--check", str(saved), "--key", str(key)])
    assert res.exit_code == 1 and "Duyên" in res.output


def test_cli_key_needs_deidentify_and_export_refuses_it(tagged_pv: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(
        cli, ["review", str(tagged_pv), "--key", str(tmp_path / "k.csv"), "--no-browser", "--reviewer", "Lan"]
    )
    assert res.exit_code == 1
    assert res.output == "Error: --key is used with --deidentify; add --deidentify or drop --key\n"
    res = CliRunner().invoke(cli, ["review", str(tagged_pv), "--export", "--deidentify"])
    assert res.exit_code == 1
    assert res.output.startswith("Error: --deidentify does not apply to --export (DIR/reviewed.csv keeps")
    assert not (tagged_pv / "reviewed.csv").exists()


def test_make_state_key_without_deidentify_names_parameters(tagged_pv: Path, tmp_path: Path) -> None:
    from vnqual.errors import InputError

    with pytest.raises(InputError, match=r"^`key` is used with `deidentify`"):
        make_state(tagged_pv, reviewer="Lan", key=tmp_path / "k.csv")
