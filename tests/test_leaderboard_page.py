"""排行榜 (the leaderboard page) through AppTest, on an office clock in April 2026 looking at March:
staff see the full board by default with their own line; with the office's choice of 'own',
'top' N or 'departments' they see only that (and always their own rank); the office sees
everything and sets the choice; trainers are refused; every text is in the English catalogue."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_leaderboards import books_only_from
from test_scheme_versions import record

from learnhub import attendance, leaderboards
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.periods import parse_month, quarter_of
from learnhub.schemes import PointRule
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2026, 4, 10, 9, 0)
MARCH = parse_month("2026-03")
OFFICE = frozenset({"office", "staff"})
PEOPLE_COLUMNS = ["名次", "姓名", "科室", "得分", "积分"]


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def march(app_office: Office) -> Office:
    """Books only from March, a point a clipping: 张三 finished a book (100, rank 1); 李四 made two
    clippings (0, 2 points) and 赵主任 nothing (0): both rank 2 of 3."""
    store = app_office.store
    books_only_from(store, MARCH.start, (PointRule("clipping", 1, 1, 3),))
    record(store, app_office.staff_id, date(2026, 3, 20), "book_finished")
    record(store, app_office.other_staff_id, date(2026, 3, 4), "clipping")
    record(store, app_office.other_staff_id, date(2026, 3, 4), "clipping")
    return app_office


def opened(office: Office, person: int) -> AppTest:
    at = open_page("leaderboard", office.store, person)
    assert not at.exception, at.exception
    at = at.selectbox(key="leaderboard_month").set_value(MARCH).run()
    assert not at.exception, at.exception
    return at


def people_board(at: AppTest) -> pd.DataFrame | None:
    return next((d.value for d in at.dataframe if list(d.value.columns) == PEOPLE_COLUMNS), None)


def department_board(at: AppTest) -> pd.DataFrame | None:
    return next((d.value for d in at.dataframe if "人均积分" in d.value.columns), None)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


def everything_shown(at: AppTest) -> str:
    """Every text of the page's main area, its metrics and the cells of its dataframes."""
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "error",
                                       "success", "text", "subheader", "title")
             for e in at.main.get(kind)]  # fmt: skip
    shown += [f"{m.label} {m.value}" for m in at.metric]
    shown += [d.value.to_string() for d in at.dataframe]
    return "\n".join(shown)


def set_mode(office: Office, mode: str, top_n: int = 10) -> None:
    leaderboards.set_visibility(office.store, mode, top_n, actor_roles=OFFICE)


def test_staff_see_the_full_board_by_default_with_their_own_line(march: Office) -> None:
    at = opened(march, march.other_staff_id)
    board = people_board(at)
    assert board is not None
    assert list(board["姓名"]) == ["张三", "李四", "赵主任"]
    assert list(board["名次"]) == [1, 2, 2]
    li = board[board["姓名"] == "李四"].iloc[0]
    assert (li["科室"], li["得分"], li["积分"]) == ("业务科", 0.0, 2.0)
    assert metrics(at) == {"我的名次": "第 2 名 / 共 3 人", "我的得分": "0", "我的积分": "2"}
    assert translate("leaderboard_page.shows.full") in texts(at, "caption")
    departments = department_board(at)
    assert departments is not None
    assert list(departments["科室"]) == ["综合科", "业务科", "办公室"]
    first = departments.iloc[0]
    assert (first["名次"], first["人数"], first["人均得分"], first["全部达标比例"]) == (
        1, 1, 100.0, 100.0
    )  # fmt: skip
    assert departments.set_index("科室").loc["业务科", "人均积分"] == 2.0


def test_own_rank_only_shows_no_one_else(march: Office) -> None:
    set_mode(march, "own")
    at = opened(march, march.staff_id)
    assert people_board(at) is None and department_board(at) is None
    page = everything_shown(at)
    # (办公室 is also the word for the office in the page's own texts.)
    for other in ("李四", "赵主任", "00124", "office1", "业务科"):
        assert other not in page, other
    assert metrics(at)["我的名次"] == "第 1 名 / 共 3 人"
    assert translate("leaderboard_page.shows.own") in texts(at, "caption")


