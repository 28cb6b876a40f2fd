"""写作设置 (office only): the originality threshold above which pieces are flagged in the review
queue, the corpus of template texts pieces are compared against (added and removed), whether
research reports are reviewed blind, and the review rubric.

Template texts come pasted or uploaded. A .txt file is decoded here (UTF-8 or GBK/GB18030); a
.docx or .pdf goes through the lesson upload checks and its text is extracted in a child process
(`learnhub.lesson_files.check_file`), never parsed in the page process. The domain's refusals
(too short, no title, rubric out of range…) are shown as they are and store nothing.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import originality, review
from learnhub.errors import LearnHubError, ValidationError
from learnhub.review import Criterion
from learnhub.settings import Settings
from learnhub.store import Store
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import attempt, flash, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import writing_parts as parts
from learnhub.ui.views.lesson_file_parts import checked_upload, show_file_text

PASTE_ROUND = "writing_settings.paste_round"
UPLOAD_ROUND = "writing_settings.upload_round"
UPLOAD_CHECK = "writing_settings.upload_check"
RUBRIC_ROUND = "writing_settings.rubric_round"
RUBRIC_EDITOR = "writing_settings.rubric_editor"
MAX_TITLE = 200
MAX_PASTE = 200_000


def writing_settings_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.writing_settings")
    show_flash()
    threshold_section(store, viewer)
    st.divider()
    templates_section(store, viewer)
    st.divider()
    blind_section(store, viewer)
    st.divider()
    rubric_section(store, viewer)


# ---- 查重提示线 ------------------------------------------------------------
def threshold_section(store: Store, viewer: Viewer) -> None:
    st.subheader(t("writing_settings.threshold_title"))
    st.caption(t("writing_settings.threshold_help"))
    current = round(originality.threshold(store) * 100)
    with st.form("writing_settings.threshold_form"):
        percent = st.slider(
            t("writing_settings.threshold_label"), min_value=5, max_value=100, value=current,
            step=1, format="%d%%", key="writing_settings.threshold",
        )  # fmt: skip
        if st.form_submit_button(t("writing_settings.threshold_save")):
            value = int(percent)
            saved = succeeded(
                lambda: originality.set_threshold(store, value / 100, actor_roles=viewer.roles)
            )
            if saved:
                flash(t("writing_settings.threshold_saved", percent=value))
                st.rerun()


# ---- 范文库 ------------------------------------------------------------
def templates_section(store: Store, viewer: Viewer) -> None:
    st.subheader(t("writing_settings.templates_title"))
    st.caption(t("writing_settings.templates_help"))
    paste, upload = st.tabs([t("writing_settings.tab_paste"), t("writing_settings.tab_upload")])
    with paste:
        paste_template(store, viewer)
    with upload:
        upload_template(store, viewer)
    frame = store.originality.template_list()
    template_list(frame)
    remove_template(store, viewer, frame)


def add_template(store: Store, viewer: Viewer, title: str, text: str, round_key: str) -> None:
    """Store and index the template; on success start a fresh form and say so."""
    template_id = attempt(
        lambda: originality.index_template(store, title, text, viewer.person_id, now=parts.now())
    )
    if template_id is None:
        return
    st.session_state[round_key] = int(st.session_state.get(round_key, 0)) + 1
    st.session_state.pop(UPLOAD_CHECK, None)
    flash(t("writing_settings.template_added", title=title.strip(), n=len(text.strip())))
    st.rerun()


def paste_template(store: Store, viewer: Viewer) -> None:
    rnd = int(st.session_state.get(PASTE_ROUND, 0))
    with st.form(f"writing_settings.paste_form_{rnd}"):
        title = st.text_input(
            t("writing_settings.title"), max_chars=MAX_TITLE,
            key=f"writing_settings.paste_title_{rnd}",
        )  # fmt: skip
        text = st.text_area(
            t("writing_settings.text"), height=240, max_chars=MAX_PASTE,
            key=f"writing_settings.paste_text_{rnd}",
            help=t("writing_settings.text_help", n=originality.K),
        )  # fmt: skip
        if st.form_submit_button(t("writing_settings.add")):
            add_template(store, viewer, title, text, PASTE_ROUND)


def file_stem(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return stem.strip()[:MAX_TITLE]


def decode_text_file(data: bytes, settings: Settings) -> str:
    """A plain-text template: UTF-8 (with or without BOM) or GBK/GB18030, checked for size."""
    if not data:
        raise ValidationError("uploads.empty")
    if len(data) > settings.upload_max_mb * 1024 * 1024:
        raise ValidationError("uploads.too_large", mb=settings.upload_max_mb)
    if b"\x00" in data[:4096]:
        raise ValidationError("writing_settings.not_text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("writing_settings.encoding_unknown")


def is_plain_text(filename: str, data: bytes) -> bool:
    """Read as text: named .txt and not a PDF or zip inside (those take the checked path, so a
    renamed document is still extracted in a child process, never decoded here)."""
    if data.startswith((b"%PDF-", b"PK\x03\x04")):
        return False
    return filename.lower().endswith(".txt")


def uploaded_text(upload: Any, settings: Settings) -> str | None:
    """The upload's text with a preview, or None after showing why it was refused."""
    data = upload.getvalue()
    if not is_plain_text(upload.name, data):
        checked = checked_upload(upload, settings, UPLOAD_CHECK)
        return None if checked is None else checked.text
    try:
        text = decode_text_file(data, settings)
    except LearnHubError as exc:
        st.error(exc.message(language()))
        return None
    with st.expander(t("uploads.preview"), expanded=True):
        show_file_text(upload.name, len(data), text)
    return text


