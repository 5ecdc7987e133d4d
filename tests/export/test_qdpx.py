from __future__ import annotations

import hashlib
import zipfile

import pandas as pd
import pytest
import xmlschema

from vnqual.errors import InputError
from vnqual.export import export, load_coded, read_qdpx, read_qdpx_cases, to_qdpx
from vnqual.export.qdpx import PROJECT_XSD

SCHEMA = PROJECT_XSD
KEY = ["doc_id", "code", "start_char", "end_char"]


@pytest.fixture(scope="module")
def schema():
    return xmlschema.XMLSchema(str(SCHEMA))


def _key_set(frame, cols=KEY):
    return set(map(tuple, frame[cols].astype(str).to_numpy()))


def test_qdpx_is_valid_against_refi_project_schema(coded_dir, tmp_path, schema):
    out = export(coded_dir, tmp_path / "toa_dam.qdpx", "qdpx")
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("project.qde").decode("utf-8")
    schema.validate(xml)


def test_qdpx_without_cases_is_valid_too(coded_dir, tmp_path, schema):
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx", cases=False)
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("project.qde").decode("utf-8")
    schema.validate(xml)
    assert "<Cases>" not in xml


def test_qdpx_sources_are_internal_utf8_without_bom(coded_dir, tmp_path):
    coded = load_coded(coded_dir)
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        xml = zf.read("project.qde").decode("utf-8")
        texts = {n: zf.read(n) for n in names if n.startswith("sources/")}
    assert len(texts) == len(coded.corpus.sources)
    for name, data in texts.items():
        assert name.endswith(".txt") and not data.startswith(b"\xef\xbb\xbf")
        assert f'plainTextPath="internal://{name.split("/")[1]}"' in xml
    assert {t.decode("utf-8") for t in texts.values()} == set(coded.corpus.sources.values())
    assert "PlainTextContent" not in xml and "richTextPath" not in xml


def test_qdpx_export_is_reproducible(coded_dir, tmp_path):
    a = export(coded_dir, tmp_path / "a.qdpx", "qdpx", name="toa_dam")
    b = export(coded_dir, tmp_path / "b.qdpx", "qdpx", name="toa_dam")
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def test_qdpx_round_trip_keeps_codings(coded_dir, tmp_path):
    coded = load_coded(coded_dir)
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx")
    codings, sources, codes = read_qdpx(out)
    assert sources == coded.corpus.sources
    cols = ["statement_id"] + KEY
    assert _key_set(codings, cols) == _key_set(coded.codings, cols)
    assert (
        codings["excerpt"]
        == [sources[d][s:e] for d, s, e in zip(codings.doc_id, codings.start_char, codings.end_char)]
    ).all()
    assert set(codings["coder"]) == {"vnqual"}
    merged = codings.merge(coded.codings, on=KEY, suffixes=("", "_orig"))
    assert (merged["method"] == merged["method_orig"]).all()
    assert (merged["score"] - merged["score_orig"]).abs().max() < 1e-3
    assert (merged["speaker"] == merged["speaker_orig"]).all()
    assert set(codings["site"]) == {"Quảng Nam", "Lai Châu"}
    parents = codes.set_index("code")["parent"]
    assert parents["Kinh phí"] == "Nguồn lực" and parents["Nguồn lực"] == ""
    keywords = codes.set_index("code")["keywords"]
    assert keywords["Kinh phí"] == ["kinh phí", "ngân sách"]
    # a GUID the codebook already had (e.g. from a QDA program) is kept
    assert codes.set_index("code")["guid"]["Kinh phí"] == "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def test_qdpx_round_trip_with_corpus_fills_statements(coded_dir, tmp_path):
    coded = load_coded(coded_dir)
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx", cases=False)
    codings, _, _ = read_qdpx(out, corpus=coded.corpus)
    cols = ["statement_id"] + KEY
    assert _key_set(codings, cols) == _key_set(coded.codings, cols)


