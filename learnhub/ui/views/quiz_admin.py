"""测验管理: trainers (the quizzes they set) and the office (every quiz) create a quiz, edit its
settings, put questions in it (fixed ones, or N drawn at random from a bank or one of its
categories) and publish or withdraw it.

The chosen quiz is kept in the address (`?quiz=ID`), so a link opens it and a reload keeps it; a
quiz the viewer may not manage is refused there and then, before anything of it is shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import quizzes
from learnhub.store import Store
from learnhub.ui import address
from learnhub.ui.context import app_store
from learnhub.ui.forms import (
    attempt,
    flash,
    id_labels,
    next_submission,
    show_flash,
    submission_key,
    succeeded,
)
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import quiz_admin_items as item_parts
from learnhub.ui.views import quiz_admin_settings as settings_parts
from learnhub.ui.views import study_day_parts as parts
from learnhub.ui.views.quiz_results_section import results_section

QUIZ_PARAM = "quiz"
PICK_KEY = "quiz_admin_quiz"
NEW_QUIZ_FORM = "quiz_admin.new_quiz"


def quiz_admin_page() -> None:
    viewer = require(["trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.quiz_admin")
    # Always there, so what follows keeps its place after a save.
    with st.container():
        show_flash()
    if not address.open_or_refuse(
        QUIZ_PARAM,
        PICK_KEY,
        lambda quiz_id: quizzes.may_manage_quiz(store, quiz_id, viewer.person_id, viewer.roles),
        t("quiz_admin.back_to_list"),
    ):
        return
    office = viewer.has("office")
    found = store.quizzes.quizzes(owner_id=None if office else viewer.person_id)
    new_quiz(store, viewer, expanded=found.empty)
    if found.empty:
        st.info(t("quiz_admin.none_at_all" if office else "quiz_admin.none_yours"))
        return
    quiz_list(found, show_owner=office)
    quiz_id = pick_quiz(found, show_owner=office)
    manage_quiz(store, viewer, quiz_id)


def quiz_list(found: pd.DataFrame, *, show_owner: bool) -> None:
    now = parts.now()
    columns: dict[str, Any] = {
        t("quiz_admin.col.title"): found["title"],
        t("quiz_admin.col.questions"): found["questions"].astype(int),
        t("quiz_admin.col.state"): [
            settings_parts.state_label(row, now) for _, row in found.iterrows()
        ],
        t("quiz_admin.col.opens"): found["opens_at"].map(settings_parts.when),
        t("quiz_admin.col.closes"): found["closes_at"].map(settings_parts.when),
    }
    if show_owner:
        columns[t("quiz_admin.col.owner")] = found["owner"].fillna("")
    st.subheader(t("quiz_admin.list_title"))
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch")


def pick_quiz(found: pd.DataFrame, *, show_owner: bool) -> int:
    key = "quiz_admin.quiz_label_owner" if show_owner else "quiz_admin.quiz_label"
    labels = id_labels(
        found,
        lambda r: t(
            key,
            title=r["title"],
            state=t("quiz_admin.state.published" if r["published"] else "quiz_admin.state.draft"),
            owner=r["owner"] or "",
        ),
    )
    if st.session_state.get(PICK_KEY) not in labels:
        st.session_state.pop(PICK_KEY, None)
    chosen = st.selectbox(
        t("quiz_admin.quiz"),
        list(labels),
        format_func=labels.__getitem__,
        key=PICK_KEY,
        on_change=address.remember,
        args=(QUIZ_PARAM, PICK_KEY),
    )
    return int(chosen)


def new_quiz(store: Store, viewer: Viewer, *, expanded: bool) -> None:
    # The form is named after its submission key, which changes once a quiz is created: a second
    # click on the same filled-in form then belongs to a form that is gone and creates nothing.
    key = submission_key(NEW_QUIZ_FORM)
    with (
        st.expander(t("quiz_admin.new_quiz"), expanded=expanded),
        st.form(f"quiz_admin_new_{key}"),
    ):
        raw = settings_parts.settings_inputs(None, f"quiz_admin_new_{key}_")
        submitted = st.form_submit_button(t("quiz_admin.create"), type="primary")
    if not submitted:
        return
    created = attempt(
        lambda: quizzes.create_quiz(store, viewer.person_id, settings_parts.to_settings(raw))
    )
    if created is None:
        return
    next_submission(NEW_QUIZ_FORM)
    st.query_params[QUIZ_PARAM] = str(created)
    found = store.quizzes.quiz(created) or {"title": raw["title"]}
    flash(t("quiz_admin.created", title=found["title"]))
    st.rerun()


def manage_quiz(store: Store, viewer: Viewer, quiz_id: int) -> None:
    quiz = store.quizzes.quiz(quiz_id)
    if quiz is None:
        st.error(t("quiz.missing"))
        return
    items = store.quizzes.items(quiz_id)
    st.caption(
        t(
            "quiz_admin.overview",
            state=settings_parts.state_label(quiz, parts.now()),
            limits=settings_parts.limits_label(quiz),
            pass_percent=settings_parts.number(quiz["pass_percent"]),
        )
    )
    edit_settings(store, viewer, quiz)
    item_parts.quiz_items(store, viewer, quiz, items)
    publishing(store, viewer, quiz)
    # The quiz's results (participation, pass rate, item analysis) belong below this line.
    results_section(store, viewer, quiz_id)


def edit_settings(store: Store, viewer: Viewer, quiz: dict[str, Any]) -> None:
    quiz_id = int(quiz["id"])
    with (
        st.expander(t("quiz_admin.settings_title")),
        st.form(f"quiz_admin_settings_{quiz_id}", border=False),
    ):
        raw = settings_parts.settings_inputs(quiz, f"quiz_admin_edit_{quiz_id}_")
        submitted = st.form_submit_button(t("quiz_admin.save_settings"))
    if not submitted:
        return
    if succeeded(
        lambda: quizzes.update_quiz(
            store, quiz_id, settings_parts.to_settings(raw),
            actor_id=viewer.person_id, actor_roles=viewer.roles,
        )
    ):  # fmt: skip
        flash(t("quiz_admin.settings_saved"))
        st.rerun()


def publishing(store: Store, viewer: Viewer, quiz: dict[str, Any]) -> None:
    quiz_id = int(quiz["id"])
    published = bool(quiz["published"])
    st.subheader(t("quiz_admin.publish_title"))
    st.caption(t("quiz_admin.published_explain" if published else "quiz_admin.draft_explain"))
    label = t("quiz_admin.withdraw") if published else t("quiz_admin.publish")
    if st.button(label, key=f"quiz_admin_publish_{quiz_id}", type="primary") and succeeded(
        lambda: quizzes.set_published(
            store, quiz_id, not published, actor_id=viewer.person_id, actor_roles=viewer.roles
        )
    ):
        flash(
            t("quiz_admin.withdrawn" if published else "quiz_admin.now_published",
              title=quiz["title"])
        )  # fmt: skip
        st.rerun()
