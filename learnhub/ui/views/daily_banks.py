"""每日答题题库: the office chooses the banks the daily quiz draws its questions from.

Shown on the 题库管理 page to the office only; `daily_quiz.set_daily_banks` checks the role again.
"""

from __future__ import annotations

import streamlit as st

from learnhub import daily_quiz
from learnhub.daily_quiz import DAILY_QUESTIONS
from learnhub.store import Store
from learnhub.ui.forms import flash, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t

BANKS_KEY = "daily_page.banks"


def daily_banks_section(store: Store, viewer: Viewer) -> None:
    if not viewer.has("office"):
        return
    st.subheader(t("daily_page.banks_title"))
    st.caption(t("daily_page.banks_explain", n=DAILY_QUESTIONS))
    existing = store.questions.banks()
    if existing.empty:
        st.caption(t("daily_page.banks_none"))
        return
    labels = {
        int(row["id"]): t("daily_page.bank_label", name=row["name"], n=int(row["questions"]))
        for _, row in existing.iterrows()
    }
    chosen = [b for b in daily_quiz.daily_banks(store) if b in labels]
    if not chosen:
        st.warning(t("daily_page.banks_unset"))
    with st.form("daily_page.banks_form"):
        picked = st.multiselect(
            t("daily_page.banks_pick"),
            list(labels),
            default=chosen,
            format_func=labels.__getitem__,
            key=BANKS_KEY,
            placeholder=t("app.choose_many"),
        )
        saved = st.form_submit_button(t("daily_page.banks_save"), type="primary")
    if saved and succeeded(
        lambda: daily_quiz.set_daily_banks(
            store, [int(b) for b in picked], actor_roles=viewer.roles
        )
    ):
        flash(
            t("daily_page.banks_saved", n=len(picked)) if picked else t("daily_page.banks_cleared")
        )
        st.rerun()
