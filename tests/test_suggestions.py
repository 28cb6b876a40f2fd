"""Suggestions: triage with replies, the month's best, counts per person and section."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import TODAY, Office

from learnhub import suggestions, writing
from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import month_of

NOW = datetime(2026, 3, 18, 21, 0)
OFFICE = frozenset({"office", "staff"})
TEXT = "建议把各科室的学习台账统一为一个模板，按月汇总，减少重复填报，也便于办公室检查。" * 2


def proposed(office: Office, person: int, category: str = "office") -> int:
    piece = writing.save_draft(office.store, person, "suggestion", text=TEXT, title="统一学习台账",
                               suggestion_category=category, today=TODAY, now=NOW)  # fmt: skip
    writing.submit(office.store, person, piece, today=TODAY, now=NOW)
    return piece


def move(office: Office, piece: int, state: str, reply: str = "") -> None:
    suggestions.move(office.store, piece, state, reply=reply, actor_id=office.office_id,
                     actor_roles=OFFICE, now=NOW)  # fmt: skip


def test_a_suggestion_moves_through_its_states_with_replies(office: Office) -> None:
    piece = proposed(office, office.staff_id)
    with pytest.raises(ValidationError) as skipped:
        move(office, piece, "implemented")
    assert skipped.value.key == "suggestions.move_invalid"
    move(office, piece, "under_study")
    with pytest.raises(ValidationError) as silent:
        move(office, piece, "adopted")
    assert silent.value.key == "suggestions.reply_needed"
    move(office, piece, "adopted", "很好，下月起试行")
    move(office, piece, "implemented", "已在全局推行")
    history = office.store.suggestions.history(piece)
    assert list(history["state"]) == ["under_study", "adopted", "implemented"]
    assert list(history["reply"])[-1] == "已在全局推行"
    with pytest.raises(NotAllowed):
        suggestions.move(office.store, piece, "declined", reply="不行", actor_id=office.trainer_id,
                         actor_roles=frozenset({"trainer"}), now=NOW)  # fmt: skip


def test_the_months_best_and_the_counts(office: Office) -> None:
    mine = proposed(office, office.staff_id)
    theirs = proposed(office, office.other_staff_id, "business")
    proposed(office, office.staff_id, "business")
    move(office, theirs, "declined", "已有类似制度")
    month = month_of(TODAY)
    with pytest.raises(ValidationError) as declined:
        suggestions.choose_best(office.store, month, theirs, actor_id=office.office_id,
                                actor_roles=OFFICE, now=NOW)  # fmt: skip
    assert declined.value.key == "suggestions.best_declined"
    suggestions.choose_best(office.store, month, mine, note="切实可行", actor_id=office.office_id,
                            actor_roles=OFFICE, now=NOW)  # fmt: skip
    assert office.store.suggestions.best(month.start) == mine
    move(office, mine, "adopted", "采纳")
    person, department = suggestions.counts(office.store, month.start, month.end)
    by_name = person.set_index("name")
    assert by_name.loc["张三", ["made", "adopted"]].tolist() == [2, 1]
    assert by_name.loc["李四", ["made", "adopted"]].tolist() == [1, 0]
    sections = department.set_index("department")
    assert sections.loc["综合科", "made_per_head"] == 2.0
