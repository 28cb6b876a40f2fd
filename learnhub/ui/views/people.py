"""人员与科室: the office edits people and departments, deactivates and resets passwords."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import auth, org
from learnhub.exports import to_xlsx_bytes
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, id_labels, show_flash, succeeded
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import t

NEW_DEPARTMENT = "__new__"


def people_page() -> None:
    viewer = require(["office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.people")
    show_flash()
    _show_password_once()
    people = store.people.people(include_inactive=True)
    departments = store.people.departments(include_inactive=True)
    people_tab, add_tab, departments_tab = st.tabs(
        [t("people.tab_people"), t("people.tab_add"), t("people.tab_departments")]
    )
    with people_tab:
        show_people(people)
        edit_person(store, viewer, people, departments)
    with add_tab:
        add_person(store, viewer, departments)
    with departments_tab:
        edit_departments(store, viewer, departments)


def _role_labels(roles: str) -> str:
    return "、".join(t(f"role.{r}") for r in str(roles).split(";") if r)


def show_people(people: pd.DataFrame) -> None:
    table = pd.DataFrame(
        {
            t("people.username"): people["username"],
            t("people.name"): people["name"],
            t("people.department"): people["department"],
            t("people.roles"): people["roles"].map(_role_labels),
            t("people.status"): people["active"].map(
                lambda a: t("people.active") if a else t("people.inactive")
            ),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        t("people.export"),
        to_xlsx_bytes(table, sheet=t("people.tab_people")),
        file_name="roster.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )


def _show_password_once() -> None:
    shown = st.session_state.pop("learnhub.one_time_password", None)
    if shown:
        username, password = shown
        st.warning(t("people.one_time_password", username=username))
        st.code(password, language=None)


def _department_picker(departments: pd.DataFrame, current: str | None, key: str) -> str | None:
    names = [str(n) for n in departments["name"]]
    options = [*names, NEW_DEPARTMENT]
    index = names.index(current) if current in names else 0
    choice = st.selectbox(
        t("people.department"),
        options,
        index=index,
        key=key,
        format_func=lambda n: t("people.new_department") if n == NEW_DEPARTMENT else n,
    )
    if choice == NEW_DEPARTMENT:
        return st.text_input(t("people.new_department_name"), key=f"{key}_new") or None
    return choice


def _role_picker(current: str, key: str) -> str:
    chosen = st.multiselect(
        t("people.roles"),
        list(org.ROLES),
        default=[r for r in current.split(";") if r],
        format_func=lambda r: t(f"role.{r}"),
        key=key,
        placeholder=t("app.choose_many"),
    )
    return ";".join(chosen)


def edit_person(
    store: Store, viewer: Viewer, people: pd.DataFrame, departments: pd.DataFrame
) -> None:
    if people.empty:
        return
    st.markdown(f"**{t('people.edit')}**")
    labels = id_labels(people, lambda r: f"{r['username']} · {r['name']}")
    chosen = st.selectbox(t("people.which"), list(labels), format_func=labels.__getitem__)
    row = people[people["id"] == chosen].iloc[0]
    with st.container(border=True):
        name = st.text_input(t("people.name"), value=str(row["name"]), key=f"name_{chosen}")
        department = _department_picker(departments, row["department"], f"dept_{chosen}")
        roles = _role_picker(str(row["roles"]), f"roles_{chosen}")
        save, toggle, reset = st.columns(3)
        if save.button(t("people.save"), type="primary", key=f"save_{chosen}") and succeeded(
            lambda: org.update_person(
                store,
                chosen,
                name=name,
                department=department,
                roles=roles,
                actor_id=viewer.person_id,
            )
        ):
            flash(t("people.saved", name=name))
            st.rerun()
        if bool(row["active"]):
            if toggle.button(t("people.deactivate"), key=f"off_{chosen}") and succeeded(
                lambda: org.deactivate(store, chosen, actor_id=viewer.person_id)
            ):
                flash(t("people.deactivated", name=row["name"]))
                st.rerun()
        elif toggle.button(t("people.reactivate"), key=f"on_{chosen}"):
            org.reactivate(store, chosen, actor_id=viewer.person_id)
            flash(t("people.reactivated", name=row["name"]))
            st.rerun()
        if reset.button(t("people.reset_password"), key=f"reset_{chosen}"):
            password = auth.reset_password(store, chosen, viewer.person_id)
            st.session_state["learnhub.one_time_password"] = (str(row["username"]), password)
            st.rerun()
    st.caption(t("people.deactivate_help"))


def add_person(store: Store, viewer: Viewer, departments: pd.DataFrame) -> None:
    with st.container(border=True):
        username = st.text_input(
            t("people.username"), key="new_username", help=t("people.username_help")
        )
        name = st.text_input(t("people.name"), key="new_name")
        department = _department_picker(departments, None, "new_dept")
        roles = _role_picker("staff", "new_roles")
        if st.button(t("people.create"), type="primary", key="create_person"):
            created = attempt(
                lambda: org.create_user(
                    store,
                    username,
                    name=name,
                    department=department,
                    roles=roles,
                    actor_id=viewer.person_id,
                )
            )
            if created is not None:
                st.session_state["learnhub.one_time_password"] = (username.strip(), created[1])
                flash(t("people.created", name=name.strip()))
                st.rerun()


def edit_departments(store: Store, viewer: Viewer, departments: pd.DataFrame) -> None:
    if departments.empty:
        st.info(t("people.no_departments"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("people.department"): departments["name"],
                t("people.headcount"): departments["active_people"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    labels = id_labels(departments, lambda r: str(r["name"]))
    chosen = st.selectbox(t("people.rename_which"), list(labels), format_func=labels.__getitem__)
    with st.form(f"rename_{chosen}"):
        new_name = st.text_input(t("people.new_name"), value=labels[chosen])
        if st.form_submit_button(t("people.rename")) and succeeded(
            lambda: org.rename_department(store, chosen, new_name, actor_id=viewer.person_id)
        ):
            flash(t("people.renamed", name=new_name.strip()))
            st.rerun()
