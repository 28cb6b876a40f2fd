"""月度公示: everyone signed in reads the published months (newest version first, every earlier
version one click away); staff see people as the office's visibility choice allows and always
their own line; milestones are celebrations and shown to all. The office publishes an ended
month, publishes corrections with a reason, and downloads the publication as Excel.

A publication is frozen: the page reads only the stored rows, never re-judges a month.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from learnhub import leaderboards, publications
from learnhub.periods import Period, month_of
from learnhub.publications import Publication
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts
from learnhub.ui.views.publication_parts import (
    month_label,
    number,
    rank_text,
    show_departments,
    show_milestones,
    show_notice_and_remark,
    show_people,
    when,
    workbook,
)

ROUND = "publication_page.round"
VIEW_MONTH = "publication_page.view_month"
PUBLISH_MONTH = "publication_page.publish_month"
MONTHS_OFFERED = 12
MAX_REASON = publications.MAX_REASON


def publication_page() -> None:
    viewer = require(["staff", "trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.publication")
    show_flash()
    if viewer.has("office"):
        publish_section(store, viewer, study_day_parts.now().date())
        st.divider()
    months = publications.published_months(store)
    if not months:
        st.info(t("publication_page.none"))
        return
    month = pick_month(months)
    chosen = pick_version(store, month)
    if chosen is not None:
        show_publication(store, viewer, chosen, newest=newest_version(store, month))


def newest_version(store: Store, month: Period) -> int:
    return int(publications.history(store, month)["version"].max())


def pick_month(months: list[Period]) -> Period:
    if st.session_state.get(VIEW_MONTH) not in months:
        st.session_state.pop(VIEW_MONTH, None)
    chosen = st.selectbox(
        t("publication_page.pick_month"), months, format_func=month_label, key=VIEW_MONTH
    )
    return chosen if isinstance(chosen, Period) else months[0]


def pick_version(store: Store, month: Period) -> Publication | None:
    """Every version with its reason, in an expander with a choice of which one to read."""
    history = publications.history(store, month)
    versions = [int(v) for v in history["version"]]
    with st.expander(t("publication_page.history")):
        st.dataframe(
            pd.DataFrame(
                {
                    t("publication_page.col_version"): history["version"],
                    t("publication_page.col_published_at"): history["published_at"].map(when),
                    t("publication_page.col_published_by"): history["published_by"],
                    t("publication_page.col_reason"): [
                        str(r) if str(r).strip() else t("publication_page.first_version")
                        for r in history["reason"]
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        at = dict(zip(versions, history["published_at"].map(when), strict=True))
        number_chosen = st.selectbox(
            t("publication_page.view_version"),
            versions,
            format_func=lambda v: t("publication_page.version_option", version=v, at=at[v]),
            key=f"publication_page.version_{month.label}_{max(versions)}",
        )
    return publications.version(store, month, int(number_chosen or versions[0]))


def show_publication(store: Store, viewer: Viewer, publication: Publication, newest: int) -> None:
    month = month_label(publication.month)
    st.header(t("publication_page.title", month=month, version=publication.version))
    st.caption(
        t(
            "publication_page.published",
            at=when(publication.published_at),
            by=publication.published_by,
            scheme=publication.scheme_version,
        )
    )
    if publication.version < newest:
        st.warning(t("publication_page.older_version", version=publication.version, newest=newest))
    if publication.version > 1 and publication.reason.strip():
        st.info(t("publication_page.correction_reason", reason=publication.reason))
    if viewer.has("office"):
        st.download_button(
            t("publication_page.download"),
            data=lambda: workbook(publication, language()),
            file_name=t(
                "publication_page.file_name",
                month=publication.month.label,
                version=publication.version,
            ),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"publication_page.download_{publication.id}",
            on_click="ignore",
        )
    # The office and trainers see every line; staff as the office chose (always their own).
    sees_all = viewer.has("office") or not viewer.has("staff")
    mode, top_n = leaderboards.visibility(store)
    shown = leaderboards.shown(
        publication.people,
        publication.departments,
        viewer_id=viewer.person_id,
        sees_all=sees_all,
        mode=mode,
        top_n=top_n,
    )
    if viewer.has("staff"):
        own_line(shown.own)
    if shown.departments is not None:
        show_departments(shown.departments)
    if not sees_all and mode != "full":
        st.caption(t(f"publication_page.shown_{mode}", n=top_n))
    if not shown.people.empty:
        show_people(shown.people)
    show_milestones(publication.milestones)
    show_notice_and_remark(store, publication.month, viewer.person_id, viewer.has("staff"))


def own_line(own: pd.Series | None) -> None:
    if own is None:
        st.caption(t("publication_page.not_listed"))
        return
    rank, score, points, dept = st.columns(4)
    rank.metric(t("publication_page.my_rank"), rank_text(own["rank"]))
    score.metric(t("publication_page.my_score"), number(own["score"]))
    points.metric(t("publication_page.my_points"), number(own["points"]))
    dept.metric(t("publication_page.my_dept_rank"), rank_text(own["dept_rank"]))


# ---- 办公室：发布与更正 ------------------------------------------------------------
def ended_months(today: date) -> list[Period]:
    """The last MONTHS_OFFERED months that are over, newest first."""
    months: list[Period] = []
    day = month_of(today).start - timedelta(days=1)
    while len(months) < MONTHS_OFFERED:
        months.append(month_of(day))
        day = months[-1].start - timedelta(days=1)
    return months


def publish_section(store: Store, viewer: Viewer, today: date) -> None:
    st.subheader(t("publication_page.publish_title"))
    st.caption(t("publication_page.publish_explain"))
    months = ended_months(today)
    published = {m: newest_version(store, m) for m in publications.published_months(store)}

    def label(month: Period) -> str:
        if month in published:
            return t(
                "publication_page.month_published",
                month=month_label(month),
                version=published[month],
            )
        return t("publication_page.month_unpublished", month=month_label(month))

    rnd = int(st.session_state.get(ROUND, 0))
    # Keyed by the round: a closed selectbox keeps showing the old label of its chosen option
    # ("（未公示）") after a publish changes it, so the next round draws a new one (on that month).
    month = st.selectbox(
        t("publication_page.publish_month"),
        months,
        format_func=label,
        key=f"{PUBLISH_MONTH}_{rnd}",
    )
    if not isinstance(month, Period):
        return
    if month not in published:
        # After a publish the round moves on and this button is gone (the month now offers
        # only a correction), so a second click cannot publish the month again.
        if st.button(
            t("publication_page.publish", month=month_label(month)),
            type="primary",
            key=f"publication_page.publish_{rnd}",
        ):
            publish(store, viewer, month, "", today)
        return
    with st.form(f"publication_page.correction_{rnd}"):
        st.markdown(f"**{t('publication_page.correction_form')}**")
        st.caption(
            t(
                "publication_page.correction_explain",
                month=month_label(month),
                version=published[month],
            )
        )
        reason = st.text_area(
            t("publication_page.reason"),
            max_chars=MAX_REASON,
            placeholder=t("publication_page.reason_help"),
            key=f"publication_page.reason_{rnd}",
        )
        if st.form_submit_button(t("publication_page.publish_correction")):
            publish(store, viewer, month, reason, today)


def publish(store: Store, viewer: Viewer, month: Period, reason: str, today: date) -> None:
    """Publish (or correct) the month; the domain refuses a second version without a reason,
    and its refusal is shown as it is."""
    version = attempt(
        lambda: publications.publish(
            store,
            month,
            reason=reason,
            actor_id=viewer.person_id,
            actor_roles=viewer.roles,
            today=today,
            now=study_day_parts.now(),
        )
    )
    if version is None:
        return
    rnd = int(st.session_state.get(ROUND, 0)) + 1
    st.session_state[ROUND] = rnd
    st.session_state[f"{PUBLISH_MONTH}_{rnd}"] = month
    st.session_state[VIEW_MONTH] = month
    flash(t("publication_page.published_ok", month=month_label(month), version=version))
    st.rerun()
