"""Choosing which scheme a competition page shows: the default, or a campaign running beside it.
No picker at all while the default is the only scheme."""

from __future__ import annotations

from datetime import date

import streamlit as st

from learnhub.scheme_versions import scheme_names
from learnhub.schemes import SchemeError, scheme_on
from learnhub.store import Store
from learnhub.ui.text import language, t


def scheme_picker(store: Store, day: date, *, label_key: str, key: str) -> str:
    """The chosen scheme's name; each is titled as its version in force on `day`'s month."""
    names = scheme_names(store)
    if len(names) == 1:
        return names[0]

    def title(name: str) -> str:
        try:
            return scheme_on(store, day.replace(day=1), name).title(language())
        except SchemeError:  # a campaign that starts later
            return name

    chosen = st.selectbox(t(label_key), names, format_func=title, key=key)
    return str(chosen) if chosen is not None else names[0]
