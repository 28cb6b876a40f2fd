"""Saving check-ins in batches: a handful of statements per batch, not per check-in.

When a whole office saves its reading after a meeting, each DuckDB statement (~0.5 ms) and each
commit count. The group-committing writer hands every batch of waiting check-ins to
`save_records`, which looks up all their submission keys at once, all their days' reading totals
at once, and inserts all accepted records and keys with one statement each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from learnhub.store.database import Cursor
from learnhub.store.records import COUNTED


@dataclass(frozen=True)
class PendingRecord:
    person_id: int
    day: date
    values: dict[str, Any]
    key: str | None = None
    # Refuse the record if the day's reading minutes would pass this many; None: no limit.
    day_limit: int | None = None
    # Look the key up first. Off on a first attempt: a repeated key fails the insert anyway, and
    # the retry (with this on) then finds it. Saves a statement on nearly every save.
    check_key: bool = False


@dataclass(frozen=True)
class Outcome:
    record_id: int | None
    duplicate: bool = False
    refused_total: int | None = None  # the day's total the record would have made


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


def _existing_keys(cur: Cursor, batch: list[PendingRecord]) -> dict[str, int]:
    keys = [p.key for p in batch if p.key and p.check_key]
    if not keys:
        return {}
    rows = cur.execute(
        f"SELECT key, record_id FROM form_submissions WHERE key IN ({_marks(keys)})", keys
    ).fetchall()
    return {str(k): int(r) for k, r in rows}


def _day_totals(cur: Cursor, batch: list[PendingRecord]) -> dict[tuple[int, date], int]:
    limited = [p for p in batch if p.day_limit is not None]
    if not limited:
        return {}
    persons = sorted({p.person_id for p in limited})
    days = sorted({p.day for p in limited})
    rows = cur.execute(
        f"""SELECT person_id, day, coalesce(sum(minutes), 0) FROM records
            WHERE kind = 'reading' AND {COUNTED}
              AND person_id IN ({_marks(persons)}) AND day IN ({_marks(days)})
            GROUP BY person_id, day""",
        [*persons, *days],
    ).fetchall()
    return {(int(p), d): int(m) for p, d, m in rows}


def save_records(cur: Cursor, batch: list[PendingRecord]) -> list[Outcome]:
    """Decide and store a batch in the caller's transaction; one outcome per pending record."""
    if len(batch) == 1:
        return [_save_one(cur, batch[0])]
    existing = _existing_keys(cur, batch)
    totals = _day_totals(cur, batch)
    decided: list[tuple[str, Any]] = []
    accepted: list[PendingRecord] = []
    first_of_key: dict[str, int] = {}
    for pending in batch:
        if pending.key and pending.key in existing:
            decided.append(("duplicate", existing[pending.key]))
            continue
        if pending.key and pending.key in first_of_key:
            decided.append(("same_as", first_of_key[pending.key]))
            continue
        if pending.day_limit is not None:
            slot = (pending.person_id, pending.day)
            total = totals.get(slot, 0) + int(pending.values.get("minutes") or 0)
            if total > pending.day_limit:
                decided.append(("refused", total))
                continue
            totals[slot] = total
        if pending.key:
            first_of_key[pending.key] = len(accepted)
        decided.append(("stored", len(accepted)))
        accepted.append(pending)

    ids: list[int] = []
    if accepted:
        ids = [
            int(r[0])
            for r in cur.execute(
                "SELECT nextval('record_id_seq') FROM range(?)", [len(accepted)]
            ).fetchall()
        ]
        _insert(cur, accepted, ids)

    outcomes = []
    for kind, value in decided:
        if kind == "duplicate":
            outcomes.append(Outcome(value, duplicate=True))
        elif kind == "same_as":
            outcomes.append(Outcome(ids[value], duplicate=True))
        elif kind == "refused":
            outcomes.append(Outcome(None, refused_total=value))
        else:
            outcomes.append(Outcome(ids[value]))
    return outcomes


def _save_one(cur: Cursor, pending: PendingRecord) -> Outcome:
    """The lone save of a quiet moment: the day's-total check and the insert in one statement."""
    if pending.key and pending.check_key:
        existing = _existing_keys(cur, [pending])
        if pending.key in existing:
            return Outcome(existing[pending.key], duplicate=True)
    columns = ["person_id", "day", *pending.values]
    params: list[Any] = [pending.person_id, pending.day, *pending.values.values()]
    guard = ""
    if pending.day_limit is not None:
        guard = f"""WHERE (SELECT coalesce(sum(minutes), 0) FROM records
                      WHERE person_id = ? AND day = ? AND kind = 'reading' AND {COUNTED})
                     + ? <= ?"""
        minutes = int(pending.values.get("minutes") or 0)
        params += [pending.person_id, pending.day, minutes, pending.day_limit]
    rows = cur.execute(
        f"INSERT INTO records ({', '.join(columns)}) SELECT {_marks(columns)} {guard} RETURNING id",
        params,
    ).fetchall()
    if not rows:
        total = _day_totals(cur, [pending]).get((pending.person_id, pending.day), 0)
        return Outcome(None, refused_total=total + int(pending.values.get("minutes") or 0))
    record_id = int(rows[0][0])
    if pending.key:
        cur.execute(
            "INSERT INTO form_submissions (key, record_id) VALUES (?, ?)", [pending.key, record_id]
        )
    return Outcome(record_id)


def _insert(cur: Cursor, accepted: list[PendingRecord], ids: list[int]) -> None:
    # Plain multi-row VALUES: registering a DataFrame of Python objects costs more than it saves
    # at batch sizes of a few dozen.
    columns = sorted({c for p in accepted for c in p.values})
    names = ["id", "person_id", "day", *columns]
    row = f"({', '.join('?' for _ in names)})"
    params: list[Any] = []
    for pending, record_id in zip(accepted, ids, strict=True):
        params.extend([record_id, pending.person_id, pending.day])
        params.extend(pending.values.get(c) for c in columns)
    cur.execute(
        f"INSERT INTO records ({', '.join(names)}) VALUES {', '.join(row for _ in accepted)}",
        params,
    )
    keys = [(p.key, record_id) for p, record_id in zip(accepted, ids, strict=True) if p.key]
    if keys:
        cur.execute(
            "INSERT INTO form_submissions (key, record_id) VALUES "
            + ", ".join("(?, ?)" for _ in keys),
            [value for pair in keys for value in pair],
        )