def test_qdpx_cases_hold_the_statements(coded_dir, tmp_path):
    coded = load_coded(coded_dir)
    units = read_qdpx_cases(export(coded_dir, tmp_path / "a.qdpx", "qdpx"))
    frame = coded.corpus.frame
    assert _key_set(units, ["statement_id", "doc_id", "speaker", "start_char", "end_char"]) == _key_set(
        frame, ["statement_id", "doc_id", "speaker", "start_char", "end_char"]
    )
    assert dict(zip(units.statement_id, units.role)) == dict(zip(frame.statement_id, frame.role))


def test_to_qdpx_adds_codes_missing_from_codebook(corpus, tmp_path, schema):
    st = corpus.frame.iloc[1]
    codings = pd.DataFrame(
        {
            "doc_id": [st.doc_id],
            "code": ["Mã mới"],
            "coder": ["Lan"],
            "start_char": [st.start_char],
            "end_char": [st.end_char],
        }
    )
    out = to_qdpx(codings, corpus, tmp_path / "a.qdpx", codes=pd.DataFrame({"code": ["Kinh phí"]}))
    with zipfile.ZipFile(out) as zf:
        schema.validate(zf.read("project.qde").decode("utf-8"))
    back, _, codes = read_qdpx(out)
    assert set(codes["code"]) == {"Kinh phí", "Mã mới"}
    assert back["coder"].tolist() == ["Lan"] and back["method"].tolist() == ["human"]


def test_to_qdpx_requires_columns(corpus, tmp_path):
    with pytest.raises(InputError, match="lack column"):
        to_qdpx(pd.DataFrame({"doc_id": ["x"]}), corpus, tmp_path / "a.qdpx")


# ------------------------------------------------------------------ vendor dialects
NS = "urn:QDA-XML:project:1.0"
CRLF_TEXT = "Chủ trì: Mời anh chị.\r\nÔng Ba: Kinh phí còn thiếu.\r\nBà Tư: Cần thêm giảng viên.\r\n"


def _lf_offsets(word):
    lf = CRLF_TEXT.replace("\r\n", "\n")
    start = lf.index(word)
    return lf, start, start + len(word)


def _crlf_offsets(word):
    start = CRLF_TEXT.index(word)
    return start, start + len(word)


def _vendor_qdpx(
    path,
    selections_xml,
    *,
    origin="NVivo 14",
    folder="Sources",
    qde="Hội thảo.qde",
    extra_sources="",
    cases="",
):
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="Hội thảo" origin="{origin}">
 <Users><User guid="{{AAAAAAAA-0000-0000-0000-000000000001}}" name="Lan"/></Users>
 <CodeBook><Codes>
  <Code guid="BBBBBBBB-0000-0000-0000-000000000001" name="Nguồn lực" isCodable="false">
   <Code guid="BBBBBBBB-0000-0000-0000-000000000002" name="Kinh phí" isCodable="true"/>
   <Code guid="BBBBBBBB-0000-0000-0000-000000000003" name="Nhân lực" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Variables><Variable guid="CCCCCCCC-0000-0000-0000-000000000001" name="site"
   typeOfVariable="Text"/></Variables>
 {cases}
 <Sources>
  <TextSource guid="DDDDDDDD-0000-0000-0000-000000000001" name="Tọa đàm Lào Cai.docx"
    plainTextPath="internal://DDDDDDDD-0000-0000-0000-000000000001.txt"
    richTextPath="internal://DDDDDDDD-0000-0000-0000-000000000001.docx">
   {selections_xml}
  </TextSource>
  {extra_sources}
 </Sources>
