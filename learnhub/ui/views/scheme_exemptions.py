"""豁免 on the 竞赛方案 page: the office exempts a person for some days (sick leave, secondment,
training elsewhere); a period more than half covered leaves that person's denominators
(learnhub.exemptions). Listed: the exemptions touching this month and the next, each removable.
Names and reasons are people's text: shown in tables, never as Markdown.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from learnhub import exemptions
from learnhub.exemptions import MAX_REASON
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views import scheme_admin_parts as parts
from learnhub.ui.views import study_day_parts as clock

ROUND = "scheme_admin.exemption_round"


def person_label(row: pd.Series) -> str:
    department = row["department"]
    return t(
        "scheme_admin.exemption_person_label",
        name=row["name"],
        username=row["username"],
        department=t("scheme_admin.no_department") if parts.missing(department) else department,
    )


def _day(value: object) -> date:
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def exemptions_section(store: Store, viewer: Viewer, today: date) -> None:
    st.subheader(t("scheme_admin.exemptions_title"))
    st.caption(t("scheme_admin.exemptions_help"))
    add_form(store, viewer, today)
    first = today.replace(day=1)
    last = parts.months_ahead(today, 2)[2] - timedelta(days=1)
    frame = exemptions.exemptions(store, first, last)
    listing(frame)
    remove_form(store, viewer, frame)


def add_form(store: Store, viewer: Viewer, today: date) -> None:
    people = store.people.people(role="staff")
    labels = {int(r["id"]): person_label(r) for _, r in people.iterrows()}
    rnd = int(st.session_state.get(ROUND, 0))
    key = f"scheme_admin.exemption_{rnd}"
    with st.form(f"{key}_form"):
        person = st.selectbox(
            t("scheme_admin.exemption_person"), list(labels), index=None,
            format_func=labels.__getitem__, key=f"{key}_person",
            placeholder=t("scheme_admin.exemption_pick_placeholder"),
        )  # fmt: skip
        left, right = st.columns(2)
        first = left.date_input(t("scheme_admin.exemption_first"), value=today, key=f"{key}_first")
        last = right.date_input(t("scheme_admin.exemption_last"), value=today, key=f"{key}_last")
        reason = st.text_input(
            t("scheme_admin.exemption_reason"), max_chars=MAX_REASON, key=f"{key}_reason"
        )
        if st.form_submit_button(t("scheme_admin.exemption_add")):
            if person is None:
                st.error(t("scheme_admin.exemption_person_none"))
                return
            if not isinstance(first, date) or not isinstance(last, date):
                st.error(t("exemption.days_reversed"))
                return
            person_id, first_day, last_day = int(person), first, last
            added = attempt(
                lambda: exemptions.add_exemption(
                    store,
                    person_id,
                    first_day,
                    last_day,
                    reason,
                    actor_id=viewer.person_id,
                    actor_roles=viewer.roles,
                    now=clock.now(),
                )
            )
            if added is not None:
                st.session_state[ROUND] = rnd + 1
                flash(
                    t(
                        "scheme_admin.exemption_added",
                        first=first_day.isoformat(),
                        last=last_day.isoformat(),
                    )
                )
                st.rerun()


def listing(frame: pd.DataFrame) -> None:
    st.markdown(f"**{t('scheme_admin.exemptions_list', n=len(frame))}**")
    if frame.empty:
        st.caption(t("scheme_admin.no_exemptions"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("scheme_admin.col_name"): frame["name"],
                t("scheme_admin.col_username"): frame["username"],
                t("scheme_admin.col_first"): [_day(d).isoformat() for d in frame["first_day"]],
                t("scheme_admin.col_last"): [_day(d).isoformat() for d in frame["last_day"]],
                t("scheme_admin.col_reason"): frame["reason"],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def remove_form(store: Store, viewer: Viewer, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    lines = {
        int(r["id"]): t(
            "scheme_admin.exemption_line",
            name=r["name"],
            username=r["username"],
            first=_day(r["first_day"]).isoformat(),
            last=_day(r["last_day"]).isoformat(),
        )
        for _, r in frame.iterrows()
    }
    with st.form("scheme_admin.exemption_remove_form", clear_on_submit=True):
        chosen = st.selectbox(
            t("scheme_admin.exemption_pick"), list(lines), index=None,
            format_func=lines.__getitem__,
            placeholder=t("scheme_admin.exemption_pick_placeholder"),
        )  # fmt: skip
        if st.form_submit_button(t("scheme_admin.exemption_remove")):
            if chosen is None:
                st.error(t("scheme_admin.exemption_remove_none"))
                return
            exemption_id = int(chosen)
            if succeeded(
                lambda: exemptions.remove_exemption(
                    store,
                    exemption_id,
                    actor_id=viewer.person_id,
                    actor_roles=viewer.roles,
                    now=clock.now(),
                )
            ):
                flash(t("scheme_admin.exemption_removed"))
                st.rerun()