def upload_template(store: Store, viewer: Viewer) -> None:
    """Not a form: the file's check and preview come before the button."""
    settings = app_settings()
    rnd = int(st.session_state.get(UPLOAD_ROUND, 0))
    upload = st.file_uploader(
        t("writing_settings.file"), type=["txt", "docx", "pdf"],
        key=f"writing_settings.upload_file_{rnd}", max_upload_size=settings.upload_max_mb,
        help=t("writing_settings.file_help", mb=settings.upload_max_mb),
    )  # fmt: skip
    default_title = file_stem(upload.name) if upload is not None else ""
    title = st.text_input(
        t("writing_settings.title"), max_chars=MAX_TITLE, placeholder=default_title,
        key=f"writing_settings.upload_title_{rnd}", help=t("writing_settings.title_default"),
    )  # fmt: skip
    text = uploaded_text(upload, settings) if upload is not None else None
    if st.button(t("writing_settings.add_file"), key=f"writing_settings.upload_add_{rnd}"):
        if upload is None:
            st.error(t("writing_settings.choose_file"))
        elif text is not None:  # else the file's refusal is already on the page
            add_template(store, viewer, title.strip() or default_title, text, UPLOAD_ROUND)


def template_list(frame: pd.DataFrame) -> None:
    st.markdown(f"**{t('writing_settings.list_title', n=len(frame))}**")
    if frame.empty:
        st.caption(t("writing_settings.no_templates"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("writing_settings.col_title"): frame["title"],
                t("writing_settings.col_characters"): frame["characters"],
                t("writing_settings.col_uploaded_by"): frame["uploaded_by"],
                t("writing_settings.col_uploaded_at"): pd.to_datetime(
                    frame["uploaded_at"]
                ).dt.strftime("%Y-%m-%d %H:%M"),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def remove_template(store: Store, viewer: Viewer, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    titles = {int(r["id"]): str(r["title"]) for _, r in frame.iterrows()}
    with st.form("writing_settings.remove_form", clear_on_submit=True):
        chosen = st.selectbox(
            t("writing_settings.remove_pick"), list(titles), index=None,
            format_func=titles.__getitem__, placeholder=t("writing_settings.remove_placeholder"),
        )  # fmt: skip
        sure = st.checkbox(t("writing_settings.remove_confirm"))
        if st.form_submit_button(t("writing_settings.remove")):
            if chosen is None:
                st.error(t("writing_settings.remove_none"))
            elif not sure:
                st.error(t("writing_settings.remove_unconfirmed"))
            else:
                template_id = int(chosen)
                title = attempt(
                    lambda: originality.remove_template(
                        store, template_id, actor_roles=viewer.roles
                    )
                )
                if title is not None:
                    flash(t("writing_settings.removed", title=title))
                    st.rerun()


# ---- 匿名审阅 ------------------------------------------------------------
def blind_section(store: Store, viewer: Viewer) -> None:
    st.subheader(t("writing_settings.blind_title"))
    with st.form("writing_settings.blind_form"):
        blind = st.checkbox(
            t("writing_settings.blind_label"), value=review.blind_reports(store),
            help=t("writing_settings.blind_help"),
        )  # fmt: skip
        if st.form_submit_button(t("writing_settings.blind_save")):
            on = bool(blind)
            if succeeded(lambda: review.set_blind_reports(store, on, actor_roles=viewer.roles)):
                flash(t("writing_settings.blind_on" if on else "writing_settings.blind_off"))
                st.rerun()


# ---- 评分标准 ------------------------------------------------------------
def rubric_frame(criteria: tuple[Criterion, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "key": [c.key for c in criteria],
            "label": [c.label for c in criteria],
            "low": [c.low for c in criteria],
            "high": [c.high for c in criteria],
        }
    )


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def criteria_from(edited: pd.DataFrame) -> list[Criterion]:
    """The edited table as criteria: a row keeps its key (so scores given on it stay attached);
    a new row gets a fresh one. A row without both numbers is refused here."""
    rows = edited.to_dict("records")
    used = {str(r["key"]) for r in rows if not _missing(r.get("key")) and str(r["key"])}
    criteria = []
    number = 1
    for row in rows:
        if _missing(row.get("low")) or _missing(row.get("high")):
            raise ValidationError("writing_settings.rubric_numbers_missing")
        key = row.get("key")
        if _missing(key) or not str(key):
            while f"item{number}" in used:
                number += 1
            key = f"item{number}"
            used.add(key)
        label = "" if _missing(row.get("label")) else str(row["label"]).strip()
        criteria.append(Criterion(str(key), label, int(row["low"]), int(row["high"])))
    return criteria


def rubric_section(store: Store, viewer: Viewer) -> None:
    st.subheader(t("writing_settings.rubric_title"))
    st.caption(t("writing_settings.rubric_help"))
    rnd = int(st.session_state.get(RUBRIC_ROUND, 0))
    edited = st.data_editor(
        rubric_frame(review.rubric(store)),
        key=f"{RUBRIC_EDITOR}_{rnd}",
        num_rows="dynamic",
        hide_index=True,
        column_order=("label", "low", "high"),
        column_config={
            "label": st.column_config.TextColumn(
                t("writing_settings.col_label"), required=True, max_chars=20
            ),
            "low": st.column_config.NumberColumn(
                t("writing_settings.col_low"), min_value=0, max_value=100, step=1, required=True
            ),
            "high": st.column_config.NumberColumn(
                t("writing_settings.col_high"), min_value=0, max_value=100, step=1, required=True
            ),
        },
    )
    st.info(t("writing_settings.rubric_keeps_scores"))
    if st.button(t("writing_settings.rubric_save"), key=f"writing_settings.rubric_save_{rnd}"):
        criteria = attempt(lambda: criteria_from(edited))
        if criteria is not None and succeeded(
            lambda: review.set_rubric(store, criteria, actor_roles=viewer.roles)
        ):
            st.session_state[RUBRIC_ROUND] = rnd + 1
            flash(t("writing_settings.rubric_saved", n=len(criteria)))
            st.rerun()
