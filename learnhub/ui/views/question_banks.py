"""题库管理: trainers and the office bring questions in from the file they already have (GIFT,
Aiken or the Excel template), see every question, problem and skipped question before anything
is stored, and take a bank out again as GIFT or Excel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from learnhub import question_banks as banks
from learnhub.errors import LearnHubError
from learnhub.questions.model import Question
from learnhub.store import Store
from learnhub.ui.context import app_store
from learnhub.ui.forms import attempt, flash, show_flash
from learnhub.ui.gate import Viewer, require
from learnhub.ui.layout import page_header, sidebar
from learnhub.ui.text import language, t

# Bumped after an import went through, so the uploader (whose key includes it) starts empty.
UPLOAD_ROUND_KEY = "learnhub.question_banks.upload_round"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def question_banks_page() -> None:
    viewer = require(["trainer", "office"])
    sidebar(viewer)
    store = app_store()
    page_header("nav.question_banks")
    show_flash()
    import_section(store, viewer)
    st.divider()
    banks_section(store)
    if viewer.has("office"):
        from learnhub.ui.views.daily_banks import daily_banks_section

        st.divider()
        daily_banks_section(store, viewer)


def _template_button() -> None:
    from learnhub.questions.excel_write import template_bytes

    st.download_button(
        t("qbank.template"),
        template_bytes(),
        file_name=t("qbank.template_file"),
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
    )


def import_section(store: Store, viewer: Viewer) -> None:
    st.subheader(t("qbank.import_title"))
    st.markdown(t("qbank.import_explain"))
    _template_button()
    round_ = int(st.session_state.get(UPLOAD_ROUND_KEY, 0))
    upload = st.file_uploader(
        t("qbank.upload"), type=["txt", "gift", "xlsx", "csv"], key=f"question_file_{round_}"
    )
    if upload is None:
        return
    parsed = attempt(lambda: banks.read_questions(upload.getvalue(), upload.name))
    if parsed is None:
        return
    result = parsed.result
    st.caption(
        t(
            "qbank.read",
            format=t(f"qbank.format.{parsed.format}"),
            questions=len(result.questions),
            skipped=len(result.skipped),
        )
    )
    if result.skipped:
        st.warning(
            t("qbank.skipped_title", n=len(result.skipped))
            + "\n\n"
            + "\n".join(
                f"- {t('qbank.skipped_item', line=s.line, kind=s.kind, name=s.name)}"
                for s in result.skipped
            )
        )
    if not result.ok:
        st.error(t("qbank.problems_title", n=len(result.problems)))
        st.dataframe(
            pd.DataFrame(
                {
                    t("qbank.col.line"): [p.line for p in result.problems],
                    t("qbank.col.problem"): [t(p.key, **p.params) for p in result.problems],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(t("qbank.nothing_stored"))
        return
    st.dataframe(questions_table(result.questions), hide_index=True, width="stretch")
    existing = store.questions.banks()
    names = existing["name"].tolist() if not existing.empty else []
    with st.form("import_questions"):
        choice = st.selectbox(
            t("qbank.bank"),
            [*names, ""],
            index=len(names),
            format_func=lambda n: n or t("qbank.new_bank"),
        )
        new_name = st.text_input(t("qbank.new_bank_name"), max_chars=banks.MAX_BANK_NAME)
        if st.form_submit_button(t("qbank.import"), type="primary"):
            bank = choice or new_name
            outcome = attempt(
                lambda: banks.import_questions(store, bank, parsed, actor_id=viewer.person_id)
            )
            if outcome is not None:
                st.session_state[UPLOAD_ROUND_KEY] = round_ + 1
                flash(t("qbank.imported", n=outcome.stored, bank=bank.strip()))
                st.rerun()


def _answer(question: Question) -> str:
    if question.type == "truefalse":
        return t("qbank.true") if question.answer else t("qbank.false")
    if question.type in ("single", "multiple"):
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        return "".join(letters[i] for i, c in enumerate(question.choices) if c.weight > 0)
    if question.type == "fill":
        return " | ".join(c.text for c in question.choices if c.weight > 0)
    return t("qbank.graded_by_person")


def questions_table(questions: list[Question]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("qbank.col.line"): [q.line for q in questions],
            t("qbank.col.type"): [t(f"qbank.type.{q.type}") for q in questions],
            t("qbank.col.text"): [q.text for q in questions],
            t("qbank.col.choices"): [
                " / ".join(c.text for c in q.choices) if q.type != "fill" else "" for q in questions
            ],
            t("qbank.col.answer"): [_answer(q) for q in questions],
            t("qbank.col.explanation"): [q.explanation for q in questions],
            t("qbank.col.category"): [q.category for q in questions],
        }
    )


def banks_section(store: Store) -> None:
    st.subheader(t("qbank.banks_title"))
    existing = store.questions.banks()
    if existing.empty:
        st.caption(t("qbank.no_banks"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("qbank.col.bank"): existing["name"],
                t("qbank.col.count"): existing["questions"],
                t("qbank.col.owner"): existing["owner"].fillna(""),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    labels = dict(zip(existing["id"].astype(int), existing["name"], strict=True))
    bank_id = int(
        st.selectbox(t("qbank.bank"), list(labels), format_func=labels.__getitem__, key="bank")
    )
    questions = banks.bank_questions(store, bank_id)
    st.dataframe(questions_table(questions).iloc[:, 1:], hide_index=True, width="stretch")
    left, right = st.columns(2)
    name = labels[bank_id]
    with left:
        export_button(store, bank_id, "excel", f"{name}.xlsx", XLSX)
    with right:
        export_button(store, bank_id, "gift", f"{name}.gift.txt", "text/plain")
    history = store.questions.imports(bank_id)
    if not history.empty:
        st.caption(t("qbank.history"))
        st.dataframe(
            pd.DataFrame(
                {
                    t("qbank.col.file"): history["filename"],
                    t("qbank.col.format"): history["format"].map(lambda f: t(f"qbank.format.{f}")),
                    t("qbank.col.count"): history["questions"],
                    t("qbank.col.skipped"): history["skipped"],
                    t("qbank.col.by"): history["imported_by"].fillna(""),
                    t("qbank.col.at"): history["imported_at"],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def export_button(store: Store, bank_id: int, format: str, file_name: str, mime: str) -> None:
    try:
        data = banks.export_bank(store, bank_id, format)
    except LearnHubError as exc:
        # E.g. GIFT's negative credit has no column in the Excel template: say why, offer GIFT.
        st.caption(t("qbank.export_refused", format=t(f"qbank.format.{format}"),
                     reason=exc.message(language())))  # fmt: skip
        return
    st.download_button(
        t(f"qbank.export_{format}"),
        data,
        file_name=file_name,
        mime=mime,
        on_click="ignore",
        key=f"export_{format}",
    )
