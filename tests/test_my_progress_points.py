"""我的学习, the competition's side, on a clock of Friday 10 April 2026: the month's points ledger
in words with its total (a capped day says so), the quota grid under the scheme in force with a
symbol per period, last month's milestone, and a scheme without points rules said plainly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from conftest import Office
from pages_support import open_page, texts
from test_leaderboards import books_only_from
from test_scheme_versions import record

from learnhub import attendance, notice
from learnhub.exemptions import add_exemption
from learnhub.i18n import translate
from learnhub.schemes import DEFAULT_SCHEME_NAME, PointRule, Quota, default_scheme
from learnhub.store import Store

NOW = datetime(2026, 4, 10, 9, 0)
OFFICE = frozenset({"office", "staff"})
CLIPPING_POINTS = (PointRule("clipping", 1, 1, 3),)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pages read the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def clippings_and_books_from_april(store: Store) -> None:
    """Version 3 from April: a clipping every working day and a book a month; 1 point a
    clipping, at most 3 a day."""
    quotas = (
        Quota("clippings", "clipping", "day", 1, 0.5),
        Quota("books", "book", "month", 1, 0.5),
    )
    scheme = replace(default_scheme(), version=3, valid_from=date(2026, 4, 1), quotas=quotas,
                     points=CLIPPING_POINTS)  # fmt: skip
    assert store.schemes.insert_if_missing(DEFAULT_SCHEME_NAME, 3, date(2026, 4, 1),
                                           scheme.to_json())  # fmt: skip


@pytest.fixture
def april(app_office: Office) -> Office:
    store = app_office.store
    books_only_from(store, date(2026, 3, 1), CLIPPING_POINTS)  # March: one book, nothing else
    clippings_and_books_from_april(store)
    record(store, app_office.staff_id, date(2026, 3, 20), "book_finished")  # March kept in full
    for _ in range(5):  # 5 clippings on 8 April: 3 points, the cap
        record(store, app_office.staff_id, date(2026, 4, 8), "clipping")
    for _ in range(2):
        record(store, app_office.staff_id, date(2026, 4, 9), "clipping")
    # Exempt 1–3 April (a trip); 4–6 April is the Qingming holiday; 7 April nothing.
    add_exemption(store, app_office.staff_id, date(2026, 4, 1), date(2026, 4, 3), "出差",
                  actor_id=app_office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    return app_office


def column(at, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    key = translate(f"progress_points.{name}")
    frame = next(d.value for d in at.dataframe if key in d.value.columns)
    return [str(v) for v in frame[key]]


def test_the_ledger_lines_and_total_with_a_capped_day(april: Office) -> None:
    at = open_page("my_progress", april.store, april.staff_id)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("progress_points.points_total")] == "5 分"
    assert column(at, "col_line") == [
        "4月9日 摘抄 2 条：+2 分（每条 1 分，每日上限 3 分）",
        "4月8日 摘抄 5 条：+3 分（每条 1 分，每日上限 3 分，已达上限）",
    ]


def test_the_quota_grid_has_a_symbol_per_period(april: Office) -> None:
    at = open_page("my_progress", april.store, april.staff_id)
    assert not at.exception, at.exception
    assert column(at, "col_quota") == ["每个工作日摘抄 1 条", "每月读完一本书 1 本"]
    # Working days 1–3 (exempt), 7 (missed), 8 and 9 (met), 10 (today) and on: running.
    days, book = column(at, "col_periods")
    assert days.startswith("免 免 免 ✗ ✓ ✓ … ") and set(days.split()[6:]) == {"…"}
    assert len(days.split()) == 21  # April 2026: 22 weekdays, Monday 6 April off (Qingming)
    assert book == "…"
    assert column(at, "col_met") == ["2 / 3", "0 / 0"]
    # Score so far: clippings 2 of 3 counted, the book not yet counted → 66.7.
    assert translate("progress_points.grid_scheme", version=3, score="66.7") in texts(at, "caption")


def test_last_months_milestone_is_celebrated(april: Office) -> None:
    at = open_page("my_progress", april.store, april.staff_id)
    assert not at.exception, at.exception
    march = translate("publication_page.month_label", year=2026, month=3)
    assert texts(at, "success") == [translate("progress_points.milestone.full_month", month=march)]
    # 李四 finished nothing in March: no milestone, said kindly.
    other = open_page("my_progress", april.store, april.other_staff_id)
    assert not other.get("success")
    assert translate("progress_points.milestone.none") in texts(other, "caption")


def test_a_scheme_without_points_rules_says_so(app_office: Office) -> None:
    record(app_office.store, app_office.staff_id, date(2026, 4, 8), "clipping")
    at = open_page("my_progress", app_office.store, app_office.staff_id)
    assert not at.exception, at.exception
    assert translate("progress_points.no_rules") in texts(at, "info")
    assert translate("progress_points.points_total") not in [m.label for m in at.metric]


def test_the_offices_remarks_on_me_are_shown_and_nobody_elses(app_office: Office) -> None:
    store, office = app_office.store, app_office.office_id
    when = datetime(2026, 4, 2, 9, 0)
    notice.set_remark(store, "2026-03", app_office.staff_id, "心得写得扎实。", office, when)
    notice.set_remark(store, "2026-03", app_office.other_staff_id, "请按时打卡。", office, when)
    at = open_page("my_progress", store, app_office.staff_id)
    assert not at.exception, at.exception
    shown = texts(at, "text")
    assert "心得写得扎实。" in shown and "请按时打卡。" not in shown
    assert translate("progress_points.remarks_title") in texts(at, "subheader")
