"""Per-person exemptions (leave, secondment, a training course elsewhere): the days they cover take
the person's periods out of the denominators (learnhub.compliance: a period half covered or more
is exempt). Removing one keeps its row with who removed it and when."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.store import Cursor, Store

__all__ = ["MAX_DAYS", "add_exemption", "exemptions", "remove_exemption"]

MAX_DAYS = 366
MAX_REASON = 200


def _office(actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("exemption.office_only")


def add_exemption(
    store: Store,
    person_id: int,
    first_day: date,
    last_day: date,
    reason: str,
    *,
    actor_id: int,
    actor_roles: frozenset[str],
    now: datetime,
) -> int:
    _office(actor_roles)
    text = reason.strip()
    if not text:
        raise ValidationError("exemption.reason_missing")
    if len(text) > MAX_REASON:
        raise ValidationError("exemption.reason_too_long", n=MAX_REASON)
    if last_day < first_day:
        raise ValidationError("exemption.days_reversed")
    if last_day - first_day >= timedelta(days=MAX_DAYS):
        raise ValidationError("exemption.too_long", n=MAX_DAYS)
    person = store.people.person(person_id)
    if person is None or not person["active"]:
        raise ValidationError("exemption.person_unknown")

    def work(cur: Cursor) -> int:
        # The same person and days twice (a double click) is one exemption.
        same = store.competition.exemptions(first_day, last_day, person_id)
        days = pd.to_datetime(same["first_day"]).dt.date, pd.to_datetime(same["last_day"]).dt.date
        same = same[(days[0] == first_day) & (days[1] == last_day)]
        if not same.empty:
            return int(same["id"].iloc[0])
        values = {"person_id": person_id, "first_day": first_day, "last_day": last_day,
                  "reason": text, "created_by": actor_id, "created_at": now}  # fmt: skip
        return store.competition.add_exemption(cur, values)

    return int(store.transaction(work))


def remove_exemption(
    store: Store, exemption_id: int, *, actor_id: int, actor_roles: frozenset[str], now: datetime
) -> None:
    _office(actor_roles)
    removed = store.transaction(
        lambda cur: store.competition.remove_exemption(cur, exemption_id, actor_id, now)
    )
    if not removed:
        raise ValidationError("exemption.missing")


def exemptions(store: Store, first: date, last: date) -> pd.DataFrame:
    """The exemptions in force on any day between `first` and `last`."""
    return store.competition.exemptions(first, last)
