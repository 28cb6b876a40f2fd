"""Pieces of the 写作 page: period labels, the editor's state and the callbacks that save, submit,
withdraw and reopen a piece.

The editor's widgets are keyed per kind (`writing_page.text.reflection`, …). Each run finds the
draft in the store and fills the widgets from it whenever it differs from what this session last
saw (another device saved, a withdrawn piece was reopened, a reload emptied session state); the
callbacks save what the widgets hold. Text is only ever put into widgets or `st.text`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import writing
from learnhub.errors import LearnHubError
from learnhub.periods import Period
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts

KIND_KEY = "writing_page.kind"
NOTICE_KEY = "writing_page.notice"
FIELDS: dict[str, Any] = {
    "title": "",
    "topic": "",
    "category": None,
    "book": None,
    "session": None,
    "text": "",
}


def key(field: str, kind: str) -> str:
    return f"writing_page.{field}.{kind}"


def now() -> datetime:
    return study_day_parts.now()


# ---- labels -------------------------------------------------------------------------------------


def day_label(day: date) -> str:
    return t("writing_page.day", mon=t(f"writing_page.mon.m{day.month}"), day=day.day)


def range_label(period: Period) -> str:
    if (period.start.year, period.start.month) == (period.end.year, period.end.month):
        end = t("writing_page.day_only", day=period.end.day)
    else:
        end = day_label(period.end)
    return t("writing_page.range", start=day_label(period.start), end=end)


def kind_label(kind: str) -> str:
    return t(f"writing_page.kind.{kind}")


def kind_option(kind: str, today: date) -> str:
    """'心得 · 本周 3月16日–22日': the kind and the period a piece written today counts for."""
    period = writing.period_of(kind, today)
    return t(
        "writing_page.kind_option",
        kind=kind_label(kind),
        period=t(f"writing_page.this.{period.kind}"),
        range=range_label(period),
    )


def status_label(status: str) -> str:
    return t(f"writing_page.status.{status}")


def category_label(category: str) -> str:
    return t(f"writing_page.category.{category}")


def piece_period(row: pd.Series | dict[str, Any]) -> Period:
    start = row["period_start"]
    if start is None or (not isinstance(start, date) and pd.isna(start)):
        start = row["day"]
    return writing.period_of(str(row["kind"]), pd.Timestamp(start).date())


def excerpt(text: Any, length: int = 40) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= length else flat[:length] + "…"


def clock(at: Any) -> str:
    return pd.Timestamp(at).strftime("%H:%M") if at is not None and not pd.isna(at) else ""


# ---- the editor's state -------------------------------------------------------------------------


def my_pieces(store: Store, person_id: int, today: date) -> pd.DataFrame:
    """This month's and last month's pieces, newest first."""
    first = today.replace(day=1)
    last_month = (first - pd.Timedelta(days=1)).replace(day=1)
    frame = store.writing.pieces_of(person_id, since=last_month)
    if not frame.empty:
        frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
        frame["day"] = pd.to_datetime(frame["day"]).dt.date
    return frame


def current_draft(
    store: Store, person_id: int, kind: str, period: Period, pieces: pd.DataFrame
) -> dict[str, Any] | None:
    """The draft in the editor: the one this session opened (a withdrawn piece, say) while it is
    still a draft, else the person's draft of this kind and period."""
    chosen = st.session_state.get(key("record", kind))
    if chosen is not None:
        piece = store.writing.piece(int(chosen))
        if (
            piece is not None
            and piece["person_id"] == person_id
            and piece["kind"] == kind
            and piece["status"] == "draft"
        ):
            return piece
    if pieces.empty:
        return None
    drafts = pieces[
        (pieces["kind"] == kind)
        & (pieces["status"] == "draft")
        & (pieces["period_start"] == period.start)
    ]
    return None if drafts.empty else store.writing.piece(int(drafts.iloc[0]["id"]))


def _stamp(piece: dict[str, Any] | None) -> tuple[int, str] | None:
    return None if piece is None else (int(piece["id"]), str(piece["saved_at"]))


def sync_editor(kind: str, piece: dict[str, Any] | None) -> None:
    """Fill the widgets from the store when the draft there is not the one this session shows."""
    state = st.session_state
    stamp = _stamp(piece)
    synced = key("synced", kind) in state and state[key("synced", kind)] == stamp
    if synced and key("text", kind) in state:
        return
    values = dict(FIELDS)
    if piece is not None:
        values.update(
            title=piece["title"] or "",
            topic=piece["topic"] or "",
            category=piece["suggestion_category"],
            book=piece["book_id"],
            session=piece["study_session_id"],
            text=piece["text"] or "",
        )
    for field, value in values.items():
        state[key(field, kind)] = value
    state[key("synced", kind)] = stamp
    state[key("record", kind)] = None if stamp is None else stamp[0]


