"""写作: staff write the weekly reflection (心得), the essay of each 旬 (文章), the monthly research
report (调研报告) and suggestions (建议). The draft saves as they type and comes back on a reload or
another device; they submit it, see their pieces of this month and last, and withdraw one until
review starts. Everything they wrote is shown as text, never as HTML or Markdown."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import studydays, writing
from learnhub.periods import month_of
from learnhub.store import Store
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import attempt, succeeded
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts
from learnhub.ui.views import writing_parts as parts
from learnhub.ui.views.writing_parts import key


def writing_page() -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.writing")
    today = parts.now().date()
    pieces = parts.my_pieces(store, viewer.person_id, today)

    kind = st.radio(
        t("writing_page.kind_label"),
        writing.KINDS,
        format_func=lambda k: parts.kind_option(k, today),
        key=parts.KIND_KEY,
    )
    kind = kind if kind in writing.KINDS else writing.KINDS[0]
    editor(store, viewer.person_id, kind, today, pieces)

    st.divider()
    st.subheader(t("writing_page.mine_title"))
    my_pieces(viewer.person_id, kind, pieces)


def _options(frame: pd.DataFrame, label: Any, keep: Any) -> dict[int | None, str]:
    """{None: 'not linked', id: label} over a table's rows, keeping the draft's own link."""
    options: dict[int | None, str] = {None: t("writing_page.not_linked")}
    for _, row in frame.iterrows():
        options[int(row["id"])] = str(label(row))
    if keep is not None and int(keep) not in options:
        options[int(keep)] = t("writing_page.linked_elsewhere")
    return options


def book_options(store: Store, keep: Any) -> dict[int | None, str]:
    options = _options(store.books.books(), lambda row: row["title"], keep)
    if keep is not None:
        book = store.books.get(int(keep))
        if book is not None:
            options[int(keep)] = str(book["title"])
    return options


def session_options(store: Store, today: date, keep: Any) -> dict[int | None, str]:
    """This month's held study-day sessions (not cancelled, already begun)."""
    sessions = studydays.month_sessions(store, month_of(today))
    if not sessions.empty:
        sessions = sessions[(sessions["status"] == "scheduled") & (sessions["day"] <= today)]
    return _options(sessions, study_day_parts.session_label, keep)


def editor(store: Store, person_id: int, kind: str, today: date, pieces: pd.DataFrame) -> None:
    period = writing.period_of(kind, today)
    rule = writing.RULES[kind]
    piece = parts.current_draft(store, person_id, kind, period, pieces)
    parts.sync_editor(kind, piece)
    state = st.session_state
    on_change: dict[str, Any] = {"on_change": parts.save, "args": (person_id, kind)}

    if piece is not None and (older := parts.piece_period(piece)).start != period.start:
        st.caption(t("writing_page.older_draft", range=parts.range_label(older)))
    if rule.needs_title:
        st.text_input(
            t("writing_page.title"),
            key=key("title", kind),
            max_chars=writing.MAX_TITLE,
            **on_change,
        )
    if kind == "research_report":
        st.text_input(
            t("writing_page.topic"),
            key=key("topic", kind),
            max_chars=writing.MAX_TOPIC,
            help=t("writing_page.topic_help"),
            **on_change,
        )
    if kind == "suggestion":
        st.radio(
            t("writing_page.category_label"),
            writing.SUGGESTION_CATEGORIES,
            format_func=parts.category_label,
            key=key("category", kind),
            horizontal=True,
            **on_change,
        )
    with st.expander(t("writing_page.links"), expanded=False):
        books = book_options(store, state.get(key("book", kind)))
        st.selectbox(
            t("writing_page.book"),
            list(books),
            format_func=lambda b: books.get(b, ""),
            key=key("book", kind),
            **on_change,
        )
        sessions = session_options(store, today, state.get(key("session", kind)))
        st.selectbox(
            t("writing_page.session"),
            list(sessions),
            format_func=lambda s: sessions.get(s, ""),
            key=key("session", kind),
            **on_change,
        )
    st.text_area(
        t("writing_page.text", kind=parts.kind_label(kind)),
        key=key("text", kind),
        height=360,
        help=t("writing_page.text_help"),
        **on_change,
    )
    count = writing.count_characters(str(state.get(key("text", kind)) or ""))
    saved = (
        t("writing_page.saved_at", time=parts.clock(piece["saved_at"]))
        if piece is not None
        else t("writing_page.not_saved")
    )
    st.caption(
        t("writing_page.count", n=count, minimum=rule.minimum, maximum=rule.maximum)
        + t("writing_page.separator")
        + saved
    )
    save_col, submit_col = st.columns(2)
    save_col.button(
        t("writing_page.save"),
        key=key("save_button", kind),
        on_click=parts.save,
        args=(person_id, kind, True),
        width="stretch",
    )
    submit_col.button(
        t("writing_page.submit"),
        key=key("submit_button", kind),
        type="primary",
        on_click=parts.hand_in,
        args=(person_id, kind, None if piece is None else int(piece["id"])),
        width="stretch",
    )
    if piece is not None:
        attachment_part(store, person_id, kind, piece)
    parts.show_notice()


