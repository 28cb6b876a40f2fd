"""数据快照 (office only): the read-only copy of the database that notebooks read while the app
serves (learnhub.snapshot): when it was taken, how big it is, a button to refresh it now (safe to
click twice: each refresh leaves a complete snapshot) and how to use it in Jupyter."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import streamlit as st

from learnhub.periods import month_of
from learnhub.snapshot import SnapshotInfo, age_text, refresh_snapshot, snapshot_info, snapshot_path
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import flash, show_flash
from learnhub.ui.gate import require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts

log = logging.getLogger(__name__)


def data_snapshot_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    settings = app_settings()
    page_header("nav.data_snapshot")
    show_flash()
    minutes = settings.snapshot_minutes
    st.caption(
        t("data_snapshot.explain", minutes=minutes)
        if minutes > 0
        else t("data_snapshot.explain_off")
    )
    if st.button(t("data_snapshot.refresh"), type="primary", key="data_snapshot_refresh"):
        try:
            info = refresh_snapshot(store, now=datetime.now(UTC))
        except Exception as exc:  # shown, logged; the page carries on with the snapshot there is
            log.exception("snapshot refresh failed")
            st.error(t("data_snapshot.failed", error=str(exc)))
        else:
            flash(t("data_snapshot.refreshed", seconds=f"{info.seconds or 0.0:.1f}"))
            st.rerun()
    show_snapshot(snapshot_path(store.db.path), settings.timezone)
    usage()


def show_snapshot(path: Path, timezone: str) -> None:
    try:
        info = snapshot_info(path)
    except Exception as exc:  # a damaged file: say so, the button makes a new one
        st.warning(t("data_snapshot.unreadable", error=str(exc)))
        return
    if info is None:
        st.info(t("data_snapshot.none"))
        return
    figures(info, timezone)


def figures(info: SnapshotInfo, timezone: str) -> None:
    taken = info.taken_at.astimezone(ZoneInfo(timezone))
    first, second, third = st.columns(3)
    first.metric(t("data_snapshot.taken_at"), taken.strftime("%Y-%m-%d %H:%M"))
    second.metric(t("data_snapshot.age"), age_text(info.age(), language()))
    third.metric(t("data_snapshot.size"), t("data_snapshot.size_mb",
                                            mb=f"{info.size_bytes / 2**20:.1f}"))  # fmt: skip
    st.caption(t("data_snapshot.path", path=str(info.path)))


def usage() -> None:
    st.subheader(t("data_snapshot.usage"))
    st.caption(t("data_snapshot.usage_explain"))
    today = study_day_parts.now().date()
    last_month = month_of(today.replace(day=1) - timedelta(days=1)).label
    st.code(
        f'import learnhub\nhub = learnhub.open()\nhub.monthly_report("{last_month}")',
        language="python",
    )
