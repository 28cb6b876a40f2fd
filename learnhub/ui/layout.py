"""The frame around every page: the role's menu, the language switch and sign-out."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from learnhub.i18n import LANGUAGES
from learnhub.ui.context import app_store
from learnhub.ui.gate import Viewer
from learnhub.ui.text import LANGUAGE_KEY, language, t


@dataclass(frozen=True)
class PageLink:
    path: str
    label_key: str
    icon: str
    roles: tuple[str, ...]
    group: str  # nav.group.<group>: the heading it is listed under


STAFF, TEACHING, EVERYONE = ("staff",), ("trainer", "office"), ("staff", "trainer", "office")
OFFICE = ("office",)


def _link(page: str, icon: str, roles: tuple[str, ...], group: str) -> PageLink:
    return PageLink(f"pages/{page}.py", f"nav.{page}", f":material/{icon}:", roles, group)


# The menu: each role sees only its own pages, under headings (the office has some 30 pages).
# Pages check the role again themselves.
MENU: tuple[PageLink, ...] = (
    _link("check_in", "edit_note", STAFF, "study"),
    _link("my_progress", "insights", STAFF, "study"),
    _link("courses", "school", EVERYONE, "study"),
    _link("quizzes", "quiz", STAFF, "study"),
    _link("daily_quiz", "today", STAFF, "study"),
    _link("study_days", "event_available", STAFF, "study"),
    _link("training_classes", "groups_2", STAFF, "study"),
    _link("writing", "stylus_note", STAFF, "writing"),
    _link("writing_group", "forum", STAFF, "writing"),
    _link("exhibition", "collections_bookmark", EVERYONE, "writing"),
    _link("review", "rate_review", TEACHING, "writing"),
    _link("suggestions", "lightbulb", OFFICE, "writing"),
    _link("writing_groups_admin", "diversity_3", OFFICE, "writing"),
    _link("writing_settings", "tune", OFFICE, "writing"),
    _link("leaderboard", "leaderboard", ("staff", "office"), "competition"),
    _link("publication", "campaign", EVERYONE, "competition"),
    _link("compliance", "grid_on", OFFICE, "competition"),
    _link("scheme_admin", "rule_settings", OFFICE, "competition"),
    _link("monthly_summary", "summarize", OFFICE, "desk"),
    _link("annual_assessment", "workspace_premium", OFFICE, "desk"),
    _link("reminder_settings", "notifications_active", OFFICE, "desk"),
    _link("data_snapshot", "database", OFFICE, "desk"),
    _link("course_admin", "edit_document", TEACHING, "teaching"),
    _link("question_banks", "inventory_2", TEACHING, "teaching"),
    _link("quiz_admin", "rule", TEACHING, "teaching"),
    _link("grading", "grading", TEACHING, "teaching"),
    _link("study_day_admin", "co_present", TEACHING, "teaching"),
    _link("training_admin", "assignment_ind", TEACHING, "teaching"),
    _link("attendance_report", "fact_check", OFFICE, "teaching"),
    _link("people", "groups", OFFICE, "office"),
    _link("roster_import", "upload_file", OFFICE, "office"),
    _link("reading_list", "menu_book", OFFICE, "office"),
    _link("work_calendar", "calendar_month", OFFICE, "office"),
    _link("inbox", "inbox", EVERYONE, "account"),
    _link("account", "key", EVERYONE, "account"),
)


def pages_for(viewer: Viewer) -> list[PageLink]:
    return [link for link in MENU if viewer.has(*link.roles)]


def start_page(viewer: Viewer) -> str:
    """Where a person lands after signing in."""
    if viewer.must_change_password:
        return "pages/account.py"
    if viewer.has("staff") and not viewer.has("office"):
        return "pages/check_in.py"
    if viewer.has("office"):
        return "pages/people.py"
    return "pages/account.py"


def _switch_language() -> None:
    chosen = st.session_state[LANGUAGE_KEY]
    person_id = st.session_state.get("learnhub.person_id")
    if person_id is not None:
        app_store().people.set_language(int(person_id), chosen)


def sidebar(viewer: Viewer) -> None:
    st.session_state["learnhub.person_id"] = viewer.person_id
    with st.sidebar:
        st.markdown(f"**{t('app.name')}**")
        st.caption(t("nav.signed_in_as", name=viewer.name, username=viewer.username))
        group = None
        for link in pages_for(viewer):
            if link.group != group:
                group = link.group
                st.caption(t(f"nav.group.{group}"))
            st.page_link(link.path, label=t(link.label_key), icon=link.icon)
        st.divider()
        st.selectbox(
            t("nav.language"),
            options=list(LANGUAGES),
            format_func=lambda code: LANGUAGES[code],
            key=LANGUAGE_KEY,
            on_change=_switch_language,
        )
        # A plain form: the sign-out route ends the session on the server and clears the cookie.
        st.html(
            '<form method="post" action="/signout" style="margin:0">'
            '<button type="submit" data-testid="signout" style="width:100%;padding:0.4rem;'
            'border:1px solid #ccc;border-radius:0.5rem;background:white;cursor:pointer">'
            f"{t('nav.sign_out')}</button></form>"
        )


def page_header(title_key: str) -> None:
    st.set_page_config(page_title=f"{t(title_key)} · LearnHub", layout="wide")
    st.title(t(title_key))


__all__ = ["MENU", "PageLink", "language", "page_header", "pages_for", "sidebar", "start_page"]
