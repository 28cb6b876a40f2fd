"""The demo office: who is in it, what they did, and that it stays out of real databases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from argon2 import PasswordHasher
from conftest import TODAY

from learnhub import auth, points, publications
from learnhub.auth import sign_in, utcnow
from learnhub.demo import DemoOffice, generate_demo
from learnhub.demo_text import BOOKS, SECTIONS
from learnhub.office import initialise
from learnhub.periods import month_of
from learnhub.reports import monthly_report
from learnhub.schemes import scheme_on
from learnhub.settings import Settings
from learnhub.store import Store

STAFF = 12
KINDS = {"reading", "clipping", "reflection", "essay", "book_finished", "research_report",
         "suggestion"}  # fmt: skip


@dataclass
class Demo:
    store: Store
    settings: Settings
    office: DemoOffice


def make_demo(path: Path, seed: int = 7, staff: int = STAFF, days: int = 30) -> Demo:
    settings = Settings(db=str(path))
    store = initialise(settings.db)
    return Demo(
        store, settings, generate_demo(store, staff=staff, days=days, seed=seed, today=TODAY)
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    # Module-scoped, so set up before conftest's per-test quick hasher: bring our own.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        made = make_demo(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    yield made
    made.store.db.close()


def content(store: Store) -> pd.DataFrame:
    return store.db.frame(
        """SELECT p.username, p.name, r.day, r.kind, r.title, b.title AS book, r.minutes,
                  r.page_from, r.page_to, r.text, r.source
           FROM records r JOIN people p ON p.id = r.person_id LEFT JOIN books b ON b.id = r.book_id
           ORDER BY ALL"""
    )


def test_sections_and_roles(demo: Demo) -> None:
    departments = demo.store.people.departments()
    assert list(departments["name"]) == list(SECTIONS[:6])
    people = demo.store.people.people()
    assert people["department"].notna().all()
    assert list(demo.store.people.people(role="trainer")["username"]) == ["trainer"]
    assert list(demo.store.people.people(role="office")["username"]) == ["office"]
    staff = demo.store.people.people(role="staff")
    assert sorted(staff["username"]) == [f"{i:05d}" for i in range(1, STAFF + 1)]
    assert staff["name"].str.fullmatch(r"[\u4e00-\u9fff]{2,4}").all()
    assert demo.office.staff == STAFF


def test_every_account_signs_in_without_a_forced_change(demo: Demo) -> None:
    accounts = demo.office.accounts
    assert {a[0] for a in accounts} == {"trainer", "office"} | {f"{i:05d}" for i in range(1, 13)}
    for username, _name, _roles, password in accounts:
        assert sign_in(demo.store, demo.settings, username, password).ok, username
        assert not demo.store.people.person_by_username(username)["must_change_password"]  # type: ignore[index]


def test_activity_is_believable_and_never_in_the_future(demo: Demo) -> None:
    records = demo.store.db.frame("SELECT * FROM records")
    assert len(records) == demo.office.records > STAFF * 30
    assert set(records["kind"]) <= KINDS
    assert {"reading", "clipping", "reflection", "essay", "book_finished"} <= set(records["kind"])
    assert (records["origin"] == "demo").all()
    days = pd.to_datetime(records["day"]).dt.date
    assert days.max() <= TODAY
    assert days.min() >= TODAY - pd.Timedelta(days=29)
    assert (records["created_at"] <= utcnow()).all()
    reading = records[records["kind"] == "reading"]
    assert reading["minutes"].between(15, 90).all()
    on_book = reading[reading["book_id"].notna()]
    pages = dict(
        zip(demo.store.books.books()["id"], demo.store.books.books()["pages"], strict=True)
    )
    assert (on_book["page_from"] >= 1).all()
    assert (on_book["page_to"] >= on_book["page_from"]).all()
    assert (on_book["page_to"] <= on_book["book_id"].map(pages)).all()
    # Nothing the check-in form would flag as implausibly fast.
    assert (on_book["pages"] <= 3 * on_book["minutes"]).all()
    assert len(pages) == len(BOOKS)


def test_monthly_report_lists_every_staff_member(demo: Demo) -> None:
    report = monthly_report(demo.store, "2026-03", today=TODAY)
    assert sorted(report["username"]) == [f"{i:05d}" for i in range(1, STAFF + 1)]
    assert report["reading_days"].sum() > 0
    assert report["score"].notna().all()


def test_same_seed_same_office(demo: Demo, tmp_path: Path) -> None:
    again = make_demo(tmp_path / "again.duckdb")
    try:
        pd.testing.assert_frame_equal(content(again.store), content(demo.store))
        assert [a[:3] for a in again.office.accounts] == [a[:3] for a in demo.office.accounts]
    finally:
        again.store.db.close()


def test_a_database_with_people_is_refused(demo: Demo) -> None:
    before = demo.store.records.count()
    with pytest.raises(ValueError, match="already has people"):
        generate_demo(demo.store, staff=3, days=3, today=TODAY)
    assert demo.store.records.count() == before


def test_large_office_gives_only_a_few_passwords(tmp_path: Path) -> None:
    large = make_demo(tmp_path / "large.duckdb", staff=201, days=3)
    try:
        usernames = [a[0] for a in large.office.accounts]
        assert usernames == ["trainer", "office", "00001", "00002", "00003", "00004", "00005"]
        people = large.store.people.people(role="staff")
        assert len(people) == 201
        assert len(large.store.people.departments()) > 6
        assert not sign_in(large.store, large.settings, "00006", "anything").ok
    finally:
        large.store.db.close()


def test_the_demo_has_a_held_class_and_one_ahead(demo: Demo) -> None:
    from datetime import datetime, time

    from learnhub.training_figures import class_figures

    classes = demo.store.training.classes().set_index("title")
    assert set(classes.index) == {"年轻干部能力提升培训班", "公文写作与信息报送专题培训班"}
    held = int(classes.loc["年轻干部能力提升培训班", "id"])
    figures = class_figures(demo.store, held, datetime.combine(TODAY, time(9, 0)))
    assert figures.summary["participants"] == STAFF
    assert figures.summary["held"] == figures.summary["sessions"] == 6
    assert 0 < figures.summary["person_times"] < STAFF * 6
    assert figures.summary["over_limit"] >= 1, "someone shows the 1/7 warning"
    ahead = int(classes.loc["公文写作与信息报送专题培训班", "id"])
    requests = demo.store.training.leave_requests(ahead)
    assert list(requests["status"]) == ["pending"]


def test_the_demo_has_banks_a_taken_quiz_and_daily_answers(demo: Demo) -> None:
    from learnhub.quiz_results import quiz_results

    banks = demo.store.questions.banks().set_index("name")
    assert (
        banks.loc["政治理论题库", "questions"] == 15
        and banks.loc["业务知识题库", "questions"] == 15
    )
    assert sorted(demo.store.quizzes.daily_banks()) == sorted(banks["id"].astype(int))
    (quiz_id,) = demo.store.quizzes.quizzes()["id"].astype(int)
    results = quiz_results(demo.store, quiz_id)
    assert 0 < results.summary["took_part"] < STAFF, "most took it, some not yet"
    assert 0 < results.summary["pass_rate"] < 1
    daily = demo.store.db.scalar(
        "SELECT count(*) FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id "
        "WHERE q.kind = 'daily' AND a.for_record AND a.status = 'graded'"
    )
    assert daily > STAFF, "several days of daily quizzes"


def test_the_demos_writing_is_reviewable(demo: Demo) -> None:
    from learnhub.periods import month_of

    month = month_of(TODAY)
    queue = demo.store.reviews.queue(
        month.start, month.end, kinds=["reflection", "essay"], statuses=["submitted"]
    )
    assert len(queue) > STAFF, "the demo's reflections and essays wait for review"
    piece = demo.store.writing.piece(int(queue["id"].iloc[0]))
    assert piece is not None and piece["period_start"] <= piece["day"]


def test_the_demo_prices_this_month_and_has_published_last_month(demo: Demo) -> None:
    store = demo.store
    this_month = month_of(TODAY)
    assert scheme_on(store, this_month.start).points
    last_month = month_of(this_month.start - timedelta(days=1))
    assert not scheme_on(store, last_month.start).points
    staff = int(store.db.scalar("SELECT id FROM people WHERE username = '00001'"))
    assert points.ledger(store, staff, this_month.start, TODAY)["awarded"].sum() > 0
    published = publications.latest(store, last_month)
    assert published is not None and published.version == 1
    assert len(published.people) == STAFF
