"""培训班管理, roster tab: who attends the class. People are picked one by one or by whole section,
or imported from a spreadsheet (preview first, all or nothing); someone without any record in the
class can be taken off again."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import training
from learnhub.imports.class_roster import apply_class_roster, preview_class_roster
from learnhub.imports.tabular import read_table
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, next_submission, submission_key, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import language, t

# Bumped after an import went through, so the uploader (whose key includes it) starts empty.
UPLOAD_ROUND_KEY = "learnhub.training_admin.upload_round"


def _person_label(row: pd.Series) -> str:
    department = row["department"] if isinstance(row["department"], str) else ""
    return " · ".join(part for part in (str(row["name"]), department, str(row["username"])) if part)


def roster(store: Store, viewer: Viewer, class_id: int, members: pd.DataFrame) -> None:
    st.subheader(t("training_admin.roster_title", n=len(members)))
    if members.empty:
        st.caption(t("training_admin.roster_empty"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("training_admin.username"): members["username"],
                    t("studydays.col.name"): members["name"],
                    t("studydays.col.department"): members["department"].fillna(""),
                }
            ),
            hide_index=True,
            width="stretch",
        )
    add_people(store, viewer, class_id, members)
    import_roster(store, viewer, class_id)
    if not members.empty:
        remove_person(store, viewer, class_id, members)


def add_people(store: Store, viewer: Viewer, class_id: int, members: pd.DataFrame) -> None:
    st.markdown(f"**{t('training_admin.add_people_title')}**")
    people = store.people.people()
    on_roster = set(members["person_id"].astype(int))
    choices = people[~people["id"].astype(int).isin(on_roster)]
    names = {int(row["id"]): _person_label(row) for _, row in choices.iterrows()}
    departments = store.people.departments()
    sections = dict(zip(departments["id"].astype(int), departments["name"], strict=True))
    # Named after its submission key, renewed after each save: a double click adds nobody twice
    # and reports nothing misleading.
    form = f"training_admin.add_members.{class_id}"
    with st.form(f"add_members_{submission_key(form)}"):
        chosen = st.multiselect(
            t("training_admin.people"),
            list(names),
            format_func=names.__getitem__,
            placeholder=t("app.choose_many"),
        )
        whole = st.multiselect(
            t("training_admin.departments"),
            list(sections),
            format_func=sections.__getitem__,
            help=t("training_admin.departments_help"),
            placeholder=t("app.choose_many"),
        )
        submitted = st.form_submit_button(t("training_admin.add_people"))
    if not submitted:
        return
    in_sections = people[people["department_id"].isin(list(whole))]["id"].astype(int)
    wanted = sorted({int(p) for p in chosen} | set(in_sections))
    if not wanted:
        st.warning(t("training_admin.nobody_chosen"))
        return
    joined = attempt(
        lambda: training.add_members(
            store, class_id, wanted, actor_id=viewer.person_id, actor_roles=viewer.roles
        )
    )
    if joined is not None:
        next_submission(form)
        flash(t("training_admin.people_added", n=joined))
        st.rerun()


def import_roster(store: Store, viewer: Viewer, class_id: int) -> None:
    st.markdown(f"**{t('training_admin.import_title')}**")
    st.caption(t("training_admin.import_explain"))
    st.download_button(
        t("training_admin.template"),
        ("\ufeff" + t("training_admin.template_csv")).encode("utf-8"),
        file_name=t("training_admin.template_file"),
        mime="text/csv",
        key="training_admin_template",
        on_click="ignore",
    )
    round_ = int(st.session_state.get(UPLOAD_ROUND_KEY, 0))
    upload = st.file_uploader(
        t("training_admin.upload"),
        type=["xlsx", "csv"],
        key=f"training_admin_roster_file_{class_id}_{round_}",
    )
    if upload is None:
        return
    frame = attempt(lambda: read_table(upload.getvalue(), upload.name))
    if frame is None:
        return
    preview = attempt(lambda: preview_class_roster(store, class_id, frame))
    if preview is None:
        return
    if not preview.ok:
        st.error(t("imports.has_errors", n=len(preview.errors)))
        columns = {c: t(f"training_admin.import_col.{c}") for c in ("username", "name")}
        errors = preview.errors
        st.dataframe(
            pd.DataFrame(
                {
                    t("training_admin.row"): [e.row for e in errors],
                    t("training_admin.column"): [columns.get(e.column, e.column) for e in errors],
                    t("training_admin.problem"): [e.message(language()) for e in errors],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(t("training_admin.nothing_stored"))
        return
    st.success(
        t(
            "training_admin.import_ready",
            add=preview.count("add"),
            already=preview.count("already"),
        )
    )
    rows = preview.rows
    st.dataframe(
        pd.DataFrame(
            {
                t("training_admin.row"): rows["row"],
                t("training_admin.username"): rows["username"],
                t("studydays.col.name"): rows["name"],
                t("studydays.col.department"): rows["department"],
                t("training_admin.action"): rows["action"].map(
                    lambda a: t(f"training_admin.action_{a}")
                ),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    if st.button(t("training_admin.apply_import"), type="primary", key=f"apply_roster_{class_id}"):
        joined = attempt(
            lambda: apply_class_roster(
                store, preview, actor_id=viewer.person_id, actor_roles=viewer.roles
            )
        )
        if joined is not None:
            st.session_state[UPLOAD_ROUND_KEY] = round_ + 1
            flash(t("training_admin.imported", n=joined))
            st.rerun()


def remove_person(store: Store, viewer: Viewer, class_id: int, members: pd.DataFrame) -> None:
    st.markdown(f"**{t('training_admin.remove_title')}**")
    st.caption(t("training_admin.remove_help"))
    names = {int(row["person_id"]): _person_label(row) for _, row in members.iterrows()}
    person_id = int(
        st.selectbox(
            t("studydays.col.name"),
            list(names),
            format_func=names.__getitem__,
            key=f"training_admin_remove_{class_id}",
        )
    )
    # The button is renewed after each removal: a second click must not remove whoever the
    # list then shows first.
    form = f"training_admin.remove.{class_id}"
    clicked = st.button(
        t("training_admin.remove"), key=f"training_admin_remove_button_{submission_key(form)}"
    )
    if clicked and succeeded(
        lambda: training.remove_member(
            store, class_id, person_id, actor_id=viewer.person_id, actor_roles=viewer.roles
        )
    ):
        next_submission(form)
        name = str(members.set_index("person_id").loc[person_id, "name"])
        flash(t("training_admin.removed", name=name))
        st.rerun()
