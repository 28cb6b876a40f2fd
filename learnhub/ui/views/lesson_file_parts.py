"""File lessons on 课程管理: an upload's check and preview, and replacing a lesson's file.

A replacement goes through the same checks and preview as a new upload; the file it replaces is
kept (`learnhub.lesson_files`), listed here with a download for the course's editors.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import lesson_files
from learnhub.errors import LearnHubError
from learnhub.lesson_files import CheckedFile
from learnhub.settings import Settings
from learnhub.store import Store
from learnhub.ui.context import app_settings
from learnhub.ui.forms import attempt, flash
from learnhub.ui.gate import Viewer
from learnhub.ui.text import language, t

# Its own cache and round beside the new-lesson uploader's: both can be on the page at once, and
# one shared cache would make them evict each other and extract again on every rerun.
REPLACE_CHECK_KEY = "learnhub.course_admin.replace_check"
REPLACE_ROUND_KEY = "learnhub.course_admin.replace_round"
PREVIEW_CHARS = 20_000


def show_file_text(filename: str, size_bytes: int, text: str) -> None:
    # Plain text, never Markdown or HTML: the file's words are whatever its author typed.
    st.caption(t("uploads.file_info", filename=filename, kb=max(1, round(size_bytes / 1024))))
    if not text:
        st.info(t("uploads.no_text"))
        return
    shown = text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS] + "\n…"
    with st.container(height=320):
        st.text(shown)


def checked_upload(upload: Any, settings: Settings, state_key: str) -> CheckedFile | None:
    """The upload's check and text, kept under `state_key` by the upload's id: extracting runs
    a child process for up to 20 s, so it happens once per upload, not on every rerun."""
    cached = st.session_state.get(state_key)
    if cached is None or cached[0] != upload.file_id:
        with st.spinner(t("uploads.reading")):
            result: CheckedFile | LearnHubError
            try:
                result = lesson_files.check_file(upload.name, upload.getvalue(), settings)
            except LearnHubError as exc:
                result = exc
        cached = (upload.file_id, result)
        st.session_state[state_key] = cached
    result = cached[1]
    if isinstance(result, LearnHubError):
        st.error(result.message(language()))
        return None
    with st.expander(t("uploads.preview"), expanded=True):
        show_file_text(result.filename, result.size_bytes, result.text)
    return result


def replace_file(store: Store, viewer: Viewer, lesson_id: int) -> None:
    """Upload a new file for a file lesson, preview its text, then replace. Not a form, for the
    same reason as adding a file lesson: the preview must come before the button."""
    settings = app_settings()
    upload_round = int(st.session_state.get(REPLACE_ROUND_KEY, 0))
    suffix = f"{lesson_id}_{upload_round}"
    with st.container(border=True):
        st.markdown(f"**{t('uploads.replace')}**")
        st.caption(t("uploads.replace_help"))
        upload = st.file_uploader(
            t("uploads.replace_file"), type=["pdf", "docx"], key=f"replace_file_{suffix}",
            max_upload_size=settings.upload_max_mb,
            help=t("uploads.file_help", mb=settings.upload_max_mb),
        )  # fmt: skip
        checked = (
            checked_upload(upload, settings, REPLACE_CHECK_KEY) if upload is not None else None
        )
        if st.button(t("uploads.replace_button"), key=f"replace_{suffix}"):
            if upload is None:
                st.error(t("uploads.choose_file"))
            elif checked is not None:  # else the upload's refusal is already on the page
                version = attempt(
                    lambda: lesson_files.replace_lesson_file(
                        store, lesson_id, viewer.person_id, viewer.roles,
                        filename=upload.name, data=upload.getvalue(), settings=settings,
                        checked=checked,
                    )
                )  # fmt: skip
                if version is not None:
                    st.session_state.pop(REPLACE_CHECK_KEY, None)
                    st.session_state[REPLACE_ROUND_KEY] = upload_round + 1
                    flash(t("uploads.replaced", filename=checked.filename, version=version))
                    st.rerun()
        earlier_files(store, viewer, lesson_id)


def earlier_files(store: Store, viewer: Viewer, lesson_id: int) -> None:
    versions = attempt(
        lambda: lesson_files.earlier_files(store, lesson_id, viewer.person_id, viewer.roles)
    )
    if versions is None:
        return
    st.markdown(f"**{t('uploads.earlier')}**")
    if versions.empty:
        st.caption(t("uploads.earlier_none"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("uploads.col_version"): versions["version"],
                t("uploads.col_filename"): versions["filename"],
                t("uploads.col_size"): (versions["size_bytes"] / 1024).round().clip(lower=1),
                t("uploads.col_uploaded"): versions["uploaded_at"].dt.strftime("%Y-%m-%d %H:%M"),
                t("uploads.col_replaced"): versions["replaced_at"].dt.strftime("%Y-%m-%d %H:%M"),
                t("uploads.col_replaced_by"): versions["replaced_by"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    rows = {int(r["version"]): r for _, r in versions.iterrows()}
    version = st.selectbox(
        t("uploads.earlier_choose"), list(rows), key=f"earlier_{lesson_id}",
        format_func=lambda v: t("uploads.earlier_label", version=v, filename=rows[v]["filename"]),
    )  # fmt: skip
    st.download_button(
        t("uploads.earlier_download", version=version),
        # Fetched only when clicked: earlier files are rarely wanted.
        data=lambda: lesson_files.earlier_file_data(
            store, lesson_id, version, viewer.person_id, viewer.roles
        ),
        file_name=str(rows[version]["filename"]),
        mime=str(rows[version]["media_type"]),
        key=f"earlier_download_{lesson_id}_{version}",
        on_click="ignore",
    )
