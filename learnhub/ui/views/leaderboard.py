"""排行榜: people by scheme score (with points beside) and departments per head, over a week,
month, quarter or year.

The office chooses what staff see (learnhub.leaderboards.VISIBILITY): the full board, the top N,
their own rank only, or the departments only. Staff always see their own line, as metrics above
the tables, whatever the choice; the office always sees everything and sets the choice here.
Names and departments are data in dataframes, never HTML.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from learnhub.leaderboards import SPANS, VISIBILITY, Board, board, set_visibility, shown, span_of
from learnhub.leaderboards import visibility as board_visibility
from learnhub.periods import Period
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts
from learnhub.ui.views.scheme_choice import scheme_picker

# How many spans back the picker offers: this one and the ones before it.
BACK = {"week": 8, "month": 6, "quarter": 4, "year": 3}


def leaderboard_page() -> None:
    viewer = require(["staff", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.leaderboard")
    show_flash()
    today = study_day_parts.now().date()
    kind = st.radio(
        t("leaderboard_page.span"),
        list(SPANS),
        index=1,
        format_func=lambda k: t(f"leaderboard_page.span_kind.{k}"),
        horizontal=True,
        key="leaderboard_kind",
    )
    kind = str(kind or "month")
    left, right = st.columns(2)
    with left:
        span = span_picker(kind, today)
    with right:
        name = scheme_picker(
            store, span.start, label_key="leaderboard_page.scheme", key="leaderboard_scheme"
        )
    result = attempt(lambda: board(store, kind, span.start, today=today, scheme_name=name))
    mode, top_n = board_visibility(store)
    if viewer.has("office"):
        visibility_form(store, viewer, mode, top_n)
    if result is None:
        return
    st.caption(t("leaderboard_page.explain"))
    show_board(result, viewer, mode, top_n)


def spans_back(kind: str, today: date) -> list[Period]:
    """This week (month, quarter, year) and the ones before it, newest first."""
    spans, day = [], today
    for _ in range(BACK[kind]):
        spans.append(span_of(kind, day))
        day = spans[-1].start - timedelta(days=1)
    return spans


def span_picker(kind: str, today: date) -> Period:
    spans = spans_back(kind, today)
    chosen = st.selectbox(t("leaderboard_page.which"), spans, index=0,
                          format_func=lambda s: s.label, key=f"leaderboard_{kind}")  # fmt: skip
    return chosen if isinstance(chosen, Period) else spans[0]


def _value(value: Any) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):g}"


def own_line(own: pd.Series | None, total: int, viewer: Viewer) -> None:
    if not viewer.has("staff"):
        return
    if own is None:
        st.info(t("leaderboard_page.not_in_scheme"))
        return
    rank = own["rank"]
    ranked = rank is not None and not pd.isna(rank)
    first, second, third = st.columns(3)
    first.metric(
        t("leaderboard_page.mine"),
        t("leaderboard_page.mine_rank", rank=int(rank), total=total)
        if ranked
        else t("leaderboard_page.mine_no_rank", total=total),
    )
    second.metric(t("leaderboard_page.mine_score"), _value(own["score"]))
    third.metric(t("leaderboard_page.mine_points"), _value(own["points"]))


def people_table(people: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("leaderboard_page.col_rank"): people["rank"],
            t("leaderboard_page.col_name"): people["name"].astype(str),
            t("leaderboard_page.col_department"): people["department"].fillna(
                t("leaderboard_page.no_department")
            ),
            t("leaderboard_page.col_score"): people["score"],
            t("leaderboard_page.col_points"): people["points"],
        }
    )


def departments_table(departments: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("leaderboard_page.col_rank"): departments["rank"],
            t("leaderboard_page.col_department"): departments["department"].replace(
                "", t("leaderboard_page.no_department")
            ),
            t("leaderboard_page.col_people"): departments["people"].astype(int),
            t("leaderboard_page.col_average"): departments["average_score"],
            t("leaderboard_page.col_all_kept"): (
                pd.to_numeric(departments["meeting_share"], errors="coerce") * 100
            ).round(1),
            t("leaderboard_page.col_points_per_head"): departments["points_per_head"],
        }
    )


def show_board(result: Board, viewer: Viewer, mode: str, top_n: int) -> None:
    label = result.span.label
    if result.people.empty:
        key = "not_begun" if result.span.start > study_day_parts.now().date() else "nobody"
        st.info(t(f"leaderboard_page.{key}", span=label))
        return
    sees_all = viewer.has("office")
    view = shown(result.people, result.departments, viewer_id=viewer.person_id,
                 sees_all=sees_all, mode=mode, top_n=top_n)  # fmt: skip
    own_line(view.own, len(result.people), viewer)
    if not sees_all:
        st.caption(t(f"leaderboard_page.shows.{mode}", n=top_n))
    st.subheader(t("leaderboard_page.people"))
    if view.people.empty:
        st.caption(t("leaderboard_page.people_hidden"))
    else:
        st.dataframe(people_table(view.people), hide_index=True, width="stretch")
    st.subheader(t("leaderboard_page.departments"))
    if view.departments is None:
        st.caption(t("leaderboard_page.departments_hidden"))
        return
    share = t("leaderboard_page.col_all_kept")
    st.dataframe(
        departments_table(view.departments),
        hide_index=True,
        width="stretch",
        column_config={share: st.column_config.NumberColumn(share, format="%.1f%%")},
    )


def visibility_form(store: Store, viewer: Viewer, mode: str, top_n: int) -> None:
    with st.expander(t("leaderboard_page.settings.title")), st.form("leaderboard_visibility"):
        st.caption(t("leaderboard_page.settings.office_sees_all"))
        chosen = st.radio(
            t("leaderboard_page.settings.mode"),
            list(VISIBILITY),
            index=VISIBILITY.index(mode),
            format_func=lambda m: t(f"leaderboard_page.mode.{m}"),
        )
        n = st.number_input(t("leaderboard_page.settings.top_n"), min_value=1, max_value=100,
                            value=top_n, step=1)  # fmt: skip
        if st.form_submit_button(t("leaderboard_page.settings.save")):
            picked = str(chosen or mode)
            if succeeded(lambda: set_visibility(store, picked, int(n), actor_roles=viewer.roles)):
                flash(t("leaderboard_page.settings.saved",
                        mode=t(f"leaderboard_page.mode.{picked}")))  # fmt: skip
                st.rerun()
