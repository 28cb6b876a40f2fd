"""互助组: a staff member's writing group for the current period — its members and who has written
and commented, each group mate's current drafts with their comments and a comment form, and the
person's own drafts with the comments others left beside the text.

What is shown of a piece is only what `writing_groups.may_read` allows, and its text only ever
through `st.text` (never Markdown or HTML). A piece id in the address (`?piece=…`) opens that piece
when the viewer may read it, and shows a refusal and no text otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import writing_groups
from learnhub.errors import LearnHubError
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import flash, next_submission, show_flash, submission_key
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import writing_parts as parts

PIECE_PARAM = "piece"
NOTICE_KEY = "groups_page.notice"


def writing_group_page() -> None:
    viewer = require(["staff"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.writing_group")
    show_flash()
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.error(notice)
    today = parts.now().date()

    asked = _asked_piece()
    if asked is not None:
        one_piece(store, viewer, asked)
        st.divider()

    group = store.writing_groups.group_of(viewer.person_id, today)
    if group is None:
        st.info(t("groups_page.no_group"))
    else:
        my_group(store, viewer, group)
    st.divider()
    st.subheader(t("groups_page.mine_title"))
    since = group["first_day"] if group is not None else _month_before(today)
    my_drafts(store, viewer, since)


def _asked_piece() -> int | None:
    value = st.query_params.get(PIECE_PARAM)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return -1


def _month_before(today: date) -> date:
    first = today.replace(day=1)
    return (first - pd.Timedelta(days=1)).replace(day=1)


def _day(value: Any) -> date:
    return pd.Timestamp(value).date()


def _days(first: Any, last: Any) -> str:
    return t(
        "groups_page.days",
        first=parts.day_label(_day(first)),
        last=parts.day_label(_day(last)),
    )


# ---- the group ----------------------------------------------------------------------------------


def my_group(store: Store, viewer: Viewer, group: dict[str, Any]) -> None:
    group_id = int(group["id"])
    first, last = _day(group["first_day"]), _day(group["last_day"])
    st.subheader(t("groups_page.group_title", name=group["name"]))
    st.caption(_days(first, last))
    members = store.writing_groups.members(group_id)
    progress_table(store.writing_groups.progress(group_id, first, last), members)

    st.subheader(t("groups_page.mates_title"))
    mates = members[members["person_id"].astype(int) != viewer.person_id]
    shown = 0
    for _, mate in mates.iterrows():
        pieces = store.writing.pieces_of(int(mate["person_id"]), since=first)
        drafts = pieces[pieces["status"] == "draft"] if not pieces.empty else pieces
        for _, row in drafts.iterrows():
            record_id = int(row["id"])
            if not writing_groups.may_read(store, viewer.person_id, viewer.roles, record_id):
                continue
            shown += 1
            with st.container(border=True):
                piece_view(store, viewer, row, writer=str(mate["name"]), where="mate")
    if not shown:
        st.caption(t("groups_page.no_mate_drafts"))


def progress_table(progress: pd.DataFrame, members: pd.DataFrame) -> None:
    departments = dict(zip(members["person_id"], members["department"], strict=True))
    yes, no = t("groups_page.yes"), t("groups_page.no")
    table = pd.DataFrame(
        {
            t("groups_page.col_name"): progress["name"].astype(str),
            t("groups_page.col_department"): [
                str(departments.get(p) or "") for p in progress["person_id"]
            ],
            t("groups_page.col_written"): [yes if n else no for n in progress["pieces"]],
            t("groups_page.col_pieces"): progress["pieces"].astype(int),
            t("groups_page.col_submitted"): progress["submitted"].astype(int),
            t("groups_page.col_commented"): [yes if n else no for n in progress["comments"]],
            t("groups_page.col_comments"): progress["comments"].astype(int),
        }
    )
    st.caption(t("groups_page.progress_explain"))
    st.dataframe(table, hide_index=True, width="stretch")


# ---- one piece ----------------------------------------------------------------------------------


def one_piece(store: Store, viewer: Viewer, record_id: int) -> None:
    piece = store.writing.piece(record_id) if record_id > 0 else None
    if piece is None or not writing_groups.may_read(
        store, viewer.person_id, viewer.roles, record_id
    ):
        st.error(t("groups_page.refused"))
        return
    writer = store.people.person(int(piece["person_id"]))
    with st.container(border=True):
        name = str(writer["name"]) if writer else ""
        piece_view(store, viewer, pd.Series(piece), writer=name, where="asked")


def piece_view(store: Store, viewer: Viewer, row: pd.Series, *, writer: str, where: str) -> None:
    """The text on the left, the comments and the comment form beside it."""
    record_id = int(row["id"])
    text_col, comment_col = st.columns([3, 2])
    with text_col:
        title = row["title"] if isinstance(row["title"], str) else ""
        st.text(title or t("groups_page.untitled"))
        st.caption(
            t(
                "groups_page.piece_line",
                writer=writer,
                kind=parts.kind_label(str(row["kind"])),
                status=parts.status_label(str(row["status"])),
                saved=parts.clock(row["saved_at"]),
            )
        )
        # User text only through st.text: never parsed as Markdown or HTML.
        st.text(row["text"] if isinstance(row["text"], str) else "")
    with comment_col:
        comments_view(store.writing_groups.comments(record_id))
        if row["status"] == "draft":
            comment_form(viewer, record_id, where)
        else:
            st.caption(t("groups_page.comments_closed"))


def comments_view(comments: pd.DataFrame) -> None:
    st.markdown(f"**{t('groups_page.comments_title')}**")
    if comments.empty:
        st.caption(t("groups_page.no_comments"))
        return
    for _, comment in comments.iterrows():
        st.caption(
            t(
                "groups_page.comment_line",
                author=comment["author"],
                when=pd.Timestamp(comment["created_at"]).strftime("%m-%d %H:%M"),
            )
        )
        st.text(str(comment["text"]))


def _text_key(where: str, record_id: int, key: str) -> str:
    return f"groups_page.comment_text.{where}.{record_id}.{key}"


def comment_form(viewer: Viewer, record_id: int, where: str) -> None:
    form = f"groups_page.comment.{record_id}"
    key = submission_key(form)
    with st.form(f"groups_page_comment_{where}_{record_id}_{key}"):
        st.text_area(
            t("groups_page.comment_label"),
            key=_text_key(where, record_id, key),
            max_chars=writing_groups.MAX_COMMENT,
            height=100,
        )
        st.form_submit_button(
            t("groups_page.comment_send"),
            on_click=_send_comment,
            args=(viewer.person_id, viewer.roles, record_id, where, key),
        )


def _send_comment(
    person_id: int, roles: frozenset[str], record_id: int, where: str, key: str
) -> None:
    """Runs before the page (so the refusal shows even when the draft was submitted meanwhile);
    a second click on a form whose comment went through stores nothing."""
    form = f"groups_page.comment.{record_id}"
    if key != submission_key(form):
        return
    text = str(st.session_state.get(_text_key(where, record_id, key)) or "")
    try:
        writing_groups.add_comment(app_store(), record_id, person_id, roles, text, now=parts.now())
    except LearnHubError as exc:
        st.session_state[NOTICE_KEY] = exc.message(language())
        return
    next_submission(form)
    flash(t("groups_page.comment_saved"))


# ---- my own drafts ------------------------------------------------------------------------------


def my_drafts(store: Store, viewer: Viewer, since: Any) -> None:
    st.caption(t("groups_page.mine_explain"))
    pieces = store.writing.pieces_of(viewer.person_id, since=_day(since))
    shown = 0
    for _, row in pieces.iterrows():
        has_comments = not store.writing_groups.comments(int(row["id"])).empty
        if row["status"] != "draft" and not has_comments:
            continue
        shown += 1
        with st.container(border=True):
            piece_view(store, viewer, row, writer=viewer.name, where="mine")
    if not shown:
        st.caption(t("groups_page.no_drafts"))
