"""新建竞赛活动 on the 竞赛方案 page: a campaign is a scheme of its own (a code such as
reading-month-2026, a title, the departments taking part) running beside the default reading
competition. It starts with one quota of full weight; the office then picks it on the page and
edits it like any scheme. The domain refuses a taken or malformed code, a missing title or reason.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from learnhub import scheme_versions
from learnhub.scheme_versions import MAX_REASON
from learnhub.schemes import ACTIVITIES, CADENCES, Quota, Scheme
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views import scheme_admin_parts as parts
from learnhub.ui.views import study_day_parts as clock

ROUND = "scheme_admin.campaign_round"
MAX_TITLE = 60


def campaign_scheme(
    code: str,
    title_zh: str,
    title_en: str,
    departments: list[int],
    start: date,
    activity: str,
    cadence: str,
    target: float,
) -> Scheme:
    """The campaign's first version (raises SchemeError when it could not be scored)."""
    title = title_zh.strip()
    return Scheme(
        name=code.strip(),
        version=1,
        valid_from=start,
        title_zh=title,
        title_en=title_en.strip() or title,
        counted_days="working",
        quotas=(Quota("q1", activity, cadence, float(target), 1.0),),
        departments=tuple(sorted(int(d) for d in departments)),
    )


def campaign_section(store: Store, viewer: Viewer, today: date, pending_pick: str) -> None:
    st.subheader(t("scheme_admin.campaign_title"))
    st.caption(t("scheme_admin.campaign_help"))
    frame = store.people.departments()
    names = {int(r["id"]): str(r["name"]) for _, r in frame.iterrows()}
    months = parts.months_ahead(today)
    rnd = int(st.session_state.get(ROUND, 0))
    key = f"scheme_admin.campaign_{rnd}"
    with st.form(f"{key}_form"):
        left, right = st.columns(2)
        code = left.text_input(
            t("scheme_admin.campaign_code"), max_chars=40, key=f"{key}_code",
            placeholder="reading-month-2026", help=t("scheme_admin.campaign_code_help"),
        )  # fmt: skip
        start = right.selectbox(
            t("scheme_admin.campaign_start"), months, index=1, format_func=parts.month_text,
            key=f"{key}_start",
        )  # fmt: skip
        title_zh = left.text_input(
            t("scheme_admin.campaign_title_zh"), max_chars=MAX_TITLE, key=f"{key}_title_zh"
        )
        title_en = right.text_input(
            t("scheme_admin.campaign_title_en"), max_chars=MAX_TITLE, key=f"{key}_title_en"
        )
        chosen = st.multiselect(
            t("scheme_admin.campaign_departments"), list(names), format_func=names.__getitem__,
            key=f"{key}_departments", help=t("scheme_admin.campaign_departments_help"),
            placeholder=t("scheme_admin.campaign_departments_placeholder"),
        )  # fmt: skip
        first, second, third = st.columns(3)
        activity = first.selectbox(
            t("scheme_admin.campaign_activity"), list(ACTIVITIES),
            format_func=parts.activity_label, key=f"{key}_activity",
        )  # fmt: skip
        cadence = second.selectbox(
            t("scheme_admin.campaign_cadence"), list(CADENCES), format_func=parts.cadence_label,
            key=f"{key}_cadence",
        )  # fmt: skip
        target = third.number_input(
            t("scheme_admin.campaign_target"), min_value=0.0, max_value=100_000.0, value=1.0,
            step=1.0, key=f"{key}_target", help=t("scheme_admin.target_unit_help"),
        )  # fmt: skip
        reason = st.text_input(
            t("scheme_admin.campaign_reason"), max_chars=MAX_REASON, key=f"{key}_reason"
        )
        if st.form_submit_button(t("scheme_admin.campaign_submit")):
            scheme = attempt(
                lambda: campaign_scheme(
                    code,
                    title_zh,
                    title_en,
                    [int(d) for d in chosen],
                    start if isinstance(start, date) else months[1],
                    str(activity),
                    str(cadence),
                    float(target),
                )
            )
            if scheme is not None and succeeded(
                lambda: scheme_versions.start_scheme(
                    store,
                    scheme,
                    reason=reason,
                    actor_roles=viewer.roles,
                    today=today,
                    now=clock.now(),
                )
            ):
                st.session_state[ROUND] = rnd + 1
                st.session_state[pending_pick] = scheme.name
                flash(
                    t(
                        "scheme_admin.campaign_started",
                        code=scheme.name,
                        month=parts.month_text(scheme.valid_from),
                    )
                )
                st.rerun()
