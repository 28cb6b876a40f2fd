"""Writing mutual-help groups: forming them by hand or mixing departments, who may read whose
drafts, comments before submission, and the group's progress."""

from __future__ import annotations

import random
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import TODAY, Office, add_person
from test_writing import REFLECTION

from learnhub import review, writing, writing_groups
from learnhub.errors import NotAllowed, ValidationError

NOW = datetime(2026, 3, 18, 21, 0)
OFFICE = frozenset({"office", "staff"})
STAFF = frozenset({"staff"})
FIRST, LAST = date(2026, 3, 1), date(2026, 3, 31)


def a_group(office: Office, *members: int) -> int:
    return writing_groups.create_group(
        office.store, "第一组", list(members), first_day=FIRST, last_day=LAST,
        actor_id=office.office_id, actor_roles=OFFICE,
    )  # fmt: skip


@pytest.fixture
def third(office: Office) -> int:
    return add_person(office.store, "00125", "王五", "业务科", "staff")


def test_groups_have_three_to_five_and_nobody_twice(office: Office, third: int) -> None:
    with pytest.raises(ValidationError) as small:
        a_group(office, office.staff_id, office.other_staff_id)
    assert small.value.key == "groups.size"
    with pytest.raises(NotAllowed):
        writing_groups.create_group(
            office.store, "组", [office.staff_id, office.other_staff_id, third],
            first_day=FIRST, last_day=LAST, actor_id=office.trainer_id,
            actor_roles=frozenset({"trainer"}),
        )  # fmt: skip
    a_group(office, office.staff_id, office.other_staff_id, third)
    with pytest.raises(ValidationError) as twice:
        a_group(office, office.staff_id, office.other_staff_id, office.office_id)
    assert twice.value.key == "groups.already_grouped"
    assert "张三" in twice.value.params["names"]


def test_dealing_mixes_departments() -> None:
    people = pd.DataFrame({"id": range(1, 13), "department_id": [1] * 4 + [2] * 4 + [3] * 4})
    tables = writing_groups.deal(people, 4, random.Random(3))
    assert sorted(len(t) for t in tables) == [4, 4, 4]
    section = dict(zip(people["id"], people["department_id"], strict=True))
    for table in tables:
        assert len({section[p] for p in table}) >= 2
    assert sorted(p for t in tables for p in t) == list(range(1, 13))


@pytest.mark.parametrize("count", [3, 4, 7, 11, 23])
def test_every_dealt_group_has_three_to_five(count: int) -> None:
    people = pd.DataFrame({"id": range(count), "department_id": [i % 3 for i in range(count)]})
    tables = writing_groups.deal(people, 4, random.Random(count))
    assert all(3 <= len(t) <= 5 for t in tables)
    assert sum(len(t) for t in tables) == count


def test_generating_groups_for_everyone_not_yet_grouped(office: Office, third: int) -> None:
    made = writing_groups.generate_groups(
        office.store, first_day=FIRST, last_day=LAST, actor_id=office.office_id,
        actor_roles=OFFICE, rng=random.Random(1),
    )  # fmt: skip
    # Four staff (张三, 李四, 王五 and the clerk who also studies): one group of four.
    assert len(made) == 1
    assert len(office.store.writing_groups.members(made[0])) == 4


def test_group_mates_read_and_comment_on_drafts_others_do_not(office: Office, third: int) -> None:
    outsider = add_person(office.store, "00126", "赵六", "综合科", "staff")
    a_group(office, office.staff_id, office.other_staff_id, third)
    draft = writing.save_draft(office.store, office.staff_id, "reflection", text=REFLECTION,
                               today=TODAY, now=NOW)  # fmt: skip
    assert writing_groups.may_read(office.store, office.other_staff_id, STAFF, draft)
    assert not writing_groups.may_read(office.store, outsider, STAFF, draft)
    assert writing_groups.may_read(office.store, office.trainer_id, frozenset({"trainer"}), draft)
    writing_groups.add_comment(office.store, draft, office.other_staff_id, STAFF,
                               "第二段可以举个本科室的例子", now=NOW)  # fmt: skip
    with pytest.raises(NotAllowed):
        writing_groups.add_comment(office.store, draft, outsider, STAFF, "路过", now=NOW)
    assert list(office.store.writing_groups.comments(draft)["author"]) == ["李四"]
    writing.submit(office.store, office.staff_id, draft, today=TODAY, now=NOW)
    with pytest.raises(ValidationError) as late:
        writing_groups.add_comment(office.store, draft, third, STAFF, "晚了", now=NOW)
    assert late.value.key == "groups.comment_drafts_only"


def test_featured_work_is_read_by_all(office: Office) -> None:
    draft = writing.save_draft(office.store, office.staff_id, "reflection", text=REFLECTION,
                               today=TODAY, now=NOW)  # fmt: skip
    writing.submit(office.store, office.staff_id, draft, today=TODAY, now=NOW)
    assert not writing_groups.may_read(office.store, office.other_staff_id, STAFF, draft)
    review.review_piece(office.store, draft, scores={"content": 5, "depth": 5, "writing": 5},
                        decision="pass", feedback="", actor_id=office.office_id,
                        actor_roles=OFFICE, now=NOW)  # fmt: skip
    review.feature(office.store, draft, actor_id=office.office_id, actor_roles=OFFICE, now=NOW)
    assert writing_groups.may_read(office.store, office.other_staff_id, STAFF, draft)


def test_the_groups_progress(office: Office, third: int) -> None:
    group = a_group(office, office.staff_id, office.other_staff_id, third)
    draft = writing.save_draft(office.store, office.staff_id, "reflection", text=REFLECTION,
                               today=TODAY, now=NOW)  # fmt: skip
    writing_groups.add_comment(office.store, draft, third, STAFF, "写得实在", now=NOW)
    writing.submit(office.store, office.staff_id, draft, today=TODAY, now=NOW)
    progress = office.store.writing_groups.progress(group, FIRST, LAST).set_index("name")
    assert progress.loc["张三", ["pieces", "submitted", "comments"]].tolist() == [1, 1, 0]
    assert progress.loc["王五", ["pieces", "submitted", "comments"]].tolist() == [0, 0, 1]
