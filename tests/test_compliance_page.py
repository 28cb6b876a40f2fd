"""达标情况 (the compliance page) through AppTest, on an office clock in April 2026 looking at
March: departments per head and people with hand-known scores, one person's ✓ / ✗ grid, the Excel
workbook (科室, 人员, 明细) with Chinese intact and formulas escaped; staff and trainers refused."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from conftest import Office, add_person
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_scheme_versions import record

from learnhub import attendance
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.periods import parse_month
from learnhub.schemes import DEFAULT_SCHEME_NAME, Quota, default_scheme
from learnhub.store import Store
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2026, 4, 10, 9, 0)
MARCH = parse_month("2026-03")
# Version 2 from March: a book a month and a reflection a week, half each.
QUOTAS = (
    Quota("books", "book", "month", 1, 0.5),
    Quota("reflections", "reflection", "week", 1, 0.5),
)
BOOK = "读完一本书 每月 ≥1 本"
REFLECTION = "心得 每周 ≥1 篇"
WORKBOOK = "compliance-reading-competition-2026-03.xlsx"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def books_and_reflections_from(store: Store, month: date) -> None:
    scheme = replace(default_scheme(), version=2, valid_from=month, quotas=QUOTAS)
    assert store.schemes.insert_if_missing(DEFAULT_SCHEME_NAME, 2, month, scheme.to_json())


@pytest.fixture
def march(app_office: Office) -> Office:
    """张三 (综合科) finished a book and wrote reflections in weeks 10 and 12 of March's four
    (W10–W13): 0.5 × 1 + 0.5 × 0.5 = 75. 李四 (业务科) and 赵主任 (办公室) did nothing: 0."""
    store = app_office.store
    books_and_reflections_from(store, MARCH.start)
    record(store, app_office.staff_id, date(2026, 3, 20), "book_finished")
    record(store, app_office.staff_id, date(2026, 3, 4), "reflection")
    record(store, app_office.staff_id, date(2026, 3, 18), "reflection")
    return app_office


def opened(office: Office) -> AppTest:
    at = open_page("compliance", office.store, office.office_id)
    assert not at.exception, at.exception
    at = at.selectbox(key="compliance_month").set_value(MARCH).run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_office_sees_departments_and_people_with_their_scores(march: Office) -> None:
    at = opened(march)
    departments = frame_with(at, "全部达标比例").set_index("科室")
    assert departments.loc["综合科", "平均分"] == 75.0
    assert departments.loc["业务科", "平均分"] == 0.0
    assert departments.loc["综合科", "人数"] == 1
    assert departments.loc["综合科", "名次"] == 1
    # 张三 kept the book quota but missed two weeks: not every quota kept.
    assert departments.loc["综合科", "全部达标比例"] == 0.0
    assert departments.loc["综合科", f"{BOOK} 达标比例"] == 100.0
    assert departments.loc["业务科", f"{BOOK} 达标比例"] == 0.0
    people = frame_with(at, "科室内名次").set_index("工号")
    assert list(people.index[:1]) == ["00123"]  # best first
    zhang = people.loc["00123"]
    assert (zhang["姓名"], zhang["科室"], zhang["得分"], zhang["名次"]) == (
        "张三",
        "综合科",
        75.0,
        1,
    )
    assert zhang[BOOK] == 100.0 and zhang[REFLECTION] == 50.0 and zhang["达标项数"] == 1
    li = people.loc["00124"]
    assert (li["得分"], li["名次"], li["科室内名次"], li["达标项数"]) == (0.0, 2, 1, 0)
    assert at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")


def test_search_and_department_filter_narrow_the_person_table(march: Office) -> None:
    at = opened(march)
    at = at.text_input(key="compliance_search").input("李").run()
    assert list(frame_with(at, "科室内名次")["姓名"]) == ["李四"]
    at = at.text_input(key="compliance_search").input("").run()
    at = at.selectbox(key="compliance_department").set_value("综合科").run()
    assert list(frame_with(at, "科室内名次")["工号"]) == ["00123"]
    at = at.text_input(key="compliance_search").input("nobody").run()
    assert translate("compliance_page.no_match") in texts(at, "info")


def test_a_persons_grid_shows_each_period_met_or_missed(march: Office) -> None:
    at = opened(march)
    # The picker starts at the best person: 张三.
    assert at.selectbox(key="compliance_person").value == march.staff_id
    grids = [d.value for d in at.dataframe if BOOK in d.value.index or REFLECTION in d.value.index]
    weekly = next(g for g in grids if REFLECTION in g.index)
    assert list(weekly.columns) == ["W10", "W11", "W12", "W13"]
    assert list(weekly.loc[REFLECTION]) == ["✓", "✗", "✓", "✗"]
    monthly = next(g for g in grids if BOOK in g.index)
    assert list(monthly.columns) == ["2026-03"] and monthly.loc[BOOK, "2026-03"] == "✓"
    assert translate("compliance_page.legend") in texts(at, "caption")
    at = at.selectbox(key="compliance_person").set_value(march.other_staff_id).run()
    grids = [d.value for d in at.dataframe if REFLECTION in d.value.index]
    assert list(grids[0].loc[REFLECTION]) == ["✗"] * 4


def test_the_current_month_shows_running_periods_as_pending(march: Office) -> None:
    at = open_page("compliance", march.store, march.office_id)  # April, up to the 10th
    assert not at.exception
    weekly = next(d.value for d in at.dataframe if REFLECTION in d.value.index)
    # April's weeks: W14 (Thursday 2 April) is over and missed, W15 (6–12 April) still runs.
    assert list(weekly.loc[REFLECTION][:2]) == ["✗", "…"]


def test_the_excel_workbook_has_departments_people_and_every_period(
    march: Office, downloads: dict[str, Callable[[], object]]
) -> None:
    # A name that a spreadsheet would run as a formula must arrive as text.
    add_person(march.store, "00125", '=HYPERLINK("x")', "综合科", "staff")
    at = opened(march)
    assert WORKBOOK in downloads
    data = downloads[WORKBOOK]()
    assert isinstance(data, bytes)
    book = openpyxl.load_workbook(io.BytesIO(data))
    # 明细 as a clerk reads it: a sheet per cadence, a row per person and quota, a column per
    # period.
    assert book.sheetnames == ["科室", "人员", "明细（每月）", "明细（每周）"]
    rows = {name: list(book[name].values) for name in book.sheetnames}
    assert rows["科室"][0][:5] == ("名次", "科室", "人数", "平均分", "全部达标比例（%）")
    assert [r[1] for r in rows["科室"][1:]] == ["综合科", "业务科", "办公室"]
    people = {r[0]: r for r in rows["人员"][1:]}
    assert set(people) == {"00123", "00124", "00125", "office1"}
    assert people["00123"][1:5] == ("张三", "综合科", 75.0, 1)
    assert people["00125"][1] == '\'=HYPERLINK("x")'
    weekly = rows["明细（每周）"]
    assert weekly[0] == ("工号", "姓名", "科室", "指标", "W10", "W11", "W12", "W13")
    assert len(weekly) - 1 == 4  # four people, one weekly quota
    zhang = [r for r in weekly[1:] if r[0] == "00123"]
    assert [r[3:] for r in zhang] == [(REFLECTION, "✓", "✗", "✓", "✗")]
    monthly = {r[0]: r for r in rows["明细（每月）"][1:]}
    assert monthly["00123"][4] == "✓" and monthly["00124"][4] == "✗"
    assert monthly["00125"][1] == '\'=HYPERLINK("x")'
    assert not at.exception


@pytest.mark.parametrize("who", ["staff", "trainer"])
def test_staff_and_trainers_are_refused(app_office: Office, who: str) -> None:
    person = app_office.staff_id if who == "staff" else app_office.trainer_id
    at = open_page("compliance", app_office.store, person)
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.dataframe


def test_every_text_is_in_the_catalogue_in_english(
    march: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    # AppTest formats the widgets' values in this process, outside any session: English there too.
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(march.store, march.office_id)
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/compliance.py")
    at = at.run()
    at = at.selectbox(key="compliance_month").set_value(MARCH).run()
    assert not at.exception
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "text", "subheader")
             for e in at.get(kind)]  # fmt: skip
    shown += [w.label for w in [*at.button, *at.selectbox, *at.text_input]]
    shown += [str(o) for s in at.selectbox for o in s.options]
    shown += [str(c) for d in at.dataframe for c in [*d.value.columns, *d.value.index]]
    assert [s for s in shown if "compliance_page." in s or "points." in s] == []
    assert "Book finished monthly ≥1 book" in shown
