"""课程类别, a section of 课程管理 for the office: add, rename, reorder and remove categories.

Trainers choose a category for their courses but never see this section; the domain functions
refuse them as well, since any page is reachable by URL.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import course_categories as categories
from learnhub.org import normalise_name
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t


def category_admin(store: Store, viewer: Viewer) -> None:
    if not viewer.has("office"):
        return
    with st.expander(t("course_categories.section")):
        st.caption(t("course_categories.intro"))
        table = categories.categories(store)
        st.dataframe(
            pd.DataFrame(
                {
                    t("course_categories.col_name"): table["name"],
                    t("course_categories.col_courses"): table["courses"],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        _add(store, viewer)
        if not table.empty:
            _change(store, viewer, [str(name) for name in table["name"]])


def _after(ok: bool, message: str) -> None:
    if ok:
        flash(message)
        st.rerun()


def _add(store: Store, viewer: Viewer) -> None:
    with st.form("category_add", clear_on_submit=True):
        name = st.text_input(t("course_categories.new_name"))
        if st.form_submit_button(t("course_categories.add")):
            added = attempt(
                lambda: categories.add_category(store, viewer.person_id, viewer.roles, name)
            )
            _after(added is not None, t("course_categories.added", name=added))


def _change(store: Store, viewer: Viewer, names: list[str]) -> None:
    # One form, so picking a category does not rerun the page before a button is pressed; kept
    # filled in after a move, so a category can be moved several places in a row.
    with st.form("category_change"):
        name = st.selectbox(t("course_categories.choose"), names, key="category_choice")
        new_name = st.text_input(t("course_categories.rename_to"))
        rename, up, down, remove = st.columns(4)
        if rename.form_submit_button(t("course_categories.rename")):
            moved = attempt(
                lambda: categories.rename_category(
                    store, viewer.person_id, viewer.roles, name, new_name
                )
            )
            _after(
                moved is not None,
                t("course_categories.renamed", old=name, new=normalise_name(new_name), n=moved),
            )
        if up.form_submit_button(t("course_categories.up")):
            _move(store, viewer, name, -1)
        if down.form_submit_button(t("course_categories.down")):
            _move(store, viewer, name, 1)
        if remove.form_submit_button(t("course_categories.remove")):
            _after(
                succeeded(
                    lambda: categories.remove_category(store, viewer.person_id, viewer.roles, name)
                ),
                t("course_categories.removed", name=name),
            )


def _move(store: Store, viewer: Viewer, name: str, step: int) -> None:
    _after(
        succeeded(
            lambda: categories.move_category(store, viewer.person_id, viewer.roles, name, step)
        ),
        t("course_categories.moved"),
    )
