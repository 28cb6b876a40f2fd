"""Translation for the interface: `t("checkin.saved")` in the reader's language."""

from __future__ import annotations

from typing import Any

import streamlit as st

from learnhub.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

LANGUAGE_KEY = "learnhub.language"


def language() -> str:
    lang = st.session_state.get(LANGUAGE_KEY, DEFAULT_LANGUAGE)
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, **params: Any) -> str:
    return translate(key, language(), **params)
