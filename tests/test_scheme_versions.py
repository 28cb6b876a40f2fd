"""The office changes a scheme: new versions from a month on, never behind a month already over;
the preview of last month; campaigns beside the default scheme; exemptions."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from conftest import Office
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnhub import exemptions, scheme_versions
from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import parse_month
from learnhub.schemes import DEFAULT_SCHEME_NAME, Quota, default_scheme, scheme_on
from learnhub.standings import evaluate_span
from learnhub.store import Store

OFFICE = frozenset({"office", "staff"})
TODAY = date(2026, 4, 10)
NOW = datetime(2026, 4, 10, 9, 0)
FEBRUARY, MARCH, APRIL = (parse_month(m) for m in ("2026-02", "2026-03", "2026-04"))
BOOKS_ONLY = (Quota("books", "book", "month", 1, 1.0),)


def record(store: Store, person: int, day: date, kind: str, **values: object) -> None:
    values = {"kind": kind, "title": "书", "text": "好", **values}
    store.transaction(lambda cur: store.records.insert(cur, person, day, values))


def scores(store: Store, month=MARCH) -> dict[str, float]:  # type: ignore[no-untyped-def]
    table = evaluate_span(store, month, today=TODAY).table()
    return dict(zip(table["username"], table["score"].fillna(-1), strict=True))


def save(store: Store, valid_from: date, quotas=BOOKS_ONLY, reason: str = "只看读书") -> int:  # type: ignore[no-untyped-def]
    proposed = replace(default_scheme(), valid_from=valid_from, quotas=quotas)
    return scheme_versions.save_version(store, proposed, reason=reason, actor_roles=OFFICE,
                                        today=TODAY, now=NOW)  # fmt: skip


def test_a_new_version_applies_from_its_month_and_keeps_the_history(office: Office) -> None:
    store = office.store
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    record(store, office.staff_id, date(2026, 4, 2), "book_finished")
    before = scores(store)
    assert save(store, APRIL.start) == 2
    # March keeps version 1 (0.2 × the book rate = 20 for 张三); April is judged on books alone.
    assert scores(store) == before and before["00123"] == 20.0
    assert scheme_on(store, APRIL.start).quotas == BOOKS_ONLY
    assert scheme_on(store, MARCH.start).version == 1
    versions = scheme_versions.history(store, DEFAULT_SCHEME_NAME)
    assert [(v.version, v.valid_from, v.reason) for v in versions] == [
        (1, date(2000, 1, 1), ""),
        (2, APRIL.start, "只看读书"),
    ]


def test_past_months_cannot_be_rescored_and_bad_versions_are_refused(office: Office) -> None:
    store = office.store
    with pytest.raises(ValidationError) as why:
        save(store, MARCH.start)
    assert why.value.key == "scheme.valid_from_past"
    with pytest.raises(ValidationError) as why:
        save(store, APRIL.start, reason="  ")
    assert why.value.key == "scheme.reason_missing"
    # A definition that could not be scored is refused as it is built (the page builds it from
    # the office's table), with the reason.
    with pytest.raises(ValidationError) as why:
        save(store, APRIL.start, quotas=(Quota("books", "book", "month", 1, 0.5),))
    assert why.value.key == "scheme.weights_sum"
    with pytest.raises(ValidationError) as why:
        save(store, APRIL.start, quotas=(Quota("x", "reading", "day", -10, 1.0),))
    assert why.value.key == "scheme.target_range"
    assert why.value.message("zh") == "指标“x”的要求量要大于 0"
    with pytest.raises(NotAllowed):
        scheme_versions.save_version(store, default_scheme(), reason="x", today=TODAY, now=NOW,
                                     actor_roles=frozenset({"trainer"}))  # fmt: skip
    assert len(scheme_versions.history(store, DEFAULT_SCHEME_NAME)) == 1


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    target=st.sampled_from([1, 2, 5]),
    cadence=st.sampled_from(["day", "week", "dekad", "month", "quarter"]),
    activity=st.sampled_from(["clipping", "reading", "essay", "book"]),
    valid_from=st.sampled_from([APRIL.start, date(2026, 5, 1), date(2027, 1, 1)]),
)
def test_scores_of_past_months_never_change_when_a_version_is_added(
    office: Office, target: int, cadence: str, activity: str, valid_from: date
) -> None:
    store = office.store
    if not store.records.daily_totals(FEBRUARY.start, MARCH.end).shape[0]:
        for day in (2, 3, 9, 16, 23):
            record(store, office.staff_id, date(2026, 3, day), "clipping")
            record(store, office.other_staff_id, date(2026, 2, day), "reading", minutes=45)
        record(store, office.staff_id, date(2026, 3, 12), "essay")
    before = (scores(store, FEBRUARY), scores(store, MARCH))
    save(store, valid_from, quotas=(Quota("q", activity, cadence, target, 1.0),))
    assert (scores(store, FEBRUARY), scores(store, MARCH)) == before


def test_the_preview_shows_last_month_under_the_proposal_and_saves_nothing(office: Office) -> None:
    store = office.store
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    proposed = replace(default_scheme(), valid_from=APRIL.start, quotas=BOOKS_ONLY)
    result = scheme_versions.preview(store, proposed, today=TODAY)
    assert result.month == MARCH
    people = result.people.set_index("username")
    assert (people.loc["00123", "before"], people.loc["00123", "after"]) == (20.0, 100.0)
    assert people.loc["00123", "change"] == 80.0
    assert (people.loc["00124", "before"], people.loc["00124", "after"]) == (0.0, 0.0)
    assert result.summary["up"] == 1 and result.summary["same"] == 2
    departments = result.departments.set_index("department")
    assert departments.loc["综合科", "after"] == 100.0
    assert len(scheme_versions.history(store, DEFAULT_SCHEME_NAME)) == 1


def test_a_campaign_runs_beside_the_default_for_one_department(office: Office) -> None:
    store = office.store
    department = int(store.db.scalar("SELECT id FROM departments WHERE name = '业务科'"))
    campaign = replace(
        default_scheme(), name="reading-month", title_zh="业务科读书月", title_en="Reading month",
        valid_from=APRIL.start, quotas=(Quota("daily", "reading", "day", 20, 1.0),),
        departments=(department,),
    )  # fmt: skip
    scheme_versions.start_scheme(store, campaign, reason="四月读书月", actor_roles=OFFICE,
                                 today=TODAY, now=NOW)  # fmt: skip
    assert scheme_versions.scheme_names(store) == [DEFAULT_SCHEME_NAME, "reading-month"]
    judged = evaluate_span(store, APRIL, today=TODAY, scheme_name="reading-month")
    assert list(judged.people["username"]) == ["00124"]
    with pytest.raises(ValidationError) as why:
        scheme_versions.start_scheme(store, campaign, reason="再来", actor_roles=OFFICE,
                                     today=TODAY, now=NOW)  # fmt: skip
    assert why.value.key == "scheme.name_taken"
    with pytest.raises(ValidationError) as why:
        scheme_versions.start_scheme(store, replace(campaign, name="读书月"), reason="x",
                                     actor_roles=OFFICE, today=TODAY, now=NOW)  # fmt: skip
    assert why.value.key == "scheme.name_invalid"


def test_an_exemption_lifts_missed_periods_and_can_be_removed(office: Office) -> None:
    store = office.store
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    before = scores(store)["00123"]
    exemption = exemptions.add_exemption(
        store, office.staff_id, date(2026, 3, 1), date(2026, 3, 31), "借调市委办",
        actor_id=office.office_id, actor_roles=OFFICE, now=NOW,
    )  # fmt: skip
    # Every period but the book's (met) is exempt: the score is the book rate alone.
    assert before == 20.0 and scores(store)["00123"] == 100.0
    # The same days again (a double click) is the same exemption.
    again = exemptions.add_exemption(
        store, office.staff_id, date(2026, 3, 1), date(2026, 3, 31), "借调市委办",
        actor_id=office.office_id, actor_roles=OFFICE, now=NOW,
    )  # fmt: skip
    assert again == exemption
    exemptions.remove_exemption(store, exemption, actor_id=office.office_id, actor_roles=OFFICE,
                                now=NOW)  # fmt: skip
    assert scores(store)["00123"] == before
    with pytest.raises(ValidationError):
        exemptions.remove_exemption(store, exemption, actor_id=office.office_id,
                                    actor_roles=OFFICE, now=NOW)  # fmt: skip
    for first, last, reason, key in (
        (date(2026, 3, 5), date(2026, 3, 1), "病假", "exemption.days_reversed"),
        (date(2026, 3, 1), date(2026, 3, 5), " ", "exemption.reason_missing"),
        (date(2026, 1, 1), date(2027, 6, 1), "病假", "exemption.too_long"),
    ):
        with pytest.raises(ValidationError) as why:
            exemptions.add_exemption(store, office.staff_id, first, last, reason, now=NOW,
                                     actor_id=office.office_id, actor_roles=OFFICE)  # fmt: skip
        assert why.value.key == key
    with pytest.raises(NotAllowed):
        exemptions.add_exemption(store, office.staff_id, date(2026, 3, 1), date(2026, 3, 2), "x",
                                 actor_id=office.trainer_id, actor_roles=frozenset({"trainer"}),
                                 now=NOW)  # fmt: skip


def test_the_same_change_saved_twice_is_one_version(office: Office) -> None:
    store = office.store
    # A double click, or a colleague saving the same change on another computer.
    assert save(store, APRIL.start) == 2
    assert save(store, APRIL.start, reason="同样的修改") == 2
    assert len(scheme_versions.history(store, DEFAULT_SCHEME_NAME)) == 2
    # A different month, or different rules, is a new version.
    assert save(store, date(2026, 5, 1)) == 3
    weekly = (Quota("reflections", "reflection", "week", 1, 1.0),)
    assert save(store, date(2026, 5, 1), quotas=weekly) == 4
