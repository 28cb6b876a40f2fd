"""培训班管理, figures tab: participants, person-times (人次), attendance rate, credit hours per
person, who is over the 1/7 leave limit, the per-person table and the 培训台账 workbook."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from learnhub.store import Store
from learnhub.training_figures import PERSON_COLUMNS, ClassFigures, class_figures, ledger_xlsx
from learnhub.ui.forms import attempt
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts as parts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a file name may not hold on Windows, where offices open the ledger.
_UNSAFE_FILE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def figures(store: Store, class_id: int) -> None:
    result = attempt(lambda: class_figures(store, class_id, parts.now()))
    if result is None:
        return
    st.caption(t("training_admin.figures_explain"))
    metrics(result)
    over_limit_warning(result)
    people = result.people
    if people.empty:
        st.info(t("training_admin.no_people_figures"))
    else:
        table = people[list(PERSON_COLUMNS)].copy()
        table["over_limit"] = table["over_limit"].map(
            lambda over: t("training.ledger.yes") if over else ""
        )
        table.columns = pd.Index([t(f"training.ledger.{c}") for c in PERSON_COLUMNS])
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            column_config={
                t("training.ledger.leave_share"): st.column_config.NumberColumn(format="percent")
            },
        )
    # Built when clicked, in the language of the page the person is reading.
    lang = language()
    title = _UNSAFE_FILE_NAME.sub("_", str(result.summary["title"])).strip("_")
    st.download_button(
        t("training_admin.download_ledger"),
        data=lambda: ledger_xlsx(result, lang),
        file_name=t("training_admin.ledger_file", title=title),
        mime=XLSX,
        key=f"training_admin_ledger_{class_id}",
        on_click="ignore",
    )


def metrics(result: ClassFigures) -> None:
    summary = result.summary
    participants, person_times, rate, per_head, over = st.columns(5)
    participants.metric(t("training.summary.participants"), summary["participants"])
    person_times.metric(
        t("training.summary.person_times"),
        summary["person_times"],
        help=t(
            "training_admin.person_times_help",
            expected=summary["expected_person_times"],
            participants=summary["participants"],
            held=summary["held"],
        ),
    )
    rate.metric(
        t("training.summary.attendance_rate"),
        f"{summary['attendance_rate']:.1%}",
        help=t("training_admin.rate_help"),
    )
    per_head.metric(
        t("training.summary.credit_hours_per_person"),
        f"{summary['credit_hours_per_person']:.1f}",
        help=t("training_admin.hours_per_person_help", total=f"{summary['credit_hours_total']:g}"),
    )
    over.metric(t("training.summary.over_limit"), summary["over_limit"])


def over_limit_warning(result: ClassFigures) -> None:
    over = result.people[result.people["over_limit"].astype(bool)]
    if over.empty:
        return
    names = t("training_admin.list_sep").join(
        t(
            "training_admin.over_limit_person",
            name=row["name"],
            leave=int(row["leave"]),
            sessions=result.summary["sessions"],
        )
        for _, row in over.iterrows()
    )
    st.warning(t("training_admin.over_limit_warning", n=len(over), names=names))
