"""Written work: drafts that survive a reload, the rules of each kind counted in 字数, submitting
once, withdrawing until review starts, and what the scheme counts."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import TODAY, Office

from learnhub import writing
from learnhub.errors import NotAllowed, ValidationError
from learnhub.periods import dekad_of, month_of, week_of
from learnhub.reports import monthly_report
from learnhub.settings import Settings

NOW = datetime(2026, 3, 18, 20, 0)
REFLECTION = "读了《习近平谈治国理政》第四卷，" + "对调查研究的论述体会很深。" * 20


def reflection_weeks(office: Office) -> int:
    report = monthly_report(office.store, "2026-03", today=TODAY).set_index("username")
    return int(report.loc["00123", "reflection_weeks"])


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("学习贯彻党的二十大精神", 11),
        ("学习 贯彻\n党的二十大精神", 11),
        ("用DuckDB做2026年统计。", 8),  # DuckDB and 2026 count as one each, as in Word's 字数
        ("，。！", 3),
        ("", 0),
    ],
)
def test_characters_are_counted_as_offices_count_them(text: str, count: int) -> None:
    assert writing.count_characters(text) == count


def test_each_kind_belongs_to_its_period() -> None:
    assert writing.period_of("reflection", TODAY) == week_of(TODAY)
    assert writing.period_of("essay", TODAY) == dekad_of(TODAY)
    assert writing.period_of("research_report", TODAY) == month_of(TODAY)
    assert writing.period_of("suggestion", TODAY) == week_of(TODAY)


def test_a_draft_is_found_again_after_a_reload(office: Office) -> None:
    store, me = office.store, office.staff_id
    first = writing.save_draft(store, me, "reflection", text="读书", today=TODAY, now=NOW)
    again = writing.save_draft(store, me, "reflection", text=REFLECTION, today=TODAY, now=NOW)
    assert again == first
    piece = store.writing.piece(first)
    assert piece is not None and piece["status"] == "draft" and piece["text"] == REFLECTION
    # A draft is not handed in: the month's score does not count it.
    assert reflection_weeks(office) == 0


def test_submitting_checks_the_rules_and_counts_once(office: Office) -> None:
    store, me = office.store, office.staff_id
    draft = writing.save_draft(store, me, "reflection", text="太短了", today=TODAY, now=NOW)
    with pytest.raises(ValidationError) as short:
        writing.submit(store, me, draft, today=TODAY, now=NOW)
    assert short.value.key == "writing.too_short"
    assert short.value.params == {"n": 200, "length": 3}
    writing.save_draft(store, me, "reflection", text=REFLECTION, today=TODAY, now=NOW)
    assert writing.submit(store, me, draft, today=TODAY, now=NOW)
    assert not writing.submit(store, me, draft, today=TODAY, now=NOW), "a second click"
    assert reflection_weeks(office) == 1


@pytest.mark.parametrize(
    ("kind", "values", "key"),
    [
        ("essay", {"text": "文" * 900}, "writing.title_missing"),
        ("research_report", {"text": "调" * 2100, "title": "关于基层减负的调研"},
         "writing.topic_missing"),
        ("suggestion", {"text": "建" * 60, "title": "统一台账格式"}, "writing.category_missing"),
        ("essay", {"text": "文" * 6001, "title": "长文"}, "writing.too_long"),
    ],
)  # fmt: skip
def test_each_kind_has_its_own_rules(
    office: Office, kind: str, values: dict[str, str], key: str
) -> None:
    draft = writing.save_draft(
        office.store,
        office.staff_id,
        kind,
        today=TODAY,
        now=NOW,
        **values,  # type: ignore[arg-type]
    )
    with pytest.raises(ValidationError) as caught:
        writing.submit(office.store, office.staff_id, draft, today=TODAY, now=NOW)
    assert caught.value.key == key


def test_html_is_kept_as_written_text(office: Office) -> None:
    text = "<script>alert(1)</script>" + REFLECTION
    draft = writing.save_draft(office.store, office.staff_id, "reflection", text=text,
                               today=TODAY, now=NOW)  # fmt: skip
    piece = office.store.writing.piece(draft)
    assert piece is not None and piece["text"] == text


def test_withdrawing_goes_back_to_a_draft_until_review_starts(office: Office) -> None:
    store, me = office.store, office.staff_id
    draft = writing.save_draft(store, me, "reflection", text=REFLECTION, today=TODAY, now=NOW)
    writing.submit(store, me, draft, today=TODAY, now=NOW)
    writing.withdraw(store, me, draft, now=NOW)
    piece = store.writing.piece(draft)
    assert piece is not None and piece["status"] == "draft" and piece["withdrawn_at"] == NOW
    writing.submit(store, me, draft, today=TODAY, now=NOW)
    store.db.execute("UPDATE records SET status = 'under_review' WHERE id = ?", [draft])
    with pytest.raises(ValidationError) as caught:
        writing.withdraw(store, me, draft, now=NOW)
    assert caught.value.key == "writing.review_started"


def test_nobody_edits_someone_elses_piece(office: Office) -> None:
    draft = writing.save_draft(
        office.store, office.staff_id, "reflection", text=REFLECTION, today=TODAY, now=NOW
    )
    with pytest.raises(NotAllowed):
        writing.save_draft(office.store, office.other_staff_id, "reflection", text="改",
                           today=TODAY, now=NOW, record_id=draft)  # fmt: skip
    with pytest.raises(NotAllowed):
        writing.submit(office.store, office.other_staff_id, draft, today=TODAY, now=NOW)
    with pytest.raises(NotAllowed):
        writing.withdraw(office.store, office.other_staff_id, draft, now=NOW)


def test_a_new_week_starts_a_new_draft(office: Office) -> None:
    store, me = office.store, office.staff_id
    this_week = writing.save_draft(store, me, "reflection", text="一", today=TODAY, now=NOW)
    next_week = writing.save_draft(
        store, me, "reflection", text="二", today=date(2026, 3, 24), now=NOW
    )
    assert next_week != this_week


def test_a_submitted_copy_is_checked_and_a_withdrawn_piece_leaves_the_index(
    office: Office,
) -> None:
    from learnhub import originality

    store = office.store
    first = writing.save_draft(store, office.staff_id, "reflection", text=REFLECTION,
                               today=TODAY, now=NOW)  # fmt: skip
    writing.submit(store, office.staff_id, first, today=TODAY, now=NOW)
    copy = writing.save_draft(store, office.other_staff_id, "reflection", text=REFLECTION,
                              today=TODAY, now=NOW)  # fmt: skip
    writing.submit(store, office.other_staff_id, copy, today=TODAY, now=NOW)
    result = store.db.record("SELECT score FROM originality_results WHERE record_id = ?", [copy])
    assert result is not None and result["score"] == 1.0
    assert result["score"] >= originality.threshold(store), "flagged for the reviewer"
    writing.withdraw(store, office.staff_id, first, now=NOW)
    again = originality.check_piece(store, copy, NOW)
    assert again.score == 0.0, "the withdrawn draft is no longer compared"


def test_the_office_sets_the_flag_threshold(office: Office) -> None:
    from learnhub import originality

    with pytest.raises(NotAllowed):
        originality.set_threshold(office.store, 0.3, actor_roles=frozenset({"trainer"}))
    with pytest.raises(ValidationError):
        originality.set_threshold(office.store, 0.0, actor_roles=frozenset({"office"}))
    originality.set_threshold(office.store, 0.3, actor_roles=frozenset({"office"}))
    assert originality.threshold(office.store) == 0.3


def test_a_draft_carries_one_checked_attachment(office: Office, settings: Settings) -> None:
    from test_extract import docx_with

    store, me = office.store, office.staff_id
    draft = writing.save_draft(
        store, me, "research_report", text="调研" * 1100, title="基层减负调研",
        topic="基层减负", today=TODAY, now=NOW,
    )  # fmt: skip
    with pytest.raises(ValidationError) as exe:
        writing.attach_file(store, me, draft, "附件.pdf", b"MZ" + bytes(200), settings, now=NOW)
    assert exe.value.key == "uploads.wrong_type"
    assert writing.attachment_data(store, draft) is None
    data = docx_with("调研问卷共发放一百二十份。")
    text = writing.attach_file(store, me, draft, "调研问卷.docx", data, settings, now=NOW)
    assert "一百二十份" in text
    piece = store.writing.piece(draft)
    assert piece is not None and piece["attachment_name"] == "调研问卷.docx"
    assert writing.attachment_data(store, draft) == data
    with pytest.raises(NotAllowed):
        writing.attach_file(store, office.other_staff_id, draft, "x.docx", data, settings, now=NOW)
    writing.remove_attachment(store, me, draft, now=NOW)
    assert writing.attachment_data(store, draft) is None


def test_text_copied_into_an_attachment_is_found_too(office: Office, settings: Settings) -> None:
    from test_extract import docx_with

    from learnhub import originality

    store = office.store
    first = writing.save_draft(store, office.staff_id, "reflection", text=REFLECTION,
                               today=TODAY, now=NOW)  # fmt: skip
    writing.submit(store, office.staff_id, first, today=TODAY, now=NOW)
    own_words = "本周学习了党章，对党员义务有了新的认识，" * 12
    second = writing.save_draft(store, office.other_staff_id, "reflection", text=own_words,
                                today=TODAY, now=NOW)  # fmt: skip
    writing.attach_file(store, office.other_staff_id, second, "心得附件.docx",
                        docx_with(REFLECTION), settings, now=NOW)  # fmt: skip
    writing.submit(store, office.other_staff_id, second, today=TODAY, now=NOW)
    result = originality.check_piece(store, second, NOW)
    assert result.score > 0.4
    assert [m.owner for m in result.matches][:1] == ["张三"]
