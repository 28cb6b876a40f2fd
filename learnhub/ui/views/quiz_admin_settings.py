"""测验管理: the settings form a new quiz and an existing one share, and the readable labels of a
quiz's settings and state.

Times are the office's wall clock without a zone, as the quiz stores them. An open or close date
without a time means the start (open) or the last minute (close) of that day.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import quizzes
from learnhub.errors import ValidationError
from learnhub.quizzes import MULTIPLE_RULES, REVIEW, QuizSettings
from learnhub.ui.text import t

DEFAULT_CLOSE_TIME = time(23, 59)


def review_label(value: str) -> str:
    return t(f"quiz_admin.review.{value}")


def rule_label(value: str) -> str:
    return t(f"quiz_admin.rule.{value}")


def number(value: float) -> str:
    """2, 2.5: points without a trailing .0."""
    return f"{float(value):g}"


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _moment(value: Any) -> datetime | None:
    return None if _missing(value) else pd.Timestamp(value).to_pydatetime()


def when(value: Any) -> str:
    moment = _moment(value)
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def state_label(quiz: dict[str, Any] | pd.Series, now: datetime) -> str:
    """Draft; or published and not open yet / open / closed, by the office clock."""
    if not bool(quiz["published"]):
        return t("quiz_admin.state.draft")
    opens, closes = _moment(quiz["opens_at"]), _moment(quiz["closes_at"])
    if opens is not None and now < opens:
        return t("quiz_admin.state.not_yet", at=when(opens))
    if closes is not None and now >= closes:
        return t("quiz_admin.state.closed", at=when(closes))
    return t("quiz_admin.state.open")


def limits_label(quiz: dict[str, Any]) -> str:
    minutes, allowed = quiz["time_limit_minutes"], quiz["attempts_allowed"]
    return t(
        "quiz_admin.limits",
        time=t("quiz_admin.no_limit")
        if _missing(minutes)
        else t("quiz_admin.minutes", n=int(minutes)),
        attempts=t("quiz_admin.unlimited")
        if _missing(allowed)
        else t("quiz_admin.times", n=int(allowed)),
        window=_window(quiz),
        review=review_label(str(quiz["review"])),
        rule=rule_label(str(quiz["multiple_rule"])),
    )


def _window(quiz: dict[str, Any]) -> str:
    opens, closes = when(quiz["opens_at"]), when(quiz["closes_at"])
    if opens and closes:
        return t("quiz_admin.window_both", opens=opens, closes=closes)
    if opens:
        return t("quiz_admin.window_from", opens=opens)
    if closes:
        return t("quiz_admin.window_until", closes=closes)
    return t("quiz_admin.window_always")


def _combine(day: date | None, at: time | None, default: time) -> datetime | None:
    if day is None:
        if at is not None:
            raise ValidationError("quiz_admin.time_without_date")
        return None
    return datetime.combine(day, at if at is not None else default)


def _day_and_time(value: Any) -> tuple[date | None, time | None]:
    moment = _moment(value)
    return (None, None) if moment is None else (moment.date(), moment.time())


def settings_inputs(current: dict[str, Any] | None, key: str) -> dict[str, Any]:
    """The inputs of every setting, filled with `current` (a quiz row) or the defaults; call
    inside a form. Returns the raw values for `to_settings`."""
    base = QuizSettings("")
    values: dict[str, Any] = {
        name: (current[name] if current is not None else getattr(base, name))
        for name in QuizSettings.__dataclass_fields__
    }
    out: dict[str, Any] = {}
    out["title"] = st.text_input(
        t("quiz_admin.title"),
        value=str(values["title"]),
        max_chars=quizzes.MAX_TITLE,
        key=key + "t",
    )
    out["description"] = st.text_area(
        t("quiz_admin.description"), value=str(values["description"] or ""),
        max_chars=quizzes.MAX_DESCRIPTION, height=80, key=key + "d",
    )  # fmt: skip
    left, right = st.columns(2)
    minutes = values["time_limit_minutes"]
    out["time_limit"] = left.number_input(
        t("quiz_admin.time_limit"), min_value=0, max_value=quizzes.MAX_MINUTES,
        value=None if _missing(minutes) else int(minutes), step=1,
        placeholder=t("quiz_admin.time_limit_placeholder"), help=t("quiz_admin.time_limit_help"),
        key=key + "m",
    )  # fmt: skip
    allowed = values["attempts_allowed"]
    out["attempts"] = right.number_input(
        t("quiz_admin.attempts"), min_value=0, max_value=quizzes.MAX_ATTEMPTS,
        value=0 if _missing(allowed) else int(allowed), step=1,
        help=t("quiz_admin.attempts_help"), key=key + "a",
    )  # fmt: skip
    open_day, open_time = _day_and_time(values["opens_at"])
    close_day, close_time = _day_and_time(values["closes_at"])
    columns = st.columns(4)
    out["open_day"] = columns[0].date_input(
        t("quiz_admin.open_day"), value=open_day, key=key + "od"
    )
    out["open_time"] = columns[1].time_input(
        t("quiz_admin.open_time"), value=open_time, step=300, key=key + "ot",
        help=t("quiz_admin.open_time_help"),
    )  # fmt: skip
    out["close_day"] = columns[2].date_input(
        t("quiz_admin.close_day"), value=close_day, key=key + "cd"
    )
    out["close_time"] = columns[3].time_input(
        t("quiz_admin.close_time"), value=close_time, step=300, key=key + "ct",
        help=t("quiz_admin.close_time_help"),
    )  # fmt: skip
    out["pass_percent"] = st.number_input(
        t("quiz_admin.pass_percent"), min_value=0.0, max_value=100.0,
        value=float(values["pass_percent"]), step=5.0, format="%.1f", key=key + "p",
    )  # fmt: skip
    left, right = st.columns(2)
    out["shuffle_questions"] = left.checkbox(
        t("quiz_admin.shuffle_questions"), value=bool(values["shuffle_questions"]), key=key + "sq"
    )
    out["shuffle_choices"] = right.checkbox(
        t("quiz_admin.shuffle_choices"), value=bool(values["shuffle_choices"]), key=key + "sc"
    )
    review = str(values["review"])
    out["review"] = st.selectbox(
        t("quiz_admin.review_label"), list(REVIEW), format_func=review_label,
        index=REVIEW.index(review) if review in REVIEW else 0, key=key + "r",
        help=t("quiz_admin.review_help"),
    )  # fmt: skip
    rule = str(values["multiple_rule"])
    out["multiple_rule"] = st.radio(
        t("quiz_admin.rule_label"), list(MULTIPLE_RULES), format_func=rule_label,
        index=MULTIPLE_RULES.index(rule) if rule in MULTIPLE_RULES else 0, key=key + "mr",
        help=t("quiz_admin.rule_help"),
    )  # fmt: skip
    return out


def to_settings(raw: dict[str, Any]) -> QuizSettings:
    """The settings the inputs describe; 0 or empty minutes = no limit, 0 attempts = unlimited.
    Raises ValidationError (a time without its date); the domain checks the rest."""
    minutes, allowed = raw["time_limit"], raw["attempts"]
    return QuizSettings(
        title=str(raw["title"] or ""),
        description=str(raw["description"] or ""),
        time_limit_minutes=int(minutes) if minutes else None,
        attempts_allowed=int(allowed) if allowed else None,
        opens_at=_combine(raw["open_day"], raw["open_time"], time(0, 0)),
        closes_at=_combine(raw["close_day"], raw["close_time"], DEFAULT_CLOSE_TIME),
        pass_percent=float(raw["pass_percent"]),
        shuffle_questions=bool(raw["shuffle_questions"]),
        shuffle_choices=bool(raw["shuffle_choices"]),
        review=str(raw["review"]),
        multiple_rule=str(raw["multiple_rule"]),
    )
