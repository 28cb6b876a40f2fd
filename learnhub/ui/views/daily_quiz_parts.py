"""The 错题本 on the 每日答题 page: the questions a person got wrong and a redo, one at a time.

The redo shows the question's choices in their own order (no shuffling: nothing is saved but the
verdict) and grades on the server with `daily_quiz.redo_wrong`: right clears the question from the
book, wrong (an empty answer included) keeps it and shows the right answer and the explanation.
The widgets of the 测验 page save into an attempt on every change, which a redo has none of, so the
few answer widgets are here; the text helpers (`plain`, `LETTERS`, …) are the 测验 page's.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from learnhub import daily_quiz
from learnhub.grading import MAX_FILL_CHARS, Grade
from learnhub.question_banks import questions_by_id
from learnhub.questions.model import Question
from learnhub.store import Store
from learnhub.ui.forms import attempt
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as clock
from learnhub.ui.views.quiz_take_parts import LETTERS, plain, when

PICK_KEY = "daily_page.redo_pick"
OUTCOME_KEY = "daily_page.redo_outcome"
SHORT_LABEL = 40


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SHORT_LABEL else line[: SHORT_LABEL - 1] + "…"


def wrong_book_section(store: Store, viewer: Viewer) -> None:
    st.subheader(t("daily_page.book_title"))
    outcome = st.session_state.pop(OUTCOME_KEY, None)
    book = daily_quiz.wrong_book(store, viewer.person_id)
    if outcome is not None and outcome["correct"]:
        st.success(t("daily_page.redo_right"))
    if book.empty:
        st.caption(t("daily_page.book_empty"))
        return
    st.caption(t("daily_page.book_count", n=len(book)))
    st.dataframe(
        pd.DataFrame(
            {
                t("daily_page.col.question"): book["text"].map(_short),
                t("daily_page.col.type"): book["type"].map(lambda v: t(f"quiz_take.type.{v}")),
                t("daily_page.col.bank"): book["bank"],
                t("daily_page.col.times_wrong"): book["times_wrong"].astype(int),
                t("daily_page.col.last_wrong"): book["last_wrong_at"].map(when),
            }
        ),
        hide_index=True,
        width="stretch",
    )
    labels = {
        int(row["question_id"]): f"{_short(str(row['text']))} · {row['bank']}"
        for _, row in book.iterrows()
    }
    picked = st.selectbox(
        t("daily_page.redo_pick"), list(labels), format_func=labels.__getitem__, key=PICK_KEY
    )
    if picked is None:
        return
    question_id = int(picked)
    question = questions_by_id(store, [question_id])[question_id]
    redo_form(store, viewer, question_id, question)
    if outcome is not None and not outcome["correct"] and outcome["question_id"] == question_id:
        st.error(t("daily_page.redo_wrong"))
        st.text(t("daily_page.right_answer", answer=outcome["right"]))
        if outcome["explanation"]:
            st.text(t("daily_page.explanation", text=outcome["explanation"]))


def redo_form(store: Store, viewer: Viewer, question_id: int, question: Question) -> None:
    with st.form(f"daily_page.redo.{question_id}"):
        st.markdown(f"**{t('daily_page.redo_title', type=t(f'quiz_take.type.{question.type}'))}**")
        st.text(question.text)
        response = answer_widget(question, f"daily_page.answer.{question_id}")
        checked = st.form_submit_button(t("daily_page.redo_check"), type="primary")
    if not checked:
        return
    result = attempt(
        lambda: daily_quiz.redo_wrong(store, viewer.person_id, question_id, response, clock.now())
    )
    if result is None:
        return
    st.session_state[OUTCOME_KEY] = {
        "question_id": question_id,
        "correct": result.correct,
        "right": right_answer_text(question, result),
        "explanation": question.explanation,
    }
    st.rerun()


def answer_widget(question: Question, key: str) -> Any:
    """Draw the answer widget(s) for `question` and return the response as `grading.grade` takes
    it: None when nothing was answered, which grades as wrong."""
    kind = question.type
    if kind == "single":
        shown = st.radio(
            t("daily_page.your_answer"),
            list(range(len(question.choices))),
            index=None,
            format_func=lambda i: f"{LETTERS[i]}. {plain(question.choices[i].text)}",
            key=key,
        )
        return None if shown is None else (int(shown),)
    if kind == "multiple":
        st.caption(t("quiz_take.multiple_hint"))
        ticked = [
            st.checkbox(f"{LETTERS[i]}. {plain(choice.text)}", key=f"{key}.{i}")
            for i, choice in enumerate(question.choices)
        ]
        return tuple(i for i, on in enumerate(ticked) if on) or None
    if kind == "truefalse":
        return st.radio(
            t("daily_page.your_answer"),
            [True, False],
            index=None,
            format_func=lambda v: t("quiz_take.true" if v else "quiz_take.false"),
            key=key,
            horizontal=True,
        )
    text = st.text_input(t("daily_page.your_answer"), key=key, max_chars=MAX_FILL_CHARS)
    return text if text.strip() else None


def right_answer_text(question: Question, result: Grade) -> str:
    right = result.right_answer
    if isinstance(right, bool):
        return t("quiz_take.true" if right else "quiz_take.false")
    if question.type == "fill" and isinstance(right, tuple):
        return " / ".join(str(r) for r in right)
    if isinstance(right, tuple):
        return t("daily_page.list_sep").join(
            f"{LETTERS[int(i)]}. {question.choices[int(i)].text}" for i in right
        )
    return t("daily_page.short_no_key")