</Project>"""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(qde, xml.encode("utf-8"))
        zf.writestr(
            f"{folder}/DDDDDDDD-0000-0000-0000-000000000001.txt", b"\xef\xbb\xbf" + CRLF_TEXT.encode("utf-8")
        )
    return path


def _selection(start, end, code="2", name=None, guid="1"):
    label = f' name="{name}"' if name is not None else ""
    return (
        f'<PlainTextSelection guid="EEEEEEEE-0000-0000-0000-00000000000{guid}"{label} '
        f'startPosition="{start}" endPosition="{end}" '
        f'creatingUser="AAAAAAAA-0000-0000-0000-000000000001">'
        f'<Coding guid="FFFFFFFF-0000-0000-0000-00000000000{guid}">'
        f'<CodeRef targetGUID="{{BBBBBBBB-0000-0000-0000-00000000000{code}}}"/></Coding>'
        f"</PlainTextSelection>"
    )


def test_reads_nvivo_style_crlf_offsets(tmp_path):
    s1, e1 = _crlf_offsets("Kinh phí còn thiếu")
    s2, e2 = _crlf_offsets("giảng viên")
    sels = _selection(s1, e1, "2", "Kinh phí còn thiếu", "1") + _selection(s2, e2, "3", "giảng viên", "2")
    codings, sources, codes = read_qdpx(_vendor_qdpx(tmp_path / "nvivo.qdpx", sels))
    text = sources["Tọa đàm Lào Cai"]
    assert "\r" not in text and not text.startswith("\ufeff")
    assert codings["excerpt"].tolist() == ["Kinh phí còn thiếu", "giảng viên"]
    assert codings["code"].tolist() == ["Kinh phí", "Nhân lực"]
    assert codings["coder"].tolist() == ["Lan", "Lan"]
    assert codings["code_path"].tolist() == ["Nguồn lực/Kinh phí", "Nguồn lực/Nhân lực"]
    assert not codes.set_index("code")["is_codable"]["Nguồn lực"]


def test_reads_atlas_style_offsets_counting_crlf_once(tmp_path):
    _, s1, e1 = _lf_offsets("giảng viên")
    sels = _selection(s1, e1, "3", None, "1")  # no name: decided by origin
    path = _vendor_qdpx(
        tmp_path / "atlas.qdpx", sels, origin="ATLAS.ti Windows 23.2.1", folder="sources", qde="project.qde"
    )
    codings, _, _ = read_qdpx(path)
    assert codings["excerpt"].tolist() == ["giảng viên"]


@pytest.mark.parametrize("mode, word", [("count", "Kinh phí"), ("ignore", "Kinh phí")])
def test_crlf_mode_can_be_forced(tmp_path, mode, word):
    s, e = _crlf_offsets(word) if mode == "count" else _lf_offsets(word)[1:]
    path = _vendor_qdpx(tmp_path / "x.qdpx", _selection(s, e, "2", None, "1"))
    codings, _, _ = read_qdpx(path, crlf=mode)
    assert codings["excerpt"].tolist() == [word]


def test_reads_inline_content_external_file_and_case_variables(tmp_path):
    external = tmp_path / "ngoai.txt"
    external.write_text("Bà Năm: Thiếu nhân lực y tế.", encoding="utf-8")
    extra = f"""
  <TextSource guid="DDDDDDDD-0000-0000-0000-000000000002" name="Ghi chép">
   <PlainTextContent>Ông Sáu: Kinh phí ít.</PlainTextContent>
   {_selection(9, 17, "2", "Kinh phí", "3")}
  </TextSource>
  <TextSource guid="DDDDDDDD-0000-0000-0000-000000000003" name="Ngoài"
    plainTextPath="absolute://{external}">
   {_selection(14, 22, "3", "nhân lực", "4")}
  </TextSource>"""
    cases = """<Cases><Case guid="12345678-0000-0000-0000-000000000001">
   <VariableValue><VariableRef targetGUID="CCCCCCCC-0000-0000-0000-000000000001"/>
    <TextValue>Lào Cai</TextValue></VariableValue>
   <SourceRef targetGUID="DDDDDDDD-0000-0000-0000-000000000001"/></Case></Cases>"""
    path = _vendor_qdpx(tmp_path / "maxqda.qdpx", "", origin="MAXQDA 2022", extra_sources=extra, cases=cases)
    codings, sources, _ = read_qdpx(path)
    assert sources["Ghi chép"] == "Ông Sáu: Kinh phí ít."
    assert sources["Ngoài"].index("nhân lực") == 14
    assert dict(zip(codings["doc_id"], codings["excerpt"])) == {"Ghi chép": "Kinh phí", "Ngoài": "nhân lực"}
    assert set(codings["site"]) == {""}  # the variable belongs to the uncoded source
    cases_only = read_qdpx_cases(path)
    assert cases_only.empty


def test_realigns_vendor_text_to_corpus(corpus, tmp_path):
    # a QDA program stored the text with CRLF and an extra blank line at the top
    doc = "QN_toadam"
    text = "\r\n" + corpus.sources[doc].replace("\n", "\r\n")
    word = "Giảng viên"
    start = text.index(word)
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="p"><CodeBook><Codes>
<Code guid="BBBBBBBB-0000-0000-0000-000000000003" name="Nhân lực" isCodable="true"/>
</Codes></CodeBook><Sources>
<TextSource guid="DDDDDDDD-0000-0000-0000-000000000001" name="{doc}.txt"
  plainTextPath="internal://t.txt">{_selection(start, start + len(word), "3", word, "1")}
</TextSource></Sources></Project>"""
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", xml)
        zf.writestr("sources/t.txt", text.encode("utf-8"))
    with pytest.warns(UserWarning, match="re-aligned"):
        codings, _, _ = read_qdpx(path, corpus=corpus)
    assert codings["excerpt"].tolist() == [word]
    assert codings["statement_id"].tolist() == ["QN_toadam-0003"]
    assert codings["speaker"].tolist() == ["Bà Hoa"]


