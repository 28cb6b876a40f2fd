"""审阅: the office and trainers go through the month's written work, open one piece (which
starts its review: the writer can no longer withdraw it), read it with the copied passages
marked, score it on the rubric and decide, release the reviews to the writer and feature the
good ones for the exhibition (展评). Research reports also show the month's ranking.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import originality, review, writing
from learnhub.periods import Period, month_of
from learnhub.store import Store
from learnhub.store.reviews import REVIEWABLE
from learnhub.ui.context import app_store
from learnhub.ui.forms import show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t
from learnhub.ui.views import review_parts as rp
from learnhub.ui.views import study_day_parts as parts

KINDS = ("reflection", "essay", "research_report", "suggestion")
PENDING = ("submitted", "under_review")
# The piece on screen. Kept apart from the picker so that a piece just reviewed stays open
# (to release its feedback or feature it) after it leaves the "to review" queue.
SHOWN_KEY = "review_page.shown"
MONTHS_BACK = 12
SNIPPET = 24


def review_page() -> None:
    viewer = require(["trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.review")
    # Always there, so what follows keeps its place after a save.
    with st.container():
        show_flash()
    now = parts.now()
    month, kinds, statuses, department = filters(store, now.date())
    queue = store.reviews.queue(
        month.start, month.end, kinds=list(kinds), statuses=list(statuses),
        department_id=department,
    )  # fmt: skip
    queue = blinded(store, with_snippets(store, queue))
    if queue.empty:
        st.info(t("review_page.empty"))
    else:
        queue_table(store, queue)
    shown = picked(store, queue)
    if shown is not None:
        one_piece(store, viewer, shown)
    if "research_report" in kinds:
        rp.ranking_section(store, viewer, month.start, month.end)


def blinded(store: Store, queue: pd.DataFrame) -> pd.DataFrame:
    """The queue with the writers of blind-reviewed pieces hidden, when the office asks for it."""
    if not review.blind_reports(store):
        return queue.assign(blind=False)
    return review.hide_writers(queue, lambda i: t("review_page.anonymous", n=i))


def filters(store: Store, today: date) -> tuple[Period, tuple[str, ...], tuple[str, ...], Any]:
    months = [month_of(today)]
    for _ in range(MONTHS_BACK - 1):
        months.append(month_of(months[-1].start - timedelta(days=1)))
    departments = store.people.departments()
    names = {int(r["id"]): str(r["name"]) for _, r in departments.iterrows()}
    status_options = ["pending", *REVIEWABLE, "all"]
    one, two, three, four = st.columns(4)
    month = one.selectbox(
        t("review_page.month"), months, format_func=lambda p: p.label, key="review_page_month"
    )
    kind = two.selectbox(
        t("review_page.kind"),
        ["all", *KINDS],
        format_func=lambda k: t(f"review_page.kind_{k}"),
        key="review_page_kind",
    )
    department = three.selectbox(
        t("review_page.department"),
        [None, *names],
        format_func=lambda d: t("review_page.all_departments") if d is None else names[d],
        key="review_page_department",
    )
    status = four.selectbox(
        t("review_page.status"),
        status_options,
        format_func=lambda s: t(f"review_page.status_{s}"),
        key="review_page_status",
    )
    kinds = KINDS if kind == "all" else (str(kind),)
    statuses = PENDING if status == "pending" else REVIEWABLE if status == "all" else (status,)
    return month, kinds, tuple(statuses), department


def with_snippets(store: Store, queue: pd.DataFrame) -> pd.DataFrame:
    """The queue with a label for each piece: its title, else its first words."""
    untitled = [int(i) for i, title in zip(queue["id"], queue["title"], strict=True)
                if not isinstance(title, str) or not title.strip()]  # fmt: skip
    texts = {int(r["id"]): str(r["text"]) for r in store.originality.pieces(untitled)}
    queue = queue.copy()
    queue["label"] = [
        str(title).strip() if int(i) not in texts else _snippet(texts[int(i)])
        for i, title in zip(queue["id"], queue["title"], strict=True)
    ]
    return queue


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


def queue_table(store: Store, queue: pd.DataFrame) -> None:
    limit = originality.threshold(store)

    def similarity(value: Any) -> str:
        if value is None or pd.isna(value):
            return ""
        return rp.percent(value) + (" ⚠" if float(value) >= limit else "")

    table = pd.DataFrame(
        {
            t("review_page.col.title"): queue["label"],
            t("review_page.col.kind"): queue["kind"].map(lambda k: t(f"review_page.kind_{k}")),
            t("review_page.col.status"): queue["status"].map(
                lambda s: t(f"review_page.status_{s}")
            ),
            t("review_page.col.writer"): queue["name"],
            t("review_page.col.department"): queue["department"].fillna(""),
            t("review_page.col.submitted_at"): queue["submitted_at"].map(rp.when),
            t("review_page.col.reviews"): queue["reviews"].astype(int),
            t("review_page.col.average"): queue["average"].map(
                lambda v: "" if pd.isna(v) else f"{float(v):.1f}"
            ),
            t("review_page.col.similarity"): queue["similarity"].map(similarity),
            t("review_page.col.featured"): queue["featured"].map(lambda f: "✓" if f else ""),
        }
    )
    st.caption(t("review_page.count", n=len(queue)))
    st.dataframe(table, hide_index=True, width="stretch")


def _label(row: pd.Series) -> str:
    return t(
        "review_page.pick_label",
        title=row["label"],
        kind=t(f"review_page.kind_{row['kind']}"),
        writer=row["name"],
        status=t(f"review_page.status_{row['status']}"),
    )


def row_of(store: Store, record_id: int) -> pd.Series | None:
    """The queue row of one piece, whatever the filters."""
    piece = store.writing.piece(record_id)
    if piece is None or piece["status"] not in REVIEWABLE:
        return None
    month = month_of(piece["day"])
    found = store.reviews.queue(month.start, month.end, kinds=list(KINDS),
                                statuses=list(REVIEWABLE))  # fmt: skip
    found = blinded(store, with_snippets(store, found[found["id"].astype(int) == record_id]))
    return None if found.empty else found.iloc[0]


def picked(store: Store, queue: pd.DataFrame) -> pd.Series | None:
    labels = {int(r["id"]): _label(r) for _, r in queue.iterrows()}
    stored = st.session_state.get(SHOWN_KEY)
    shown = None if stored is None else int(stored)
    extra = row_of(store, shown) if shown is not None and shown not in labels else None
    if extra is not None and shown is not None:
        labels[shown] = _label(extra)
    if not labels:
        return None
    ids = list(labels)
    # The picker's key follows its options, so a changed queue never keeps a stale choice.
    digest = hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest()[:12]
    chosen = st.selectbox(
        t("review_page.pick"),
        ids,
        index=ids.index(shown) if shown in labels else None,
        format_func=labels.__getitem__,
        placeholder=t("review_page.pick_placeholder"),
        key=f"review_page_pick_{digest}",
    )
    if chosen is None or chosen not in labels:
        st.session_state.pop(SHOWN_KEY, None)
        return None
    st.session_state[SHOWN_KEY] = int(chosen)
    if extra is not None and int(chosen) == shown:
        return extra
    return queue[queue["id"].astype(int) == int(chosen)].iloc[0]


def one_piece(store: Store, viewer: Viewer, row: pd.Series) -> None:
    record_id = int(row["id"])
    # Opening a piece starts its review: from now on its writer cannot withdraw it.
    if row["status"] == "submitted" and not succeeded(
        lambda: review.start_review(store, record_id, actor_id=viewer.person_id,
                                    actor_roles=viewer.roles)
    ):  # fmt: skip
        return
    piece = store.writing.piece(record_id)
    if piece is None:
        return
    st.subheader(row["label"])
    st.caption(
        t(
            "review_page.whose",
            writer=row["name"],
            department=t("review_page.blind_department")
            if bool(row["blind"])
            else row["department"] or t("review_page.no_department"),
            kind=t(f"review_page.kind_{row['kind']}"),
            at=rp.when(row["submitted_at"]),
            status=t(f"review_page.status_{piece['status']}"),
        )
    )
    if isinstance(piece.get("topic"), str) and piece["topic"].strip():
        st.caption(t("review_page.topic", topic=piece["topic"]))
    blind = bool(row["blind"])
    rp.originality_section(store, piece, parts.now(), blind=blind)
    attachment_part(store, piece, blind=blind)
    reviews = store.reviews.reviews(record_id)
    rp.review_form(store, viewer, record_id, reviews)
    rp.reviews_list(reviews)
    rp.release_button(store, viewer, record_id, reviews)
    if piece["status"] == "reviewed":
        rp.feature_part(store, viewer, record_id, bool(row["featured"]))


def attachment_part(store: Store, piece: dict[str, Any], *, blind: bool = False) -> None:
    """The piece's attached file, if any: its name, a download and the text read from it."""
    name = piece.get("attachment_name")
    if not isinstance(name, str) or not name:
        return
    record_id = int(piece["id"])
    if blind:  # writers name their files after themselves ("张三调研报告.docx")
        name = t("review_page.attachment_blind_name", n=record_id) + PurePath(name).suffix
    name_col, download_col = st.columns([3, 1], vertical_alignment="center")
    name_col.text(t("review_page.attachment_name", name=name))  # the writer's file name
    download_col.download_button(
        t("review_page.download_attachment"),
        data=lambda: writing.attachment_data(store, record_id) or b"",
        file_name=name,
        mime=str(piece.get("attachment_type") or "application/octet-stream"),
        key=f"review_page_attachment_{record_id}",
        on_click="ignore",
        width="stretch",
    )
    with st.expander(t("review_page.attachment_text"), expanded=False):
        st.text(str(piece.get("attachment_text") or ""))
