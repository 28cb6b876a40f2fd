"""测验: staff see the quizzes open to them, take one and see how they did.

Without `?attempt=ID` the page lists the published quizzes and the person's attempts; with it, it
shows that attempt: the paper while it is open (every answer saved as it changes, a countdown the
server enforces), the result once submitted or timed out. The address carries the attempt, so a
reload or a lost connection comes back to the same paper with its answers.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import attempts
from learnhub.attempts import Paper
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import quiz_take_parts as parts
from learnhub.ui.views import study_day_parts as clock

ATTEMPT_PARAM = "attempt"
COUNTDOWN_EVERY = timedelta(seconds=5)
MAX_LISTED_ATTEMPTS = 30


def quizzes_page() -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.quizzes")
    show_flash()
    value = st.query_params.get(ATTEMPT_PARAM)
    if value is None:
        quiz_list(store, viewer)
    else:
        # Not a number: no such attempt, and the refusal says so like any other.
        attempt_view(store, viewer, int(value) if value.isdigit() else 0)


def _go(attempt_id: int | None) -> None:
    if attempt_id is None:
        st.query_params.pop(ATTEMPT_PARAM, None)
    else:
        st.query_params[ATTEMPT_PARAM] = str(attempt_id)
    st.rerun()


def _absent(value: Any) -> bool:
    return value is None or bool(pd.isna(value))


def _when(value: Any) -> str:
    return parts.when(value)


# -- the list ------------------------------------------------------------------------------------
def quiz_list(store: Store, viewer: Viewer) -> None:
    now = clock.now()
    attempts.close_overdue(store, now)  # so the statuses below are the server's, not stale
    mine = store.quizzes.person_attempts(viewer.person_id)
    mine = mine[mine["kind"] == "quiz"]
    st.subheader(t("quiz_take.available_title"))
    quizzes = store.quizzes.quizzes(published_only=True)
    if quizzes.empty:
        st.info(t("quiz_take.none"))
    for _, quiz in quizzes.iterrows():
        quiz_card(store, viewer, quiz, mine[mine["quiz_id"] == quiz["id"]], now)
    my_attempts(mine)


def _window(quiz: pd.Series) -> str:
    opens, closes = quiz["opens_at"], quiz["closes_at"]
    if _absent(opens) and _absent(closes):
        return t("quiz_take.window_any")
    if _absent(closes):
        return t("quiz_take.window_from", opens=_when(opens))
    if _absent(opens):
        return t("quiz_take.window_until", closes=_when(closes))
    return t("quiz_take.window", opens=_when(opens), closes=_when(closes))


def _facts(quiz: pd.Series, mine: pd.DataFrame) -> list[str]:
    limit, allowed = quiz["time_limit_minutes"], quiz["attempts_allowed"]
    used = int(mine["for_record"].sum())
    graded = mine[mine["status"] == "graded"]
    if not graded.empty:
        top = graded.sort_values("score", ascending=False).iloc[0]
        best = t(
            "quiz_take.best", score=parts.number(top["score"]), max=parts.number(top["max_score"])
        )
    elif (mine["status"] == "pending_review").any():
        best = t("quiz_take.best_pending")
    else:
        best = t("quiz_take.best_none")
    return [
        _window(quiz),
        t("quiz_take.no_time_limit") if _absent(limit) else t("quiz_take.time_limit", n=int(limit)),
        t("quiz_take.questions", n=int(quiz["questions"])),
        t("quiz_take.attempts_unlimited", used=used)
        if _absent(allowed)
        else t("quiz_take.attempts_used", used=used, allowed=int(allowed)),
        best,
        t("quiz_take.pass_mark", percent=parts.number(quiz["pass_percent"])),
    ]


def _why_not(quiz: pd.Series, mine: pd.DataFrame, now: datetime) -> str | None:
    """Why Start is greyed out, for the reader; `start_attempt` decides on its own either way."""
    if not _absent(quiz["opens_at"]) and now < quiz["opens_at"]:
        return t("quiz_take.not_yet", at=_when(quiz["opens_at"]))
    if not _absent(quiz["closes_at"]) and now >= quiz["closes_at"]:
        return t("quiz_take.closed", at=_when(quiz["closes_at"]))
    allowed = quiz["attempts_allowed"]
    if not _absent(allowed) and int(mine["for_record"].sum()) >= int(allowed):
        return t("quiz_take.none_left")
    return None


def quiz_card(
    store: Store, viewer: Viewer, quiz: pd.Series, mine: pd.DataFrame, now: datetime
) -> None:
    quiz_id = int(quiz["id"])
    with st.container(border=True):
        st.markdown(f"**{parts.plain(str(quiz['title']))}**")
        if quiz["description"]:
            st.text(str(quiz["description"]))
        st.caption(" · ".join(_facts(quiz, mine)))
        going = mine[mine["status"] == "open"]
        if not going.empty:
            if st.button(t("quiz_take.continue"), key=f"quiz_take.go.{quiz_id}", type="primary"):
                _go(int(going["id"].iloc[0]))
            return
        reason = _why_not(quiz, mine, now)
        if reason is not None:
            st.caption(reason)
            return
        if st.button(t("quiz_take.start"), key=f"quiz_take.start.{quiz_id}", type="primary"):
            started = attempt(
                lambda: attempts.start_attempt(store, quiz_id, viewer.person_id, clock.now())
            )
            if started is not None:
                _go(started)


def my_attempts(mine: pd.DataFrame) -> None:
    st.subheader(t("quiz_take.mine_title"))
    if mine.empty:
        st.caption(t("quiz_take.mine_none"))
        return
    for _, row in mine.head(MAX_LISTED_ATTEMPTS).iterrows():
        status = str(row["status"])
        bits = [t(f"quiz_take.status.{status}")]
        if status == "graded":
            score, max_score = float(row["score"]), float(row["max_score"])
            passed = max_score > 0 and score / max_score * 100 >= float(row["pass_percent"])
            bits.append(
                t("quiz_take.score_of", score=parts.number(score), max=parts.number(max_score))
            )
            bits.append(t("quiz_take.passed_short" if passed else "quiz_take.failed_short"))
        with st.container(border=True):
            st.markdown(
                parts.plain(
                    t(
                        "quiz_take.attempt_line",
                        title=row["title"],
                        number=int(row["number"]),
                        started=_when(row["started_at"]),
                    )
                )
            )
            st.caption(" · ".join(bits))
            label = "quiz_take.continue" if status == "open" else "quiz_take.view"
            if st.button(t(label), key=f"quiz_take.view.{int(row['id'])}"):
                _go(int(row["id"]))
    if len(mine) > MAX_LISTED_ATTEMPTS:
        st.caption(t("quiz_take.mine_more", n=MAX_LISTED_ATTEMPTS))


# -- one attempt ---------------------------------------------------------------------------------
def attempt_view(store: Store, viewer: Viewer, attempt_id: int) -> None:
    now = clock.now()
    paper = attempt(lambda: attempts.attempt_paper(store, attempt_id, viewer.person_id, now))
    # A save refused in a callback; once the attempt is closed the result says why instead.
    error = st.session_state.pop(parts.ERROR_KEY, None)
    if st.button(t("quiz_take.back"), key="quiz_take.back"):
        _go(None)
    if paper is None:
        return
    st.subheader(str(paper.quiz["title"]))
    if paper.is_open:
        if error:
            st.error(error)
        open_paper(store, viewer, paper)
    else:
        parts.result(paper, now)


@st.fragment(run_every=COUNTDOWN_EVERY)
def countdown(deadline: datetime) -> None:
    """Only the clock reruns every few seconds; past the deadline the whole page reruns, and the
    server closes and grades the attempt on the way."""
    now = clock.now()
    if now > deadline:
        st.rerun()
    left = max(0, int((deadline - now).total_seconds()))
    hours, rest = divmod(left, 3600)
    shown = (
        f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
        if hours
        else f"{rest // 60:02d}:{rest % 60:02d}"
    )
    st.metric(t("quiz_take.time_left"), shown)
    st.caption(t("quiz_take.deadline", at=deadline.strftime("%Y-%m-%d %H:%M:%S")))
    if left < 60:
        st.warning(t("quiz_take.almost_up"))


def open_paper(store: Store, viewer: Viewer, paper: Paper) -> None:
    attempt_id = int(paper.attempt["id"])
    if paper.quiz["description"]:
        st.text(str(paper.quiz["description"]))
    deadline = paper.attempt["deadline"]
    if deadline is None:
        st.caption(t("quiz_take.no_deadline"))
    else:
        countdown(deadline)
    saved = store.quizzes.slots(attempt_id)
    saved_at = {
        int(row["slot"]): pd.Timestamp(row["saved_at"]).to_pydatetime()
        for _, row in saved.iterrows()
        if not _absent(row["saved_at"])
    }
    for index, slot in enumerate(paper.slots, start=1):
        parts.open_question(paper, slot, index, viewer.person_id, saved_at.get(slot.slot))
    submit_area(store, viewer, paper)


def _confirm_key(attempt_id: int) -> str:
    return f"quiz_take.confirming.{attempt_id}"


def _set_confirming(attempt_id: int, value: bool) -> None:
    st.session_state[_confirm_key(attempt_id)] = value


def submit_area(store: Store, viewer: Viewer, paper: Paper) -> None:
    attempt_id = int(paper.attempt["id"])
    if not st.session_state.get(_confirm_key(attempt_id)):
        st.button(
            t("quiz_take.submit"),
            key=f"quiz_take.submit.{attempt_id}",
            type="primary",
            on_click=_set_confirming,
            args=(attempt_id, True),
        )
        return
    missing = [str(i) for i, s in enumerate(paper.slots, start=1) if parts.unanswered(s.response)]
    if missing:
        st.warning(
            t(
                "quiz_take.confirm_missing",
                n=len(missing),
                numbers=t("quiz_take.list_sep").join(missing),
            )
        )
    else:
        st.info(t("quiz_take.confirm_all"))
    left, right = st.columns(2)
    if left.button(
        t("quiz_take.confirm_submit"), key=f"quiz_take.confirm.{attempt_id}", type="primary"
    ):
        st.session_state.pop(_confirm_key(attempt_id), None)
        # Submitting twice counts once: a second click just finds the result.
        done = attempt(
            lambda: attempts.submit_attempt(store, attempt_id, viewer.person_id, clock.now())
        )
        if done is not None:
            flash(t("quiz_take.submitted"))
            st.rerun()
    right.button(
        t("quiz_take.keep_going"),
        key=f"quiz_take.keep_going.{attempt_id}",
        on_click=_set_confirming,
        args=(attempt_id, False),
    )
