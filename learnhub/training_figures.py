"""A training class's figures and its ledger (培训台账).

- participants: people on the roster;
- person-times (人次): over the sessions held, the number of people present (late counts as
  present: they were there);
- credit hours per person: the hours of the sessions they attended;
- leave share: sessions on leave ÷ the class's sessions (cancelled ones not counted); more than
  1/7 is flagged, the common rule for training classes. Leave approved for sessions still ahead
  counts already, so the warning comes before the class ends.

A session counts as held once it has started, so figures read during a session already show who
signed in; before that it is neither attended nor missed. A held session without a mark counts
as absent (during the session: not signed in yet).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.exports import escape_for_spreadsheet
from learnhub.i18n import translate
from learnhub.store import Store
from learnhub.studydays import session_start

__all__ = ["LEAVE_LIMIT", "ClassFigures", "class_figures", "ledger_xlsx"]

LEAVE_LIMIT = Fraction(1, 7)
PERSON_COLUMNS = (
    "username",
    "name",
    "department",
    "held",
    "attended",
    "late",
    "leave",
    "absent",
    "credit_hours",
    "leave_share",
    "over_limit",
)


@dataclass(frozen=True)
class ClassFigures:
    """`people`: one row per roster member (PERSON_COLUMNS and person_id); `summary`: the class."""

    people: pd.DataFrame
    summary: dict[str, Any]


def class_figures(store: Store, class_id: int, now: datetime) -> ClassFigures:
    found = store.training.training_class(class_id)
    if found is None:
        raise ValidationError("training.class_missing")
    sessions = store.training.sessions(class_id)
    live = sessions[sessions["status"] == "scheduled"]
    total = len(live)
    held_ids = {
        int(row["id"])
        for _, row in live.iterrows()
        if session_start(row["day"], row["half_day"]) <= now
    }
    marks = store.training.marks(class_id)
    marks = marks[marks["session_status"] == "scheduled"].copy()
    marks["held"] = marks["session_id"].astype(int).isin(held_ids)
    status = marks["status"].where(marks["status"].notna() | ~marks["held"], "absent")
    marks["attended"] = status.isin(["present", "late"])
    marks["late"] = status == "late"
    marks["leave"] = status == "leave"
    marks["absent"] = status == "absent"
    marks["hours"] = marks["credit_hours"].fillna(0.0).where(marks["attended"], 0.0)
    roster = store.training.roster(class_id)
    per = (
        marks.groupby("person_id")
        .agg(
            held=("held", "sum"),
            attended=("attended", "sum"),
            late=("late", "sum"),
            leave=("leave", "sum"),
            absent=("absent", "sum"),
            credit_hours=("hours", "sum"),
        )
        .reset_index()
    )
    people = roster.merge(per, on="person_id", how="left")
    for column in ("held", "attended", "late", "leave", "absent"):
        people[column] = people[column].fillna(0).astype(int)
    people["credit_hours"] = people["credit_hours"].fillna(0.0).astype(float)
    people["department"] = people["department"].fillna("")
    people["leave_share"] = people["leave"] / total if total else 0.0
    # Exact fractions: 1 leave in 7 sessions is at the limit, not over it.
    people["over_limit"] = [Fraction(int(n), total) > LEAVE_LIMIT if total else False
                            for n in people["leave"]]  # fmt: skip
    people = people[["person_id", *PERSON_COLUMNS]]
    participants = len(people)
    summary = {
        "title": found["title"],
        "category": found["category"],
        "first_day": found["first_day"],
        "last_day": found["last_day"],
        "location": found["location"],
        "organiser": found["organiser"] or "",
        "sessions": total,
        "held": len(held_ids),
        "participants": participants,
        "person_times": int(people["attended"].sum()),
        "expected_person_times": participants * len(held_ids),
        "leave_person_times": int(people["leave"].sum()),
        "credit_hours_total": float(people["credit_hours"].sum()),
        "credit_hours_per_person": (
            float(people["credit_hours"].sum()) / participants if participants else 0.0
        ),
        "over_limit": int(people["over_limit"].sum()),
    }
    expected = summary["expected_person_times"]
    summary["attendance_rate"] = summary["person_times"] / expected if expected else 0.0
    return ClassFigures(people, summary)


def _people_sheet(figures: ClassFigures, lang: str) -> pd.DataFrame:
    frame = figures.people[list(PERSON_COLUMNS)].copy()
    frame["leave_share"] = frame["leave_share"].round(3)
    frame["over_limit"] = frame["over_limit"].map(
        lambda over: translate("training.ledger.yes", lang) if over else ""
    )
    frame.columns = pd.Index([translate(f"training.ledger.{c}", lang) for c in PERSON_COLUMNS])
    return frame


def _summary_sheet(figures: ClassFigures, lang: str) -> pd.DataFrame:
    summary = figures.summary
    keys = (
        "title",
        "category",
        "first_day",
        "last_day",
        "location",
        "organiser",
        "sessions",
        "held",
        "participants",
        "person_times",
        "expected_person_times",
        "attendance_rate",
        "leave_person_times",
        "credit_hours_total",
        "credit_hours_per_person",
        "over_limit",
    )
    values: list[Any] = []
    for key in keys:
        value = summary[key]
        if key in ("first_day", "last_day"):
            value = value.isoformat()
        elif key in ("attendance_rate", "credit_hours_per_person"):
            value = round(float(value), 3)
        values.append(value)
    return pd.DataFrame(
        {
            translate("training.ledger.item", lang): [
                translate(f"training.summary.{k}", lang) for k in keys
            ],
            translate("training.ledger.value", lang): pd.Series(values, dtype=object),
        }
    )


def ledger_xlsx(figures: ClassFigures, lang: str = "zh") -> bytes:
    """The 培训台账 workbook: one row per person, then a summary sheet."""
    sheets = {
        translate("training.ledger.people_sheet", lang): _people_sheet(figures, lang),
        translate("training.ledger.summary_sheet", lang): _summary_sheet(figures, lang),
    }
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            escape_for_spreadsheet(frame).to_excel(
                writer, sheet_name=name[:31], index=False, freeze_panes=(1, 0)
            )
            sheet = writer.sheets[name[:31]]
            for column in sheet.columns:
                # Chinese characters are about two columns wide in Excel's default font.
                width = max(len(str(c.value or "")) for c in column) * 2 + 2
                sheet.column_dimensions[column[0].column_letter].width = min(width, 40)
    return buffer.getvalue()
