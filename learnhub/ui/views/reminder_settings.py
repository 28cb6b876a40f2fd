"""提醒设置 (office only): how many days before a period ends its reminder goes out, the group
robot (DingTalk or WeCom: kind, webhook URL, DingTalk signing secret) with a test message, the
delivery log, and creating today's reminders now (idempotent: nobody gets a message twice).

The test message is sent from the page with a short timeout, so the page waits a few seconds at
most; scheduled deliveries go out from the background worker (learnhub.ui.reminder_worker).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from learnhub import attendance, reminders, webhooks
from learnhub.store import Store
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.forms import attempt, flash, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t

TEST_RESULT = "reminder_settings.test_result"


def reminder_settings_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.reminder_settings")
    show_flash()
    lead_section(store)
    st.divider()
    behind_section(store)
    st.divider()
    webhook_section(store)
    st.divider()
    run_section(store, viewer)
    st.divider()
    log_section(store)


def _now() -> datetime:
    # Looked up on the module each run, so a test can set the office clock.
    return attendance.office_now(app_settings().timezone)


def lead_section(store: Store) -> None:
    st.subheader(t("reminder_settings.lead_title"))
    st.caption(t("reminder_settings.lead_help"))
    leads = reminders.lead_days(store)
    with st.form("reminder_settings.lead_form"):
        short = st.number_input(
            t("reminder_settings.lead_short"), min_value=0, max_value=9, value=leads.short, step=1
        )
        long = st.number_input(
            t("reminder_settings.lead_long"), min_value=0, max_value=27, value=leads.long, step=1
        )
        if st.form_submit_button(t("reminder_settings.lead_save")):
            saved = attempt(lambda: reminders.set_lead_days(store, int(short), int(long)))
            if saved is not None:
                flash(t("reminder_settings.lead_saved", short=saved.short, long=saved.long))
                st.rerun()


def behind_section(store: Store) -> None:
    st.subheader(t("reminder_settings.behind_title"))
    st.caption(t("reminder_settings.behind_help"))
    rule = reminders.behind_rule(store)
    with st.form("reminder_settings.behind_form"):
        score = st.number_input(
            t("reminder_settings.behind_score"), min_value=0.0, max_value=100.0,
            value=float(rule.score), step=5.0,
        )  # fmt: skip
        idle = st.number_input(
            t("reminder_settings.behind_idle"), min_value=1, max_value=60,
            value=int(rule.idle_days), step=1,
        )  # fmt: skip
        if st.form_submit_button(t("reminder_settings.behind_save")):
            saved = attempt(lambda: reminders.set_behind_rule(store, float(score), int(idle)))
            if saved is not None:
                flash(t("reminder_settings.behind_saved", score=f"{saved.score:g}",
                        idle=saved.idle_days))  # fmt: skip
                st.rerun()


def webhook_section(store: Store) -> None:
    st.subheader(t("reminder_settings.webhook_title"))
    st.caption(t("reminder_settings.webhook_help"))
    current = webhooks.config(store)
    with st.form("reminder_settings.webhook_form"):
        kind = st.selectbox(
            t("reminder_settings.kind"),
            list(webhooks.KINDS),
            index=webhooks.KINDS.index(current.kind) if current.kind in webhooks.KINDS else 0,
            format_func=lambda k: t(f"reminder_settings.kind_{k}"),
        )
        url = st.text_input(
            t("reminder_settings.url"),
            value=current.url,
            type="password",
            help=t("reminder_settings.url_help"),
        )
        secret = st.text_input(
            t("reminder_settings.secret"),
            type="password",
            help=t(
                "reminder_settings.secret_help_set"
                if current.secret
                else "reminder_settings.secret_help"
            ),
        )
        clear = st.checkbox(t("reminder_settings.secret_clear"), disabled=not current.secret)
        if st.form_submit_button(t("reminder_settings.webhook_save")):
            new_secret = "" if clear else (secret.strip() or None)
            saved = attempt(lambda: webhooks.save_config(store, url, str(kind), new_secret))
            if saved is not None:
                flash(
                    t(
                        "reminder_settings.webhook_saved"
                        if saved.enabled
                        else "reminder_settings.webhook_off"
                    )
                )
                st.rerun()
    st.caption(
        t("reminder_settings.status_on" if current.enabled else "reminder_settings.status_off")
    )
    if st.button(
        t("reminder_settings.test"),
        disabled=not current.enabled,
        key="reminder_settings.test_button",
    ):
        payload = webhooks.message(current.kind, t("webhooks.test_title"), t("webhooks.test_text"))
        result = webhooks.send(current.url, payload, secret=current.secret)
        st.session_state[TEST_RESULT] = (result.ok, result.answer)
    shown = st.session_state.get(TEST_RESULT)
    if shown is not None:
        ok, answer = shown
        if ok:
            st.success(t("reminder_settings.test_ok", answer=answer))
        else:
            st.error(t("reminder_settings.test_failed", answer=answer))


def run_section(store: Store, viewer: Viewer) -> None:
    st.subheader(t("reminder_settings.run_title"))
    st.caption(t("reminder_settings.run_help"))
    if st.button(t("reminder_settings.run"), key="reminder_settings.run_button"):
        now = _now()
        counts = reminders.run_reminders(store, now.date(), now)
        flash(
            t(
                "reminder_settings.run_done",
                due=counts["due"],
                digest=counts["digest"],
                webhook=counts["webhook"],
            )
        )
        st.rerun()


def _status(row: pd.Series) -> str:
    if not pd.isna(row["delivered_at"]):
        return t("reminder_settings.status_delivered")
    if int(row["attempts"]) >= webhooks.MAX_ATTEMPTS:
        return t("reminder_settings.status_given_up")
    return t("reminder_settings.status_waiting")


def log_section(store: Store) -> None:
    st.subheader(t("reminder_settings.log_title"))
    log = store.reminders.deliveries(50)
    if log.empty:
        st.caption(t("reminder_settings.log_empty"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("reminder_settings.col_time"): pd.to_datetime(log["created_at"]).dt.strftime(
                    "%Y-%m-%d %H:%M"
                ),
                t("reminder_settings.col_key"): log["key"],
                t("reminder_settings.col_status"): [_status(r) for _, r in log.iterrows()],
                t("reminder_settings.col_attempts"): log["attempts"],
                t("reminder_settings.col_error"): log["last_error"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
