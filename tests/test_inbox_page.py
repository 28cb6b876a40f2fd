"""消息提醒 through AppTest on a fixed office clock: a person sees their unread count and messages
newest first (the body as plain text, the due date), marks one and then all as read; everyone
signed in may open it, nobody sees another person's messages; every text is in the English
catalogue."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from conftest import Office
from pages_support import ROOT, open_page, texts
from streamlit.testing.v1 import AppTest

from learnhub import attendance
from learnhub.auth import start_session
from learnhub.i18n import translate
from learnhub.store.reminders import RemindersRepo
from learnhub.ui import text as text_module
from learnhub.ui.text import LANGUAGE_KEY

NOW = datetime(2026, 3, 20, 9, 0)
HOSTILE = "**粗体** <b>x</b> [链接](http://evil.example)"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


def add(office: Office, person: int, key: str, title: str, at: datetime, body: str = "") -> None:
    frame = pd.DataFrame(
        {
            "person_id": [person],
            "key": [key],
            "kind": ["due"],
            "title": [title],
            "body": [body],
            "due": [date(2026, 3, 22)],
        }
    )
    RemindersRepo(office.store.db).add_messages(frame, at)


def button(at: AppTest, key: str) -> object:
    return next(b for b in at.button if b.label == translate(key))


def test_a_person_reads_their_messages(app_office: Office) -> None:
    add(app_office, app_office.staff_id, "a", "本旬文章还没有完成", datetime(2026, 3, 19, 8, 0))
    add(
        app_office,
        app_office.staff_id,
        "b",
        "本周心得还没有完成，周日截止",
        datetime(2026, 3, 20, 8, 0),
        body=HOSTILE,
    )
    add(app_office, app_office.other_staff_id, "c", "别人的消息", datetime(2026, 3, 20, 8, 0))
    at = open_page("inbox", app_office.store, app_office.staff_id)
    assert not at.exception, at.exception
    assert texts(at, "title") == [translate("nav.inbox")]
    assert at.metric[0].value == "2"
    shown = texts(at, "markdown")
    titles = [s for s in shown if "还没有完成" in s]
    assert len(titles) == 2 and "心得" in titles[0] and "文章" in titles[1]  # newest first
    assert not any("别人的消息" in s for s in shown)
    assert HOSTILE in texts(at, "text")  # as written, never as Markdown
    assert any(translate("inbox_page.due", day="2026-03-22") in c for c in texts(at, "caption"))
    at = at.button(key="inbox.read_" + str(first_id(app_office))).click().run()
    assert not at.exception
    assert at.metric[0].value == "1"
    repo = RemindersRepo(app_office.store.db)
    assert repo.unread_count(app_office.staff_id) == 1
    at = button(at, "inbox_page.read_all").click().run()  # type: ignore[attr-defined]
    assert not at.exception
    assert repo.unread_count(app_office.staff_id) == 0
    assert translate("inbox_page.marked_all", n=1) in texts(at, "success")
    assert repo.unread_count(app_office.other_staff_id) == 1
    read_at = repo.messages(app_office.staff_id)["read_at"]
    assert set(pd.to_datetime(read_at)) == {pd.Timestamp(NOW)}


def first_id(office: Office) -> int:
    return int(RemindersRepo(office.store.db).messages(office.staff_id)["id"].iloc[0])


@pytest.mark.parametrize("who", ["trainer_id", "office_id", "other_staff_id"])
def test_everyone_signed_in_may_open_it(app_office: Office, who: str) -> None:
    at = open_page("inbox", app_office.store, getattr(app_office, who))
    assert not at.exception
    assert translate("gate.refused") not in texts(at, "error")
    assert texts(at, "info") == [translate("inbox_page.empty")]
    assert at.metric[0].value == "0"


def test_signed_out_visitors_are_asked_to_sign_in(app_office: Office) -> None:
    at = open_page("inbox")
    assert texts(at, "info") == [translate("gate.sign_in_first")]
    assert not at.metric


def test_every_text_is_in_the_catalogue_in_english(
    app_office: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(text_module, "DEFAULT_LANGUAGE", "en")
    add(app_office, app_office.staff_id, "a", "本周心得还没有完成", datetime(2026, 3, 19, 8, 0))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    at.session_state["learnhub.session_token"] = start_session(
        app_office.store, app_office.staff_id
    )
    at.session_state[LANGUAGE_KEY] = "en"
    at.switch_page("pages/inbox.py")
    at = at.run()
    assert not at.exception
    shown = [
        str(e.value)
        for kind in ("markdown", "caption", "info", "success", "title")
        for e in at.get(kind)
    ]
    shown += [w.label for w in [*at.button, *at.metric]]
    assert [s for s in shown if "inbox_page." in s or "nav." in s] == []
    assert translate("inbox_page.read_all", "en") in [b.label for b in at.button]
    assert translate("inbox_page.unread", "en") in [m.label for m in at.metric]
