"""Many people checking in at once, and a Save button clicked twice."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from conftest import TODAY, Office, add_person

from learnhub import reading
from learnhub.settings import Settings
from learnhub.store import Store

THREADS = 8
PER_THREAD = 200


def run_threads(count: int, target: Callable[[int], None]) -> None:
    """Start `count` threads at the same moment; re-raise the first error any of them hit."""
    start = threading.Barrier(count, timeout=30)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            start.wait()
            target(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]


def entry(j: int) -> reading.ReadingInput:
    # One minute each, spread over the three editable days, so no day goes over 16 hours.
    return reading.ReadingInput(
        day=TODAY - timedelta(days=j % 3), minutes=1, title=f"第{j}篇", note=f"n{j}"
    )


def assert_each_key_stored_once(store: Store, keys: list[str], person_of: dict[str, int]) -> None:
    assert store.records.count() == len(keys)
    stored = store.db.rows(
        "SELECT s.key, count(*), min(r.person_id), min(r.title) FROM form_submissions s "
        "JOIN records r ON r.id = s.record_id GROUP BY s.key"
    )
    by_key = {key: (n, person, title) for key, n, person, title in stored}
    assert set(by_key) == set(keys)
    for key in keys:
        n, person, title = by_key[key]
        assert n == 1
        assert person == person_of[key]
        assert title == f"第{key.rsplit('-', 1)[1]}篇"
    # Every record is claimed by exactly one key.
    assert store.db.scalar("SELECT count(DISTINCT record_id) FROM form_submissions") == len(keys)


@pytest.mark.parametrize("shared", [False, True], ids=["own-person", "shared-persons"])
def test_1600_concurrent_check_ins_are_each_stored_once(
    office: Office, settings: Settings, shared: bool
) -> None:
    store = office.store
    if shared:
        # Eight threads take turns with three people, so several write for the same person.
        persons = [office.staff_id, office.other_staff_id, office.office_id]
        person_for = [persons[i % 3] for i in range(THREADS)]
    else:
        person_for = [
            add_person(store, f"c{i:03d}", f"并发{i}", "综合科", "staff") for i in range(THREADS)
        ]
    person_of = {f"t{i}-{j}": person_for[i] for i in range(THREADS) for j in range(PER_THREAD)}

    def work(i: int) -> None:
        for j in range(PER_THREAD):
            saved = reading.log_reading(
                store, settings, person_for[i], entry(j), submission_key=f"t{i}-{j}", today=TODAY
            )
            assert not saved.duplicate

    run_threads(THREADS, work)
    assert_each_key_stored_once(store, list(person_of), person_of)
    # Minutes add up per person: 200 one-minute entries per thread.
    totals = dict(store.db.rows("SELECT person_id, sum(minutes) FROM records GROUP BY 1"))
    for person in set(person_for):
        assert totals[person] == PER_THREAD * person_for.count(person)


def test_double_click_stores_one_record(office: Office, settings: Settings) -> None:
    item = reading.ReadingInput(day=TODAY, minutes=30, book_id=office.book_id)
    first = reading.log_reading(
        office.store, settings, office.staff_id, item, submission_key="form-1", today=TODAY
    )
    second = reading.log_reading(
        office.store, settings, office.staff_id, item, submission_key="form-1", today=TODAY
    )
    assert (first.duplicate, second.duplicate) == (False, True)
    assert second.record_id == first.record_id
    assert office.store.records.count() == 1
    # A new form (new key) with the same content is a genuine second entry.
    third = reading.log_reading(
        office.store, settings, office.staff_id, item, submission_key="form-2", today=TODAY
    )
    assert not third.duplicate and third.record_id != first.record_id
    assert office.store.records.count() == 2


@pytest.mark.parametrize("kind", ["reading", "clipping", "book"])
def test_double_click_from_two_threads_at_once_stores_one_record(
    office: Office, settings: Settings, kind: str
) -> None:
    store = office.store
    rounds = 10
    outcomes: dict[int, list[reading.Saved]] = {r: [] for r in range(rounds)}
    lock = threading.Lock()

    def save(key: str, r: int) -> reading.Saved:
        if kind == "reading":
            return reading.log_reading(
                store,
                settings,
                office.staff_id,
                reading.ReadingInput(day=TODAY, minutes=20, title=f"文章{r}"),
                submission_key=key,
                today=TODAY,
            )
        if kind == "clipping":
            return reading.log_clipping(
                store,
                settings,
                office.staff_id,
                TODAY,
                f"摘抄{r}",
                "人民日报",
                submission_key=key,
                today=TODAY,
            )
        return reading.mark_book_finished(
            store,
            settings,
            office.staff_id,
            TODAY,
            title=f"书{r}",
            review="很有收获",
            submission_key=key,
            today=TODAY,
        )

    for r in range(rounds):

        def click(_: int, r: int = r) -> None:
            saved = save(f"double-{kind}-{r}", r)
            with lock:
                outcomes[r].append(saved)

        run_threads(2, click)

    assert store.records.count() == rounds
    for r in range(rounds):
        a, b = outcomes[r]
        assert a.record_id == b.record_id
        assert sorted([a.duplicate, b.duplicate]) == [False, True]
    assert store.db.scalar("SELECT count(*) FROM form_submissions") == rounds


def test_double_click_after_an_error_can_be_saved(office: Office, settings: Settings) -> None:
    """A refused form stores no key: fixing the input and saving again with it works."""
    store = office.store
    with pytest.raises(reading.ValidationError):
        reading.log_reading(
            store,
            settings,
            office.staff_id,
            reading.ReadingInput(day=TODAY, minutes=0, title="书"),
            submission_key="form-x",
            today=TODAY,
        )
    saved = reading.log_reading(
        store,
        settings,
        office.staff_id,
        reading.ReadingInput(day=TODAY, minutes=15, title="书"),
        submission_key="form-x",
        today=TODAY,
    )
    assert not saved.duplicate
    assert store.records.count() == 1
    assert date.fromisoformat(str(store.records.get(saved.record_id)["day"])[:10]) == TODAY
