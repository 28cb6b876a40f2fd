"""每日答题: today's status, the button that starts (or continues) the day's attempt, the last two
weeks, and the person's 错题本 with a redo for each question.

The day's first attempt counts for the record; later ones are practice and the page says so on the
button. The attempt itself is taken on the 测验 page (`pages/quizzes.py?attempt=ID`), which shows
and runs any attempt; this page starts it and goes there.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import daily_quiz
from learnhub.daily_quiz import DAILY_QUESTIONS
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import daily_quiz_parts as parts
from learnhub.ui.views import study_day_parts as clock
from learnhub.ui.views.quiz_take_parts import number

QUIZ_PAGE = "pages/quizzes.py"
HISTORY_DAYS = 14


def daily_quiz_page() -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.daily_quiz")
    show_flash()
    now = clock.now()
    today_section(store, viewer, now)
    st.divider()
    history_section(store, viewer, now)
    st.divider()
    parts.wrong_book_section(store, viewer)


def _absent(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _score(row: Any) -> str:
    status = str(row["status"])
    if status == "open":
        return t("daily_page.status.open")
    if status == "pending_review" or _absent(row["score"]):
        return t("daily_page.status.pending_review")
    return t("daily_page.score_of", score=number(row["score"]), max=number(row["max_score"]))


def _day(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _open_attempt(store: Store, person_id: int) -> dict[str, Any] | None:
    """The person's daily attempt still open (any day: `start_daily` resumes it first)."""
    mine = store.quizzes.person_attempts(person_id)
    going = mine[(mine["kind"] == "daily") & (mine["status"] == "open")]
    return None if going.empty else {str(k): v for k, v in going.iloc[0].items()}


def _button_label(going: dict[str, Any] | None, done: bool, now: datetime) -> str:
    if going is not None:
        if pd.Timestamp(going["day"]).date() != now.date():
            return t("daily_page.continue_earlier", day=_day(going["day"]))
        if going["for_record"]:
            return t("daily_page.continue")
        return t("daily_page.continue_practice")
    return t("daily_page.practice") if done else t("daily_page.start")


def today_section(store: Store, viewer: Viewer, now: datetime) -> None:
    st.subheader(t("daily_page.today_title", day=now.strftime("%Y-%m-%d")))
    going = _open_attempt(store, viewer.person_id)
    if not daily_quiz.daily_banks(store):
        st.info(t("daily_page.no_banks"))
        if going is None:  # one started before the banks were unchosen can still be finished
            return
    status = daily_quiz.today_status(store, viewer.person_id, now)
    done = status is not None
    if status is not None:
        st.success(t("daily_page.done", score=_score(status)))
    else:
        st.info(t("daily_page.not_done", n=DAILY_QUESTIONS))
    practice = done and (going is None or not going["for_record"])
    if practice:
        st.caption(t("daily_page.practice_explain"))
    label = _button_label(going, done, now)
    if st.button(
        label,
        key="daily_page.go",
        type="secondary" if practice else "primary",
        icon=":material/edit_note:",
        width="stretch",
    ):
        started = attempt(lambda: daily_quiz.start_daily(store, viewer.person_id, clock.now()))
        if started is not None:
            st.switch_page(QUIZ_PAGE, query_params={"attempt": str(started)})


def history_section(store: Store, viewer: Viewer, now: datetime) -> None:
    st.subheader(t("daily_page.history_title", n=HISTORY_DAYS))
    since = now - timedelta(days=HISTORY_DAYS - 1)
    history = store.quizzes.daily_history(viewer.person_id, since)
    if history.empty:
        st.caption(t("daily_page.history_none"))
        return
    record = history[history["for_record"].astype(bool) & (history["status"] != "open")]
    st.caption(t("daily_page.history_days", done=record["day"].nunique(), n=HISTORY_DAYS))
    st.dataframe(
        pd.DataFrame(
            {
                t("daily_page.col.day"): history["day"].map(_day),
                t("daily_page.col.started"): history["started_at"].map(
                    lambda v: pd.Timestamp(v).strftime("%H:%M")
                ),
                t("daily_page.col.score"): [_score(row) for _, row in history.iterrows()],
                t("daily_page.col.kind"): history["for_record"].map(
                    lambda v: t("daily_page.for_record" if v else "daily_page.practice_short")
                ),
            }
        ),
        hide_index=True,
        width="stretch",
    )
