"""Check-ins saved in batches by the group-committing writer: each one decided on its own."""

from __future__ import annotations

import threading
from datetime import date

from conftest import Office

from learnhub.store.group_commit import BatchWriter
from learnhub.store.record_batches import PendingRecord, save_records

DAY = date(2026, 3, 18)


def reading(person: int, minutes: int, key: str | None) -> PendingRecord:
    values = {"kind": "reading", "title": "人民日报评论", "minutes": minutes}
    return PendingRecord(person, DAY, values, key, day_limit=960)


def stored_minutes(office: Office, person: int) -> list[int]:
    rows = office.store.db.rows(
        "SELECT minutes FROM records WHERE person_id = ? ORDER BY id", [person]
    )
    return [int(r[0]) for r in rows]


def test_a_batch_decides_each_record_alone(office: Office) -> None:
    me, other = office.staff_id, office.other_staff_id
    batch = [
        reading(me, 200, "a"),
        reading(me, 200, "a"),  # the second click of a double click, in the same batch
        reading(other, 240, "b"),
        reading(other, 240, "c"),
        reading(other, 240, "d"),
        reading(other, 240, "e"),
        reading(other, 30, "f"),  # would make 990 minutes: refused, the others stand
        reading(me, 30, None),
    ]
    outcomes = office.store.transaction(lambda cur: save_records(cur, batch))
    assert outcomes[1].duplicate and outcomes[1].record_id == outcomes[0].record_id
    assert outcomes[6].record_id is None and outcomes[6].refused_total == 990
    assert all(o.record_id for i, o in enumerate(outcomes) if i != 6)
    assert stored_minutes(office, me) == [200, 30]
    assert stored_minutes(office, other) == [240, 240, 240, 240]
    keys = office.store.db.rows("SELECT key FROM form_submissions ORDER BY key")
    assert [k[0] for k in keys] == ["a", "b", "c", "d", "e"]


def test_a_key_already_stored_is_found_when_asked(office: Office) -> None:
    first = office.store.transaction(lambda cur: save_records(cur, [reading(1, 30, "k")]))
    again = PendingRecord(1, DAY, {"kind": "reading", "minutes": 30}, "k", 960, check_key=True)
    second = office.store.transaction(lambda cur: save_records(cur, [again, reading(1, 5, "m")]))
    assert second[0].duplicate and second[0].record_id == first[0].record_id
    assert stored_minutes(office, 1) == [30, 5]


def test_one_failing_item_does_not_take_its_batch_with_it(office: Office) -> None:
    """A batch that fails is rolled back and every item runs alone."""
    calls: list[list[int]] = []

    def handle(cur, items: list[int]) -> list[int]:  # type: ignore[no-untyped-def]
        calls.append(list(items))
        if 13 in items:
            raise ValueError("unlucky")
        cur.execute("INSERT INTO settings (key, value) SELECT 'n' || ?, 'x'", [items[0]])
        return [i * 2 for i in items]

    writer: BatchWriter[int, int] = BatchWriter(office.store.db, handle)
    results: dict[int, object] = {}
    start = threading.Barrier(4)

    def submit(item: int) -> None:
        start.wait()
        try:
            results[item] = writer.submit(item)
        except ValueError as exc:
            results[item] = exc

    threads = [threading.Thread(target=submit, args=(i,)) for i in (11, 12, 13, 14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.stop()
    assert isinstance(results[13], ValueError)
    assert {results[i] for i in (11, 12, 14)} == {22, 24, 28}