def test_top_n_shows_only_the_first_n_and_still_the_viewers_rank(march: Office) -> None:
    set_mode(march, "top", 1)
    at = opened(march, march.other_staff_id)
    board = people_board(at)
    assert board is not None and list(board["姓名"]) == ["张三"]
    assert metrics(at)["我的名次"] == "第 2 名 / 共 3 人"
    assert department_board(at) is not None
    assert translate("leaderboard_page.shows.top", n=1) in texts(at, "caption")


def test_departments_only_hides_every_person(march: Office) -> None:
    set_mode(march, "departments")
    at = opened(march, march.other_staff_id)
    assert people_board(at) is None
    assert translate("leaderboard_page.people_hidden") in texts(at, "caption")
    departments = department_board(at)
    assert departments is not None and len(departments) == 3
    assert "张三" not in everything_shown(at)
    assert metrics(at)["我的名次"] == "第 2 名 / 共 3 人"


def test_the_office_sees_everything_and_sets_what_staff_see(march: Office) -> None:
    set_mode(march, "own")
    at = opened(march, march.office_id)
    board = people_board(at)
    assert board is not None and len(board) == 3  # the office's own choice does not hide
    assert metrics(at)["我的名次"] == "第 2 名 / 共 3 人"  # 赵主任 also studies
    mode = next(r for r in at.radio if r.label == translate("leaderboard_page.settings.mode"))
    assert mode.value == "own"
    mode.set_value("top")
    top = next(n for n in at.number_input
               if n.label == translate("leaderboard_page.settings.top_n"))  # fmt: skip
    top.set_value(2)
    at = next(b for b in at.button
              if b.label == translate("leaderboard_page.settings.save")).click().run()  # fmt: skip
    assert not at.exception, at.exception
    assert leaderboards.visibility(march.store) == ("top", 2)
    saved = translate("leaderboard_page.settings.saved",
                      mode=translate("leaderboard_page.mode.top"))  # fmt: skip
    assert saved in texts(at, "success")


def test_spans_week_quarter_and_year(march: Office) -> None:
    at = open_page("leaderboard", march.store, march.staff_id)
    for kind, label in (("week", "2026-W15"), ("quarter", "2026-Q2"), ("year", "2026")):
        at = at.radio(key="leaderboard_kind").set_value(kind).run()
        assert not at.exception, at.exception
        assert at.selectbox(key=f"leaderboard_{kind}").value.label == label
        assert people_board(at) is not None
    at = at.radio(key="leaderboard_kind").set_value("quarter").run()
    at = at.selectbox(key="leaderboard_quarter").set_value(quarter_of(MARCH.start)).run()
    assert not at.exception, at.exception
    board = people_board(at)
    # The mean of January and February (version 1, nothing done: 0) and March (100).
    assert board is not None and board.iloc[0]["姓名"] == "张三"
    assert board.iloc[0]["得分"] == 33.3


def test_trainers_are_refused(app_office: Office) -> None:
    at = open_page("leaderboard", app_office.store, app_office.trainer_id)
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.dataframe


@pytest.mark.parametrize("who", ["staff", "office"])
def test_every_text_is_in_the_catalogue_in_english(
    march: Office, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    # AppTest formats the widgets' values in this process, outside any session: English there too.
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    person = march.staff_id if who == "staff" else march.office_id
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(march.store, person)
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/leaderboard.py")
    at = at.run()
    at = at.selectbox(key="leaderboard_month").set_value(MARCH).run()
    assert not at.exception
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "subheader")
             for e in at.get(kind)]  # fmt: skip
    shown += [w.label for w in [*at.button, *at.selectbox, *at.radio, *at.number_input]]
    shown += [o for r in at.radio for o in r.options]
    shown += [f"{m.label} {m.value}" for m in at.metric]
    shown += [c for d in at.dataframe for c in d.value.columns]
    assert [s for s in shown if "leaderboard_page." in s] == []
    assert "My rank" in [m.label for m in at.metric]
