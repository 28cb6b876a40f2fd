"""最近记录: the entries of the edit window, and changing one (the old version is kept)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import reading
from learnhub.ui.forms import flash, id_labels, succeeded
from learnhub.ui.text import t
from learnhub.ui.views.check_in_parts import (
    OTHER_BOOK,
    Desk,
    ReadingDefaults,
    day_input,
    reading_inputs,
)


def recent_entries(desk: Desk) -> None:
    entries = desk.store.records.entries(desk.person_id, min(desk.days), desk.today)
    entries["day"] = pd.to_datetime(entries["day"]).dt.date
    if entries.empty:
        st.caption(t("checkin.no_recent"))
        return
    shown = pd.DataFrame(
        {
            t("checkin.col_day"): entries["day"],
            t("checkin.col_kind"): entries["kind"].map(lambda k: t(f"kind.{k}")),
            t("checkin.col_title"): entries["title"].fillna(entries["source"]),
            t("checkin.col_minutes"): entries["minutes"],
            t("checkin.col_text"): entries["text"],
            t("checkin.col_flag"): entries["flag"].map(
                lambda f: t(f"checkin.flag_short_{f}") if isinstance(f, str) else ""
            ),
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    editable = entries[entries["kind"].isin(["reading", "clipping", "book_finished"])]
    if editable.empty:
        return
    unit = t("checkin.minutes_unit")

    def label(r: pd.Series) -> str:
        if r["kind"] == "reading":
            return f"{r['day']} · {t('kind.reading')} · {r['title']} · {int(r['minutes'])} {unit}"
        if r["kind"] == "book_finished":
            return f"{r['day']} · {t('kind.book_finished')} · {r['title']}"
        return f"{r['day']} · {t('kind.clipping')} · {str(r['text'])[:20]}"

    labels = id_labels(editable, label)
    chosen = st.selectbox(t("checkin.edit_which"), list(labels), format_func=labels.__getitem__)
    row = editable[editable["id"] == chosen].iloc[0]
    if row["kind"] == "reading":
        edit_reading_form(desk, chosen, row)
    elif row["kind"] == "book_finished":
        edit_book_form(desk, chosen, row)
    else:
        edit_clipping_form(desk, chosen, row)


def edit_reading_form(desk: Desk, record_id: int, row: pd.Series) -> None:
    shown = ReadingDefaults(
        day=row["day"],
        book=int(row["book_id"]) if pd.notna(row["book_id"]) else OTHER_BOOK,
        title="" if pd.notna(row["book_id"]) else str(row["title"] or ""),
        minutes=int(row["minutes"]),
        page_from=_int(row["page_from"]),
        page_to=_int(row["page_to"]),
        note=str(row["text"] or ""),
    )
    with st.form(f"edit_{record_id}", border=True):
        entry = reading_inputs(desk, shown, f"edit.{record_id}")
        submitted = st.form_submit_button(t("checkin.save_changes"))
    if not submitted:
        return
    if succeeded(
        lambda: reading.edit_reading(
            desk.store, desk.settings, desk.person_id, record_id, entry, today=desk.today
        )
    ):
        flash(t("checkin.saved_changes"))
        st.rerun()


def edit_clipping_form(desk: Desk, record_id: int, row: pd.Series) -> None:
    with st.form(f"edit_{record_id}", border=True):
        day = day_input(desk, f"edit.{record_id}", row["day"])
        excerpt = st.text_area(
            t("checkin.excerpt"), value=str(row["text"] or ""), max_chars=reading.MAX_EXCERPT
        )
        source = st.text_input(t("checkin.source"), value=str(row["source"] or ""))
        submitted = st.form_submit_button(t("checkin.save_changes"))
    if submitted and succeeded(
        lambda: reading.edit_clipping(
            desk.store, desk.settings, desk.person_id, record_id, day, excerpt, source,
            today=desk.today,
        )
    ):  # fmt: skip
        flash(t("checkin.saved_changes"))
        st.rerun()


def edit_book_form(desk: Desk, record_id: int, row: pd.Series) -> None:
    with st.form(f"edit_{record_id}", border=True):
        st.markdown(f"**{row['title']}**")
        day = day_input(desk, f"edit.{record_id}", row["day"])
        review = st.text_input(
            t("checkin.review"), value=str(row["text"] or ""), max_chars=reading.MAX_REVIEW
        )
        submitted = st.form_submit_button(t("checkin.save_changes"))
    if submitted and succeeded(
        lambda: reading.edit_book_review(
            desk.store, desk.settings, desk.person_id, record_id, day, review, today=desk.today
        )
    ):
        flash(t("checkin.saved_changes"))
        st.rerun()


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]
