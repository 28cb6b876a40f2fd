"""月度公示 through AppTest on an April office clock: the office publishes March and sees it; a
second publish without a reason is refused; a correction with a reason is version 2 and the
history lists both; staff see their own rank, and with visibility 'own' no one else's name in a
table (milestones still celebrate everyone); trainers read but cannot publish; the Excel
download opens; every text comes from the catalogue in English."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from conftest import Office
from openpyxl import load_workbook
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_leaderboards import books_only_from
from test_scheme_versions import record

from learnhub import attendance, leaderboards, notice, publications
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.periods import parse_month
from learnhub.schemes import PointRule
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2026, 4, 10, 9, 0)
MARCH = parse_month("2026-03")
OFFICE = frozenset({"office", "staff"})
MARCH_LABEL = translate("publication_page.month_label", year=2026, month=3)


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pages read the office clock through learnhub.attendance.office_now.
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def march(office: Office) -> None:
    """From March only one finished book a month counts; clippings earn 1 point, 3 a day."""
    store = office.store
    books_only_from(store, date(2026, 3, 1), (PointRule("clipping", 1, 1, 3),))
    record(store, office.staff_id, date(2026, 3, 20), "book_finished")
    for _ in range(2):
        record(store, office.staff_id, date(2026, 3, 4), "clipping")


def publish(office: Office, reason: str = "") -> int:
    return publications.publish(office.store, MARCH, reason=reason, actor_id=office.office_id,
                                actor_roles=OFFICE, today=NOW.date(), now=NOW)  # fmt: skip


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def frame_with(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    return next(d.value for d in at.dataframe if column in d.value.columns)


def frames_text(at: AppTest) -> str:
    return " ".join(d.value.to_string() for d in at.dataframe)


def test_the_office_publishes_march_then_a_correction_needs_a_reason(app_office: Office) -> None:
    march(app_office)
    at = open_page("publication", app_office.store, app_office.office_id)
    assert not at.exception, at.exception
    assert translate("publication_page.none") in texts(at, "info")
    assert translate("publication_page.publish_explain") in texts(at, "caption")
    at = button(at, translate("publication_page.publish", month=MARCH_LABEL)).click().run()
    assert not at.exception, at.exception
    assert texts(at, "success")[0] == translate(
        "publication_page.published_ok", month=MARCH_LABEL, version=1
    )
    title = translate("publication_page.title", month=MARCH_LABEL, version=1)
    assert title in texts(at, "header")
    people = frame_with(at, translate("publication_page.col_name"))
    assert list(people[translate("publication_page.col_name")])[:1] == ["张三"]
    # The publish button is gone for March: only a correction is offered, and without a
    # reason (a second click, an empty form) the domain refuses and nothing is stored.
    labels = [b.label for b in at.button]
    assert translate("publication_page.publish", month=MARCH_LABEL) not in labels
    at = button(at, translate("publication_page.publish_correction")).click().run()
    assert texts(at, "error") == [translate("publication.reason_needed", month=MARCH.label)]
    assert list(publications.history(app_office.store, MARCH)["version"]) == [1]
    # A late entry, then a correction with its reason: version 2, both in the history.
    record(app_office.store, app_office.other_staff_id, date(2026, 3, 30), "book_finished")
    at.text_area[0].set_value("李四 3月30日读完的书补登")
    at = button(at, translate("publication_page.publish_correction")).click().run()
    assert not at.exception, at.exception
    assert texts(at, "success")[0] == translate(
        "publication_page.published_ok", month=MARCH_LABEL, version=2
    )
    assert translate("publication_page.title", month=MARCH_LABEL, version=2) in texts(at, "header")
    assert translate(
        "publication_page.correction_reason", reason="李四 3月30日读完的书补登"
    ) in texts(at, "info")
    history = frame_with(at, translate("publication_page.col_version"))
    assert list(history[translate("publication_page.col_version")]) == [2, 1]
    assert list(history[translate("publication_page.col_reason")]) == [
        "李四 3月30日读完的书补登",
        translate("publication_page.first_version"),
    ]
    # The older version is one choice away, and says it was corrected.
    picker = next(s for s in at.selectbox if s.label == translate("publication_page.view_version"))
    at = picker.set_value(1).run()
    assert translate("publication_page.title", month=MARCH_LABEL, version=1) in texts(at, "header")
    assert translate("publication_page.older_version", version=1, newest=2) in texts(at, "warning")


def test_staff_see_their_own_rank_and_the_milestones(app_office: Office) -> None:
    march(app_office)
    publish(app_office)
    at = open_page("publication", app_office.store, app_office.staff_id)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("publication_page.my_rank")] == translate(
        "publication_page.my_rank_value", n=1
    )
    assert metrics[translate("publication_page.my_score")] == "100"
    assert metrics[translate("publication_page.my_points")] == "2"
    assert "李四" in frames_text(at)  # visibility 'full' by default
    assert translate("publication_page.milestone_full_month", names="张三") in texts(at, "success")
    # Staff have no publishing controls and no download.
    assert not any(b.label.startswith("发布") for b in at.button)
    assert not at.get("download_button")


def test_with_visibility_own_staff_see_no_other_name_in_a_table(app_office: Office) -> None:
    march(app_office)
    record(app_office.store, app_office.other_staff_id, date(2026, 3, 21), "book_finished")
    publish(app_office)
    leaderboards.set_visibility(app_office.store, "own", 10, actor_roles=OFFICE)
    at = open_page("publication", app_office.store, app_office.other_staff_id)
    assert not at.exception, at.exception
    # Nobody else's name in any table (the history names who published, not who ranked).
    publisher = translate("publication_page.col_published_by")
    tables = " ".join(
        d.value.drop(columns=[publisher], errors="ignore").to_string() for d in at.dataframe
    )
    assert "张三" not in tables and "赵主任" not in tables and "王老师" not in tables
    people_columns = [translate("publication_page.col_name")]
    assert not any(set(people_columns) & set(d.value.columns) for d in at.dataframe)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[translate("publication_page.my_rank")] == translate(
        "publication_page.my_rank_value", n=1
    )
    assert translate("publication_page.shown_own", n=10) in texts(at, "caption")
    # Milestones are celebrations: public, with names.
    assert translate("publication_page.milestone_full_month", names="张三、李四") in texts(
        at, "success"
    )


def test_a_trainer_reads_but_cannot_publish(app_office: Office) -> None:
    march(app_office)
    publish(app_office)
    at = open_page("publication", app_office.store, app_office.trainer_id)
    assert not at.exception, at.exception
    assert translate("publication_page.title", month=MARCH_LABEL, version=1) in texts(at, "header")
    assert translate("publication_page.publish_title") not in texts(at, "subheader")
    assert not at.text_area and not at.get("download_button")
    assert not at.metric  # not ranked: no own line


def test_the_office_downloads_the_publication_as_excel(
    app_office: Office, downloads: dict[str, object]
) -> None:
    march(app_office)
    publish(app_office)
    at = open_page("publication", app_office.store, app_office.office_id)
    assert not at.exception, at.exception
    name = translate("publication_page.file_name", month="2026-03", version=1)
    data = downloads[name]()  # type: ignore[operator]
    book = load_workbook(BytesIO(data))
    assert book.sheetnames == ["科室", "人员"]
    people = [[c.value for c in row] for row in book["人员"].iter_rows()]
    assert people[0] == ["名次", "工号", "姓名", "科室", "得分", "科室内名次", "积分"]
    assert people[1][:3] == [1, "00123", "张三"]
    departments = [[c.value for c in row] for row in book["科室"].iter_rows()]
    assert departments[0][:2] == ["名次", "科室"] and len(departments) == 4


def test_every_text_is_in_the_catalogue_in_english(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    march(app_office)
    publish(app_office)
    publish(app_office, reason="late entry")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(app_office.store,
                                                               app_office.office_id)  # fmt: skip
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/publication.py")
    at = at.run()
    assert not at.exception, at.exception
    kinds = ("markdown", "caption", "info", "warning", "success", "subheader", "header")
    shown = [str(e.value) for kind in kinds for e in at.get(kind)]
    shown += [w.label for w in [*at.button, *at.selectbox, *at.text_area, *at.metric]]
    shown += [str(m.value) for m in at.metric]
    shown += [o for s in at.selectbox for o in s.options]
    shown += [c for d in at.dataframe for c in d.value.columns]
    assert [s for s in shown if "publication_page." in s or "points." in s] == []
    assert translate("publication_page.title", "en", month="2026-03", version=2) in shown
    assert not [s for s in shown if "公示" in s or "第" in s]


def test_staff_read_the_published_notice_and_their_own_remark(app_office: Office) -> None:
    store, office = app_office.store, app_office.office_id
    march(app_office)
    publish(app_office)
    notice.save_notice(store, "2026-03", "三月学习通报：全员参与。", office, NOW)
    notice.publish_notice(store, "2026-03", office, NOW)
    notice.set_remark(store, "2026-03", app_office.staff_id, "读书笔记认真。", office, NOW)
    notice.set_remark(store, "2026-03", app_office.other_staff_id, "请按时打卡。", office, NOW)
    at = open_page("publication", store, app_office.staff_id)
    assert not at.exception, at.exception
    shown = texts(at, "text")
    assert "三月学习通报：全员参与。" in shown
    assert "读书笔记认真。" in shown
    assert "请按时打卡。" not in shown  # someone else's remark
