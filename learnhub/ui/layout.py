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


# The menu: each role sees only its own pages. Pages check the role again themselves.
MENU: tuple[PageLink, ...] = (
    PageLink("pages/check_in.py", "nav.check_in", ":material/edit_note:", ("staff",)),
    PageLink("pages/my_progress.py", "nav.my_progress", ":material/insights:", ("staff",)),
    PageLink("pages/writing.py", "nav.writing", ":material/stylus_note:", ("staff",)),
    PageLink("pages/writing_group.py", "nav.writing_group", ":material/forum:", ("staff",)),
    PageLink(
        "pages/exhibition.py",
        "nav.exhibition",
        ":material/collections_bookmark:",
        ("staff", "trainer", "office"),
    ),
    PageLink("pages/study_days.py", "nav.study_days", ":material/event_available:", ("staff",)),
    PageLink(
        "pages/study_day_admin.py",
        "nav.study_day_admin",
        ":material/co_present:",
        ("trainer", "office"),
    ),
    PageLink(
        "pages/training_classes.py", "nav.training_classes", ":material/groups_2:", ("staff",)
    ),
    PageLink(
        "pages/training_admin.py",
        "nav.training_admin",
        ":material/assignment_ind:",
        ("trainer", "office"),
    ),
    PageLink(
        "pages/attendance_report.py",
        "nav.attendance_report",
        ":material/fact_check:",
        ("office",),
    ),
    PageLink(
        "pages/courses.py", "nav.courses", ":material/school:", ("staff", "trainer", "office")
    ),
    PageLink(
        "pages/course_admin.py",
        "nav.course_admin",
        ":material/edit_document:",
        ("trainer", "office"),
    ),
    PageLink("pages/quizzes.py", "nav.quizzes", ":material/quiz:", ("staff",)),
    PageLink("pages/daily_quiz.py", "nav.daily_quiz", ":material/today:", ("staff",)),
    PageLink("pages/quiz_admin.py", "nav.quiz_admin", ":material/rule:", ("trainer", "office")),
    PageLink("pages/review.py", "nav.review", ":material/rate_review:", ("trainer", "office")),
    PageLink("pages/grading.py", "nav.grading", ":material/grading:", ("trainer", "office")),
    PageLink(
        "pages/question_banks.py",
        "nav.question_banks",
        ":material/inventory_2:",
        ("trainer", "office"),
    ),
    PageLink(
        "pages/writing_groups_admin.py",
        "nav.writing_groups_admin",
        ":material/diversity_3:",
        ("office",),
    ),
    PageLink("pages/writing_settings.py", "nav.writing_settings", ":material/tune:", ("office",)),
    PageLink("pages/suggestions.py", "nav.suggestions", ":material/lightbulb:", ("office",)),
    PageLink("pages/people.py", "nav.people", ":material/groups:", ("office",)),
    PageLink("pages/roster_import.py", "nav.roster_import", ":material/upload_file:", ("office",)),
    PageLink("pages/reading_list.py", "nav.reading_list", ":material/menu_book:", ("office",)),
    PageLink(
        "pages/work_calendar.py", "nav.work_calendar", ":material/calendar_month:", ("office",)
    ),
    PageLink("pages/account.py", "nav.account", ":material/key:", ("staff", "trainer", "office")),
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
        for link in pages_for(viewer):
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
