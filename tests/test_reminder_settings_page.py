"""提醒设置 through AppTest on a fixed office clock: the office sets the days ahead, configures a
group robot (a local server stands in for it; a plain-http address elsewhere is refused), sends a
test message and sees the robot's answer or the failure within the timeout, creates today's
reminders (twice: nothing new the second time) and reads the delivery log. Staff and trainers
are refused; every text is in the English catalogue."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest
from test_webhooks import Robot

from learnhub import attendance, reminders, webhooks
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.store.reminders import RemindersRepo
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2026, 3, 20, 9, 0)  # a Friday: this week's reflection is due on Sunday


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def local_robot() -> Iterator[Robot]:
    found = Robot()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


def widget(widgets: Any, key: str) -> Any:
    return next(w for w in widgets if w.label == translate(key))


def opened(office: Office) -> AppTest:
    at = open_page("reminder_settings", office.store, office.office_id)
    assert not at.exception, at.exception
    return at


def save_robot(at: AppTest, kind: str, url: str, secret: str = "") -> AppTest:
    widget(at.selectbox, "reminder_settings.kind").set_value(kind)
    widget(at.text_input, "reminder_settings.url").input(url)
    widget(at.text_input, "reminder_settings.secret").input(secret)
    return widget(at.button, "reminder_settings.webhook_save").click().run()


def test_the_office_sets_the_days_ahead(app_office: Office) -> None:
    at = opened(app_office)
    assert texts(at, "title") == [translate("nav.reminder_settings")]
    widget(at.number_input, "reminder_settings.lead_short").set_value(3)
    widget(at.number_input, "reminder_settings.lead_long").set_value(5)
    at = widget(at.button, "reminder_settings.lead_save").click().run()
    assert not at.exception
    assert reminders.lead_days(app_office.store) == reminders.Leads(3, 5)
    assert texts(at, "success") == [translate("reminder_settings.lead_saved", short=3, long=5)]


def test_the_office_sets_who_counts_as_falling_behind(app_office: Office) -> None:
    at = opened(app_office)
    widget(at.number_input, "reminder_settings.behind_score").set_value(50.0)
    widget(at.number_input, "reminder_settings.behind_idle").set_value(5)
    at = widget(at.button, "reminder_settings.behind_save").click().run()
    assert not at.exception
    assert reminders.behind_rule(app_office.store) == reminders.Behind(50.0, 5)
    assert texts(at, "success") == [translate("reminder_settings.behind_saved", score="50",
                                              idle=5)]  # fmt: skip


def test_a_plain_http_robot_elsewhere_is_refused(app_office: Office) -> None:
    at = save_robot(opened(app_office), "dingtalk", "http://oapi.dingtalk.com/robot/send?x=1")
    assert translate("webhooks.url_not_https") in texts(at, "error")
    assert not webhooks.config(app_office.store).enabled
    assert widget(at.button, "reminder_settings.test").disabled


def test_the_office_configures_and_tests_a_robot(app_office: Office, local_robot: Robot) -> None:
    url = f"{local_robot.url}/robot/send?access_token=t"
    at = save_robot(opened(app_office), "dingtalk", url, "SECabc")
    assert not at.exception
    assert texts(at, "success") == [translate("reminder_settings.webhook_saved")]
    assert webhooks.config(app_office.store) == webhooks.Config(url, "dingtalk", "SECabc")
    # The secret is never shown back.
    assert widget(at.text_input, "reminder_settings.secret").value == ""
    at = widget(at.button, "reminder_settings.test").click().run()
    answer = '{"errcode": 0, "errmsg": "ok"}'
    assert texts(at, "success") == [translate("reminder_settings.test_ok", answer=answer)]
    [request] = local_robot.requests
    assert request["json"]["msgtype"] == "markdown" and "sign=" in request["query"]
    assert request["json"]["markdown"]["title"] == translate("webhooks.test_title")
    local_robot.behaviours = ["errcode"]
    at = widget(at.button, "reminder_settings.test").click().run()
    [error] = texts(at, "error")
    assert "310000" in error
    # A robot that does not answer: the page gives up after the timeout.
    local_robot.behaviours, local_robot.sleep = ["sleep"], webhooks.TIMEOUT + 3
    started = time.monotonic()
    at = widget(at.button, "reminder_settings.test").click().run()
    assert time.monotonic() - started < webhooks.TIMEOUT + 2
    assert "timed out" in texts(at, "error")[0].lower()


def test_todays_reminders_are_created_once_and_logged(
    app_office: Office, local_robot: Robot
) -> None:
    webhooks.save_config(app_office.store, f"{local_robot.url}/send?key=k", "wecom", None)
    at = widget(opened(app_office).button, "reminder_settings.run").click().run()
    assert not at.exception
    # Three staff (赵主任 is office and staff) without this week's reflection and this 旬's essay.
    assert texts(at, "success") == [
        translate("reminder_settings.run_done", due=6, digest=1, webhook=1)
    ]
    repo = RemindersRepo(app_office.store.db)
    staff_messages = repo.messages(app_office.other_staff_id)
    assert "reflection_weeks:2026-W12" in set(staff_messages["key"])
    at = widget(at.button, "reminder_settings.run").click().run()
    assert texts(at, "success") == [
        translate("reminder_settings.run_done", due=0, digest=0, webhook=0)
    ]
    assert len(repo.messages(app_office.other_staff_id)) == len(staff_messages)
    [log] = at.dataframe
    assert list(log.value[translate("reminder_settings.col_status")]) == [
        translate("reminder_settings.status_waiting")
    ]
    assert list(log.value[translate("reminder_settings.col_key")]) == ["digest:2026-03-20"]


@pytest.mark.parametrize("who", ["staff_id", "trainer_id"])
def test_others_are_refused(app_office: Office, who: str) -> None:
    at = open_page("reminder_settings", app_office.store, getattr(app_office, who))
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.button and not at.text_input


def test_every_text_is_in_the_catalogue_in_english(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    webhooks.save_config(
        app_office.store, "https://oapi.dingtalk.com/robot/send?access_token=a", "dingtalk", "SECx"
    )
    reminders.run_reminders(app_office.store, NOW.date(), NOW)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(
        app_office.store, app_office.office_id
    )
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/reminder_settings.py")
    at = at.run()
    assert not at.exception
    shown = [
        str(e.value)
        for kind in ("markdown", "caption", "info", "subheader", "title")
        for e in at.get(kind)
    ]
    shown += [
        w.label for w in [*at.button, *at.selectbox, *at.text_input, *at.number_input, *at.checkbox]
    ]
    shown += [str(h) for w in [*at.text_input] for h in [w.help] if h]
    shown += [c for d in at.dataframe for c in d.value.columns]
    shown += [str(v) for d in at.dataframe for v in d.value.iloc[:, 2]]
    shown += list(at.selectbox[-1].options) if at.selectbox else []
    assert [s for s in shown if "reminder_settings." in s or "webhooks." in s] == []
    assert translate("reminder_settings.test", "en") in [b.label for b in at.button]
    assert translate("reminder_settings.status_waiting", "en") in shown
