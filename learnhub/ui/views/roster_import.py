"""导入名册: upload a roster, see what would change and every bad row, then store all or nothing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub.exports import to_csv_bytes
from learnhub.imports.roster import apply_roster, preview_roster
from learnhub.imports.tabular import read_table
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, show_flash
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t

TEMPLATE = (
    "username,name,department,roles\n00123,张三,综合科,staff\n00124,李四,办公室,staff;office\n"
)


def roster_import_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.roster_import")
    show_flash()
    st.markdown(t("roster.explain"))
    st.download_button(
        t("roster.template"),
        ("\ufeff" + TEMPLATE).encode("utf-8"),
        file_name="roster-template.csv",
        mime="text/csv",
        on_click="ignore",
    )
    _show_new_passwords()
    upload = st.file_uploader(t("roster.upload"), type=["xlsx", "csv"], key="roster_file")
    if upload is None:
        return
    frame = attempt(lambda: read_table(upload.getvalue(), upload.name))
    if frame is None:
        return
    preview = attempt(lambda: preview_roster(store, frame))
    if preview is None:
        return
    if not preview.ok:
        st.error(t("roster.has_errors", n=len(preview.errors)))
        st.dataframe(
            pd.DataFrame(
                {
                    t("roster.row"): [e.row for e in preview.errors],
                    t("roster.column"): [e.column for e in preview.errors],
                    t("roster.problem"): [e.message(language()) for e in preview.errors],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(t("roster.nothing_stored"))
        return
    counts = preview.rows["action"].value_counts()
    st.success(
        t(
            "roster.ready",
            new=int(counts.get("new", 0)),
            update=int(counts.get("update", 0)),
            unchanged=int(counts.get("unchanged", 0)),
        )
    )
    shown = preview.rows.copy()
    shown["action"] = shown["action"].map(lambda a: t(f"roster.action_{a}"))
    st.dataframe(shown, hide_index=True, width="stretch")
    if st.button(t("roster.apply"), type="primary", key="apply_roster"):
        # Each new account's password is hashed with argon2 on purpose slowly (~0.1 s).
        new = int(counts.get("new", 0))
        with st.spinner(t("roster.applying", n=new, seconds=max(1, round(new * 0.15)))):
            result = attempt(lambda: apply_roster(store, preview, viewer.person_id))
        if result is not None:
            st.session_state["learnhub.roster_passwords"] = result.passwords
            st.session_state.pop("roster_file", None)
            st.rerun()


def _show_new_passwords() -> None:
    passwords = st.session_state.get("learnhub.roster_passwords")
    if passwords is None:
        return
    frame = pd.DataFrame(passwords, columns=["username", "name", "password"])
    st.success(t("roster.applied", n=len(frame)))
    if not frame.empty:
        st.warning(t("roster.passwords_once"))
        st.download_button(
            t("roster.download_passwords"),
            to_csv_bytes(frame),
            file_name="one-time-passwords.csv",
            mime="text/csv",
            on_click="ignore",
        )
        st.dataframe(frame, hide_index=True, width="stretch")
    if st.button(t("roster.done")):
        st.session_state.pop("learnhub.roster_passwords", None)
        st.rerun()
