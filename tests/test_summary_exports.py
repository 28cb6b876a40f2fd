"""月度小结 exports: the workbook read back and compared with the frames, formula-escaped names,
the CSV's BOM, the notice's PDF (text extracted) and HTML (escaped)."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from conftest import Office, add_person
from openpyxl import load_workbook
from pypdf import PdfReader
from test_summary import MARCH, TODAY, march, record  # noqa: F401

from learnhub import notice, summary, summary_exports

HOSTILE = "<script>alert('x')</script>"


def figures(office: Office) -> tuple[summary.MonthSummary, pd.DataFrame, str]:
    found = summary.month_summary(office.store, MARCH, today=TODAY)
    trend = summary.trend(office.store, MARCH, today=TODAY, current=found)
    text = notice.draft(office.store, found, trend, summary.highlights(found, names=True))
    return found, trend, text


def test_the_workbook_reads_back_as_the_frames(march: tuple[Office, int]) -> None:  # noqa: F811
    office, _ = march
    add_person(office.store, "00126", '=HYPERLINK("x")', "综合科", "staff")
    record(office.store, office.staff_id, date(2026, 3, 23), "clipping")
    found, trend, text = figures(office)
    book = load_workbook(io.BytesIO(summary_exports.summary_xlsx(found, trend, text)))
    assert book.sheetnames == ["人员", "科室", "趋势", "通报"]
    people = book["人员"]
    assert people.freeze_panes == "A2" and people["A1"].font.b
    assert people.column_dimensions["C"].width >= 4
    read = pd.read_excel(io.BytesIO(summary_exports.summary_xlsx(found, trend, text)),
                         sheet_name=None, dtype={"工号": str})  # fmt: skip
    expected = summary_exports.people_view(found)
    got = read["人员"]
    assert list(got.columns) == list(expected.columns)
    assert list(got["工号"]) == list(expected["工号"])  # leading zeros kept
    assert list(got["摘抄"]) == list(expected["摘抄"])
    assert list(got["得分"]) == list(expected["得分"])
    assert '\'=HYPERLINK("x")' in list(got["姓名"])
    assert list(read["科室"]["科室"]) == list(found.departments["department"])
    assert list(read["科室"]["人均得分"]) == list(found.departments["average_score"])
    # The share keeping every quota reads as a percentage, as a clerk expects.
    assert list(read["科室"]["全部达标比例（%）"]) == [
        round(v * 100, 1) for v in found.departments["kept_share"]
    ]
    assert list(read["趋势"]["人均得分"]) == list(trend["average_score"])
    assert list(read["通报"]["通报"]) == summary_exports.notice_paragraphs(text)


def test_csv_has_a_bom_and_escapes(march: tuple[Office, int]) -> None:  # noqa: F811
    office, _ = march
    add_person(office.store, "00126", "+恶意", "综合科", "staff")
    found, _, _ = figures(office)
    data = summary_exports.people_csv(found)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("工号,姓名,科室")
    assert "'+恶意" in text and "00123,张三,综合科" in text


def test_the_notice_pdf_holds_its_chinese_text(march: tuple[Office, int]) -> None:  # noqa: F811
    office, _ = march
    found, trend, text = figures(office)
    pdf = summary_exports.notice_pdf(found.month, text + "\n\n" + HOSTILE, found.departments,
                                     trend)  # fmt: skip
    reader = PdfReader(io.BytesIO(pdf))
    extracted = "".join(page.extract_text() for page in reader.pages)
    flat = extracted.replace("\n", "")
    assert "关于2026年3月干部学习情况的通报" in flat
    assert "人均得分最高的科室是综合科" in flat
    assert "<script>" in flat  # shown as text, not taken as markup
    assert "各科室人均得分" in flat


def test_the_notice_html_escapes_user_text(march: tuple[Office, int]) -> None:  # noqa: F811
    office, _ = march
    found, trend, text = figures(office)
    page = summary_exports.notice_html(found.month, text + "\n\n" + HOSTILE, found.departments,
                                       trend)  # fmt: skip
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<h1>关于2026年3月干部学习情况的通报</h1>" in page
    assert page.count("<svg") == 2 and "综合科" in page
