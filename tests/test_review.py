"""Reviewing written work: the rubric, decisions and what the scheme counts, released feedback,
several reviewers of a research report and the month's ranking, featuring."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import TODAY, Office, add_person
from test_writing import REFLECTION, reflection_weeks

from learnhub import review, writing
from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import month_of

NOW = datetime(2026, 3, 18, 21, 0)
OFFICE = frozenset({"office", "staff"})
TRAINER = frozenset({"trainer"})
GOOD = {"content": 5, "depth": 4, "writing": 4}


def submitted(office: Office, person: int | None = None, kind: str = "reflection",
              **values: str) -> int:  # fmt: skip
    values = {"text": REFLECTION, **values}
    piece = writing.save_draft(
        office.store,
        person or office.staff_id,
        kind,
        today=TODAY,
        now=NOW,
        **values,  # type: ignore[arg-type]
    )
    assert writing.submit(office.store, person or office.staff_id, piece, today=TODAY, now=NOW)
    return piece


def test_a_passed_piece_counts_a_returned_one_does_not(office: Office) -> None:
    piece = submitted(office)
    assert reflection_weeks(office) == 1
    review.start_review(office.store, piece, actor_id=office.trainer_id, actor_roles=TRAINER)
    with pytest.raises(ValidationError):
        writing.withdraw(office.store, office.staff_id, piece, now=NOW)
    with pytest.raises(ValidationError) as why:
        review.review_piece(office.store, piece, scores=GOOD, decision="return", feedback=" ",
                            actor_id=office.trainer_id, actor_roles=TRAINER, now=NOW)  # fmt: skip
    assert why.value.key == "review.feedback_needed"
    review.review_piece(office.store, piece, scores=GOOD, decision="return",
                        feedback="请结合本职工作再谈一谈", actor_id=office.trainer_id,
                        actor_roles=TRAINER, now=NOW)  # fmt: skip
    assert reflection_weeks(office) == 0
    # The writer revises: the piece is a draft again, then handed in again and passed.
    writing.save_draft(office.store, office.staff_id, "reflection", text=REFLECTION + "补充。",
                       today=TODAY, now=NOW, record_id=piece)  # fmt: skip
    writing.submit(office.store, office.staff_id, piece, today=TODAY, now=NOW)
    total = review.review_piece(
        office.store, piece, scores=GOOD, decision="pass", feedback="",
        actor_id=office.trainer_id, actor_roles=TRAINER, now=NOW,
    )  # fmt: skip
    assert total == 13
    assert reflection_weeks(office) == 1


def test_scores_follow_the_rubric(office: Office) -> None:
    piece = submitted(office)
    for scores, key in (({"content": 5}, "review.score_missing"),
                        ({**GOOD, "depth": 6}, "review.score_range")):  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            review.review_piece(office.store, piece, scores=scores, decision="pass", feedback="",
                                actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
        assert caught.value.key == key
    with pytest.raises(NotAllowed):
        review.set_rubric(office.store, [review.Criterion("idea", "观点")], actor_roles=TRAINER)
    review.set_rubric(office.store, [review.Criterion("idea", "观点", 0, 10)], actor_roles=OFFICE)
    assert review.review_piece(office.store, piece, scores={"idea": 9}, decision="pass",
                               feedback="", actor_id=office.office_id, actor_roles=OFFICE,
                               now=NOW) == 9  # fmt: skip


def test_staff_do_not_review(office: Office) -> None:
    piece = submitted(office)
    with pytest.raises(NotAllowed):
        review.review_piece(office.store, piece, scores=GOOD, decision="pass", feedback="",
                            actor_id=office.other_staff_id, actor_roles=frozenset({"staff"}),
                            now=NOW)  # fmt: skip


def test_feedback_reaches_the_writer_when_released(office: Office) -> None:
    piece = submitted(office)
    review.review_piece(office.store, piece, scores=GOOD, decision="pass", feedback="体会真切",
                        actor_id=office.trainer_id, actor_roles=TRAINER, now=NOW)  # fmt: skip
    assert office.store.reviews.reviews(piece, released_only=True).empty
    assert review.release_feedback(office.store, [piece], actor_roles=OFFICE, now=NOW) == 1
    released = office.store.reviews.reviews(piece, released_only=True)
    assert list(released["feedback"]) == ["体会真切"]


def test_research_reports_ranked_by_their_reviewers_mean(office: Office) -> None:
    other_trainer = add_person(office.store, "t002", "陈老师", "业务科", "trainer")
    text = "调研" * 1100
    mine = submitted(office, kind="research_report", text=text, title="基层减负调研",
                     topic="基层减负")  # fmt: skip
    theirs = submitted(office, office.other_staff_id, kind="research_report", text=text,
                       title="窗口服务调研", topic="窗口服务")  # fmt: skip
    for reviewer, scores in ((office.trainer_id, (5, 5, 4)), (other_trainer, (4, 4, 4))):
        review.review_piece(office.store, mine, scores=dict(zip(GOOD, scores, strict=True)),
                            decision="pass", feedback="", actor_id=reviewer,
                            actor_roles=TRAINER, now=NOW)  # fmt: skip
    review.review_piece(office.store, theirs, scores={"content": 5, "depth": 5, "writing": 5},
                        decision="pass", feedback="", actor_id=office.trainer_id,
                        actor_roles=TRAINER, now=NOW)  # fmt: skip
    month = month_of(TODAY)
    ranking = review.month_reports_ranking(office.store, month.start, month.end)
    assert list(ranking["title"]) == ["窗口服务调研", "基层减负调研"]
    assert list(ranking["average"]) == [15.0, 13.0]
    assert list(ranking["rank"]) == [1, 2]


def test_only_reviewed_work_is_featured(office: Office) -> None:
    piece = submitted(office)
    with pytest.raises(ValidationError) as caught:
        review.feature(office.store, piece, actor_id=office.office_id, actor_roles=OFFICE, now=NOW)
    assert caught.value.key == "review.feature_reviewed_only"
    review.review_piece(office.store, piece, scores=GOOD, decision="pass", feedback="",
                        actor_id=office.office_id, actor_roles=OFFICE, now=NOW)  # fmt: skip
    review.feature(office.store, piece, note="联系实际", actor_id=office.office_id,
                   actor_roles=OFFICE, now=NOW)  # fmt: skip
    month = month_of(TODAY)
    shown = office.store.reviews.featured(month.start, month.end, ["reflection"])
    assert list(shown["id"]) == [piece] and list(shown["note"]) == ["联系实际"]


def test_blind_review_is_the_offices_choice_and_hides_report_writers_only(office: Office) -> None:
    store = office.store
    assert not review.blind_reports(store)
    with pytest.raises(NotAllowed):
        review.set_blind_reports(store, True, actor_roles=TRAINER)
    review.set_blind_reports(store, True, actor_roles=OFFICE)
    assert review.blind_reports(store)
    report = submitted(office, kind="research_report", text="调研" * 1100, title="基层减负调研",
                       topic="基层减负")  # fmt: skip
    reflection = submitted(office)
    month = month_of(TODAY)
    queue = store.reviews.queue(month.start, month.end, kinds=list(writing.KINDS),
                                statuses=["submitted"])  # fmt: skip
    hidden = review.hide_writers(queue, lambda i: f"#{i}").set_index("id")
    assert (hidden.loc[report, "name"], hidden.loc[report, "department"]) == (f"#{report}", None)
    assert bool(hidden.loc[report, "blind"])
    # A reflection is checked, not ranked: its writer stays named.
    assert (hidden.loc[reflection, "name"], hidden.loc[reflection, "department"]) == (
        "张三",
        "综合科",
    )
    assert not bool(hidden.loc[reflection, "blind"])
    # The store's frame itself is untouched.
    assert set(queue["name"]) == {"张三"}
    review.set_blind_reports(store, False, actor_roles=OFFICE)
    assert not review.blind_reports(store)
