"""A believable demo office: small to explore the app, large to benchmark it.

Everything is drawn from one seeded generator (passwords aside), vectorised over a person × day
grid, and stored with a handful of bulk inserts, so 10,000 staff and a year of records take
seconds rather than hours.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from learnhub import demo_text as txt
from learnhub.auth import generate_password, hash_password
from learnhub.demo_activity import Strings, activity, drop_later_today, records_frame
from learnhub.demo_competition import add_demo_competition
from learnhub.demo_quiz import add_demo_quizzes
from learnhub.demo_training import add_demo_classes
from learnhub.periods import today_in
from learnhub.settings import load_settings
from learnhub.store import Cursor, Store
from learnhub.store.demo_sql import DemoRepo
from learnhub.workdays import office_calendar

__all__ = ["LARGE_OFFICE", "DemoOffice", "generate_demo"]

# Above this many staff only a few accounts get passwords: argon2 costs ~50–90 ms a hash.
LARGE_OFFICE = 200
STAFF_WITH_PASSWORDS_IN_LARGE_OFFICE = 5
TRAINER = "trainer"
OFFICE = "office"
PEOPLE_PER_DEPARTMENT = 40
SMALL_DEPARTMENTS = 6


@dataclass
class DemoOffice:
    accounts: list[tuple[str, str, str, str]]  # username, name, roles, password
    staff: int
    records: int
    seconds: float


def generate_demo(
    store: Store, *, staff: int = 40, days: int = 90, seed: int = 1, today: date | None = None
) -> DemoOffice:
    """Fill an empty database with a demo office and `days` days of activity ending `today`.

    The office has departments (科室) with Chinese names, `staff` staff members with usernames
    `00001`…, a trainer (`trainer`) and the office's administrator (`office`, role `office` only,
    so the monthly report lists exactly the generated staff), a reading list of twelve books and
    reading, clippings, reflections, essays, finished books, research reports and suggestions,
    two training classes (one held last month with its attendance, one next week), the shipped
    question banks with a quiz taken by most of the first staff and a week of daily quizzes,
    with diligent, steady, lax and drifting people. Records have origin `demo`; none is dated after
    `today` (default: today in the office's time zone), and today's none later than now.

    Accounts that can sign in get a generated password with no forced change, returned in
    `accounts`. In a large office (more than 200 staff) only the trainer, the office account and
    the first five staff get one — the others have no password and cannot sign in until the
    office resets it — because hashing ten thousand passwords would take many minutes.

    Raises ValueError on a database that already has people: a demo never mixes with real data.
    """
    started = time.perf_counter()
    if staff < 1 or days < 1:
        raise ValueError("a demo office needs at least one staff member and one day")
    repo = DemoRepo(store.db)
    _refuse_if_people(repo)
    settings = load_settings()
    today = today or today_in(settings.timezone)
    rng = np.random.default_rng(seed)
    strings = Strings()

    departments, roster = _roster(rng, staff)
    start = today - timedelta(days=days - 1)
    records = activity(rng, strings, staff, start, today, office_calendar(store))
    records = drop_later_today(records, start, today, settings.timezone)
    accounts, people = _accounts(roster, start, staff)

    def work(cur: Cursor) -> int:
        _refuse_if_people(repo, cur)
        dept = repo.load_departments(
            cur, pd.DataFrame({"name": departments, "sort_order": range(1, len(departments) + 1)})
        )
        dept_ids = dict(zip(dept["name"], dept["id"], strict=True))
        rows = people.assign(department_id=[dept_ids[departments[i]] for i in people["dept"]])
        ids = repo.load_people(cur, rows).set_index("username")["id"]
        person_ids = ids.reindex(roster["username"]).to_numpy(np.int64)
        books = pd.DataFrame(txt.BOOKS, columns=["title", "author", "pages"])
        book_ids = repo.load_books(cur, books)["id"].to_numpy(np.int64)
        frame = records_frame(records, strings, person_ids, book_ids, start)
        loaded = store.records.bulk_load(cur, frame)
        store.writing.add_missing_details(cur)
        return loaded

    count = int(store.transaction(work))
    add_demo_classes(store, office_calendar(store), rng, today)
    add_demo_quizzes(store, random.Random(seed), today)
    add_demo_competition(store, today, start)
    return DemoOffice(accounts, staff, count, time.perf_counter() - started)


def _refuse_if_people(repo: DemoRepo, cur: Cursor | None = None) -> None:
    if repo.people_count(cur):
        raise ValueError(
            "this database already has people; a demo office is generated only into an empty "
            "database (use a new --db file)"
        )


# -- people ----------------------------------------------------------------------------------
def _department_names(staff: int) -> list[str]:
    if staff <= LARGE_OFFICE:
        return list(txt.SECTIONS[:SMALL_DEPARTMENTS])
    # The organisation department's own sections first, then the units it looks after.
    names = [f"{txt.UNITS[0]}{s}" for s in txt.SECTIONS]
    names += [f"{u}{s}" for u in txt.UNITS[1:] for s in txt.UNIT_SECTIONS]
    return names[: max(len(txt.SECTIONS), math.ceil(staff / PEOPLE_PER_DEPARTMENT))]


def _names(rng: np.random.Generator, count: int) -> list[str]:
    surnames = [s for s, _ in txt.SURNAMES]
    weights = np.array([w for _, w in txt.SURNAMES], dtype=float)
    family = rng.choice(len(surnames), size=count, p=weights / weights.sum())
    given = rng.integers(0, len(txt.GIVEN_NAMES), size=count)
    return [surnames[f] + txt.GIVEN_NAMES[g] for f, g in zip(family, given, strict=True)]


def _roster(rng: np.random.Generator, staff: int) -> tuple[list[str], pd.DataFrame]:
    """Department names and the people: staff, then the trainer and the office account."""
    departments = _department_names(staff)
    # The office's own section (办公室, first) is small, as it is in real offices.
    weights = np.ones(len(departments))
    weights[0] = 0.5
    dept = np.sort(rng.choice(len(departments), size=staff, p=weights / weights.sum()))
    width = max(5, len(str(staff)))
    names = _names(rng, staff + 2)
    cadre = next(i for i, d in enumerate(departments) if d.endswith("干部科"))
    roster = pd.DataFrame(
        {
            "username": [f"{i:0{width}d}" for i in range(1, staff + 1)] + [TRAINER, OFFICE],
            "name": names,
            "dept": np.concatenate([dept, [cadre, 0]]),
            "roles": ["staff"] * staff + ["trainer", "office"],
        }
    )
    return departments, roster


def _accounts(
    roster: pd.DataFrame, start: date, staff: int
) -> tuple[list[tuple[str, str, str, str]], pd.DataFrame]:
    signs_in = np.ones(len(roster), dtype=bool)
    if staff > LARGE_OFFICE:
        signs_in[STAFF_WITH_PASSWORDS_IN_LARGE_OFFICE:staff] = False
    accounts = []
    hashes: list[str | None] = [None] * len(roster)
    # Trainer and office first: they are what someone exploring the demo looks for.
    order = [staff, staff + 1, *range(staff)]
    for i in order:
        if signs_in[i]:
            password = generate_password()
            hashes[i] = hash_password(password)
            row = roster.iloc[i]
            accounts.append((str(row["username"]), str(row["name"]), str(row["roles"]), password))
    people = roster.assign(
        password_hash=pd.Series(hashes, dtype=object),
        must_change_password=False,
        created_at=datetime.combine(start - timedelta(days=30), datetime.min.time()),
    )
    return accounts, people
