"""The office changes the rules safely: every edit of a scheme is a new version valid from the
first day of a month, never earlier than the current month, so a month already over keeps the
result it had (docs/decisions.md 21). A preview shows what a proposed version would have made of
last month before anything is saved. Several schemes can run at once: a campaign is a scheme of
its own, for some departments, with its own versions.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import Period, month_of
from learnhub.schemes import DEFAULT_SCHEME_NAME, Scheme, SchemeError, scheme_on
from learnhub.standings import evaluate_span
from learnhub.store import Cursor, Store

__all__ = [
    "PreviewResult",
    "history",
    "in_force",
    "preview",
    "save_version",
    "scheme_names",
    "start_scheme",
]

MAX_REASON = 500
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")


def _office(actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("scheme.office_only")


def scheme_names(store: Store) -> list[str]:
    """Every scheme, the default first."""
    names = store.competition.scheme_names()
    return [DEFAULT_SCHEME_NAME, *(n for n in names if n != DEFAULT_SCHEME_NAME)]


def in_force(store: Store, name: str, day: date) -> Scheme:
    return scheme_on(store, day.replace(day=1), name)


def history(store: Store, name: str) -> list[Scheme]:
    """Every stored version of `name`, oldest first."""
    frame = store.competition.scheme_history(name)
    return [Scheme.from_mapping(json.loads(d)) for d in frame["definition"]]


def _checked(scheme: Scheme, today: date, reason: str) -> Scheme:
    if scheme.valid_from < month_of(today).start:
        # A month that has begun keeps its rules for the days already past only if nothing is
        # re-scored behind the office's back: the current month may change (the preview shows
        # how), a past one never.
        raise ValidationError("scheme.valid_from_past", month=month_of(today).label)
    text = reason.strip()
    if not text:
        raise ValidationError("scheme.reason_missing")
    if len(text) > MAX_REASON:
        raise ValidationError("scheme.reason_too_long", n=MAX_REASON)
    return replace(scheme, reason=text)


def save_version(
    store: Store,
    scheme: Scheme,
    *,
    reason: str,
    actor_roles: frozenset[str],
    today: date,
    now: datetime,
) -> int:
    """Store `scheme` as the next version of its name; returns the version number. Two versions
    from the same month: the later one wins for that month (the history keeps both). The same
    rules from the same month as the newest version (a second click, or a colleague saving the
    same change on another computer) store nothing and return that version."""
    _office(actor_roles)
    checked = _checked(scheme, today, reason)
    stored = history(store, checked.name)
    if not stored:
        raise ValidationError("scheme.unknown", name=checked.name)
    newest = stored[-1]
    if _rules(newest) == _rules(checked):
        return newest.version

    return _store_version(store, checked, now)


def _store_version(store: Store, checked: Scheme, now: datetime) -> int:
    """Store `checked` as the next version of its name (numbered inside the transaction)."""

    def work(cur: Cursor) -> int:
        return store.competition.add_scheme_version(
            cur, checked.name, checked.valid_from,
            lambda version: replace(checked, version=version).to_json(), now,
        )  # fmt: skip

    return int(store.transaction(work))


def _rules(scheme: Scheme) -> str:
    """What a version says, leaving out its number and the reason it was saved (read back as it
    is stored, so 1 and 1.0 compare equal)."""
    stored = Scheme.from_mapping(json.loads(scheme.to_json()))
    return replace(stored, version=0, reason="").to_json()


def start_scheme(
    store: Store,
    scheme: Scheme,
    *,
    reason: str,
    actor_roles: frozenset[str],
    today: date,
    now: datetime,
) -> None:
    """A new scheme running beside the others (a reading campaign for one department, say)."""
    _office(actor_roles)
    if not _NAME.match(scheme.name):
        raise ValidationError("scheme.name_invalid")
    if scheme.name in store.competition.scheme_names():
        raise ValidationError("scheme.name_taken", name=scheme.name)
    if not scheme.title_zh.strip():
        raise ValidationError("scheme.title_missing")
    checked = _checked(scheme, today, reason)

    _store_version(store, checked, now)


class PreviewResult:
    """A month judged under the version in force and under a proposal, side by side."""

    def __init__(self, month: Period, people: pd.DataFrame, departments: pd.DataFrame) -> None:
        self.month = month
        self.people = people  # username, name, department, before, after, change
        self.departments = departments  # department, before, after, change

    @property
    def summary(self) -> dict[str, Any]:
        change = self.people["change"].dropna()
        return {
            "people": len(self.people),
            "up": int((change > 0).sum()),
            "down": int((change < 0).sum()),
            "same": int((change == 0).sum()),
            "average_before": _mean(self.people["before"]),
            "average_after": _mean(self.people["after"]),
        }


def _mean(values: pd.Series) -> float | None:
    clean = values.dropna()
    return None if clean.empty else round(float(clean.mean()), 1)


def preview(store: Store, proposed: Scheme, *, today: date) -> PreviewResult:
    """What `proposed` would have made of last month, next to what it was (nothing is saved).
    A new scheme has no "before": those columns stay empty."""
    month = month_of(month_of(today).start - timedelta(days=1))
    after = evaluate_span(store, month, today=today, scheme=proposed)
    new = after.table()[["person_id", "username", "name", "department", "score"]]
    new_departments = after.departments()[["department", "average_score"]]
    try:
        before = evaluate_span(store, month, today=today, scheme_name=proposed.name)
        old = before.table()[["person_id", "username", "name", "department", "score"]]
        old_departments = before.departments()[["department", "average_score"]]
    except SchemeError:  # not in force last month
        old = new.assign(score=np.nan).iloc[0:0]
        old_departments = new_departments.assign(average_score=np.nan).iloc[0:0]
    people = old.merge(new, on=["person_id", "username", "name", "department"], how="outer",
                       suffixes=("_before", "_after"))  # fmt: skip
    people = people.rename(columns={"score_before": "before", "score_after": "after"})
    people["change"] = np.round(people["after"] - people["before"], 1)
    departments = old_departments.merge(
        new_departments, on="department", how="outer", suffixes=("_before", "_after")
    ).rename(columns={"average_score_before": "before", "average_score_after": "after"})
    departments["change"] = np.round(departments["after"] - departments["before"], 1)
    return PreviewResult(month, people.drop(columns=["person_id"]), departments)
