"""Pieces of 月度小结: the metrics row, the tables and charts, the highlights and the downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import summary, summary_exports
from learnhub.charts_summary import department_average_scores, quota_heatmap, score_trend
from learnhub.periods import Period
from learnhub.ui.text import language, t
from learnhub.ui.views.compliance_parts import quota_label

P = "monthly_summary_page."
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def month_label(month: Period) -> str:
    return t(P + "month_label", year=month.start.year, month=month.start.month)


def _number(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return "—"
    return f"{float(value):g}"  # type: ignore[arg-type]


def show_metrics(figures: summary.MonthSummary, trend: pd.DataFrame) -> None:
    people = figures.people
    office = trend[trend["department"] == ""].set_index("month")["average_score"]
    score = office.get(figures.month.label)
    if score is None:
        score = round(float(people["score"].mean()), 1) if people["score"].notna().any() else None
    previous = office.iloc[-2] if len(office) > 1 and office.index[-1] == figures.month.label \
        else None  # fmt: skip
    delta = None if previous is None or score is None else round(score - float(previous), 1)
    active = int(summary.took_part(people).sum())
    cols = st.columns(5)
    cols[0].metric(t(P + "metric_staff"), len(people))
    cols[1].metric(t(P + "metric_active"), active)
    cols[2].metric(t(P + "metric_average"), _number(score), delta=delta)
    cols[3].metric(t(P + "metric_minutes"), _number(people["reading_minutes"].sum()))
    cols[4].metric(t(P + "metric_kept"), int(people["all_kept"].sum()))


def show_departments(figures: summary.MonthSummary) -> None:
    st.subheader(t(P + "departments"))
    st.caption(t(P + "departments_help"))
    st.dataframe(
        summary_exports.departments_view(figures, language()), hide_index=True, width="stretch"
    )
    if not figures.departments.empty:
        labels = {"department": t(P + "col_department"), "score": t(P + "col_average")}
        st.altair_chart(department_average_scores(figures.departments, labels=labels),
                        width="stretch")  # fmt: skip


def show_charts(figures: summary.MonthSummary, trend: pd.DataFrame) -> None:
    st.subheader(t(P + "trend"))
    departments = sorted(d for d in trend["department"].unique() if d)
    chosen = st.multiselect(t(P + "trend_departments"), departments, max_selections=8,
                            placeholder=t(P + "trend_departments_placeholder"),
                            key=P + "trend_departments")  # fmt: skip
    shown = trend[trend["department"].isin(["", *chosen])]
    if shown.empty:
        st.caption(t(P + "trend_none"))
    else:
        labels = {"month": t(P + "col_month"), "score": t(P + "col_average"),
                  "series": t(P + "col_series"), "office": t(P + "office")}  # fmt: skip
        st.altair_chart(score_trend(shown, labels=labels), width="stretch")
    st.subheader(t(P + "heatmap"))
    names = list(figures.departments["department"])
    if not names:
        st.caption(t(P + "heatmap_none"))
        return
    # Best section first (the table's order): a clerk looks there before the long tail.
    department = st.selectbox(t(P + "heatmap_department"), names,
                              key=P + "heatmap_department")  # fmt: skip
    cells = summary.heatmap(figures, department)
    if cells.empty:
        st.caption(t(P + "heatmap_none"))
        return
    quotas = {q.key: quota_label(q, language()) for q in figures.evaluation.scheme.quotas}
    cells["quota_label"] = cells["quota"].map(quotas)
    labels = {"person": t(P + "col_name"), "quota": t(P + "col_quota"), "rate": t(P + "col_rate")}
    st.altair_chart(quota_heatmap(cells, labels=labels), width="stretch")


def _names(frame: pd.DataFrame) -> None:
    st.dataframe(pd.DataFrame({t(P + "col_name"): frame["name"],
                               t(P + "col_department"): frame["department"],
                               t(P + "col_score"): frame["score"]}),
                 hide_index=True, width="stretch")  # fmt: skip


def show_highlights(found: summary.Highlights) -> None:
    best, behind = st.columns(2)
    with best:
        st.subheader(t(P + "highlights"))
        st.caption(t(P + "kept_all", n=found.kept_all_count))
        if found.names_shown:
            if not found.top.empty:
                st.markdown(t(P + "top"))
                _names(found.top)
            if not found.kept_all.empty:
                st.markdown(t(P + "kept_all_list"))
                _names(found.kept_all)
        else:
            st.caption(t(P + "names_hidden"))
    with behind:
        st.subheader(t(P + "behind"))
        st.caption(t(P + "behind_count", n=found.behind_count))
        if found.names_shown and not found.behind.empty:
            _names(found.behind)


def show_people(figures: summary.MonthSummary) -> None:
    st.subheader(t(P + "people"))
    query = st.text_input(t(P + "search"), key=P + "search").strip()
    view = summary_exports.people_view(figures, language())
    if query:
        people = figures.people
        hit = (people["name"].str.contains(query, regex=False)
               | people["username"].str.contains(query, regex=False)
               | people["department"].str.contains(query, regex=False))  # fmt: skip
        view = view[hit.to_numpy()]
    st.caption(t(P + "people_count", n=len(view)))
    st.dataframe(view, hide_index=True, width="stretch")


def downloads(figures: summary.MonthSummary, trend: pd.DataFrame, text: str, lang: str) -> None:
    st.subheader(t(P + "downloads"))
    label = figures.month.label
    month = figures.month
    xlsx, csv, pdf, page = st.columns(4)
    xlsx.download_button(
        t(P + "download_xlsx"),
        key=P + "download_xlsx",
        mime=XLSX,
        data=lambda: summary_exports.summary_xlsx(figures, trend, text, lang),
        file_name=t(P + "file_xlsx", month=label),
        on_click="ignore",
    )
    csv.download_button(
        t(P + "download_csv"),
        key=P + "download_csv",
        mime="text/csv",
        data=lambda: summary_exports.people_csv(figures, lang),
        file_name=t(P + "file_csv", month=label),
        on_click="ignore",
    )
    pdf.download_button(
        t(P + "download_pdf"),
        key=P + "download_pdf",
        mime="application/pdf",
        data=lambda: summary_exports.notice_pdf(month, text, figures.departments, trend, lang),
        file_name=t(P + "file_pdf", month=label),
        on_click="ignore",
    )
    page.download_button(t(P + "download_html"), key=P + "download_html", mime="text/html",
                         data=lambda: summary_exports.notice_html(month, text,
                                                                  figures.departments, trend,
                                                                  lang).encode("utf-8"),
                         file_name=t(P + "file_html", month=label), on_click="ignore")  # fmt: skip
