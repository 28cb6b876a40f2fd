"""The home page: a signed-in person goes straight to their start page."""

from __future__ import annotations

import streamlit as st

from learnhub.ui.gate import current_viewer
from learnhub.ui.layout import sidebar, start_page
from learnhub.ui.text import t


def home_page() -> None:
    viewer = current_viewer()
    if viewer is None:
        st.title(t("app.name"))
        st.info(t("gate.sign_in_first"))
        st.link_button(t("gate.sign_in"), "/signin", type="primary")
        return
    sidebar(viewer)
    st.switch_page(start_page(viewer))
