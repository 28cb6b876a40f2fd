"""测验管理: a quiz's questions. The table of its items (a fixed question, or N drawn at random
from a bank or one of its categories), removing one, adding fixed questions and adding a draw.

A published quiz keeps its questions: the page then shows them and says how to change them
(withdraw first) instead of offering forms the domain would refuse.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import quizzes
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, next_submission, submission_key, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views.quiz_admin_settings import number

LABEL_CHARS = 60


def short(text: Any, limit: int = LABEL_CHARS) -> str:
    value = " ".join(str(text or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def type_label(value: Any) -> str:
    return t(f"qbank.type.{value}") if isinstance(value, str) and value else ""


def _is_draw(item: pd.Series) -> bool:
    return bool(pd.isna(item["question_id"]))


def item_text(item: pd.Series) -> str:
    if not _is_draw(item):
        return str(item["question"] or "")
    bank = str(item["bank"] or "")
    count = int(item["count"])
    category = item["category"]
    if isinstance(category, str) and category:
        return t("quiz_admin.draw_from_category", bank=bank, category=category, n=count)
    return t("quiz_admin.draw_from_bank", bank=bank, n=count)


def totals(items: pd.DataFrame) -> tuple[int, float]:
    """(questions on a paper, full marks)."""
    if items.empty:
        return 0, 0.0
    counts = items["count"].astype(int)
    return int(counts.sum()), float((counts * items["points"].astype(float)).sum())


def summary(items: pd.DataFrame) -> str:
    count, full = totals(items)
    return t("quiz_admin.summary", n=count, points=number(full))


def items_table(items: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("quiz_admin.col.position"): items["position"].astype(int),
            t("quiz_admin.col.content"): items.apply(item_text, axis=1),
            t("quiz_admin.col.type"): items.apply(
                lambda r: t("quiz_admin.random") if _is_draw(r) else type_label(r["type"]), axis=1
            ),
            t("quiz_admin.col.count"): items["count"].astype(int),
            t("quiz_admin.col.points"): items["points"].astype(float).map(number),
            t("quiz_admin.col.subtotal"): (
                items["count"].astype(int) * items["points"].astype(float)
            ).map(number),
        }
    )


def _done(message: str) -> None:
    flash(message)
    st.rerun()


def quiz_items(store: Store, viewer: Viewer, quiz: dict[str, Any], items: pd.DataFrame) -> None:
    quiz_id = int(quiz["id"])
    st.subheader(t("quiz_admin.items_title"))
    st.markdown(f"**{summary(items)}**")
    if items.empty:
        st.caption(t("quiz_admin.no_items"))
    else:
        st.dataframe(items_table(items), hide_index=True, width="stretch")
    if bool(quiz["published"]):
        st.info(t("quiz_admin.locked"))
        return
    if not items.empty:
        remove_item(store, viewer, quiz_id, items)
    banks = store.questions.banks()
    if banks.empty:
        st.info(t("quiz_admin.no_banks"))
        return
    add_fixed(store, viewer, quiz_id, banks, items)
    add_draw(store, viewer, quiz_id, banks, items)


def remove_item(store: Store, viewer: Viewer, quiz_id: int, items: pd.DataFrame) -> None:
    labels = {
        int(r["position"]): f"{int(r['position'])}. {short(item_text(r))}"
        for _, r in items.iterrows()
    }
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    position = left.selectbox(
        t("quiz_admin.remove_which"), list(labels), format_func=labels.__getitem__,
        key=f"quiz_admin_remove_{quiz_id}",
    )  # fmt: skip
    if (
        right.button(t("quiz_admin.remove"), key=f"quiz_admin_remove_button_{quiz_id}")
        and position is not None
        and succeeded(
            lambda: quizzes.remove_item(
                store, quiz_id, int(position), actor_id=viewer.person_id, actor_roles=viewer.roles
            )
        )
    ):
        _done(t("quiz_admin.removed", item=short(labels[int(position)])))


def _bank_picker(banks: pd.DataFrame, key: str) -> int:
    labels = {
        int(r["id"]): t("quiz_admin.bank_label", name=r["name"], n=int(r["questions"]))
        for _, r in banks.iterrows()
    }
    chosen = st.selectbox(
        t("quiz_admin.bank"), list(labels), format_func=labels.__getitem__, key=key
    )
    return int(chosen) if chosen is not None else next(iter(labels))


def categories(questions: pd.DataFrame) -> dict[str, int]:
    """{category: questions in it and its subcategories}, parents included (a draw from
    "保密" also draws from "保密/定密")."""
    counts: dict[str, int] = {}
    for value in questions["category"].fillna(""):
        parts = [p for p in str(value).split("/") if p]
        for depth in range(1, len(parts) + 1):
            name = "/".join(parts[:depth])
            counts[name] = counts.get(name, 0) + 1
    return dict(sorted(counts.items()))


def add_fixed(
    store: Store, viewer: Viewer, quiz_id: int, banks: pd.DataFrame, items: pd.DataFrame
) -> None:
    form_name = f"quiz_admin.fixed.{quiz_id}"
    st.subheader(t("quiz_admin.add_fixed_title"))
    bank_id = _bank_picker(banks, f"quiz_admin_fixed_bank_{quiz_id}")
    present = set(items["question_id"].dropna().astype(int))
    questions = store.questions.questions(bank_id)
    questions = questions[~questions["id"].astype(int).isin(present)]
    if questions.empty:
        st.caption(t("quiz_admin.bank_used_up"))
        return
    labels = {
        int(r["id"]): t(
            "quiz_admin.question_label",
            type=type_label(r["type"]),
            text=short(r["text"]),
            category=r["category"] or t("quiz_admin.no_category"),
        )
        for _, r in questions.iterrows()
    }
    key = submission_key(form_name)
    with st.form(f"quiz_admin_fixed_{quiz_id}_{key}"):
        chosen = st.multiselect(
            t("quiz_admin.questions"), list(labels), format_func=labels.__getitem__,
            placeholder=t("quiz_admin.questions_placeholder"),
        )  # fmt: skip
        points = st.number_input(
            t("quiz_admin.points_each"), min_value=0.0, max_value=100.0, value=1.0, step=0.5,
            format="%.1f",
        )  # fmt: skip
        submitted = st.form_submit_button(t("quiz_admin.add_fixed"))
    if submitted:
        added = attempt(
            lambda: quizzes.add_questions(
                store, quiz_id, [int(q) for q in chosen], points=points,
                actor_id=viewer.person_id, actor_roles=viewer.roles,
            )
        )  # fmt: skip
        if added is not None:
            next_submission(form_name)
            _done(t("quiz_admin.fixed_added", n=added))


def add_draw(
    store: Store, viewer: Viewer, quiz_id: int, banks: pd.DataFrame, items: pd.DataFrame
) -> None:
    form_name = f"quiz_admin.draw.{quiz_id}"
    st.subheader(t("quiz_admin.add_draw_title"))
    st.caption(t("quiz_admin.add_draw_explain"))
    bank_id = _bank_picker(banks, f"quiz_admin_draw_bank_{quiz_id}")
    # What a paper can still draw from: a question fixed in this quiz is never drawn again.
    fixed = set(items["question_id"].dropna().astype(int))
    questions = store.questions.questions(bank_id)
    questions = questions[~questions["id"].astype(int).isin(fixed)]
    pools = {"": len(questions), **categories(questions)}
    labels = {
        name: t(
            "quiz_admin.category_label",
            name=name or t("quiz_admin.all_categories"),
            n=n,
        )
        for name, n in pools.items()
    }
    key = submission_key(form_name)
    with st.form(f"quiz_admin_draw_{quiz_id}_{key}"):
        category = st.selectbox(
            t("quiz_admin.category"), list(labels), format_func=labels.__getitem__
        )
        left, right = st.columns(2)
        count = left.number_input(
            t("quiz_admin.count"), min_value=1, max_value=quizzes.MAX_DRAW,
            value=min(5, max(1, len(questions))), step=1,
        )  # fmt: skip
        points = right.number_input(
            t("quiz_admin.points_each"), min_value=0.0, max_value=100.0, value=1.0, step=0.5,
            format="%.1f",
        )  # fmt: skip
        submitted = st.form_submit_button(t("quiz_admin.add_draw"))
    if submitted and succeeded(
        lambda: quizzes.add_draw(
            store, quiz_id, bank_id=bank_id, count=int(count), category=category or None,
            points=points, actor_id=viewer.person_id, actor_roles=viewer.roles,
        )
    ):  # fmt: skip
        next_submission(form_name)
        _done(t("quiz_admin.draw_added", n=int(count)))
