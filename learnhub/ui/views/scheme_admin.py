"""竞赛方案 (office only): the version of a scheme in force this month and its history, a new
version edited as tables with a preview of what it would have made of last month, campaigns
beside the default scheme, and exemptions.

A new version is saved only by 保存新版本; the preview saves nothing. After a save the editor's
round goes up, so its widgets get new keys: a second click on the old button reaches no widget and
the fresh editor (with an empty reason) stores nothing either. Every refusal is the domain's own
message (learnhub.schemes / learnhub.scheme_versions) and stores nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from learnhub import scheme_versions
from learnhub.errors import LearnHubError
from learnhub.scheme_versions import MAX_REASON, PreviewResult
from learnhub.schemes import COUNTED_DAYS, Scheme, SchemeError
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import scheme_admin_parts as parts
from learnhub.ui.views import scheme_campaign, scheme_exemptions
from learnhub.ui.views import study_day_parts as clock

PICK = "scheme_admin.scheme"
PENDING_PICK = "scheme_admin.pending_scheme"
ROUND = "scheme_admin.round"
PREVIEW = "scheme_admin.preview"


def scheme_admin_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.scheme_admin")
    show_flash()
    st.caption(t("scheme_admin.intro"))
    today = clock.now().date()
    name = scheme_picker(store)
    versions = scheme_versions.history(store, name)
    shown = current_section(store, name, versions, today)
    st.divider()
    editor_section(store, viewer, versions[-1] if versions else shown, today)
    st.divider()
    scheme_campaign.campaign_section(store, viewer, today, PENDING_PICK)
    st.divider()
    scheme_exemptions.exemptions_section(store, viewer, today)


def scheme_picker(store: Store) -> str:
    names = scheme_versions.scheme_names(store)
    pending = st.session_state.pop(PENDING_PICK, None)
    if pending in names:
        st.session_state[PICK] = pending
    lang = language()
    titles = {}
    for name in names:
        versions = scheme_versions.history(store, name)
        titles[name] = versions[-1].title(lang) if versions else name
    chosen = st.selectbox(
        t("scheme_admin.pick"), names, format_func=lambda n: titles.get(n, n), key=PICK,
        help=t("scheme_admin.pick_help"),
    )  # fmt: skip
    return str(chosen) if chosen in names else names[0]


# ---- 本月执行的版本 ------------------------------------------------------------
def current_section(store: Store, name: str, versions: list[Scheme], today: date) -> Scheme:
    """Show the version in force this month (a campaign not yet started: its first version)."""
    st.subheader(t("scheme_admin.in_force_title"))
    this_month = today.replace(day=1)
    try:
        shown = scheme_versions.in_force(store, name, today)
    except SchemeError:
        shown = versions[0]
        st.info(t("scheme_admin.not_started", month=parts.month_text(shown.valid_from)))
    with st.container(border=True):
        st.text(shown.title(language()))
        st.caption(
            t(
                "scheme_admin.version_line",
                version=shown.version,
                month=parts.month_text(shown.valid_from),
            )
        )
        st.caption(t("scheme_admin.counted_days", days=parts.counted_label(shown.counted_days)))
        departments_line(store, shown)
        for later in versions:
            if later.valid_from > this_month and later.version > shown.version:
                st.caption(
                    t(
                        "scheme_admin.upcoming",
                        version=later.version,
                        month=parts.month_text(later.valid_from),
                    )
                )
    st.markdown(f"**{t('scheme_admin.quotas_title')}**")
    st.caption(t("scheme_admin.quotas_help"))
    st.dataframe(parts.quotas_table(shown), hide_index=True, width="stretch")
    st.markdown(f"**{t('scheme_admin.points_title')}**")
    if shown.points:
        st.caption(t("scheme_admin.points_help"))
        st.dataframe(parts.points_table(shown), hide_index=True, width="stretch")
    else:
        st.caption(t("scheme_admin.no_points"))
    with st.expander(t("scheme_admin.history_title"), expanded=False):
        frame = store.competition.scheme_history(name)
        saved_at = dict(zip(frame["version"].astype(int), frame["created_at"], strict=True))
        st.dataframe(parts.history_table(versions, saved_at), hide_index=True, width="stretch")
    return shown


def departments_line(store: Store, scheme: Scheme) -> None:
    if not scheme.departments:
        st.caption(t("scheme_admin.everyone"))
        return
    frame = store.people.departments(include_inactive=True)
    names = dict(zip(frame["id"].astype(int), frame["name"], strict=True))
    # Department names are the office's own text: shown as text.
    st.text(t("scheme_admin.departments", names="、".join(
        str(names.get(d, d)) for d in scheme.departments
    )))  # fmt: skip


# ---- 新版本 ------------------------------------------------------------
def proposal(
    base: Scheme,
    valid_from: date,
    counted_days: str,
    quotas: pd.DataFrame,
    rules: pd.DataFrame,
) -> Scheme:
    """The edited version (raises SchemeError/ValidationError with the reason)."""
    return replace(
        base,
        version=base.version + 1,
        valid_from=valid_from,
        counted_days=counted_days,
        quotas=parts.quotas_from(quotas),
        points=parts.rules_from(rules),
        reason="",
    )


def quiet_proposal(build: Callable[[], Scheme]) -> Scheme | None:
    try:
        return build()
    except LearnHubError:
        return None


def editor_section(store: Store, viewer: Viewer, base: Scheme, today: date) -> None:
    st.subheader(t("scheme_admin.editor_title"))
    st.caption(t("scheme_admin.editor_help", version=base.version))
    rnd = int(st.session_state.get(ROUND, 0))
    key = f"scheme_admin.{base.name}_{rnd}"
    months = parts.months_ahead(today)
    left, right = st.columns(2)
    with left:
        valid_from = st.selectbox(
            t("scheme_admin.valid_from"), months, index=1, format_func=parts.month_text,
            key=f"{key}_valid_from",
        )  # fmt: skip
    with right:
        counted = st.radio(
            t("scheme_admin.counted_label"), list(COUNTED_DAYS),
            index=list(COUNTED_DAYS).index(base.counted_days), format_func=parts.counted_label,
            horizontal=True, key=f"{key}_counted", help=t("scheme_admin.counted_help"),
        )  # fmt: skip
    st.caption(t("scheme_admin.valid_from_help"))
    st.markdown(f"**{t('scheme_admin.quotas_title')}**")
    st.caption(t("scheme_admin.quotas_edit_help"))
    quotas = st.data_editor(
        parts.quota_frame(base), key=f"{key}_quotas", num_rows="dynamic", hide_index=True,
        column_order=("activity", "cadence", "target", "weight"),
        column_config=parts.quota_columns(),
    )  # fmt: skip
    st.markdown(f"**{t('scheme_admin.points_title')}**")
    st.caption(t("scheme_admin.points_edit_help"))
    rules = st.data_editor(
        parts.rule_frame(base), key=f"{key}_points", num_rows="dynamic", hide_index=True,
        column_order=("activity", "per", "points", "daily_cap"),
        column_config=parts.rule_columns(),
    )  # fmt: skip
    reason = st.text_input(
        t("scheme_admin.reason"), max_chars=MAX_REASON, key=f"{key}_reason",
        help=t("scheme_admin.reason_help"),
    )  # fmt: skip
    chosen = valid_from if isinstance(valid_from, date) else months[1]
    counted_days = str(counted or base.counted_days)

    def build() -> Scheme:
        return proposal(base, chosen, counted_days, quotas, rules)

    preview_col, save_col = st.columns(2)
    previewing = preview_col.button(t("scheme_admin.preview"), key=f"{key}_preview")
    saving = save_col.button(t("scheme_admin.save"), key=f"{key}_save", type="primary")
    if previewing:
        proposed = attempt(build)
        if proposed is not None:
            result = attempt(lambda: scheme_versions.preview(store, proposed, today=today))
            if result is not None:
                st.session_state[PREVIEW] = (key, proposed.to_json(), result)
    if saving:
        save(store, viewer, build, reason, today)
    shown_preview(key, quiet_proposal(build))


def shown_preview(key: str, current: Scheme | None) -> None:
    """The last preview, while the tables still hold what it was made of."""
    kept = st.session_state.get(PREVIEW)
    if not kept or current is None:
        return
    kept_key, definition, result = kept
    if kept_key == key and definition == current.to_json() and isinstance(result, PreviewResult):
        parts.show_preview(result)


def save(
    store: Store, viewer: Viewer, build: Callable[[], Scheme], reason: str, today: date
) -> None:
    proposed = attempt(build)
    if proposed is None:
        return
    version = attempt(
        lambda: scheme_versions.save_version(
            store,
            proposed,
            reason=reason,
            actor_roles=viewer.roles,
            today=today,
            now=clock.now(),
        )
    )
    if version is None:
        return
    st.session_state[ROUND] = int(st.session_state.get(ROUND, 0)) + 1
    st.session_state.pop(PREVIEW, None)
    flash(t("scheme_admin.saved", version=version, month=parts.month_text(proposed.valid_from)))
    st.rerun()
