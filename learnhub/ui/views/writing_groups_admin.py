"""互助组管理: the office sees the writing groups of a chosen span of days (this month by default),
forms a group by hand (3–5 staff) or generates groups that mix sections, and reads the list with
members. The domain's refusals (size, someone already grouped, reversed days…) are shown as they
are; a second click on a form that went through creates nothing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import writing_groups
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, next_submission, show_flash, submission_key
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import writing_parts as parts

NEW_FORM = "groups_page.new_group"
GENERATE_FORM = "groups_page.generate"
DEFAULT_SIZE = 4
MADE_KEY = "groups_page.made"


def writing_groups_admin_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.writing_groups_admin")
    show_flash()
    just_made(store)
    first, last = month_span(parts.now().date())

    left, right = st.columns(2)
    shown_first = left.date_input(t("groups_page.from"), value=first, key="groups_page.filter_from")
    shown_last = right.date_input(t("groups_page.to"), value=last, key="groups_page.filter_to")

    with st.expander(t("groups_page.new_title"), expanded=False):
        new_group(store, viewer, first, last)
    with st.expander(t("groups_page.generate_title"), expanded=False):
        generate(store, viewer, first, last)

    st.subheader(t("groups_page.list_title"))
    if not isinstance(shown_first, date) or not isinstance(shown_last, date):
        return
    if shown_last < shown_first:
        st.warning(t("groups_page.days_reversed"))
        return
    group_list(store.writing_groups.groups(shown_first, shown_last))


def month_span(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def _staff_labels(store: Store) -> dict[int, str]:
    staff = store.people.people(role="staff")
    return {
        int(row["id"]): t(
            "groups_page.person",
            name=row["name"],
            username=row["username"],
            department=row["department"] or t("groups_page.no_department"),
        )
        for _, row in staff.iterrows()
    }


def _day_inputs(prefix: str, first: date, last: date) -> tuple[Any, Any]:
    left, right = st.columns(2)
    chosen_first = left.date_input(t("groups_page.first_day"), value=first, key=f"{prefix}_first")
    chosen_last = right.date_input(t("groups_page.last_day"), value=last, key=f"{prefix}_last")
    return chosen_first, chosen_last


def new_group(store: Store, viewer: Viewer, first: date, last: date) -> None:
    st.caption(
        t("groups_page.new_explain", low=writing_groups.MIN_SIZE, high=writing_groups.MAX_SIZE)
    )
    labels = _staff_labels(store)
    # Named after its submission key: once a group is made, a second click belongs to a form
    # that is gone and creates nothing.
    key = submission_key(NEW_FORM)
    with st.form(f"groups_page_new_{key}"):
        name = st.text_input(t("groups_page.name"), max_chars=60, key=f"groups_page_new_{key}_name")
        members = st.multiselect(
            t("groups_page.members"),
            list(labels),
            format_func=labels.__getitem__,
            max_selections=writing_groups.MAX_SIZE,
            placeholder=t("groups_page.members_placeholder"),
            key=f"groups_page_new_{key}_members",
        )
        chosen_first, chosen_last = _day_inputs(f"groups_page_new_{key}", first, last)
        submitted = st.form_submit_button(t("groups_page.create"), type="primary")
    if not submitted:
        return
    created = attempt(
        lambda: writing_groups.create_group(
            store,
            name,
            [int(m) for m in members],
            first_day=chosen_first,
            last_day=chosen_last,
            actor_id=viewer.person_id,
            actor_roles=viewer.roles,
        )
    )
    if created is None:
        return
    next_submission(NEW_FORM)
    flash(t("groups_page.created", name=name.strip(), n=len(set(members))))
    st.rerun()


def generate(store: Store, viewer: Viewer, first: date, last: date) -> None:
    st.caption(t("groups_page.generate_explain"))
    departments = store.people.departments()
    sections = {int(row["id"]): str(row["name"]) for _, row in departments.iterrows()}
    key = submission_key(GENERATE_FORM)
    with st.form(f"groups_page_generate_{key}"):
        chosen_first, chosen_last = _day_inputs(f"groups_page_generate_{key}", first, last)
        size = st.number_input(
            t("groups_page.size"),
            min_value=writing_groups.MIN_SIZE,
            max_value=writing_groups.MAX_SIZE,
            value=DEFAULT_SIZE,
            step=1,
            key=f"groups_page_generate_{key}_size",
        )
        chosen = st.multiselect(
            t("groups_page.sections"),
            list(sections),
            format_func=sections.__getitem__,
            placeholder=t("groups_page.sections_placeholder"),
            key=f"groups_page_generate_{key}_sections",
        )
        submitted = st.form_submit_button(t("groups_page.generate"), type="primary")
    if not submitted:
        return
    made = attempt(
        lambda: writing_groups.generate_groups(
            store,
            first_day=chosen_first,
            last_day=chosen_last,
            size=int(size),
            department_ids=[int(c) for c in chosen] or None,
            actor_id=viewer.person_id,
            actor_roles=viewer.roles,
        )
    )
    if made is None:
        return
    next_submission(GENERATE_FORM)
    people = sum(len(store.writing_groups.members(group_id)) for group_id in made)
    flash(t("groups_page.generated", groups=len(made), people=people))
    st.session_state[MADE_KEY] = (made, chosen_first, chosen_last)
    st.rerun()


def just_made(store: Store) -> None:
    """After generating: the new groups and their members, above the forms."""
    made = st.session_state.pop(MADE_KEY, None)
    if not made:
        return
    ids, first, last = made
    groups = store.writing_groups.groups(first, last)
    st.markdown(f"**{t('groups_page.made_title')}**")
    group_list(groups[groups["id"].isin(ids)])


def group_list(groups: pd.DataFrame) -> None:
    if groups.empty:
        st.caption(t("groups_page.no_groups"))
        return
    table = pd.DataFrame(
        {
            t("groups_page.col_group"): groups["name"].astype(str),
            t("groups_page.col_days"): [
                t(
                    "groups_page.days",
                    first=parts.day_label(pd.Timestamp(a).date()),
                    last=parts.day_label(pd.Timestamp(b).date()),
                )
                for a, b in zip(groups["first_day"], groups["last_day"], strict=True)
            ],
            t("groups_page.col_size"): groups["size"].astype(int),
            t("groups_page.col_members"): groups["members"].astype(str),
        }
    )
    st.caption(t("groups_page.list_count", n=len(groups)))
    st.dataframe(table, hide_index=True, width="stretch")