# ------------------------------------------------------------------ defensive reading
def _zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_rejects_file_that_is_not_a_zip(tmp_path):
    bad = tmp_path / "hong.qdpx"
    bad.write_text("không phải zip", encoding="utf-8")
    with pytest.raises(InputError, match=r"hong\.qdpx: not a zip archive"):
        read_qdpx(bad)


def test_rejects_zip_without_qde(tmp_path):
    with pytest.raises(InputError, match=r"a\.qdpx: no \.qde project file inside"):
        read_qdpx(_zip(tmp_path / "a.qdpx", {"sources/x.txt": "x"}))


def test_rejects_invalid_xml_naming_the_file(tmp_path):
    with pytest.raises(InputError, match=r"a\.qdpx: project\.qde: invalid XML"):
        read_qdpx(_zip(tmp_path / "a.qdpx", {"project.qde": "<Project><Sources>"}))


def test_rejects_entity_expansion(tmp_path):
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><Project name="&b;"/>'
    )
    with pytest.raises(InputError, match="refused XML with a DTD"):
        read_qdpx(_zip(tmp_path / "a.qdpx", {"project.qde": bomb}))


@pytest.mark.parametrize("name", ["../thoat.txt", "/etc/passwd", "sources/../../x.txt", "C:/Windows/x.txt"])
def test_rejects_path_traversal_member_names(tmp_path, name):
    path = _zip(tmp_path / "a.qdpx", {"project.qde": f'<Project xmlns="{NS}" name="p"/>', name: "x"})
    with pytest.raises(InputError, match="unsafe file name"):
        read_qdpx(path)


def test_rejects_archives_over_the_size_limit(tmp_path):
    path = _zip(
        tmp_path / "a.qdpx",
        {"project.qde": f'<Project xmlns="{NS}" name="p"/>', "sources/big.txt": "a" * 10_000},
    )
    with pytest.raises(InputError, match=r"expands to 10\.1 kB, over the 5\.0 kB limit"):
        read_qdpx(path, max_bytes=5_000)


def test_rejects_wrong_root_element(tmp_path):
    with pytest.raises(InputError, match="not a REFI-QDA project"):
        read_qdpx(_zip(tmp_path / "a.qdpx", {"project.qde": "<CodeBook/>"}))


def test_qdpx_dates_every_selection_and_coding_with_one_fixed_time(coded_dir, tmp_path, monkeypatch):
    import re

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx")
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("project.qde").decode("utf-8")
    # older QualCoder versions fail on a selection without creationDateTime
    for tag in ("Project", "TextSource", "PlainTextSelection", "Coding"):
        elements = re.findall(rf"<{tag}\b[^>]*>", xml)
        assert elements and all('creationDateTime="1980-01-01T00:00:00Z"' in e for e in elements)
    guids = re.findall(r'(?:guid|GUID)="([^"]+)"', xml)
    assert guids and all(g == g.upper() for g in guids)  # as MAXQDA and ATLAS.ti write them


