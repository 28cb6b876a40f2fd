"""建议办理: the office triages the month's suggestions, names the best and reads the counts.

A suggestion moves submitted → under study → adopted / declined → implemented, each step with a
reply the proposer reads (adopting or declining needs one); only the steps allowed from where it
stands are offered. The counts compare sections per head, never by raw totals. Suggestions are
people's writing: shown as text, never as Markdown or HTML.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import suggestions
from learnhub.periods import Period
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import flash, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts
from learnhub.ui.views.exhibition import months_back


def suggestions_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.suggestions")
    # Always there, so what follows keeps its place after a save.
    with st.container():
        show_flash()
    months = months_back(parts.now().date())
    chosen = st.selectbox(
        t("suggestions_page.month"),
        months,
        index=0,
        format_func=lambda m: m.label,
        key="suggestions_page_month",
    )
    month = chosen if isinstance(chosen, Period) else months[0]
    listing = store.suggestions.listing(month.start, month.end)
    tab_list, tab_counts = st.tabs(
        [t("suggestions_page.tab_list"), t("suggestions_page.tab_counts")]
    )
    with tab_list:
        if listing.empty:
            st.info(t("suggestions_page.empty", month=month.label))
        else:
            triage(store, viewer, month, listing)
    with tab_counts:
        counts_section(store, month)


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def state_label(value: Any) -> str:
    state = _text(value)
    return t(f"suggestions_page.state.{state or 'pending'}")


def category_label(value: Any) -> str:
    category = _text(value)
    return t(f"suggestions_page.category.{category}") if category else ""


def day_text(value: Any) -> str:
    return pd.Timestamp(value).date().isoformat() if pd.notna(value) else ""


def _when(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M") if pd.notna(value) else ""


def triage(store: Store, viewer: Viewer, month: Period, listing: pd.DataFrame) -> None:
    best = store.suggestions.best(month.start)
    waiting = int(listing["state"].isna().sum())
    st.caption(t("suggestions_page.summary", n=len(listing), waiting=waiting))
    table = pd.DataFrame(
        {
            t("suggestions_page.col.day"): listing["day"].map(day_text),
            t("suggestions_page.col.title"): listing["title"].map(_text),
            t("suggestions_page.col.category"): listing["category"].map(category_label),
            t("suggestions_page.col.name"): listing["name"].map(_text),
            t("suggestions_page.col.department"): listing["department"].map(_text),
            t("suggestions_page.col.state"): listing["state"].map(state_label),
            t("suggestions_page.col.best"): [
                t("suggestions_page.best_mark") if int(i) == best else "" for i in listing["id"]
            ],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    labels = {
        int(row["id"]): t(
            "suggestions_page.pick_label",
            day=day_text(row["day"]),
            name=_text(row["name"]),
            title=_text(row["title"]),
            state=state_label(row["state"]),
        )
        for _, row in listing.iterrows()
    }
    ids = list(labels)
    picked = st.selectbox(
        t("suggestions_page.pick"),
        ids,
        format_func=labels.__getitem__,
        key=f"suggestions_page_pick_{month.label}",
    )
    record_id = int(picked) if picked in labels else ids[0]
    row = listing[listing["id"] == record_id].iloc[0]
    one_suggestion(store, viewer, month, row, best)


def one_suggestion(
    store: Store, viewer: Viewer, month: Period, row: pd.Series, best: int | None
) -> None:
    record_id = int(row["id"])
    with st.container(border=True):
        st.text(_text(row["title"]))
        st.caption(
            t(
                "suggestions_page.whose",
                name=_text(row["name"]),
                department=_text(row["department"]) or t("suggestions_page.no_department"),
                day=day_text(row["day"]),
                category=category_label(row["category"]),
                state=state_label(row["state"]),
            )
        )
        if best == record_id:
            st.success(t("suggestions_page.is_best"))
        st.text(_text(row["text"]))
    history = store.suggestions.history(record_id)
    st.markdown(f"**{t('suggestions_page.history')}**")
    if history.empty:
        st.caption(t("suggestions_page.no_history"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("suggestions_page.col.changed_at"): history["changed_at"].map(_when),
                    t("suggestions_page.col.state"): history["state"].map(state_label),
                    t("suggestions_page.col.reply"): history["reply"].map(_text),
                    t("suggestions_page.col.changed_by"): history["changed_by"].map(_text),
                }
            ),
            hide_index=True,
            width="stretch",
        )
    current = row["state"] if isinstance(row["state"], str) else None
    left, right = st.columns(2)
    with left:
        move_form(store, viewer, record_id, current)
    with right:
        best_form(store, viewer, month, record_id, current, best)


def move_form(store: Store, viewer: Viewer, record_id: int, current: str | None) -> None:
    choices = suggestions.NEXT[current]
    if not choices:
        st.info(t("suggestions_page.no_next"))
        return
    # One form per suggestion and state: once moved, a fresh form comes with the new choices.
    with st.form(f"suggestions_page_move_{record_id}_{current or 'pending'}"):
        st.markdown(f"**{t('suggestions_page.move_title')}**")
        state = st.selectbox(t("suggestions_page.new_state"), choices, format_func=state_label)
        reply = st.text_area(
            t("suggestions_page.reply"),
            max_chars=suggestions.MAX_REPLY,
            placeholder=t("suggestions_page.reply_placeholder"),
        )
        submitted = st.form_submit_button(t("suggestions_page.move"), type="primary")
    if not submitted or state is None:
        return
    chosen = str(state)
    if succeeded(
        lambda: suggestions.move(
            store, record_id, chosen, reply=reply or "", actor_id=viewer.person_id,
            actor_roles=viewer.roles, now=parts.now(),
        )
    ):  # fmt: skip
        flash(t("suggestions_page.moved", state=state_label(chosen)))
        st.rerun()


def best_form(
    store: Store,
    viewer: Viewer,
    month: Period,
    record_id: int,
    current: str | None,
    best: int | None,
) -> None:
    if best == record_id:
        st.info(t("suggestions_page.is_best"))
        return
    if current == "declined":
        st.caption(t("suggestions_page.best_not_declined"))
        return
    with st.form(f"suggestions_page_best_{record_id}"):
        st.markdown(f"**{t('suggestions_page.best_title')}**")
        if best is not None:
            st.caption(t("suggestions_page.best_replaces"))
        note = st.text_input(t("suggestions_page.best_note"), max_chars=200)
        submitted = st.form_submit_button(t("suggestions_page.choose_best"))
    if not submitted:
        return
    if succeeded(
        lambda: suggestions.choose_best(
            store, month, record_id, note=note or "", actor_id=viewer.person_id,
            actor_roles=viewer.roles, now=parts.now(),
        )
    ):  # fmt: skip
        flash(t("suggestions_page.best_chosen", month=month.label))
        st.rerun()


def counts_section(store: Store, month: Period) -> None:
    person, department = suggestions.counts(store, month.start, month.end)
    st.markdown(f"**{t('suggestions_page.by_department')}**")
    st.caption(t("suggestions_page.per_head_hint"))
    department = department.sort_values(["made_per_head", "department"], ascending=[False, True])
    st.dataframe(
        pd.DataFrame(
            {
                t("suggestions_page.col.department"): department["department"].map(
                    lambda d: _text(d) or t("suggestions_page.no_department")
                ),
                t("suggestions_page.col.staff"): department["staff"],
                t("suggestions_page.col.made"): department["made"],
                t("suggestions_page.col.adopted"): department["adopted"],
                t("suggestions_page.col.made_per_head"): department["made_per_head"].round(2),
                t("suggestions_page.col.adopted_per_head"): department["adopted_per_head"].round(2),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    st.markdown(f"**{t('suggestions_page.by_person')}**")
    person = person.sort_values(["department", "name"])
    st.dataframe(
        pd.DataFrame(
            {
                t("suggestions_page.col.name"): person["name"].map(_text),
                t("suggestions_page.col.department"): person["department"].map(_text),
                t("suggestions_page.col.made"): person["made"],
                t("suggestions_page.col.adopted"): person["adopted"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
