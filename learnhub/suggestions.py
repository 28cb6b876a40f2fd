"""最佳建议: staff propose improvements (business work, or the office's own development); the office
triages each: submitted → under study → adopted or declined → implemented (adopted ones only),
replying to the proposer at every step. Every change is kept. The office names the month's best
suggestion, and counts per person and per department are reported (departments per head).
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import Period
from learnhub.store import Cursor, Store

__all__ = ["NEXT", "STATES", "choose_best", "counts", "move"]

STATES = ("under_study", "adopted", "declined", "implemented")
# From each state (None: just submitted) the states it may move to.
NEXT: dict[str | None, tuple[str, ...]] = {
    None: ("under_study", "adopted", "declined"),
    "under_study": ("adopted", "declined"),
    "adopted": ("implemented",),
    "declined": ("under_study",),
    "implemented": (),
}
MAX_REPLY = 1000


def _office(actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("suggestions.office_only")


def move(
    store: Store,
    record_id: int,
    state: str,
    *,
    reply: str,
    actor_id: int,
    actor_roles: frozenset[str],
    now: datetime,
) -> None:
    """Move a suggestion on, with a reply the proposer reads."""
    _office(actor_roles)
    text = reply.strip()
    if len(text) > MAX_REPLY:
        raise ValidationError("suggestions.reply_too_long", n=MAX_REPLY)
    if state in ("declined", "adopted") and not text:
        # A proposer is owed the reason for a decision, either way.
        raise ValidationError("suggestions.reply_needed")

    def work(cur: Cursor) -> None:
        piece = store.writing.piece(record_id, cur)
        if piece is None or piece["kind"] != "suggestion" or piece["status"] in ("draft",):
            raise ValidationError("suggestions.missing")
        current = store.suggestions.state(record_id, cur)
        if state not in NEXT[current]:
            raise ValidationError("suggestions.move_invalid")
        store.suggestions.add_state(cur, record_id, state, text, actor_id, now)

    store.transaction(work)


def choose_best(
    store: Store,
    month: Period,
    record_id: int,
    *,
    note: str = "",
    actor_id: int,
    actor_roles: frozenset[str],
    now: datetime,
) -> None:
    """Name the month's best suggestion: one submitted that month and not declined."""
    _office(actor_roles)
    listing = store.suggestions.listing(month.start, month.end).set_index("id")
    if record_id not in listing.index:
        raise ValidationError("suggestions.not_this_month")
    if listing.at[record_id, "state"] == "declined":
        raise ValidationError("suggestions.best_declined")
    store.transaction(
        lambda cur: store.suggestions.choose_best(
            cur, month.start, record_id, actor_id, now, note.strip()[:200]
        )
    )


def counts(store: Store, start: date, end: date) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(per person, per department) counts of suggestions made and adopted in start..end; every
    active staff member appears; departments also per head."""
    listing = store.suggestions.listing(start, end)
    people = store.people.people(role="staff")[["id", "name", "department"]]
    made = listing.groupby("person_id").size()
    adopted = listing[listing["state"].isin(["adopted", "implemented"])].groupby("person_id").size()
    person = people.rename(columns={"id": "person_id"}).copy()
    person["made"] = person["person_id"].map(made).fillna(0).astype(int)
    person["adopted"] = person["person_id"].map(adopted).fillna(0).astype(int)
    person["department"] = person["department"].fillna("")
    department = (
        person.groupby("department", sort=False)
        .agg(staff=("person_id", "size"), made=("made", "sum"), adopted=("adopted", "sum"))
        .reset_index()
    )
    department["made_per_head"] = department["made"] / department["staff"]
    department["adopted_per_head"] = department["adopted"] / department["staff"]
    return person, department
