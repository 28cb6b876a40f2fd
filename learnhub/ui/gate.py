"""Who is looking: every page asks the gate before it shows anything.

The session token comes from the HttpOnly cookie the sign-in route set. Tests, which cannot send
cookies through AppTest, put a real token (made by `learnhub.auth.start_session`) into session
state instead; either way the token is checked against the database on every run, so a session
ended elsewhere (sign-out, deactivation, password change) ends here at the next click.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from learnhub.auth import SESSION_COOKIE, session_person
from learnhub.i18n import LANGUAGES
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.text import LANGUAGE_KEY, t

TOKEN_KEY = "learnhub.session_token"


@dataclass(frozen=True)
class Viewer:
    person_id: int
    username: str
    name: str
    department: str | None
    roles: frozenset[str]
    language: str
    must_change_password: bool

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


def session_token() -> str | None:
    token = st.session_state.get(TOKEN_KEY)
    if token:
        return str(token)
    cookie = st.context.cookies.get(SESSION_COOKIE)
    return str(cookie) if cookie else None


def current_viewer() -> Viewer | None:
    store = app_store()
    person_id = session_person(store, app_settings(), session_token())
    if person_id is None:
        return None
    person = store.people.person(person_id)
    if person is None:
        return None
    viewer = Viewer(
        person_id=person_id,
        username=str(person["username"]),
        name=str(person["name"]),
        department=person["department"],
        roles=frozenset(str(person["roles"]).split(";")),
        language=str(person["language"]),
        must_change_password=bool(person["must_change_password"]),
    )
    if LANGUAGE_KEY not in st.session_state and viewer.language in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = viewer.language
    return viewer


def _stop_with(kind: str, message: str, link: tuple[str, str] | None = None) -> NoReturn:
    getattr(st, kind)(message)
    if link is not None:
        st.link_button(link[1], link[0])
    st.stop()
    raise AssertionError("st.stop() returned")  # for the type checker


def require(roles: Iterable[str], *, allow_password_change_pending: bool = False) -> Viewer:
    """The signed-in viewer if they hold one of `roles`; otherwise a refusal and nothing else."""
    viewer = current_viewer()
    if viewer is None:
        _stop_with("info", t("gate.sign_in_first"), ("/signin", t("gate.sign_in")))
    wanted = tuple(roles)
    if not viewer.has(*wanted):
        _stop_with("error", t("gate.refused"))
    if viewer.must_change_password and not allow_password_change_pending:
        st.warning(t("gate.change_password_first"))
        st.page_link("pages/account.py", label=t("nav.account"), icon=":material/key:")
        st.stop()
    return viewer
