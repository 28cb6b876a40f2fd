"""The assessment workbook: sheets 个人, 科室, 候选, 更正记录 read back with openpyxl equal the
frames the page shows, Chinese intact, formula-like text escaped, set up for printing."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from conftest import Office, add_person
from test_leaderboards import books_only_from
from test_scheme_versions import record

from learnhub import assessment
from learnhub.assessment_export import assessment_xlsx, sheets

TODAY = date(2027, 1, 10)
NOW = datetime(2027, 1, 10, 9, 0)
OFFICE = frozenset({"office", "staff"})
FORMULA = '=HYPERLINK("http://x","点我")'


@pytest.fixture
def workbook(office: Office) -> tuple[dict[str, pd.DataFrame], openpyxl.Workbook]:
    store = office.store
    books_only_from(store, date(2026, 1, 1))
    odd = add_person(store, "00125", FORMULA, "综合科", "staff")
    for month in range(1, 13):
        record(store, office.staff_id, date(2026, month, 10), "book_finished")
    assessment.correct(store, 2026, odd, "grade", "pass", "+1 加分项",
                       actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    report = assessment.annual_report(store, 2026, today=TODAY)
    found = assessment.corrections(store, 2026)
    data = assessment_xlsx(report, found, "zh")
    return sheets(report, found, "zh"), openpyxl.load_workbook(io.BytesIO(data))


def read_back(book: openpyxl.Workbook, name: str) -> pd.DataFrame:
    rows = list(book[name].values)
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_the_sheets_read_back_equal_the_frames(
    workbook: tuple[dict[str, pd.DataFrame], openpyxl.Workbook],
) -> None:
    frames, book = workbook
    assert book.sheetnames == ["个人", "科室", "候选", "更正记录"]
    for name, frame in frames.items():
        back = read_back(book, name)
        assert list(back.columns) == list(frame.columns), name
        expected = frame.astype(object).where(frame.notna(), None)
        for column in frame.columns:
            got = [v if v is None or isinstance(v, str) else float(v) for v in back[column]]
            want = [v if v is None or isinstance(v, str) else float(v) for v in expected[column]]
            if column == "姓名" or column == "理由":
                want = ["'" + v if isinstance(v, str) and v[:1] in "=+-@" else v for v in want]
            assert got == want, (name, column)
    people = read_back(book, "个人").set_index("工号")
    assert people.loc["00123", "学习得分"] == 100.0
    assert people.loc["00123", "综合分"] == 60.0 and people.loc["00123", "等级"] == "合格"
    assert people.loc["00125", "等级"] == "合格" and people.loc["00125", "已更正"] == "是"


def test_formula_like_text_is_escaped_and_the_sheets_print_well(
    workbook: tuple[dict[str, pd.DataFrame], openpyxl.Workbook],
) -> None:
    _, book = workbook
    names = [row[1] for row in book["个人"].iter_rows(min_row=2, values_only=True)]
    assert "'" + FORMULA in names and FORMULA not in names
    log = read_back(book, "更正记录")
    assert list(log["理由"]) == ["'+1 加分项"] and list(log["新值"]) == ["合格"]
    assert list(log["原值"]) == ["不合格"] and list(log["更正人"]) == ["赵主任"]
    assert list(read_back(book, "科室")["科室"])[:1] == ["综合科"]
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.freeze_panes == "A2"
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
