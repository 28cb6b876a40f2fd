"""一月一公示: the office publishes a month that has ended; its results are frozen into a
publication every staff member can read. A later correction (a late record, a changed exemption)
is a new version with its reason; every version stays readable, the newest is the one shown.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from learnhub import milestones, points
from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import Period, month_of
from learnhub.schemes import DEFAULT_SCHEME_NAME
from learnhub.standings import evaluate_span
from learnhub.store import Cursor, Store

__all__ = ["Publication", "history", "latest", "publish", "published_months", "version"]

MAX_REASON = 500


@dataclass(frozen=True)
class Publication:
    id: int
    month: Period
    version: int
    scheme_name: str
    scheme_version: int
    reason: str
    published_at: datetime
    published_by: str
    people: pd.DataFrame  # person_id, username, name, department, score, rank, dept_rank,
    # points, all_kept, quotas (JSON)
    departments: pd.DataFrame  # department, people, average_score, meeting_share,
    # points_per_head, rank
    milestones: pd.DataFrame  # person_id, name, kind, detail


def _quotas(evaluation: Any) -> list[str]:
    """Each person's quotas as JSON: rate and how many periods were met, missed, exempt."""
    per_person: list[dict[str, Any]] = [{} for _ in range(len(evaluation.people))]
    for result in evaluation.quotas:
        if not result.periods:
            continue
        rate = result.rate
        met, missed, exempt = result.count(0), result.count(1), result.count(3)
        for i, person in enumerate(per_person):
            person[result.quota.key] = {
                "rate": None if np.isnan(rate[i]) else round(float(rate[i]), 4),
                "met": int(met[i]),
                "missed": int(missed[i]),
                "exempt": int(exempt[i]),
            }
    return [json.dumps(p, ensure_ascii=False) for p in per_person]


def publish(
    store: Store,
    month: Period,
    *,
    reason: str = "",
    actor_id: int,
    actor_roles: frozenset[str],
    today: date,
    now: datetime,
    scheme_name: str = DEFAULT_SCHEME_NAME,
) -> int:
    """Freeze `month`'s results; returns the publication's version (1 the first time)."""
    if "office" not in actor_roles:
        raise NotAllowed("publication.office_only")
    if month.end >= today:
        raise ValidationError("publication.month_running", month=month.label)
    text = reason.strip()
    if len(text) > MAX_REASON:
        raise ValidationError("publication.reason_too_long", n=MAX_REASON)
    if not store.competition.publications(month.start).empty and not text:
        # Also what stops a double click from publishing twice: the second has no reason.
        raise ValidationError("publication.reason_needed", month=month.label)
    evaluation = evaluate_span(store, month, today=today, scheme_name=scheme_name)
    table = evaluation.table()
    earned = points.totals(store, month.start, month.end, scheme_name=scheme_name)
    people = table[["person_id", "username", "name", "department", "score", "rank",
                    "dept_rank"]].copy()  # fmt: skip
    people["points"] = people["person_id"].map(earned).fillna(0.0).astype(float)
    people["all_kept"] = table["all_kept"].astype(bool)
    people["quotas"] = _quotas(evaluation)
    departments = evaluation.departments()[
        ["department", "people", "average_score", "meeting_share", "rank"]
    ].copy()
    per_head = people.assign(department=people["department"].fillna("")).groupby("department")
    departments["points_per_head"] = (
        departments["department"].map(per_head["points"].mean()).fillna(0.0).round(1)
    )
    found = milestones.month_milestones(store, month, evaluation, today=today)
    values = {
        "month": month.start,
        "scheme_name": scheme_name,
        "scheme_version": evaluation.scheme.version,
        "reason": text,
        "published_by": actor_id,
        "published_at": now,
    }

    def work(cur: Cursor) -> int:
        return store.competition.insert_publication(
            cur, values, people, departments, found[["person_id", "kind", "detail"]]
        )[1]

    return int(store.transaction(work))


def history(store: Store, month: Period) -> pd.DataFrame:
    """Every version of the month's publication, newest first: version, reason, published_at,
    published_by, scheme_version."""
    return store.competition.publications(month.start)


def version(store: Store, month: Period, number: int | None = None) -> Publication | None:
    """One version of a month's publication (the newest when `number` is None)."""
    versions = store.competition.publications(month.start)
    if number is not None:
        versions = versions[versions["version"] == number]
    if versions.empty:
        return None
    row = versions.iloc[0]
    publication_id = int(row["id"])
    return Publication(
        id=publication_id,
        month=month,
        version=int(row["version"]),
        scheme_name=str(row["scheme_name"]),
        scheme_version=int(row["scheme_version"]),
        reason=str(row["reason"]),
        published_at=row["published_at"],
        published_by=str(row["published_by"]),
        people=store.competition.publication_people(publication_id),
        departments=store.competition.publication_departments(publication_id),
        milestones=store.competition.publication_milestones(publication_id),
    )


def latest(store: Store, month: Period) -> Publication | None:
    return version(store, month)


def published_months(store: Store) -> list[Period]:
    """The months with a publication, newest first."""
    return [month_of(m) for m in reversed(store.competition.published_months())]
