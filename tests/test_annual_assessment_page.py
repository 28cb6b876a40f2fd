"""年度考核 (the annual assessment page) through AppTest, on an office clock of 10 January 2027 (the
year 2026 shown first): sections per head and people with their grades, filters, a grade
corrected with a reason and the log, a band changed (and a bad one refused), the workbook;
staff and trainers refused; every text in the English catalogue."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_leaderboards import books_only_from
from test_scheme_versions import record

from learnhub import attendance
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2027, 1, 10, 9, 0)
WORKBOOK = "annual-assessment-2026.xlsx"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def year(app_office: Office) -> Office:
    """Books only in 2026: 张三 finished one every month (learning 100 → composite 60, 合格);
    李四 and 赵主任 nothing (0, 不合格)."""
    store = app_office.store
    books_only_from(store, date(2026, 1, 1))
    for month in range(1, 13):
        record(store, app_office.staff_id, date(2026, month, 10), "book_finished")
    return app_office


def opened(office: Office) -> AppTest:
    at = open_page("annual_assessment", office.store, office.office_id)
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def people(at: AppTest) -> pd.DataFrame:
    return frame_with(at, "等级").set_index("工号")


def test_office_sees_sections_per_head_and_people_with_grades(year: Office) -> None:
    at = opened(year)
    assert at.selectbox(key="assessment_year").value == 2026
    sections = frame_with(at, "人均综合分").set_index("科室")
    assert sections.loc["综合科", "人均综合分"] == 60.0 and sections.loc["综合科", "人数"] == 1
    assert sections.loc["综合科", "名次"] == 1 and sections.loc["业务科", "人均综合分"] == 0.0
    table = people(at)
    assert table.loc["00123", "综合分"] == 60.0 and table.loc["00123", "等级"] == "合格"
    assert table.loc["00124", "等级"] == "不合格"
    assert [m.value for m in at.metric][:2] == ["3", "20.0"]
    at = at.selectbox(key="assessment_grade_filter").set_value("pass").run()
    assert list(people(at).index) == ["00123"]
    at = at.selectbox(key="assessment_grade_filter").set_value("全部").run()
    at = at.text_input(key="assessment_search").input("李四").run()
    assert list(people(at).index) == ["00124"]


def test_the_office_corrects_a_grade_with_a_reason(year: Office) -> None:
    at = opened(year)
    at = at.selectbox(key="assessment_person").set_value(year.staff_id).run()
    at = at.selectbox(key="assessment_field").set_value("grade").run()
    at.selectbox(key="assessment_new_grade").set_value("excellent")
    at = at.button(key="assessment_correct").click().run()
    assert translate("assessment.reason_required") in texts(at, "error")
    assert people(at).loc["00123", "等级"] == "合格"
    at.selectbox(key="assessment_new_grade").set_value("excellent")
    at.text_area(key="assessment_reason").input("全年学习标兵，经考核组研究定为优秀")
    at = at.button(key="assessment_correct").click().run()
    assert not at.exception
    assert texts(at, "error") == []
    assert translate("annual_assessment_page.corrected") in texts(at, "success")
    table = people(at)
    assert table.loc["00123", "等级"] == "优秀" and table.loc["00123", "已更正"] == "是"
    log = frame_with(at, "理由")
    assert list(log["理由"]) == ["全年学习标兵，经考核组研究定为优秀"]
    assert list(log["原值"]) == ["合格"] and list(log["新值"]) == ["优秀"]
    assert list(log["更正人"]) == ["赵主任"]
    candidates = [d.value for d in at.dataframe if "等级" in d.value.columns]
    assert list(candidates[1]["工号"]) == ["00123"]  # now the outstanding-individual candidate


def test_the_office_changes_a_band_and_a_bad_one_is_refused(year: Office) -> None:
    at = opened(year)
    at.number_input(key="assessment_band_pass").set_value(70.0)
    at = at.button(key="assessment_save_settings").click().run()
    assert not at.exception
    assert translate("annual_assessment_page.settings_saved") in texts(at, "success")
    assert people(at).loc["00123", "等级"] == "不合格"  # 60 is below the new 合格 line
    at.number_input(key="assessment_band_good").set_value(95.0)
    at = at.button(key="assessment_save_settings").click().run()
    assert translate("assessment.bands_order") in texts(at, "error")
    assert people(at).loc["00123", "等级"] == "不合格"


def test_the_workbook_downloads(year: Office, downloads: dict[str, Callable[[], object]]) -> None:
    opened(year)
    assert WORKBOOK in downloads
    data = downloads[WORKBOOK]()
    assert isinstance(data, bytes)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["个人", "科室", "候选", "更正记录"]
    rows = list(book["个人"].values)
    zhang = next(r for r in rows[1:] if r[0] == "00123")
    assert zhang[1:3] == ("张三", "综合科") and "合格" in zhang


@pytest.mark.parametrize("who", ["staff", "trainer"])
def test_staff_and_trainers_are_refused(app_office: Office, who: str) -> None:
    person = app_office.staff_id if who == "staff" else app_office.trainer_id
    at = open_page("annual_assessment", app_office.store, person)
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.dataframe


def test_every_text_is_in_the_catalogue_in_english(
    year: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    # AppTest formats the widgets' values in this process, outside any session: English there too.
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(year.store, year.office_id)
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/annual_assessment.py")
    at = at.run()
    assert not at.exception
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "text", "subheader")
             for e in at.get(kind)]  # fmt: skip
    shown += [w.label for w in [*at.button, *at.selectbox, *at.text_input, *at.number_input,
                                *at.text_area, *at.metric]]  # fmt: skip
    shown += [str(o) for s in at.selectbox for o in s.options]
    shown += [str(c) for d in at.dataframe for c in d.value.columns]
    shown += [str(v) for d in at.dataframe for v in d.value.get("Grade", [])]
    assert [s for s in shown if "annual_assessment_page." in s or "assessment." in s] == []
    assert "Pass" in shown and "Composite per head" in shown
