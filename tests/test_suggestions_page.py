"""建议办理 (the office's suggestions page) through AppTest on a fixed office clock: moving a
suggestion on with replies, naming the month's best, the counts per person and section."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_suggestions import TEXT, proposed

from learnhub import attendance
from learnhub.auth import start_session
from learnhub.periods import month_of

NOW = datetime(2026, 3, 18, 9, 0)
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def labelled(widgets, label: str):  # type: ignore[no-untyped-def]
    found = [w for w in widgets if w.label == label]
    assert len(found) == 1, [w.label for w in widgets]
    return found[0]


def move_to(at: AppTest, state: str, reply: str = "") -> AppTest:
    labelled(at.selectbox, "改为").select(state)
    labelled(at.text_area, "答复意见（建议人会看到；采纳或不采纳时必须填写）").input(reply)
    return labelled(at.button, "保存办理结果").click().run()


def test_the_office_moves_a_suggestion_on_and_names_the_best(app_office: Office) -> None:
    office = app_office
    mine = proposed(office, office.staff_id)
    theirs = proposed(office, office.other_staff_id, "business")
    at = open_page("suggestions", office.store, office.office_id)
    assert not at.exception
    assert "本月共 2 条建议，其中 2 条待办理。" in [c.value for c in at.caption]
    at.selectbox(key="suggestions_page_pick_2026-03").select(mine).run()
    assert TEXT in texts(at, "text")
    assert labelled(at.selectbox, "改为").options == ["研究中", "已采纳", "未采纳"]

    at = move_to(at, "under_study", "转综合科研究")
    assert not at.exception and not at.error
    assert "已将建议改为“研究中”，答复已留给建议人。" in [s.value for s in at.success]
    assert office.store.suggestions.state(mine) == "under_study"
    assert labelled(at.selectbox, "改为").options == ["已采纳", "未采纳"]

    at = move_to(at, "adopted")  # no reply: refused, nothing stored
    assert [e.value for e in at.error] == ["采纳或不采纳时，请写答复意见，建议人会看到"]
    assert office.store.suggestions.state(mine) == "under_study"
    at = move_to(at, "adopted", "很好，下月起试行")
    assert not at.error
    assert office.store.suggestions.state(mine) == "adopted"
    history = at.dataframe[1].value
    assert list(history["状态"]) == ["研究中", "已采纳"]
    assert list(history["答复意见"]) == ["转综合科研究", "很好，下月起试行"]
    assert labelled(at.selectbox, "改为").options == ["已落实"]

    labelled(at.text_input, "评选理由（选填）").input("切实可行")
    at = labelled(at.button, "评为本月最佳建议").click().run()
    assert not at.error
    assert office.store.suggestions.best(month_of(NOW.date()).start) == mine
    assert "这条建议已评为本月最佳建议。" in [s.value for s in at.success]

    # The counts: per person, and sections per head (综合科 has one staff member, 办公室 one).
    frames = [d.value for d in at.dataframe]
    sections = next(f for f in frames if "人均提出" in f.columns).set_index("科室")
    assert sections.loc["综合科", ["提出", "采纳", "人均提出"]].tolist() == [1, 1, 1.0]
    assert sections.loc["业务科", ["提出", "采纳"]].tolist() == [1, 0]
    people = next(f for f in frames if list(f.columns) == ["建议人", "科室", "提出", "采纳"])
    assert people.set_index("建议人").loc["张三", ["提出", "采纳"]].tolist() == [1, 1]
    assert theirs  # the other one stays waiting
    assert office.store.suggestions.state(theirs) is None


def test_only_the_office_handles_suggestions(app_office: Office) -> None:
    at = open_page("suggestions", app_office.store, app_office.staff_id)
    assert not at.exception
    assert at.error and not at.dataframe


@pytest.mark.parametrize("page", ["suggestions", "exhibition"])
def test_the_pages_read_in_english(app_office: Office, page: str) -> None:
    proposed(app_office, app_office.staff_id)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(app_office.store,
                                                               app_office.office_id)  # fmt: skip
    at.session_state["learnhub.language"] = "en"
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception
    shown = [str(e.value) for kind in ("caption", "markdown", "info", "text") for e in at.get(kind)]
    shown += [w.label for w in (*at.selectbox, *at.button, *at.text_area, *at.text_input)]
    assert not [s for s in shown if "exhibition." in s or "suggestions_page." in s]
    # Only people's names, sections and writing stay in Chinese (and the language switch).
    for data in (TEXT, "统一学习台账", "张三", "综合科", "赵主任", "语言"):
        shown = [s.replace(data, "") for s in shown]
    assert not [s for s in shown if CJK.search(s)]
    assert not [s for s in shown if "00:00:00" in s]  # days read as days
