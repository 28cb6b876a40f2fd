"""Driving pages with Streamlit's AppTest as a given person.

AppTest cannot send cookies, so a test signs the person in for real (`start_session`) and hands the
token to the page through session state; the page then checks it against the database as usual.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from learnhub.auth import start_session
from learnhub.store import Store

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "check_in",
    "my_progress",
    "writing",
    "exhibition",
    "suggestions",
    "writing_group",
    "writing_groups_admin",
    "review",
    "writing_settings",
    "courses",
    "course_admin",
    "question_banks",
    "quizzes",
    "daily_quiz",
    "quiz_admin",
    "grading",
    "study_days",
    "study_day_admin",
    "training_classes",
    "training_admin",
    "attendance_report",
    "people",
    "roster_import",
    "reading_list",
    "work_calendar",
    "scheme_admin",
    "compliance",
    "leaderboard",
    "publication",
    "monthly_summary",
    "annual_assessment",
    "reminder_settings",
    "data_snapshot",
    "inbox",
    "account",
]


def open_page(page: str, store: Store | None = None, person_id: int | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    if store is not None and person_id is not None:
        at.session_state["learnhub.session_token"] = start_session(store, person_id)
    if page != "home":
        at.switch_page(f"pages/{page}.py")
    return at.run()


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(element.value) for element in at.get(kind)]
