"""Bold type in .docx press interviews: labels without a colon, questions and subheadings."""

from __future__ import annotations

from vnqual.io import read_corpus


def _interview(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Xã vùng cao học chữ ký số")
    document.add_paragraph("Ông Lù Văn Páo, Chủ tịch UBND xã Sà Phìn, trò chuyện với phóng viên.")
    for question, answer in (
        ("Thưa ông, vì sao xã chọn làm chữ ký số trước", "Vì cán bộ xã đi lại xa, ký giấy rất mất công."),
        ("Người dân có dùng được không", "Người trẻ thì dùng được ngay, người già cần hướng dẫn."),
    ):
        document.add_paragraph().add_run(question + "?").bold = True
        document.add_paragraph(answer)
    document.add_paragraph().add_run("Những việc còn lại").bold = True
    para = document.add_paragraph()
    para.add_run("Phó Chủ tịch UBND xã Giàng Thị Hoa").bold = True
    para.add_run(" Chúng tôi sẽ mở thêm lớp cho người cao tuổi.")
    document.save(str(path))
    return path


def test_bold_questions_labels_and_subheadings(tmp_path):
    corpus = read_corpus(_interview(tmp_path / "phong_van.docx"))
    rows = [tuple(r) for r in corpus.frame[["speaker", "role", "speaker_title", "text"]].to_numpy()]
    assert rows[2][:2] == ("", "interviewer")
    assert rows[3][:2] == ("Lù Văn Páo", "participant")  # the lead names him
    assert rows[4][:2] == ("", "interviewer")
    assert rows[6][:2] == ("", "")  # "Những việc còn lại": a subheading
    assert rows[7] == (
        "Giàng Thị Hoa",
        "participant",
        "Phó Chủ tịch UBND xã",
        "Chúng tôi sẽ mở thêm lớp cho người cao tuổi.",
    )
    corpus.check_offsets()


def test_bold_name_with_a_lower_case_position_is_a_label(tmp_path):
    import docx

    label = "Bà Lò Thị Hoa, công chức Văn phòng - Thống kê xã:"
    document = docx.Document()
    para = document.add_paragraph()
    para.add_run("Ông Nguyễn Văn Nam, Chủ tịch UBND xã:").bold = True
    para.add_run(" Xin khai mạc tọa đàm về chuyển đổi số.")
    para = document.add_paragraph()
    para.add_run(label).bold = True
    para.add_run(" Xã còn thiếu máy tính, mạng yếu ở thôn bản.")
    document.save(str(tmp_path / "bien_ban.docx"))
    (tmp_path / "bien_ban.txt").write_text(
        "Ông Nguyễn Văn Nam, Chủ tịch UBND xã: Xin khai mạc tọa đàm về chuyển đổi số.\n\n"
        f"{label} Xã còn thiếu máy tính, mạng yếu ở thôn bản.\n",
        encoding="utf-8",
    )
    for name in ("bien_ban.docx", "bien_ban.txt"):
        frame = read_corpus(tmp_path / name).frame
        assert list(frame["speaker"]) == ["Ông Nguyễn Văn Nam", "Bà Lò Thị Hoa"], name
        assert frame["speaker_title"].iloc[1] == "công chức Văn phòng - Thống kê xã"
        assert frame["text"].iloc[1] == "Xã còn thiếu máy tính, mạng yếu ở thôn bản."