def test_qdpx_date_from_source_date_epoch(coded_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1593000000")
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx")
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("project.qde").decode("utf-8")
    assert 'creationDateTime="2020-06-24T12:00:00Z"' in xml


def _one_code_project(origin, code, name):
    """Start of a vendor project.qde with a single code (``BBBBBBBB-...-00000000000{code}``)."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="{NS}" name="p" '
        f'origin="{origin}">\n <CodeBook><Codes><Code guid="BBBBBBBB-0000-0000-0000-'
        f'00000000000{code}" name="{name}" isCodable="true"/></Codes></CodeBook>'
    )


def test_reads_source_text_in_windows_1252_with_a_warning(tmp_path):
    text = "Ông An: Kinh phí ít."
    start = text.index("Kinh phí")
    xml = f"""{_one_code_project("ATLAS.ti Windows 9", "2", "Kinh phí")}
 <Sources><TextSource guid="DDDDDDDD-0000-0000-0000-000000000001" name="pv"
   plainTextPath="internal://DDDDDDDD-0000-0000-0000-000000000001.txt">
   {_selection(start, start + len("Kinh phí"), "2", None, "1")}
 </TextSource></Sources>
</Project>"""
    path = _zip(
        tmp_path / "atlas.qdpx",
        {
            "project.qde": xml.encode("utf-8"),
            "sources/DDDDDDDD-0000-0000-0000-000000000001.txt": text.encode("cp1252"),
        },
    )
    with pytest.warns(
        Warning,
        match=r"atlas\.qdpx: text of source 'pv' is not valid UTF-8; "
        r"read as Windows-1252",
    ):
        codings, sources, _ = read_qdpx(path)
    assert sources["pv"] == text
    assert codings["excerpt"].tolist() == ["Kinh phí"]


def test_reads_text_codings_on_a_pdf_and_skips_only_region_codings(tmp_path):
    text = "Bà Năm: Thiếu nhân lực y tế ở trạm xã."
    start = text.index("nhân lực")
    xml = f"""{_one_code_project("QualCoder 3.6", "3", "Nhân lực")}
 <Variables><Variable guid="CCCCCCCC-0000-0000-0000-000000000001" name="site"
   typeOfVariable="Text"/></Variables>
 <Sources>
  <PDFSource guid="DDDDDDDD-0000-0000-0000-000000000009" name="Biên bản Lào Cai.pdf"
    path="internal://DDDDDDDD-0000-0000-0000-000000000009.pdf">
   <PDFSelection guid="EEEEEEEE-0000-0000-0000-000000000009" page="1" firstX="1" firstY="1"
     secondX="9" secondY="9"><Coding guid="FFFFFFFF-0000-0000-0000-000000000009">
     <CodeRef targetGUID="BBBBBBBB-0000-0000-0000-000000000003"/></Coding></PDFSelection>
   <Representation guid="DDDDDDDD-0000-0000-0000-00000000000A"
     plainTextPath="internal://DDDDDDDD-0000-0000-0000-00000000000A.txt">
    {_selection(start, start + len("nhân lực"), "3", None, "1")}
   </Representation>
   <VariableValue><VariableRef targetGUID="CCCCCCCC-0000-0000-0000-000000000001"/>
    <TextValue>Lào Cai</TextValue></VariableValue>
  </PDFSource>
  <PictureSource guid="DDDDDDDD-0000-0000-0000-00000000000B" name="ảnh.jpg"
    path="internal://DDDDDDDD-0000-0000-0000-00000000000B.jpg"/>
 </Sources>
</Project>"""
    path = _zip(
        tmp_path / "qualcoder.qdpx",
        {
            "project.qde": xml.encode("utf-8"),
            "sources/DDDDDDDD-0000-0000-0000-00000000000A.txt": text.encode("utf-8"),
        },
    )
    with pytest.warns(Warning, match=r"skipped 1 non-text source"):
        codings, sources, _ = read_qdpx(path)
    assert sources == {"Biên bản Lào Cai": text}
    assert codings[["code", "excerpt", "doc_id", "site"]].values.tolist() == [
        ["Nhân lực", "nhân lực", "Biên bản Lào Cai", "Lào Cai"]
    ]


def test_one_selection_per_span_with_a_coding_per_code_and_coder(coded_dir, tmp_path, schema):
    """ATLAS.ti makes a quotation of every selection: one span coded three times is one."""
    import re

    from vnqual.export import read_codings_csv, write_csv

    codes = read_codings_csv(coded_dir / "codes.csv")
    first = codes.iloc[0].copy()  # "Kinh phí" coded Kinh phí by rule, score 1
    extra = [
        dict(first, code="Nhân lực", method="model", score=0.71, evidence="thiếu"),
        dict(first, code="Kinh phí", method="human", score=float("nan"), evidence="", coder="Lan"),
    ]
    write_csv(pd.concat([codes, pd.DataFrame(extra)], ignore_index=True), coded_dir / "codes.csv")
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx")
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("project.qde").decode("utf-8")
    schema.validate(xml)
    spans = re.findall(r'<PlainTextSelection [^>]*startPosition="(\d+)" endPosition="(\d+)"', xml)
    assert len(spans) == len(set(spans))  # no span twice
    start, end = int(first["start_char"]), int(first["end_char"])
    sel = re.search(
        rf'<PlainTextSelection [^>]*startPosition="{start}" endPosition="{end}"'
        r".*?</PlainTextSelection>",
        xml,
        re.S,
    ).group()
    assert sel.count("<Coding ") == 3
    # every case points at a selection that exists
    guids = set(re.findall(r'<PlainTextSelection guid="([^"]+)"', xml))
    refs = re.findall(r'<SelectionRef targetGUID="([^"]+)"', xml)
    assert refs and set(refs) <= guids
    back, _, _ = read_qdpx(out)
    got = back[(back.start_char == start) & (back.end_char == end)].sort_values(["code", "coder"])
    assert got[["code", "coder", "method"]].values.tolist() == [
        ["Kinh phí", "Lan", "human"],
        ["Kinh phí", "vnqual", "rule"],
        ["Nhân lực", "vnqual", "model"],
    ]
    assert got["score"].tolist()[1:] == [1.0, 0.71]
    assert (got["statement_id"] == first["statement_id"]).all()


def test_qdpx_links_case_text_the_way_qualcoder_and_nvivo_read_it(coded_dir, tmp_path, schema):
    """QualCoder links a case to text only through a code sharing the case's GUID (as NVivo
    writes cases); every selection names its creating user (else QualCoder says "default")."""
    import xml.etree.ElementTree as ET

    coded = load_coded(coded_dir)
    out = export(coded_dir, tmp_path / "a.qdpx", "qdpx")
    with zipfile.ZipFile(out) as zf:
        xml = zf.read("project.qde").decode("utf-8")
    schema.validate(xml)
    ns = {"q": NS}
    root = ET.fromstring(xml)
    cases = {c.get("guid"): c.get("name") for c in root.iterfind("q:Cases/q:Case", ns)}
    codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", ns)}
    assert cases and all(codes.get(g) == name for g, name in cases.items())
    users = {u.get("guid") for u in root.iterfind("q:Users/q:User", ns)}
    linked: dict[str, int] = {}
    for sel in root.iterfind(".//q:PlainTextSelection", ns):
        assert sel.get("creatingUser") in users
        for ref in sel.iterfind("q:Coding/q:CodeRef", ns):
            if ref.get("targetGUID") in cases:
                linked[ref.get("targetGUID")] = linked.get(ref.get("targetGUID"), 0) + 1
    frame = coded.corpus.frame
    assert sum(linked.values()) == int((frame["speaker"] != "").sum())
    assert set(linked) == set(cases)
    # vnqual reads the case codes back as cases, not as codes of the codebook
    codings, _, back_codes = read_qdpx(out)
    assert not set(back_codes["code"]) & set(cases.values())
    assert set(codings["code"]) == set(coded.codings["code"])


def test_reads_case_text_linked_only_through_a_code_with_the_case_guid(tmp_path):
    s1, e1 = _crlf_offsets("Kinh phí còn thiếu")
    case_guid = "12345678-0000-0000-0000-0000000000AA"
    sel = _selection(s1, e1, "2", "Kinh phí còn thiếu", "1").replace(
        "</PlainTextSelection>",
        f'<Coding guid="FFFFFFFF-0000-0000-0000-0000000000AA"><CodeRef targetGUID="{case_guid}"/>'
        "</Coding></PlainTextSelection>",
    )
    path = _vendor_qdpx(
        tmp_path / "nv.qdpx", sel, cases=f'<Cases><Case guid="{case_guid}" name="Ông Ba"/></Cases>'
    )
    xml = (
        zipfile.ZipFile(path)
        .read("Hội thảo.qde")
        .decode("utf-8")
        .replace("</Codes>", f'<Code guid="{case_guid}" name="Ông Ba" isCodable="true"/></Codes>')
    )
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("project.qde", xml)
    codings, _, codes = read_qdpx(path)
    assert "Ông Ba" not in set(codes["code"])
    assert codings["code"].tolist() == ["Kinh phí"]
    units = read_qdpx_cases(path)
    assert units[["speaker", "text"]].values.tolist() == [["Ông Ba", "Kinh phí còn thiếu"]]


def test_export_notes_sources_with_characters_outside_the_bmp_and_reads_back(tmp_path):
    import warnings

    from vnqual.corpus import Corpus
    from vnqual.errors import VnqualNote

    src = "Chị Mai: 😀 Kinh phí còn thiếu 👍\nAnh Nam: Giảng viên tốt\n"
    rows = []
    for i, (speaker, text) in enumerate(
        [("Chị Mai", "😀 Kinh phí còn thiếu 👍"), ("Anh Nam", "Giảng viên tốt")]
    ):
        start = src.index(text)
        rows.append(
            {
                "doc_id": "bl",
                "statement_id": f"bl-{i + 1:04d}",
                "speaker": speaker,
                "role": "participant",
                "text": text,
                "start_char": start,
                "end_char": start + len(text),
                "source_file": "bl.txt",
                "turn": i + 1,
                "line": i + 1,
            }
        )
    corpus = Corpus(pd.DataFrame(rows), {"bl": src})
    start = src.index("Giảng viên")
    codings = pd.DataFrame(
        {"doc_id": ["bl"], "code": ["Giảng viên"], "start_char": [start], "end_char": [start + 10]}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = to_qdpx(codings, corpus, tmp_path / "bl.qdpx")
    notes = [str(w.message) for w in caught if issubclass(w.category, VnqualNote)]
    assert len(notes) == 1 and "1 source(s) (bl)" in notes[0] and "NVivo" in notes[0]
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        back, _, _ = read_qdpx(out)
    assert back["excerpt"].tolist() == ["Giảng viên"]


def test_human_only_export_owns_statement_selections_by_that_coder(corpus, tmp_path):
    import re

    st = corpus.frame.iloc[1]
    codings = pd.DataFrame(
        {
            "doc_id": [st.doc_id],
            "code": ["Kinh phí"],
            "coder": ["Lan"],
            "start_char": [st.start_char],
            "end_char": [st.end_char],
        }
    )
    out = to_qdpx(codings, corpus, tmp_path / "lan.qdpx")
    xml = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    users = re.findall(r'<User guid="([^"]+)" name="([^"]+)"', xml)
    assert [name for _, name in users] == ["Lan"]
    owners = re.findall(r'<PlainTextSelection [^>]*creatingUser="([^"]+)"', xml)
    assert len(owners) == len(corpus.frame[corpus.frame["speaker"] != ""]) and set(owners) == {users[0][0]}
