"""Form helpers: one submission key per form instance, errors in the reader's language."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from learnhub.errors import LearnHubError
from learnhub.ui.text import language

T = TypeVar("T")


def submission_key(form: str) -> str:
    """The key a form's Save carries. It changes only after a save went through, so a second
    click on the same filled-in form is recognised and stores nothing."""
    state_key = f"learnhub.submission.{form}"
    if state_key not in st.session_state:
        st.session_state[state_key] = uuid.uuid4().hex
    return str(st.session_state[state_key])


def next_submission(form: str) -> None:
    st.session_state[f"learnhub.submission.{form}"] = uuid.uuid4().hex


def attempt(action: Callable[[], T]) -> T | None:
    """Run a domain action; show its refusal as an error message instead of a traceback."""
    try:
        return action()
    except LearnHubError as exc:
        st.error(exc.message(language()))
        return None


def succeeded(action: Callable[[], object]) -> bool:
    """Run a domain action that returns nothing; True when it went through."""
    try:
        action()
    except LearnHubError as exc:
        st.error(exc.message(language()))
        return False
    return True


def id_labels(frame: pd.DataFrame, label: Callable[[pd.Series], str]) -> dict[int, str]:
    """{row id: label} for a selectbox over a table's rows."""
    return {int(row["id"]): label(row) for _, row in frame.iterrows()}


def flash(message: str) -> None:
    """A message to show after the rerun that follows a save."""
    st.session_state["learnhub.flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("learnhub.flash", None)
    if message:
        st.success(message)