def _remember(store: Store, kind: str, record_id: int) -> None:
    st.session_state[key("record", kind)] = record_id
    st.session_state[key("synced", kind)] = _stamp(store.writing.piece(record_id))


def _fingerprint(kind: str) -> str:
    state = st.session_state
    return repr([state.get(key(field, kind)) for field in FIELDS])


def _optional_id(value: Any) -> int | None:
    return None if value is None else int(value)


# ---- callbacks ----------------------------------------------------------------------------------


def save(person_id: int, kind: str, announce: bool = False) -> None:
    """on_change of every editor widget, and the 保存草稿 button: keep what the widgets hold."""
    _save(person_id, kind, announce)


def _save(person_id: int, kind: str, announce: bool) -> int | None:
    state = st.session_state
    if state.get(key("handed_in", kind)) == _fingerprint(kind):
        # The words just handed in, sent back by a second click: keep nothing, empty the editor.
        state.pop(key("synced", kind), None)
        return None
    store = app_store()
    at = now()
    try:
        record_id = writing.save_draft(
            store,
            person_id,
            kind,
            text=str(state.get(key("text", kind)) or ""),
            today=at.date(),
            now=at,
            title=str(state.get(key("title", kind)) or ""),
            topic=str(state.get(key("topic", kind)) or ""),
            suggestion_category=state.get(key("category", kind)),
            book_id=_optional_id(state.get(key("book", kind))),
            study_session_id=_optional_id(state.get(key("session", kind))),
            record_id=_optional_id(state.get(key("record", kind))),
        )
    except LearnHubError as exc:
        state[NOTICE_KEY] = ("error", exc.message(language()))
        return None
    _remember(store, kind, record_id)
    state.pop(key("handed_in", kind), None)
    if announce:
        state[NOTICE_KEY] = ("success", t("writing_page.saved_now", time=at.strftime("%H:%M")))
    return record_id


def hand_in(person_id: int, kind: str, shown_id: int | None) -> None:
    """提交: save what the editor holds, then submit it. A second click changes nothing."""
    state = st.session_state
    store = app_store()
    if shown_id is not None:
        shown = store.writing.piece(shown_id)
        if shown is not None and shown["status"] != "draft":
            state[NOTICE_KEY] = ("info", t("writing_page.already_submitted"))
            return
    if state.get(key("handed_in", kind)) == _fingerprint(kind):
        # The same words clicked in again before the editor emptied: nothing more to hand in.
        state[NOTICE_KEY] = ("info", t("writing_page.already_submitted"))
        return
    fingerprint = _fingerprint(kind)
    record_id = _save(person_id, kind, announce=False)
    if record_id is None:
        return
    at = now()
    try:
        done = writing.submit(store, person_id, record_id, today=at.date(), now=at)
    except LearnHubError as exc:
        state[NOTICE_KEY] = ("error", exc.message(language()))
        return
    if not done:
        state[NOTICE_KEY] = ("info", t("writing_page.already_submitted"))
        return
    state[key("handed_in", kind)] = fingerprint
    state[NOTICE_KEY] = ("success", t("writing_page.submitted", kind=kind_label(kind)))


def open_in_editor(kind: str, record_id: int) -> None:
    """Show a draft in the editor (the next run fills the widgets from the store)."""
    state = st.session_state
    state[KIND_KEY] = kind
    state[key("record", kind)] = record_id
    state.pop(key("synced", kind), None)
    state.pop(key("handed_in", kind), None)


def take_back(person_id: int, kind: str, record_id: int) -> None:
    """撤回: a submitted piece goes back to a draft and into the editor."""
    try:
        writing.withdraw(app_store(), person_id, record_id, now=now())
    except LearnHubError as exc:
        st.session_state[NOTICE_KEY] = ("error", exc.message(language()))
        return
    open_in_editor(kind, record_id)
    st.session_state[NOTICE_KEY] = ("success", t("writing_page.withdrawn"))


def show_notice() -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if not notice:
        return
    level, message = notice
    {"error": st.error, "info": st.info}.get(level, st.success)(message)
