"""The office's view of who is keeping up: a scheme judged over a month or a week for everyone it
applies to, from the store (learnhub.compliance does the judging on arrays).

Every function takes the store; `today` is the office's today, so periods still running are
never held against anyone.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from learnhub.compliance import Evaluation, evaluate, periods_for, scheme_month
from learnhub.periods import Period
from learnhub.schemes import DEFAULT_SCHEME_NAME, Scheme, scheme_on
from learnhub.store import Store
from learnhub.workdays import office_calendar

__all__ = ["audience", "evaluate_span", "extent", "staff_frame"]


def staff_frame(store: Store) -> pd.DataFrame:
    """Every active staff member: person_id, username, name, department, department_id."""
    people = store.people.people(role="staff")
    return people.rename(columns={"id": "person_id"})[
        ["person_id", "username", "name", "department", "department_id"]
    ]


def audience(store: Store, scheme: Scheme) -> pd.DataFrame:
    """The active staff a scheme applies to: everyone, or a campaign's departments."""
    people = staff_frame(store)
    if scheme.departments:
        people = people[people["department_id"].isin(list(scheme.departments))]
    return people.reset_index(drop=True)


def extent(scheme: Scheme, span: Period, store: Store) -> tuple[date, date]:
    """The first and last day any quota period of `span` reaches (weeks spill over months,
    a quarter starts two months earlier)."""
    calendar = office_calendar(store)
    first, last = span.start, span.end
    for quota in scheme.quotas:
        for period in periods_for(quota, span, calendar, scheme):
            first, last = min(first, period.start), max(last, period.end)
    return first, last


def evaluate_span(
    store: Store,
    span: Period,
    *,
    today: date,
    scheme_name: str = DEFAULT_SCHEME_NAME,
    scheme: Scheme | None = None,
    activity: pd.DataFrame | None = None,
    person_id: int | None = None,
) -> Evaluation:
    """`span` (a month or a week) judged under the version in force for it, or under `scheme`
    (a proposed version, for a preview). `activity` may be passed when already fetched for a
    longer stretch (a year's leaderboard). With `person_id`, only that person is judged (their
    own page): an empty evaluation when the scheme does not apply to them."""
    if scheme is None and activity is None and person_id is None:
        # The whole office under the version in force: reused until the next write.
        key = ("evaluation", span, today, scheme_name)
        return store.db.remember(
            key, lambda: _evaluate(store, span, today, scheme_on(store, scheme_month(span),
                                                                  scheme_name), None, None)
        )  # fmt: skip
    scheme = scheme or scheme_on(store, scheme_month(span), scheme_name)
    return _evaluate(store, span, today, scheme, activity, person_id)


def _evaluate(
    store: Store,
    span: Period,
    today: date,
    scheme: Scheme,
    activity: pd.DataFrame | None,
    person_id: int | None,
) -> Evaluation:
    first, last = extent(scheme, span, store)
    if activity is None:
        activity = store.competition.activity(first, last, person_id)
    exemptions = store.competition.exemptions(first, last, person_id)
    people = audience(store, scheme)
    if person_id is not None:
        people = people[people["person_id"] == person_id]
    return evaluate(
        scheme,
        span,
        people,
        activity,
        exemptions,
        office_calendar(store),
        today,
    )
