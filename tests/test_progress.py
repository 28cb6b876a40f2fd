"""A person's own progress: streak, today's card with what is still due, quotas."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import TODAY, Office

from learnhub import reading
from learnhub.calendar import WorkCalendar
from learnhub.periods import iter_days
from learnhub.progress import progress, streak, today_card
from learnhub.settings import Settings

CAL = WorkCalendar()
ALL_DUE = (
    "checkin.due_reading",
    "checkin.due_clipping",
    "checkin.due_reflection",
    "checkin.due_essay",
    "checkin.due_book",
)


def every_working_day(first: date, last: date, minutes: int = 30) -> dict[date, int]:
    return {d: minutes for d in iter_days(first, last) if CAL.is_working_day(d)}


# -- streak --------------------------------------------------------------------------------


def test_streak_spans_a_weekend() -> None:
    # Working days Wed 11 – Wed 18 March 2026: 11, 12, 13, 16, 17, 18 = 6; the weekend in
    # between neither breaks nor extends it. Tuesday 10th was missed.
    minutes = every_working_day(date(2026, 3, 11), TODAY)
    assert streak(minutes, CAL, 30, TODAY) == 6


def test_today_not_yet_met_does_not_break_the_streak() -> None:
    minutes = every_working_day(date(2026, 3, 11), TODAY - timedelta(days=1))
    assert streak(minutes, CAL, 30, TODAY) == 5  # 11, 12, 13, 16, 17
    minutes[TODAY] = 20  # read a little today, not enough yet
    assert streak(minutes, CAL, 30, TODAY) == 5


def test_a_missed_working_day_breaks_the_streak() -> None:
    minutes = every_working_day(date(2026, 3, 2), TODAY)
    minutes[date(2026, 3, 16)] = 29  # Monday one minute short
    assert streak(minutes, CAL, 30, TODAY) == 2  # only 17 and 18 March


def test_streak_across_the_national_day_holiday_and_make_up_days() -> None:
    # Working days from Mon 21 Sep to Fri 9 Oct 2026: 21–24 Sep (Fri 25 is Mid-Autumn),
    # 28–30 Sep, (1–7 Oct off), 8–9 Oct = 4 + 3 + 2 = 9.
    today = date(2026, 10, 9)
    minutes = every_working_day(date(2026, 9, 21), today)
    assert len(minutes) == 9
    assert streak(minutes, CAL, 30, today) == 9
    # Sunday 20 September is a make-up working day: not reading on it ended the streak there.
    minutes[date(2026, 9, 20)] = 30  # …now it was read
    minutes[date(2026, 9, 18)] = 30  # Friday before it too; Thursday 17th was not
    assert streak(minutes, CAL, 30, today) == 11
    # Reading on the holidays does not add anything.
    for day in iter_days(date(2026, 10, 1), date(2026, 10, 7)):
        minutes[day] = 60
    assert streak(minutes, CAL, 30, today) == 11


def test_streak_on_a_day_off_counts_the_days_before() -> None:
    # Saturday 21 March: the streak of the week before still shows.
    minutes = every_working_day(date(2026, 3, 16), date(2026, 3, 20))
    assert streak(minutes, CAL, 30, date(2026, 3, 21)) == 5


def test_no_reading_no_streak() -> None:
    assert streak({}, CAL, 30, TODAY) == 0


def test_office_overrides_apply_to_the_streak() -> None:
    # The office closes on Monday 16 March: missing it no longer breaks the streak.
    minutes = every_working_day(date(2026, 3, 11), TODAY)
    del minutes[date(2026, 3, 16)]
    assert streak(minutes, CAL, 30, TODAY) == 2
    closed = WorkCalendar({date(2026, 3, 16): False})
    assert streak(minutes, closed, 30, TODAY) == 5  # 11, 12, 13, 17, 18


# -- today's card --------------------------------------------------------------------------


def _record(office: Office, day: date, kind: str, status: str = "submitted") -> None:
    store = office.store
    store.transaction(
        lambda cur: store.records.insert(
            cur, office.staff_id, day, {"kind": kind, "status": status, "title": "题", "text": "…"}
        )
    )


def test_everything_is_due_on_an_empty_day(office: Office) -> None:
    card = today_card(office.store, office.staff_id, TODAY)
    assert card.due == ALL_DUE
    assert (card.minutes, card.clippings, card.goal_minutes) == (0, 0, 30)
    assert not card.goal_met
    assert card.is_working_day and card.calendar_covered


def test_due_list_shrinks_as_work_is_done(office: Office, settings: Settings) -> None:
    store, me = office.store, office.staff_id

    def due() -> tuple[str, ...]:
        return today_card(store, me, TODAY).due

    def log(minutes: int) -> None:
        reading.log_reading(
            store,
            settings,
            me,
            reading.ReadingInput(day=TODAY, minutes=minutes, title="书"),
            today=TODAY,
        )

    log(20)
    assert "checkin.due_reading" in due()  # 20 of 30 minutes
    log(10)
    card = today_card(store, me, TODAY)
    assert card.minutes == 30 and card.goal_met
    assert "checkin.due_reading" not in card.due

    reading.log_clipping(store, settings, me, TODAY, "摘抄", "人民日报", today=TODAY)
    assert "checkin.due_clipping" not in due()

    # A reflection last week (Fri 13 March) does not cover this week (16–22 March) …
    _record(office, date(2026, 3, 13), "reflection")
    assert "checkin.due_reflection" in due()
    # … nor does a returned one this week; a submitted one on Monday 16th does.
    _record(office, date(2026, 3, 17), "reflection", status="returned")
    assert "checkin.due_reflection" in due()
    _record(office, date(2026, 3, 16), "reflection")
    assert "checkin.due_reflection" not in due()

    # An essay on the 10th belongs to the first 旬; the 18th is in the second (11–20).
    _record(office, date(2026, 3, 10), "essay")
    assert "checkin.due_essay" in due()
    _record(office, date(2026, 3, 11), "essay")
    assert "checkin.due_essay" not in due()

    # A book finished in February does not count for March.
    _record(office, date(2026, 2, 27), "book_finished")
    assert due() == ("checkin.due_book",)
    reading.mark_book_finished(
        store, settings, me, TODAY, book_id=office.book_id, review="收获很大", today=TODAY
    )
    assert due() == ()


def test_other_peoples_work_is_not_mine(office: Office, settings: Settings) -> None:
    reading.log_reading(
        office.store,
        settings,
        office.other_staff_id,
        reading.ReadingInput(day=TODAY, minutes=60, title="书"),
        today=TODAY,
    )
    assert today_card(office.store, office.staff_id, TODAY).due == ALL_DUE


def test_card_on_a_holiday_and_in_an_uncovered_year(office: Office) -> None:
    national_day = today_card(office.store, office.staff_id, date(2026, 10, 2))
    assert not national_day.is_working_day and national_day.calendar_covered
    next_year = today_card(office.store, office.staff_id, date(2027, 3, 3))
    assert next_year.is_working_day and not next_year.calendar_covered


# -- the progress page's numbers -----------------------------------------------------------


def test_progress_streak_and_quotas(office: Office, settings: Settings) -> None:
    store, me = office.store, office.staff_id
    for back in range(3):  # Monday 16 – Wednesday 18 March
        day = TODAY - timedelta(days=back)
        reading.log_reading(
            store, settings, me, reading.ReadingInput(day=day, minutes=30, title="书"), today=day
        )
    mine = progress(store, me, TODAY)
    assert mine.streak == 3
    quotas = mine.quotas.set_index("metric")
    assert quotas.loc["reading_days", "done"] == 3
    # March so far: 12 ended working days (2–17) plus today, which is met → 3/13.
    assert quotas.loc["reading_days", "rate"] == pytest.approx(3 / 13, abs=1e-4)
    assert quotas.loc["reading_days", "of"] == 22
    assert quotas.loc["reflection_weeks", "of"] == 4
    # 12 working days have ended and today is met, so 13 days count so far.
    assert quotas.loc["reading_days", "so_far"] == 13
    # Score with the undefined book rate left out:
    # 100 × 0.2 × (3/13 + 0/12 + 0/2 + 0/1) / 0.8 = 25 × 3/13 = 5.77 → 5.8
    assert mine.score == 5.8
    assert mine.daily["reading_minutes"].sum() == 90
