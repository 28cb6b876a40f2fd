"""数据快照 (the data snapshot page) through AppTest: the office sees that there is none yet,
refreshes (twice: refreshing is idempotent) and sees when it was taken and how big it is, with
the Jupyter lines; staff and trainers are refused; every text is in the English catalogue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest

from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.snapshot import refresh_snapshot, snapshot_info, snapshot_path
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


def refresh_button(at: AppTest):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == translate("data_snapshot.refresh"))


def test_the_office_refreshes_and_sees_the_time(app_office: Office) -> None:
    path = snapshot_path(app_office.store.db.path)
    at = open_page("data_snapshot", app_office.store, app_office.office_id)
    assert not at.exception, at.exception
    assert texts(at, "info") == [translate("data_snapshot.none")]
    assert "hub = learnhub.open()" in at.code[0].value
    at = refresh_button(at).click().run()
    assert not at.exception, at.exception
    info = snapshot_info(path)
    assert info is not None and info.age() < timedelta(minutes=1)
    assert [s[:5] for s in texts(at, "success")] == ["快照已刷新"]
    shown = metrics(at)
    taken = info.taken_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M")
    assert shown["拍摄时间"] == taken
    assert shown["距今"] == "0 分钟前"
    assert shown["文件大小"].endswith(" MB")
    # A second click (or a click while the background refresher runs): a new whole snapshot.
    at = refresh_button(at).click().run()
    assert not at.exception, at.exception
    again = snapshot_info(path)
    assert again is not None and again.taken_at >= info.taken_at


def test_an_older_snapshot_says_how_old(app_office: Office) -> None:
    refresh_snapshot(app_office.store, now=datetime.now(UTC) - timedelta(hours=3, minutes=5))
    at = open_page("data_snapshot", app_office.store, app_office.office_id)
    assert not at.exception, at.exception
    assert metrics(at)["距今"] == "3 小时前"


@pytest.mark.parametrize("who", ["staff_id", "trainer_id"])
def test_staff_and_trainers_are_refused(app_office: Office, who: str) -> None:
    at = open_page("data_snapshot", app_office.store, getattr(app_office, who))
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.button and not at.metric


def test_every_text_is_in_the_catalogue_in_english(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(app_office.store,
                                                               app_office.office_id)  # fmt: skip
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/data_snapshot.py")
    at = at.run()
    at = next(b for b in at.button if b.label == "Refresh now").click().run()
    assert not at.exception, at.exception
    shown = [str(e.value) for kind in ("markdown", "caption", "info", "warning", "subheader",
                                       "success", "error")
             for e in at.get(kind)]  # fmt: skip
    shown += [b.label for b in at.button]
    shown += [f"{m.label} {m.value}" for m in at.metric]
    assert [s for s in shown if "data_snapshot." in s] == []
    assert {"Taken at", "Age", "File size"} <= {m.label for m in at.metric}
    assert "0 min ago" in [str(m.value) for m in at.metric]
