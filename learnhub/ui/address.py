"""An item chosen in the page's address (`?quiz=7`, `?class=3`): a link opens it, a reload keeps
it, and one the viewer may not manage is refused before anything of it is shown."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from learnhub.ui.forms import attempt


def requested_id(param: str) -> int | None:
    """The id in the address; 0 for something that is not a number (no such item: the page's
    permission check then says so in words)."""
    value = st.query_params.get(param)
    if value is None:
        return None
    return int(value) if value.isdigit() else 0


def open_or_refuse(
    param: str, pick_key: str, check: Callable[[int], object], back_label: str
) -> bool:
    """True when the page may go on: nothing was asked for, or the viewer may manage what was
    (it becomes the picker's choice). Otherwise the refusal is shown with a way back."""
    requested = requested_id(param)
    if requested is None:
        return True
    if attempt(lambda: check(requested)) is None:
        if st.button(back_label, key=f"{pick_key}_back"):
            del st.query_params[param]
            st.session_state.pop(pick_key, None)
            st.rerun()
        return False
    st.session_state[pick_key] = requested
    return True


def remember(param: str, pick_key: str) -> None:
    """A picker's on_change: put its choice in the address."""
    st.query_params[param] = str(st.session_state[pick_key])
