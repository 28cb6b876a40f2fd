"""月度小结 through AppTest on a fixed office clock in April 2026: the office sees March's figures,
edits, saves and publishes the notice, writes a remark and downloads; staff and trainers are
refused; every text is in the English catalogue."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_summary import record

from learnhub import attendance, notice
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.periods import parse_month
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2026, 4, 10, 9, 0)
MARCH = parse_month("2026-03")


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def busy(app_office: Office) -> Office:
    store = app_office.store
    record(store, app_office.staff_id, date(2026, 3, 2), "reading", minutes=45)
    record(store, app_office.staff_id, date(2026, 3, 3), "clipping")
    record(store, app_office.other_staff_id, date(2026, 3, 4), "clipping")
    return app_office


def button(at: AppTest, key: str) -> AppTest:
    label = translate(key)
    return next(b for b in at.button if b.label == label).click().run()


def test_the_office_reads_edits_saves_and_publishes(
    busy: Office, downloads: dict[str, object]
) -> None:
    at = open_page("monthly_summary", busy.store, busy.office_id)
    assert not at.exception, at.exception
    assert at.selectbox[0].value == MARCH
    assert len(at.get("vega_lite_chart")) >= 2
    assert [m.value for m in at.metric][:2] == ["3", "2"]
    editor = next(a for a in at.text_area
                  if a.label == translate("monthly_summary_page.notice_text"))  # fmt: skip
    assert "全办 3 名干部中有 2 人有学习记录" in editor.value
    editor.input(editor.value + "\n\n<b>请各科室对照整改</b>")
    at = button(at.run(), "monthly_summary_page.save")
    assert not at.exception, at.exception
    saved = notice.notice(busy.store, MARCH)
    assert saved is not None and saved["text"].endswith("<b>请各科室对照整改</b>")
    assert translate("monthly_summary_page.saved_ok", month="2026年3月") in texts(at, "success")
    at = button(at, "monthly_summary_page.publish")
    published = notice.published_notice(busy.store, MARCH)
    assert published is not None and published["text"] == saved["text"]
    for name in ("月度小结-2026-03.xlsx", "月度小结-人员-2026-03.csv", "通报-2026-03.pdf",
                 "通报-2026-03.html"):  # fmt: skip
        assert name in downloads
        data = downloads[name]()  # type: ignore[operator]
        assert len(data) > 100
    assert downloads["通报-2026-03.pdf"]().startswith(b"%PDF")  # type: ignore[operator]
    html = downloads["通报-2026-03.html"]().decode()  # type: ignore[operator]
    assert "&lt;b&gt;请各科室对照整改&lt;/b&gt;" in html


def test_a_remark_is_written(busy: Office) -> None:
    at = open_page("monthly_summary", busy.store, busy.office_id)
    person = next(s for s in at.selectbox
                  if s.label == translate("monthly_summary_page.remark_person"))  # fmt: skip
    at = person.set_value(busy.staff_id).run()
    remark = next(a for a in at.text_area
                  if a.label == translate("monthly_summary_page.remark_text"))  # fmt: skip
    remark.input("阅读坚持得好")
    at = button(at, "monthly_summary_page.remark_save")
    assert not at.exception, at.exception
    assert list(notice.my_remarks(busy.store, busy.staff_id)["text"]) == ["阅读坚持得好"]
    assert "阅读坚持得好" in texts(at, "text")


@pytest.mark.parametrize("who", ["staff_id", "trainer_id"])
def test_staff_and_trainers_are_refused(app_office: Office, who: str) -> None:
    at = open_page("monthly_summary", app_office.store, getattr(app_office, who))
    assert not at.exception
    assert not at.get("vega_lite_chart") and not at.text_area


def test_every_text_is_in_the_catalogue_in_english(
    busy: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    notice.save_notice(busy.store, MARCH, "通报", busy.office_id, NOW)
    notice.set_remark(busy.store, MARCH, busy.staff_id, "好", busy.office_id, NOW)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(busy.store, busy.office_id)
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/monthly_summary.py")
    at = at.run()
    assert not at.exception, at.exception
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "subheader")
             for e in at.get(kind)]  # fmt: skip
    shown += [w.label for w in [*at.button, *at.selectbox, *at.text_area, *at.text_input,
                                *at.toggle, *at.multiselect]]  # fmt: skip
    shown += [c for d in at.dataframe for c in d.value.columns]
    assert [s for s in shown if "monthly_summary_page." in s or "summary." in s] == []
    assert translate("monthly_summary_page.publish", "en") in [b.label for b in at.button]
    assert "Reading minutes" in [c for d in at.dataframe for c in d.value.columns]
