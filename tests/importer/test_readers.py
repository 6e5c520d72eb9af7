"""Reading sources: UTF-8 and GBK text, .docx made with python-docx, text PDFs."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.importer.plan import build_plan
from generator.importer.readers import SourceError, pdf_text, read_source

PLAN = "一、就业方面\n1. 城镇新增就业 0.8 万人。（区人社局）\n2. 举办招聘会20场以上。（区人社局、各街道）\n"


def test_gbk_text_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("gbk"))
    src = read_source(path)
    assert (src.kind, src.encoding) == ("text", "gbk")
    plan, _ = build_plan(src.text, plan_id="t", district="d", year=2022)
    assert [c.text for c in plan.commitments] == ["城镇新增就业 0.8 万人。", "举办招聘会20场以上。"]
    assert plan.commitments[1].support == ["各街道"]


def test_utf8_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_bytes(b"\xef\xbb\xbf" + PLAN.replace("\n", "\r\n").encode("utf-8"))
    src = read_source(path)
    assert src.encoding == "utf-8-sig"
    plan, _ = build_plan(src.text, plan_id="t", district="d", year=2022)
    assert [c.no for c in plan.commitments] == [1, 2]
    assert plan.commitments[0].section == "一、就业方面"


def test_docx_paragraphs_and_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("示例区2023年民生实事")
    table = document.add_table(rows=3, cols=4)
    rows = [
        ["序号", "项目", "责任单位", "完成时限"],
        ["1", "新建幼儿园2所", "区教育局", "2023年8月底"],
        ["2", "改造老旧小区15个", "区住建局", "年底前"],
    ]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    src = read_source(path)
    assert src.kind == "docx"
    plan, _ = build_plan(src.text, plan_id="t", district="d", year=None)
    assert plan.title == "示例区2023年民生实事"
    assert [(c.no, c.text, c.lead) for c in plan.commitments] == [
        (1, "新建幼儿园2所", ["区教育局"]),
        (2, "改造老旧小区15个", ["区住建局"]),
    ]
    first = plan.commitments[0]
    assert first.deadline is not None and str(first.deadline.date) == "2023-08-31"
    assert [(t.value, t.unit) for t in plan.commitments[1].targets] == [(15, "个")]


def _minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer in Helvetica (ASCII only)."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        ops.append(f"({line}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_text_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(_minimal_pdf(["Plan 2023", "1. Build 6 parks.", "2. Train 300 people.", "7"]))
    src = read_source(path)
    assert src.kind == "pdf"
    plan, outline = build_plan(src.text, plan_id="t", district="d", year=2023)
    assert [(c.no, c.text) for c in plan.commitments] == [
        (1, "Build 6 parks."),
        (2, "Train 300 people."),
    ]
    assert [ln.key for ln in outline.noise] == ["7"]  # the page number


def test_pdf_reader_on_a_mocked_pdfplumber_object() -> None:
    """Chinese PDF text (fonts with a ToUnicode map) as pdfplumber returns it, page by page:
    the page break splits item 1 and the page number line is dropped."""
    pages = [
        SimpleNamespace(extract_text=lambda: "一、教育方面\n1. 新建幼儿园 3 所，新增学"),
        SimpleNamespace(
            extract_text=lambda: "- 2 -\n位 900 个。（区教育局）\n2. 培训教师500人次。（区教育局）"
        ),
        SimpleNamespace(extract_text=lambda: None),
    ]
    text = pdf_text(SimpleNamespace(pages=pages))
    plan, _ = build_plan(text, plan_id="t", district="d", year=2023)
    first = plan.commitments[0]
    assert first.text == "新建幼儿园 3 所，新增学位 900 个。"
    assert [(t.value, t.unit) for t in first.targets] == [(3, "所"), (900, "个")]
    assert len(plan.commitments) == 2


def test_unreadable_sources(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "missing.txt")
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(SourceError, match=r"not a readable \.docx"):
        read_source(bad)
    empty = tmp_path / "scan.pdf"
    empty.write_bytes(_minimal_pdf([]))
    with pytest.raises(SourceError, match="no text layer"):
        read_source(empty)