def attachment_part(store: Store, person_id: int, kind: str, piece: dict[str, Any]) -> None:
    """The draft's optional .docx or .pdf: upload (replacing any earlier one), download, remove."""
    record_id = int(piece["id"])
    name = piece.get("attachment_name")
    if isinstance(name, str) and name:
        name_col, download_col, remove_col = st.columns([3, 1, 1], vertical_alignment="center")
        name_col.text(t("writing_page.attachment_name", name=name))  # the writer's file name
        download_col.download_button(
            t("writing_page.download_attachment"),
            data=lambda: writing.attachment_data(store, record_id) or b"",
            file_name=name,
            mime=str(piece.get("attachment_type") or "application/octet-stream"),
            key=key("download_attachment", kind),
            on_click="ignore",
            width="stretch",
        )
        if remove_col.button(
            t("writing_page.remove_attachment"), key=key("remove_attachment", kind), width="stretch"
        ) and succeeded(
            lambda: writing.remove_attachment(store, person_id, record_id, now=parts.now())
        ):
            st.session_state[parts.NOTICE_KEY] = ("success", t("writing_page.attachment_removed"))
            st.rerun()
    round_key = key("upload_round", kind)
    round_ = int(st.session_state.get(round_key, 0))
    upload = st.file_uploader(
        t("writing_page.attachment"), type=["docx", "pdf"], key=f"{key('upload', kind)}.{round_}"
    )
    clicked = st.button(
        t("writing_page.attach"), key=key("attach_button", kind), disabled=upload is None
    )
    if not clicked or upload is None:
        return
    text = attempt(
        lambda: writing.attach_file(
            store, person_id, record_id, upload.name, upload.getvalue(), app_settings(),
            now=parts.now(),
        )
    )  # fmt: skip
    if text is not None:
        st.session_state[round_key] = round_ + 1
        st.session_state[parts.NOTICE_KEY] = ("success", t("writing_page.attached"))
        st.rerun()


def my_pieces(person_id: int, editing_kind: str, pieces: pd.DataFrame) -> None:
    if pieces.empty:
        st.caption(t("writing_page.none_yet"))
        return
    shown = st.session_state.get(key("record", editing_kind))
    for _, row in pieces.iterrows():
        record_id, kind, status = int(row["id"]), str(row["kind"]), str(row["status"])
        with st.container(border=True):
            text_col, action_col = st.columns([4, 1], vertical_alignment="center")
            with text_col:
                # User text only through st.text: never parsed as Markdown or HTML.
                title = row["title"] if isinstance(row["title"], str) else ""
                body = parts.excerpt(row["text"] if isinstance(row["text"], str) else "")
                st.text(title or body or t("writing_page.untitled"))
                st.caption(
                    t(
                        "writing_page.piece_line",
                        kind=parts.kind_label(kind),
                        range=parts.range_label(parts.piece_period(row)),
                        status=parts.status_label(status),
                    )
                )
                if title and body:
                    st.text(body)
            with action_col:
                if status == "submitted":
                    st.button(
                        t("writing_page.withdraw"),
                        key=f"writing_page.withdraw_button.{record_id}",
                        on_click=parts.take_back,
                        args=(person_id, kind, record_id),
                        width="stretch",
                    )
                elif status == "draft" and not (kind == editing_kind and shown == record_id):
                    st.button(
                        t("writing_page.edit"),
                        key=f"writing_page.edit_button.{record_id}",
                        on_click=parts.open_in_editor,
                        args=(kind, record_id),
                        width="stretch",
                    )
