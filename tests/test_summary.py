"""月度小结 figures checked against a hand-built March 2026 (22 working days, weeks by their
Thursday: 4, three 旬), the notice draft, its versions and publication, and remarks."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import Office, add_person

from learnhub import notice, summary
from learnhub.errors import ValidationError
from learnhub.periods import parse_month
from learnhub.store import Store

MARCH = parse_month("2026-03")
TODAY = date(2026, 4, 10)
NOW = datetime(2026, 4, 10, 9, 0)


def record(store: Store, person: int, day: date, kind: str, **values: object) -> None:
    values = {"kind": kind, "title": "书", "text": "好", **values}
    store.transaction(lambda cur: store.records.insert(cur, person, day, values))


@pytest.fixture
def march(office: Office) -> tuple[Office, int]:
    """张三 reads 40 + 40 + 20 minutes (two reading days), clips twice, writes a reflection, an
    essay and a suggestion, finishes a book; 李四 reads 30 minutes and clips once; 王五 (综合科)
    clips four times; 赵主任 does nothing."""
    store, zhang, li = office.store, office.staff_id, office.other_staff_id
    wang = add_person(store, "00125", "王五", "综合科", "staff")
    for day, minutes in ((2, 40), (3, 40), (4, 20)):
        record(store, zhang, date(2026, 3, day), "reading", minutes=minutes)
    for day in (2, 3):
        record(store, zhang, date(2026, 3, day), "clipping")
    record(store, zhang, date(2026, 3, 5), "reflection", title="心得")
    record(store, zhang, date(2026, 3, 12), "essay", title="文章")
    record(store, zhang, date(2026, 3, 20), "book_finished")
    record(store, zhang, date(2026, 3, 10), "suggestion", title="建议")
    record(store, li, date(2026, 3, 2), "reading", minutes=30)
    record(store, li, date(2026, 3, 2), "clipping")
    for day in (9, 10, 11, 12):
        record(store, wang, date(2026, 3, day), "clipping")
    record(store, zhang, date(2026, 4, 1), "clipping")  # April: not March's
    return office, wang


def row(figures: summary.MonthSummary, username: str) -> dict[str, object]:
    people = figures.people.set_index("username")
    return dict(people.loc[username])


def test_counts_per_person_and_zeros_for_the_inactive(march: tuple[Office, int]) -> None:
    office, _ = march
    figures = summary.month_summary(office.store, MARCH, today=TODAY)
    assert sorted(figures.people["username"]) == ["00123", "00124", "00125", "office1"]
    zhang = row(figures, "00123")
    assert (zhang["reading_days"], zhang["reading_minutes"]) == (2, 100.0)
    assert (zhang["clippings"], zhang["reflections"], zhang["essays"]) == (2, 1, 1)
    assert (zhang["books"], zhang["suggestions"], zhang["research_reports"]) == (1, 1, 0)
    # 100 × 0.2 × (2/22 + 2/22 + 1/4 + 1/3 + 1) = 35.30…
    assert zhang["score"] == 35.3 and zhang["rank"] == 1 and zhang["dept_rank"] == 1
    li = row(figures, "00124")
    assert (li["reading_days"], li["reading_minutes"], li["clippings"]) == (1, 30.0, 1)
    clerk = row(figures, "office1")
    for column in ("reading_days", "reading_minutes", "clippings", "essays", "books",
                   "quizzes_taken", "study_day_attended", "credit_hours"):  # fmt: skip
        assert clerk[column] == 0, column
    assert clerk["score"] == 0.0 and clerk["department"] == "办公室"


def test_departments_are_compared_per_head(march: tuple[Office, int]) -> None:
    office, _ = march
    figures = summary.month_summary(office.store, MARCH, today=TODAY)
    departments = figures.departments.set_index("department")
    general = departments.loc["综合科"]
    assert general["people"] == 2
    assert general["clippings"] == 3.0  # (2 + 4) / 2
    assert general["reading_minutes"] == 50.0  # (100 + 0) / 2
    # 王五: 100 × 0.2 × 4/22 = 3.6; (35.3 + 3.6) / 2 = 19.45 → 19.5
    assert general["average_score"] == 19.5 and general["rank"] == 1
    assert departments.loc["业务科", "average_score"] == 1.8
    assert list(figures.departments["department"]) == ["综合科", "业务科", "办公室"]


def test_highlights_and_show_names(march: tuple[Office, int]) -> None:
    office, _ = march
    figures = summary.month_summary(office.store, MARCH, today=TODAY)
    assert summary.show_names(office.store)
    found = summary.highlights(figures, names=True)
    assert list(found.top["name"]) == ["张三", "王五", "李四"]
    assert found.behind_count == 4 and "赵主任" in list(found.behind["name"])
    summary.set_show_names(office.store, False)
    assert not summary.show_names(office.store)
    hidden = summary.highlights(figures, names=summary.show_names(office.store))
    assert hidden.behind_count == 4 and hidden.behind.empty and hidden.top.empty
    trend = summary.trend(office.store, MARCH, today=TODAY)
    text = notice.draft(office.store, figures, trend, hidden)
    assert "4 人得分低于 60 分" in text
    for name in ("张三", "李四", "王五", "赵主任"):
        assert name not in text


def test_the_draft_says_the_numbers_and_the_best_department(march: tuple[Office, int]) -> None:
    office, _ = march
    figures = summary.month_summary(office.store, MARCH, today=TODAY)
    trend = summary.trend(office.store, MARCH, today=TODAY, current=figures)
    office_row = trend[(trend["month"] == "2026-03") & (trend["department"] == "")]
    # (35.3 + 3.6 + 1.8 + 0) / 4 people = 10.175 → 10.2
    assert float(office_row["average_score"].iloc[0]) == 10.2
    assert set(trend["month"]) == {"2026-03"}  # nothing recorded before March
    text = notice.draft(office.store, figures, trend, summary.highlights(figures, names=True))
    assert text.startswith("关于2026年3月干部学习情况的通报")
    assert "全办 4 名干部中有 3 人有学习记录，参与率 75%" in text
    assert "摘抄 7 篇" in text and "阅读 130 分钟" in text
    assert "全办平均得分 10.2 分，上月没有可比较的数据" in text
    assert "人均得分最高的科室是综合科，人均 19.5 分" in text
    assert "人均得分最低的科室是办公室" in text


def test_the_change_from_last_month(march: tuple[Office, int]) -> None:
    office, _ = march
    record(office.store, office.staff_id, date(2026, 4, 1), "book_finished")
    april = parse_month("2026-04")
    today = date(2026, 5, 6)
    figures = summary.month_summary(office.store, april, today=today)
    trend = summary.trend(office.store, april, today=today, current=figures)
    scores = trend[trend["department"] == ""].set_index("month")["average_score"]
    assert list(scores.index) == ["2026-03", "2026-04"]
    text = notice.draft(office.store, figures, trend, summary.highlights(figures, names=True))
    change = round(float(scores["2026-04"]) - 10.2, 1)
    assert change < 0
    assert f"比上月下降 {abs(change):g} 分" in text


def test_save_and_publish_keep_every_version(march: tuple[Office, int]) -> None:
    office, _ = march
    store, clerk = office.store, office.office_id
    with pytest.raises(ValidationError):
        notice.publish_notice(store, MARCH, clerk, NOW)
    with pytest.raises(ValidationError):
        notice.save_notice(store, MARCH, "   ", clerk, NOW)
    notice.save_notice(store, MARCH, "第一稿 <b>", clerk, NOW)
    notice.save_notice(store, MARCH, "第二稿", clerk, NOW)
    assert notice.published_notice(store, MARCH) is None
    notice.publish_notice(store, MARCH, clerk, NOW)
    published = notice.published_notice(store, MARCH)
    assert published is not None and published["text"] == "第二稿"
    # Edited after publishing (on a clock that stood still): staff still read the published one.
    notice.save_notice(store, MARCH, "第三稿", clerk, NOW)
    current = notice.notice(store, MARCH)
    assert current is not None and current["text"] == "第三稿" and current["changed"]
    assert notice.published_notice(store, MARCH)["text"] == "第二稿"  # type: ignore[index]
    versions = notice.notice_versions(store, MARCH)
    assert list(versions["text"]) == ["第三稿", "第二稿", "第一稿 <b>"]
    notice.publish_notice(store, MARCH, clerk, NOW)
    assert notice.published_notice(store, "2026-03")["text"] == "第三稿"  # type: ignore[index]


def test_remarks_limits_and_deletion(march: tuple[Office, int]) -> None:
    office, _ = march
    store, clerk = office.store, office.office_id
    with pytest.raises(ValidationError):
        notice.set_remark(store, MARCH, office.staff_id, "好" * 501, clerk, NOW)
    assert notice.set_remark(store, MARCH, office.staff_id, "好" * 500, clerk, NOW)
    assert notice.set_remark(store, MARCH, office.staff_id, "继续保持=1+1", clerk, NOW)
    found = notice.remarks(store, MARCH)
    assert list(found["text"]) == ["继续保持=1+1"] and list(found["name"]) == ["张三"]
    mine = notice.my_remarks(store, office.staff_id)
    assert list(mine["month"]) == ["2026-03"] and list(mine["written_by"]) == ["赵主任"]
    assert notice.my_remarks(store, office.other_staff_id).empty
    assert not notice.set_remark(store, MARCH, office.staff_id, "  ", clerk, NOW)
    assert notice.remarks(store, MARCH).empty
