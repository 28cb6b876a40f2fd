"""账号设置: change one's password (current one required) and interface language."""

from __future__ import annotations

import streamlit as st

from learnhub import auth
from learnhub.errors import ValidationError
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash
from learnhub.ui.gate import require, session_token
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t


def account_page() -> None:
    viewer = require(["staff", "trainer", "office"], allow_password_change_pending=True)
    sidebar(viewer)
    page_header("nav.account")
    show_flash()
    st.markdown(
        t(
            "account.who",
            name=viewer.name,
            username=viewer.username,
            department=viewer.department or "—",
        )
    )
    if viewer.must_change_password:
        st.warning(t("account.one_time_password"))
    st.subheader(t("account.change_password"))
    with st.form("password", clear_on_submit=True):
        current = st.text_input(t("account.current_password"), type="password")
        new = st.text_input(
            t("account.new_password"),
            type="password",
            help=t("account.password_rules", n=auth.MIN_PASSWORD_LENGTH),
        )
        again = st.text_input(t("account.repeat_password"), type="password")
        submitted = st.form_submit_button(t("account.save_password"), type="primary")
    if submitted:

        def change() -> bool:
            if new != again:
                raise ValidationError("account.passwords_differ")
            auth.change_password(
                app_store(), viewer.person_id, current, new, keep_session=session_token()
            )
            return True

        if attempt(change):
            flash(t("account.password_changed"))
            st.rerun()
