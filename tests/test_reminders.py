"""Reminders on a hand-built week (Mon 2026-03-16 … Sun 03-22, week 2026-W12): a staff member
without the week's reflection gets exactly one message, from Friday (two days before Sunday) and
not before, never twice; one who wrote it gets none. The office's digest lists a piece waiting
eight days and the people with nothing recorded. Messages for many people go in once, in one
statement."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from conftest import Office
from test_writing import REFLECTION

from learnhub import reminders, writing
from learnhub.errors import ValidationError
from learnhub.i18n import translate
from learnhub.periods import week_of
from learnhub.store.reminders import RemindersRepo

WEEK_KEY = "reflection_weeks:" + week_of(date(2026, 3, 18)).label
WEDNESDAY = date(2026, 3, 18)


def at_eight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=8)


def reflect(office: Office, person: int, day: date = WEDNESDAY) -> int:
    now = at_eight(day) + timedelta(hours=2)
    piece = writing.save_draft(
        office.store, person, "reflection", today=day, now=now, text=REFLECTION
    )
    assert writing.submit(office.store, person, piece, today=day, now=now)
    return piece


def repo(office: Office) -> RemindersRepo:
    return office.store.reminders


def week_messages(office: Office, person: int) -> pd.DataFrame:
    found = repo(office).messages(person)
    return found[found["key"] == WEEK_KEY]


def test_a_missing_reflection_is_reminded_once_from_friday(office: Office) -> None:
    reflect(office, office.staff_id)
    for day in (date(2026, 3, 16), WEDNESDAY, date(2026, 3, 19)):  # Mon, Wed, Thu: too early
        reminders.run_reminders(office.store, day, at_eight(day))
        assert week_messages(office, office.other_staff_id).empty, day
    friday = date(2026, 3, 20)
    first = reminders.run_reminders(office.store, friday, at_eight(friday))
    assert first["due"] >= 2  # 李四 and 赵主任 (office and staff); the 旬's essay too
    mine = week_messages(office, office.other_staff_id)
    assert list(mine["title"]) == ["本周心得还没有完成，周日截止"]
    assert list(mine["due"].astype(str)) == ["2026-03-22"]
    assert len(week_messages(office, office.office_id)) == 1
    assert week_messages(office, office.staff_id).empty  # met: nothing
    assert week_messages(office, office.trainer_id).empty  # not staff
    # Friday again and Saturday: nothing new for the week.
    again = reminders.run_reminders(office.store, friday, at_eight(friday) + timedelta(hours=3))
    assert again["due"] == 0
    saturday = date(2026, 3, 21)
    reminders.run_reminders(office.store, saturday, at_eight(saturday))
    assert len(week_messages(office, office.other_staff_id)) == 1


def test_each_reader_gets_the_message_in_their_own_language(office: Office) -> None:
    store = office.store
    store.people.set_language(office.other_staff_id, "en")  # 李四 reads LearnHub in English
    store.people.set_language(office.office_id, "en")
    friday = date(2026, 3, 20)
    reminders.run_reminders(store, friday, at_eight(friday))
    assert list(week_messages(office, office.other_staff_id)["title"]) == [
        translate("reminders.due_title", "en", this=translate("reminders.this.week", "en"),
                  activity=translate("reminders.activity.reflection", "en"),
                  due=translate("reminders.weekday.w6", "en"))
    ]  # fmt: skip
    assert list(week_messages(office, office.staff_id)["title"]) == ["本周心得还没有完成，周日截止"]
    # The office's digest too; the robot still gets it in the office's language.
    digest = store.reminders.messages(office.office_id)
    digest = digest[digest["kind"] == "digest"]
    assert digest["title"].iloc[0].isascii()


def test_the_lead_days_are_the_offices(office: Office) -> None:
    reminders.set_lead_days(office.store, 3, 5)
    assert reminders.lead_days(office.store) == reminders.Leads(3, 5)
    thursday = date(2026, 3, 19)
    keys = set(reminders.due_reminders(office.store, thursday)["key"])
    assert WEEK_KEY in keys
    assert not any(k.startswith("books:") for k in keys)  # March ends in 12 days
    assert (
        reminders.due_reminders(office.store, date(2026, 3, 26))["key"]
        .str.startswith("books:")
        .any()
    )


def test_the_office_digest_lists_a_piece_waiting_eight_days(office: Office) -> None:
    piece = reflect(office, office.staff_id)
    title = office.store.writing.piece(piece)["title"]  # type: ignore[index]
    later = WEDNESDAY + timedelta(days=8)
    digest = reminders.office_digest(office.store, later, at_eight(later) + timedelta(hours=3))
    assert list(digest.waiting["id"]) == [piece]
    # 张三 recorded something in the last ten working days; the others nothing.
    assert set(digest.idle["person_id"]) == {office.other_staff_id, office.office_id}
    six_days = WEDNESDAY + timedelta(days=6)
    assert reminders.office_digest(office.store, six_days, at_eight(six_days)).waiting.empty
    counts = reminders.run_reminders(office.store, later, at_eight(later) + timedelta(hours=3))
    assert counts["digest"] == 1  # the one office person
    inbox = repo(office).messages(office.office_id)
    digest_rows = inbox[inbox["key"] == f"digest:{later}"]
    assert len(digest_rows) == 1
    body = str(digest_rows["body"].iloc[0])
    assert "张三" in body and (title or "心得") in body and "1 篇" in body
    assert "李四" in body
    assert reminders.run_reminders(office.store, later, at_eight(later))["digest"] == 0
    assert repo(office).messages(office.staff_id)["key"].str.startswith("digest").sum() == 0


def test_who_counts_as_falling_behind_is_the_offices_rule(office: Office) -> None:
    reflect(office, office.staff_id)
    later = WEDNESDAY + timedelta(days=8)
    assert reminders.behind_rule(office.store) == reminders.Behind(60.0, 10)
    # 张三 wrote on Wednesday the 18th, six working days before: idle under a two-day rule.
    reminders.set_behind_rule(office.store, 0, 2)
    digest = reminders.office_digest(office.store, later, at_eight(later))
    assert digest.low_score.empty  # nobody scores under 0
    assert office.staff_id in set(digest.idle["person_id"])
    expected = translate("reminders.digest_behind", n=len(digest.behind), low=0, score="0",
                         quiet=len(digest.idle), idle=2)  # fmt: skip
    assert expected in digest.lines()
    for score, days in ((101, 5), (50, 0), (-1, 5)):
        with pytest.raises(ValidationError) as why:
            reminders.set_behind_rule(office.store, score, days)
        assert why.value.key == "reminders.behind_out_of_range"
    assert reminders.behind_rule(office.store) == reminders.Behind(0.0, 2)


def test_messages_for_many_people_go_in_once(office: Office) -> None:
    people = pd.DataFrame({"person_id": range(1, 3001)})
    frame = people.assign(key="k:1", kind="due", title="t", body="b", due=date(2026, 3, 22))
    twice = pd.concat([frame, frame.head(10)], ignore_index=True)
    now = at_eight(WEDNESDAY)
    assert repo(office).add_messages(twice, now) == {"due": 3000}
    assert repo(office).add_messages(frame, now) == {}
    more = pd.concat([frame, frame.assign(key="k:2")], ignore_index=True)
    assert repo(office).add_messages(more, now) == {"due": 3000}
    count = office.store.db.scalar("SELECT count(*) FROM inbox")
    assert count == 6000


def test_reading_messages(office: Office) -> None:
    r = repo(office)
    frame = pd.DataFrame(
        {
            "person_id": [office.staff_id] * 3,
            "key": ["a", "b", "c"],
            "kind": "due",
            "title": ["一", "二", "三"],
            "body": "",
            "due": None,
        }
    )
    for i in range(3):
        r.add_messages(frame.iloc[[i]], at_eight(WEDNESDAY) + timedelta(minutes=i))
    assert list(r.messages(office.staff_id)["title"]) == ["三", "二", "一"]
    assert r.unread_count(office.staff_id) == 3
    first = int(r.messages(office.staff_id)["id"].iloc[-1])
    assert r.mark_read(office.staff_id, at_eight(WEDNESDAY), [first]) == 1
    assert r.mark_read(office.other_staff_id, at_eight(WEDNESDAY)) == 0
    assert r.unread_count(office.staff_id) == 2
    assert r.mark_read(office.staff_id, at_eight(WEDNESDAY)) == 2
    assert r.unread_count(office.staff_id) == 0


def test_the_worker_runs_once_a_day_after_eight(office: Office, settings: object) -> None:
    from learnhub.ui import reminder_worker

    friday = date(2026, 3, 20)
    reminder_worker.tick(office.store, datetime(2026, 3, 20, 7, 59))
    assert reminder_worker.last_run(office.store) is None
    assert office.store.db.scalar("SELECT count(*) FROM inbox") == 0
    reminder_worker.tick(office.store, datetime(2026, 3, 20, 8, 0))
    assert reminder_worker.last_run(office.store) == friday
    made = office.store.db.scalar("SELECT count(*) FROM inbox")
    assert made > 0
    repo(office).mark_read(office.staff_id, at_eight(friday))
    office.store.db.execute("DELETE FROM inbox")
    reminder_worker.tick(office.store, datetime(2026, 3, 20, 9, 0))  # already ran today
    assert office.store.db.scalar("SELECT count(*) FROM inbox") == 0
    thread = reminder_worker.ensure_reminder_worker(office.store, settings)  # type: ignore[arg-type]
    try:
        assert reminder_worker.ensure_reminder_worker(office.store, settings) is thread  # type: ignore[arg-type]
        assert thread.daemon and thread.is_alive()
    finally:
        reminder_worker.stop_reminder_workers()
    assert not thread.is_alive()
