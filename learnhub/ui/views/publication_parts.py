"""Pieces of 月度公示: a publication's tables in the reader's language, its milestones as
celebrations, and the workbook the office downloads."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import notice
from learnhub.exports import to_xlsx_book
from learnhub.i18n import catalogue
from learnhub.periods import Period
from learnhub.publications import Publication
from learnhub.store import Store
from learnhub.ui.text import language, t


def month_label(month: Period) -> str:
    return t("publication_page.month_label", year=month.start.year, month=month.start.month)


def when(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def rank_text(value: Any) -> str:
    if value is None or pd.isna(value):
        return t("publication_page.no_rank")
    return t("publication_page.my_rank_value", n=int(value))


def number(value: Any) -> str:
    if value is None or pd.isna(value):
        return t("publication_page.no_rank")
    return f"{float(value):g}"


def departments_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("publication_page.col_rank"): frame["rank"],
            t("publication_page.col_department"): frame["department"],
            t("publication_page.col_people"): frame["people"],
            t("publication_page.col_average"): frame["average_score"],
            t("publication_page.col_meeting"): frame["meeting_share"],
            t("publication_page.col_points_per_head"): frame["points_per_head"],
        }
    )


def people_table(frame: pd.DataFrame, *, with_username: bool = False) -> pd.DataFrame:
    columns: dict[str, Any] = {t("publication_page.col_rank"): frame["rank"]}
    if with_username:
        columns[t("publication_page.col_username")] = frame["username"]
    columns.update(
        {
            t("publication_page.col_name"): frame["name"],
            t("publication_page.col_department"): frame["department"].fillna(""),
            t("publication_page.col_score"): frame["score"],
            t("publication_page.col_dept_rank"): frame["dept_rank"],
            t("publication_page.col_points"): frame["points"],
        }
    )
    return pd.DataFrame(columns)


def show_departments(frame: pd.DataFrame) -> None:
    st.subheader(t("publication_page.departments"))
    st.caption(t("publication_page.departments_help"))
    st.dataframe(
        departments_table(frame),
        hide_index=True,
        width="stretch",
        column_config={
            t("publication_page.col_meeting"): st.column_config.NumberColumn(format="percent")
        },
    )


def show_people(frame: pd.DataFrame) -> None:
    st.subheader(t("publication_page.people"))
    st.dataframe(people_table(frame), hide_index=True, width="stretch")


def _names(names: list[str]) -> str:
    return t("publication_page.name_separator").join(names)


def _featured(name: str, detail: str) -> str:
    """A piece's title; a piece without one has its kind (essay…) as the detail."""
    kind_key = f"kind.{detail}"
    if kind_key in catalogue(language()):
        return t("publication_page.featured_kind", name=name, kind=t(kind_key))
    return t("publication_page.featured_item", name=name, title=detail)


def milestone_lines(frame: pd.DataFrame) -> list[str]:
    """The month's milestones as sentences: everyone of one kind (and streak length) on a line."""
    lines = []
    full = frame[frame["kind"] == "full_month"]
    if not full.empty:
        lines.append(t("publication_page.milestone_full_month", names=_names(list(full["name"]))))
    streaks = frame[frame["kind"] == "streak"]
    for detail in sorted(set(streaks["detail"]), key=lambda d: int(d) if d.isdigit() else 0):
        names = list(streaks.loc[streaks["detail"] == detail, "name"])
        lines.append(t("publication_page.milestone_streak", n=detail, names=_names(names)))
    featured = frame[frame["kind"] == "featured"]
    if not featured.empty:
        items = [
            _featured(str(n), str(d))
            for n, d in zip(featured["name"], featured["detail"], strict=True)
        ]
        lines.append(t("publication_page.milestone_featured", names=_names(items)))
    return lines


def show_milestones(frame: pd.DataFrame) -> None:
    st.subheader(t("publication_page.milestones"))
    lines = milestone_lines(frame)
    if not lines:
        st.caption(t("publication_page.no_milestones"))
    for line in lines:
        st.success(line, icon=":material/celebration:")


def workbook(publication: Publication, lang: str) -> bytes:
    """The publication as .xlsx: sheets 科室 and 人员 (every person: the office's copy)."""
    from learnhub.i18n import translate

    def tr(key: str) -> str:
        return translate(f"publication_page.{key}", lang)

    departments = publication.departments
    people = publication.people
    return to_xlsx_book(
        {
            tr("sheet_departments"): pd.DataFrame(
                {
                    tr("col_rank"): departments["rank"],
                    tr("col_department"): departments["department"],
                    tr("col_people"): departments["people"],
                    tr("col_average"): departments["average_score"],
                    tr("col_meeting"): departments["meeting_share"],
                    tr("col_points_per_head"): departments["points_per_head"],
                }
            ),
            tr("sheet_people"): pd.DataFrame(
                {
                    tr("col_rank"): people["rank"],
                    tr("col_username"): people["username"],
                    tr("col_name"): people["name"],
                    tr("col_department"): people["department"].fillna(""),
                    tr("col_score"): people["score"],
                    tr("col_dept_rank"): people["dept_rank"],
                    tr("col_points"): people["points"],
                }
            ),
        }
    )


def show_notice_and_remark(store: Store, month: Period, person_id: int, staff: bool) -> None:
    """The month's notice (通报) once the office has published it, and for a staff member the
    office's remark on them: both are the office's words, shown as text."""
    published = notice.published_notice(store, month)
    if published is not None:
        st.subheader(t("publication_page.notice_title"))
        st.text(str(published["text"]))
    if staff:
        mine = notice.my_remarks(store, person_id)
        mine = mine[mine["month"] == month.label]
        if not mine.empty:
            st.subheader(t("publication_page.remark_title"))
            st.text(str(mine["text"].iloc[0]))
