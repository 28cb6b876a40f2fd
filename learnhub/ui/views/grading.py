"""评分: the short answers (简答) waiting for a person, oldest first, graded one at a time.

A trainer sees the answers to the quizzes they set, the office every quiz's. Each answer shows
whose it is (graders in a county office know their colleagues; grading is not anonymised), the
question, its reference answer (the explanation) and the answer itself as plain text. Once an
attempt's last short answer is graded its score is released to its person, and the page says so.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pandas as pd
import streamlit as st

from learnhub.quiz_review import MAX_COMMENT, grade_short_answer, grading_queue
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts

# The answer on screen, as "attempt:slot". Kept apart from the picker, whose key changes with
# the queue: a picker keeping its key while its options change would show the browser's stale
# choice above another answer.
SHOWN_KEY = "grading_page.shown"
# The queue's snippet of a question; the whole text is shown with the answer.
SNIPPET = 40


def grading_page() -> None:
    viewer = require(["trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.grading")
    # Always there, so what follows keeps its place after a save.
    with st.container():
        show_flash()
    queue = grading_queue(store, viewer.person_id, viewer.roles)
    shown = st.session_state.get(SHOWN_KEY)
    if queue.empty:
        if st.session_state.pop(SHOWN_KEY, None) is not None:
            st.info(t("grading_page.gone_last"))
        st.info(t("grading_page.empty_office" if viewer.has("office") else "grading_page.empty"))
        return
    queue = with_people(store, queue)
    labels = {_pair(row): _label(row) for _, row in queue.iterrows()}
    if shown is not None and shown not in labels:
        # Graded meanwhile in another tab or by a colleague: say so rather than switch silently.
        st.info(t("grading_page.gone"))
        shown = None
    st.caption(
        t(
            "grading_page.waiting",
            n=len(queue),
            attempts=queue["attempt_id"].nunique(),
        )
    )
    queue_table(queue)
    pairs = list(labels)
    digest = hashlib.sha1("|".join(pairs).encode()).hexdigest()[:12]
    chosen = st.selectbox(
        t("grading_page.pick"),
        pairs,
        index=pairs.index(shown) if shown in labels else 0,
        format_func=labels.__getitem__,
        key=f"grading_page_pick_{digest}",
    )
    chosen = chosen if chosen in labels else pairs[0]
    st.session_state[SHOWN_KEY] = chosen
    row = queue[[_pair(r) == chosen for _, r in queue.iterrows()]].iloc[0]
    one_answer(store, viewer, row, queue)


def with_people(store: Store, queue: pd.DataFrame) -> pd.DataFrame:
    """The queue with whose answer each one is (name, username, section)."""
    owner: dict[int, int] = {}
    for attempt_id in queue["attempt_id"].astype(int).unique():
        found = store.quizzes.attempt(int(attempt_id))
        if found is not None:
            owner[int(attempt_id)] = int(found["person_id"])
    people = store.people.people(include_inactive=True)
    people = people[people["id"].astype(int).isin(set(owner.values()))]
    by_id = {int(p["id"]): p for _, p in people.iterrows()}

    def column(name: str) -> list[str]:
        values = []
        for attempt_id in queue["attempt_id"].astype(int):
            person = by_id.get(owner.get(int(attempt_id), -1))
            value = None if person is None else person[name]
            values.append("" if value is None or pd.isna(value) else str(value))
        return values

    queue = queue.copy()
    queue["person"] = column("name")
    queue["username"] = column("username")
    queue["department"] = column("department")
    return queue


def _pair(row: pd.Series) -> str:
    return f"{int(row['attempt_id'])}:{int(row['slot'])}"


def _when(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M") if pd.notna(value) else ""


def _snippet(text: Any) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


def _label(row: pd.Series) -> str:
    return t(
        "grading_page.pick_label",
        quiz=row["quiz"],
        person=row["person"],
        at=_when(row["submitted_at"]),
        slot=int(row["slot"]),
    )


def queue_table(queue: pd.DataFrame) -> None:
    table = pd.DataFrame(
        {
            t("grading_page.col.quiz"): queue["quiz"],
            t("grading_page.col.submitted_at"): queue["submitted_at"].map(_when),
            t("grading_page.col.person"): queue["person"],
            t("grading_page.col.department"): queue["department"],
            t("grading_page.col.question"): queue["question"].map(_snippet),
            t("grading_page.col.points"): queue["points"].map(_number),
        }
    )
    with st.expander(t("grading_page.queue_title", n=len(queue))):
        st.dataframe(table, hide_index=True, width="stretch")


def _number(value: Any) -> str:
    return f"{round(float(value), 2):g}"


def answer_text(response: Any) -> str | None:
    """The saved answer (JSON text holding a string); None when nothing usable was written."""
    if response is None or (not isinstance(response, str) and pd.isna(response)):
        return None
    try:
        value = json.loads(str(response))
    except ValueError:
        return str(response)
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def one_answer(store: Store, viewer: Viewer, row: pd.Series, queue: pd.DataFrame) -> None:
    attempt_id, slot = int(row["attempt_id"]), int(row["slot"])
    worth = float(row["points"])
    st.subheader(t("grading_page.answer_title", quiz=row["quiz"], slot=slot))
    st.caption(
        t(
            "grading_page.whose",
            person=row["person"],
            username=row["username"],
            department=row["department"] or t("grading_page.no_department"),
            at=_when(row["submitted_at"]),
        )
    )
    others = int((queue["attempt_id"].astype(int) == attempt_id).sum()) - 1
    if others:
        st.caption(t("grading_page.others_waiting", n=others))
    # Every text here is someone's writing: shown as text, never as Markdown or HTML.
    with st.container(border=True):
        st.markdown(f"**{t('grading_page.question')}**")
        st.text(str(row["question"] or ""))
        st.markdown(f"**{t('grading_page.reference')}**")
        reference = str(row["explanation"] or "").strip()
        if reference:
            st.text(reference)
        else:
            st.caption(t("grading_page.no_reference"))
    with st.container(border=True):
        st.markdown(f"**{t('grading_page.answer')}**")
        answer = answer_text(row["response"])
        if answer is None:
            st.caption(t("grading_page.unanswered"))
        else:
            st.text(answer)
    grade_form(store, viewer, attempt_id, slot, worth, row)


def grade_form(
    store: Store, viewer: Viewer, attempt_id: int, slot: int, worth: float, row: pd.Series
) -> None:
    # One form per answer: once saved the answer leaves the queue, so a second click on the same
    # form finds no form to submit and stores nothing.
    with st.form(f"grading_page_{attempt_id}_{slot}"):
        # No max_value: the browser would refuse a larger number without saying so in the
        # reader's language and submit the previous value; the domain refuses it with a message.
        points = st.number_input(
            t("grading_page.points", max=_number(worth)),
            value=None,
            step=0.5,
            format="%.1f",
            placeholder=t("grading_page.points_placeholder", max=_number(worth)),
            key=f"grading_page_points_{attempt_id}_{slot}",
        )
        comment = st.text_area(
            t("grading_page.comment"),
            max_chars=MAX_COMMENT,
            placeholder=t("grading_page.comment_placeholder"),
            key=f"grading_page_comment_{attempt_id}_{slot}",
        )
        submitted = st.form_submit_button(t("grading_page.save"), type="primary")
    if not submitted:
        return
    if points is None:
        st.error(t("grading_page.points_missing", max=_number(worth)))
        return
    released = attempt(
        lambda: grade_short_answer(
            store, attempt_id, slot, float(points), comment=comment or "",
            actor_id=viewer.person_id, actor_roles=viewer.roles, now=parts.now(),
        )
    )  # fmt: skip
    if released is None:
        return
    if released:
        flash(t("grading_page.released", person=row["person"], quiz=row["quiz"]))
    else:
        flash(t("grading_page.saved", person=row["person"]))
    # The next answer in the queue comes up; no "graded by someone else" notice for our own.
    st.session_state.pop(SHOWN_KEY, None)
    st.rerun()
