"""培训班管理: trainers (the classes they organise) and the office (every class) create a training
class, edit it and its sessions, keep its roster, run sign-in, decide leave and read its figures.

The chosen class is kept in the address (`?class=ID`), so a link opens it and a reload keeps it;
a class the viewer may not manage is refused there and then, before anything of it is shown.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import training, workdays
from learnhub.store import Store
from learnhub.studydays import HALF_DAYS
from learnhub.ui import address
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, id_labels, next_submission, show_flash, submission_key
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts
from learnhub.ui.views import training_admin_attendance as attendance_parts
from learnhub.ui.views import training_admin_figures as figure_parts
from learnhub.ui.views import training_admin_roster as roster_parts
from learnhub.ui.views import training_admin_sessions as session_parts

CLASS_PARAM = "class"
PICK_KEY = "training_admin_class"
NEW_CLASS_FORM = "training_admin.new_class"


def training_admin_page() -> None:
    viewer = require(["trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.training_admin")
    # Always there, so what follows keeps its place after a save and the open tab stays open.
    with st.container():
        show_flash()
    if not address.open_or_refuse(
        CLASS_PARAM,
        PICK_KEY,
        lambda class_id: training.may_manage(store, class_id, viewer.person_id, viewer.roles),
        t("training_admin.back_to_list"),
    ):
        return
    office = viewer.has("office")
    classes = store.training.classes(organiser_id=None if office else viewer.person_id)
    new_class(store, viewer, expanded=classes.empty)
    if classes.empty:
        st.info(t("training_admin.none_at_all" if office else "training_admin.none_yours"))
        return
    class_id = pick_class(classes, show_organiser=office)
    manage_class(store, viewer, class_id)


def _day(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat()


def pick_class(classes: pd.DataFrame, *, show_organiser: bool) -> int:
    key = "training_admin.class_label_organiser" if show_organiser else "training_admin.class_label"
    labels = id_labels(
        classes,
        lambda r: t(
            key,
            title=r["title"],
            first=_day(r["first_day"]),
            last=_day(r["last_day"]),
            organiser=r["organiser"] or "",
        ),
    )
    if st.session_state.get(PICK_KEY) not in labels:
        st.session_state.pop(PICK_KEY, None)
    chosen = st.selectbox(
        t("training_admin.class"),
        list(labels),
        format_func=labels.__getitem__,
        key=PICK_KEY,
        on_change=address.remember,
        args=(CLASS_PARAM, PICK_KEY),
    )
    return int(chosen)


def _organisers(store: Store, viewer: Viewer) -> dict[int, str]:
    trainers = store.people.people(role="trainer")
    names = {viewer.person_id: viewer.name}
    names.update(dict(zip(trainers["id"].astype(int), trainers["name"], strict=True)))
    return names


def new_class(store: Store, viewer: Viewer, *, expanded: bool) -> None:
    # The form is named after its submission key, which changes once a class is created: a second
    # click on the same filled-in form then belongs to a form that is gone and creates nothing.
    key = submission_key(NEW_CLASS_FORM)
    today = parts.now().date()
    categories = store.courses.categories()
    with (
        st.expander(t("training_admin.new_class"), expanded=expanded),
        st.form(f"new_class_{key}"),
    ):
        organiser = viewer.person_id
        if viewer.has("office"):
            organisers = _organisers(store, viewer)
            organiser = st.selectbox(
                t("training_admin.organiser"), list(organisers), format_func=organisers.__getitem__
            )
        title = st.text_input(t("training_admin.title"), max_chars=training.MAX_TITLE)
        category = st.selectbox(t("training_admin.category"), categories)
        left, right = st.columns(2)
        first_day = left.date_input(t("training_admin.first_day"), value=today)
        last_day = right.date_input(t("training_admin.last_day"), value=today)
        half_days = st.multiselect(
            t("training_admin.half_days"),
            list(HALF_DAYS),
            default=list(HALF_DAYS),
            format_func=parts.half_day,
            help=t("training_admin.half_days_help"),
            placeholder=t("app.choose_many"),
        )
        location = st.text_input(t("training_admin.location"), max_chars=training.MAX_TEXT)
        hours = st.number_input(
            t("training_admin.hours"),
            min_value=0.0,
            max_value=training.MAX_HOURS,
            value=training.DEFAULT_HOURS,
            step=0.5,
            format="%.1f",
            help=t("training_admin.hours_help"),
        )
        description = st.text_area(
            t("training_admin.description"), max_chars=training.MAX_DESCRIPTION, height=80
        )
        submitted = st.form_submit_button(t("training_admin.create"), type="primary")
    if not submitted:
        return
    created = attempt(
        lambda: training.create_class(
            store,
            workdays.office_calendar(store),
            organiser_id=int(organiser),
            title=title,
            category=str(category),
            first_day=first_day,
            last_day=last_day,
            half_days=tuple(half_days),
            location=location,
            description=description,
            hours_per_session=hours,
        )
    )
    if created is None:
        return
    next_submission(NEW_CLASS_FORM)
    st.query_params[CLASS_PARAM] = str(created)
    found = store.training.training_class(created) or {"title": title}
    sessions = len(store.training.sessions(created))
    flash(t("training_admin.created", title=found["title"], sessions=sessions))
    st.rerun()


def manage_class(store: Store, viewer: Viewer, class_id: int) -> None:
    found = store.training.training_class(class_id)
    if found is None:
        st.error(t("training.class_missing"))
        return
    sessions = store.training.sessions(class_id)
    members = store.training.roster(class_id)
    requests = store.training.leave_requests(class_id)
    st.caption(
        t(
            "training_admin.overview",
            first=_day(found["first_day"]),
            last=_day(found["last_day"]),
            organiser=found["organiser"] or "",
            members=len(members),
        )
    )
    pending = int((requests["status"] == "pending").sum()) if not requests.empty else 0
    with st.container():
        if pending:
            st.info(t("training_admin.pending_notice", n=pending))
    # Labels that never change, so the open tab stays open when the page reruns.
    tabs = st.tabs(
        [
            t("training_admin.tab_sessions"),
            t("training_admin.tab_roster"),
            t("training_admin.tab_attendance"),
            t("training_admin.tab_leave"),
            t("training_admin.tab_figures"),
        ]
    )
    with tabs[0]:
        session_parts.class_sessions(store, viewer, found, sessions)
        session_parts.class_details(store, viewer, found)
    with tabs[1]:
        roster_parts.roster(store, viewer, class_id, members)
    with tabs[2]:
        attendance_parts.run_session(store, viewer, class_id, sessions)
    with tabs[3]:
        attendance_parts.leave_requests(store, viewer, requests)
    with tabs[4]:
        figure_parts.figures(store, class_id)
