"""Pieces of the 测验 page: one question of an open paper as widgets that save on every change,
and one question of a closed paper with (when the quiz allows it) its right answer.

Choices are shown in the attempt's own shuffled order and lettered A, B, … in that order; what is
saved is always the question's original choice positions (`Slot.choice_order[shown] == original`).
Trainers' texts are shown as plain text (`st.text`) or with every Markdown sign escaped.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from learnhub import attempts
from learnhub.attempts import Paper, Slot
from learnhub.errors import LearnHubError
from learnhub.grading import MAX_FILL_CHARS, MAX_SHORT_CHARS, grade
from learnhub.ui.context import app_store
from learnhub.ui.text import language, t
from learnhub.ui.views import study_day_parts as clock

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ERROR_KEY = "quiz_take.save_error"
_MARKDOWN_SIGN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$=^:])")


def plain(text: str) -> str:
    """`text` for a widget label (which reads Markdown) shown exactly as written."""
    return _MARKDOWN_SIGN.sub(r"\\\1", " ".join(text.split()))


def when(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")


def number(value: float) -> str:
    return f"{round(float(value), 2):g}"


def widget_key(attempt_id: int, slot: int) -> str:
    return f"quiz_take.answer.{attempt_id}.{slot}"


def saved_key(attempt_id: int, slot: int) -> str:
    return f"quiz_take.saved.{attempt_id}.{slot}"


def unanswered(response: Any) -> bool:
    return (
        response is None or response == () or (isinstance(response, str) and not response.strip())
    )


def shown_letters(slot: Slot, positions: tuple[int, ...]) -> str:
    """Original choice positions as the letters they carry on this paper, in display order."""
    return "".join(
        LETTERS[shown] for shown, orig in enumerate(slot.choice_order) if orig in positions
    )


def answer_text(slot: Slot, response: Any) -> str:
    if unanswered(response):
        return t("quiz_take.not_answered")
    if isinstance(response, bool):
        return t("quiz_take.true" if response else "quiz_take.false")
    if isinstance(response, tuple):
        return shown_letters(slot, response)
    return str(response)


def question_head(index: int, slot: Slot) -> str:
    return t(
        "quiz_take.question_head",
        n=index,
        points=number(slot.points),
        type=t(f"quiz_take.type.{slot.question.type}"),
    )


# -- an open paper -------------------------------------------------------------------------------
def _response_from_widgets(slot: Slot, key: str) -> Any:
    kind = slot.question.type
    state = st.session_state
    if kind == "single":
        shown = state.get(key)
        return None if shown is None else (slot.choice_order[int(shown)],)
    if kind == "multiple":
        chosen = tuple(
            sorted(
                orig for shown, orig in enumerate(slot.choice_order) if state.get(f"{key}.{shown}")
            )
        )
        return chosen or None
    if kind == "truefalse":
        value = state.get(key)
        return None if value is None else bool(value)
    text = state.get(key)
    return text if isinstance(text, str) and text.strip() else None


def _save(attempt_id: int, person_id: int, slot: Slot) -> None:
    """on_change of every answer widget: keep the answer at once, so a reload finds it."""
    key = widget_key(attempt_id, slot.slot)
    now = clock.now()
    try:
        attempts.save_answer(
            app_store(), attempt_id, person_id, slot.slot, _response_from_widgets(slot, key), now
        )
    except LearnHubError as exc:
        st.session_state[ERROR_KEY] = exc.message(language())
        return
    st.session_state[saved_key(attempt_id, slot.slot)] = now


def _start_value(key: str, value: Any) -> None:
    # Session state first, so the widget opens on the saved answer without a default as well.
    if key not in st.session_state:
        st.session_state[key] = value


def answer_widgets(paper: Paper, slot: Slot, index: int, person_id: int) -> None:
    attempt_id = int(paper.attempt["id"])
    key = widget_key(attempt_id, slot.slot)
    label = question_head(index, slot)
    question, response = slot.question, slot.response
    args = (attempt_id, person_id, slot)
    if question.type == "single":
        places = list(range(len(slot.choice_order)))
        saved = [d for d in places if response and slot.choice_order[d] in response]
        _start_value(key, saved[0] if saved else None)
        st.radio(
            label,
            places,
            format_func=lambda d: (
                f"{LETTERS[d]}. {plain(question.choices[slot.choice_order[d]].text)}"
            ),
            key=key,
            label_visibility="collapsed",
            on_change=_save,
            args=args,
        )
    elif question.type == "multiple":
        st.caption(t("quiz_take.multiple_hint"))
        for shown, orig in enumerate(slot.choice_order):
            _start_value(f"{key}.{shown}", bool(response) and orig in response)
            st.checkbox(
                f"{LETTERS[shown]}. {plain(question.choices[orig].text)}",
                key=f"{key}.{shown}",
                on_change=_save,
                args=args,
            )
    elif question.type == "truefalse":
        _start_value(key, response if isinstance(response, bool) else None)
        st.radio(
            label,
            [True, False],
            format_func=lambda v: t("quiz_take.true" if v else "quiz_take.false"),
            key=key,
            horizontal=True,
            label_visibility="collapsed",
            on_change=_save,
            args=args,
        )
    else:
        _start_value(key, response if isinstance(response, str) else "")
        if question.type == "fill":
            st.text_input(
                t("quiz_take.your_answer"),
                key=key,
                max_chars=MAX_FILL_CHARS,
                on_change=_save,
                args=args,
            )
        else:
            st.text_area(
                t("quiz_take.your_answer"),
                key=key,
                max_chars=MAX_SHORT_CHARS,
                height=160,
                help=t("quiz_take.short_help"),
                on_change=_save,
                args=args,
            )


def open_question(
    paper: Paper, slot: Slot, index: int, person_id: int, saved_at: datetime | None
) -> None:
    with st.container(border=True):
        st.markdown(f"**{question_head(index, slot)}**")
        st.text(slot.question.text)
        answer_widgets(paper, slot, index, person_id)
        saved = st.session_state.get(saved_key(int(paper.attempt["id"]), slot.slot), saved_at)
        if isinstance(saved, datetime):
            st.caption(t("quiz_take.saved_at", time=saved.strftime("%H:%M:%S")))
        if attempts.may_review(paper, clock.now()):
            with st.expander(t("quiz_take.show_answer")):
                right_answer(paper, slot)


# -- a closed paper ------------------------------------------------------------------------------
def right_answer(paper: Paper, slot: Slot) -> None:
    question = slot.question
    if question.type == "short":
        st.caption(t("quiz_take.short_by_person"))
    else:
        right = grade(question, None, multiple_rule=paper.quiz["multiple_rule"]).right_answer
        if isinstance(right, bool):
            text = t("quiz_take.true" if right else "quiz_take.false")
        elif question.type == "fill" and isinstance(right, tuple):
            text = " / ".join(str(r) for r in right)
        elif isinstance(right, tuple):
            text = shown_letters(slot, tuple(int(r) for r in right))
        else:
            text = ""
        st.text(t("quiz_take.right_answer", answer=text))
    if question.explanation:
        st.text(t("quiz_take.explanation", text=question.explanation))


def _earned(slot: Slot) -> str:
    if slot.fraction is None:
        return t("quiz_take.pending")
    if slot.fraction >= 1:
        verdict = t("quiz_take.correct")
    elif slot.fraction <= 0:
        verdict = t("quiz_take.wrong")
    else:
        verdict = t("quiz_take.partly")
    return t(
        "quiz_take.earned",
        points=number(slot.fraction * slot.points),
        max=number(slot.points),
        verdict=verdict,
    )


def reviewed_question(paper: Paper, slot: Slot, index: int) -> None:
    with st.container(border=True):
        st.markdown(f"**{question_head(index, slot)}** · {plain(_earned(slot))}")
        st.text(slot.question.text)
        if slot.question.type in ("single", "multiple"):
            lines = [
                f"{LETTERS[shown]}. {plain(slot.question.choices[orig].text)}"
                for shown, orig in enumerate(slot.choice_order)
            ]
            st.markdown("  \n".join(lines))
        st.text(t("quiz_take.your_answer_was", answer=answer_text(slot, slot.response)))
        right_answer(paper, slot)
        if slot.comment and slot.fraction is not None:
            st.text(t("quiz_take.comment", text=slot.comment))


def result(paper: Paper, now: datetime) -> None:
    info = paper.attempt
    if info["closed_by"] == "time":
        st.info(t("quiz_take.closed_by_time"))
    if info["submitted_at"] is not None:
        st.caption(t("quiz_take.submitted_at", at=when(info["submitted_at"])))
    score, max_score = float(info["score"] or 0), float(info["max_score"])
    if info["status"] == "pending_review":
        st.metric(t("quiz_take.score"), t("quiz_take.pending"))
        st.caption(t("quiz_take.pending_explain", score=number(score), max=number(max_score)))
    else:
        st.metric(
            t("quiz_take.score"),
            t("quiz_take.score_of", score=number(score), max=number(max_score)),
        )
        percent = score / max_score * 100 if max_score > 0 else 0.0
        mark = float(paper.quiz["pass_percent"])
        words = {"percent": number(percent), "mark": number(mark)}
        if percent >= mark:
            st.success(t("quiz_take.passed", **words))
        else:
            st.error(t("quiz_take.failed", **words))
    if attempts.may_review(paper, now):
        for index, slot in enumerate(paper.slots, start=1):
            reviewed_question(paper, slot, index)
    elif paper.quiz["review"] == "after_close" and paper.quiz["closes_at"] is not None:
        st.caption(t("quiz_take.review_after_close", at=when(paper.quiz["closes_at"])))
    else:
        st.caption(t("quiz_take.review_never"))
