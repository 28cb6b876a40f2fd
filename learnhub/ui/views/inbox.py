"""消息提醒 (everyone): the signed-in person's inbox — unread count, messages newest first (title,
body as plain text, due date), marking one or all as read."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from learnhub import attendance
from learnhub.store import Store
from learnhub.store.reminders import RemindersRepo
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import flash, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.webhooks import escape_markdown

SHOWN = 100


def inbox_page() -> None:
    viewer = require(["staff", "trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.inbox")
    show_flash()
    inbox_section(store, viewer)


def inbox_section(store: Store, viewer: Viewer) -> None:
    repo = store.reminders
    unread = repo.unread_count(viewer.person_id)
    left, right = st.columns([3, 1])
    left.metric(t("inbox_page.unread"), unread)
    if unread and right.button(t("inbox_page.read_all"), key="inbox.read_all"):
        changed = repo.mark_read(viewer.person_id, _now())
        flash(t("inbox_page.marked_all", n=changed))
        st.rerun()
    messages = repo.messages(viewer.person_id, limit=SHOWN)
    if messages.empty:
        st.info(t("inbox_page.empty"))
        return
    for _, row in messages.iterrows():
        show_message(repo, viewer, row)


def show_message(repo: RemindersRepo, viewer: Viewer, row: pd.Series) -> None:
    message_id = int(row["id"])
    is_unread = pd.isna(row["read_at"])
    with st.container(border=True):
        marker = t("inbox_page.new") + " · " if is_unread else ""
        st.markdown(f"**{marker}{escape_markdown(str(row['title']))}**")
        parts = [
            t("inbox_page.received", at=pd.Timestamp(row["created_at"]).strftime("%Y-%m-%d %H:%M"))
        ]
        if not pd.isna(row["due"]):
            parts.append(t("inbox_page.due", day=pd.Timestamp(row["due"]).date().isoformat()))
        st.caption(" · ".join(parts))
        if str(row["body"]):
            st.text(str(row["body"]))
        if is_unread and st.button(t("inbox_page.read_one"), key=f"inbox.read_{message_id}"):
            repo.mark_read(viewer.person_id, _now(), [message_id])
            st.rerun()


def _now() -> datetime:
    # Looked up on the module each run, so a test can set the office clock.
    return attendance.office_now(app_settings().timezone)
