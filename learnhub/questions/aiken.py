"""Aiken: one-line single-choice questions, read the way Moodle reads them.

    公文的成文日期使用哪种数字？
    A) 阿拉伯数字
    B. 汉字小写数字
    ANSWER: A

Reading follows Moodle's ``question/format/aiken/format.php`` line by line: a line that starts
with a capital ASCII letter and ``)`` or ``.`` is a choice (the space after it is optional), a
line that starts with ``ANSWER:`` closes the question and names the right choice by its first
letter, any other line of two bytes or more starts a new question, shorter lines are ignored.
What Moodle reports, we report, as an ImportProblem on the first line of the block:

- a choice or ``ANSWER:`` line outside a question (``aiken.not_started``);
- a new question starting before the open one had its ``ANSWER:`` (``aiken.not_complete``);
- an ``ANSWER:`` after fewer than two choices (``aiken.too_few_answers``).

Where Moodle would store a question nobody can answer rightly, we report it instead:
an ``ANSWER:`` naming no choice (Moodle keeps the question with no right answer), a choice
with no text (Moodle drops it at save, shifting the letters after it), and a question still
open at the end of the file (Moodle drops it silently). A line inside a question written almost
the Aiken way (``A、``, full-width ``Ａ．``, ``ANSWER：``, ``答案：``) gets an extra
``aiken.not_aiken_marker`` problem beside Moodle's, which alone would baffle its author.

Texts are kept as plain text: Moodle HTML-escapes them only because it stores HTML, and
LearnHub shows question text as text. Lines are stripped of all Unicode whitespace (PHP's
``trim`` would keep a full-width space, which nobody can see). Aiken has no names, so ``name``
stays empty, and no category, feedback or explanation.

Writing (``write_aiken``) produces what Moodle's exporter does (``A) text``, ``ANSWER: B``) but
refuses, with ``AikenWriteError`` (a ValueError), any question Aiken cannot hold, where
Moodle's exporter skips it silently. ``can_write_aiken`` says in advance which ones those are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from learnhub.errors import ValidationError
from learnhub.questions.model import Choice, ImportProblem, ParseResult, Question

__all__ = ["AikenWriteError", "can_write_aiken", "parse_aiken", "write_aiken"]

_CHOICE = re.compile(r"[A-Z][).]")
_ANSWER = "ANSWER:"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Written nearly the Aiken way: other letters or punctuation, full-width forms, Chinese labels.
_NEAR_CHOICE = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]\s*[、．.)）]")
_NEAR_ANSWER = re.compile(r"(?i:answer|答案|正确答案)\s*[:：]")
MAX_CHOICES = 26
_SHOWN = 40  # characters of a question quoted in a message


class AikenWriteError(ValidationError, ValueError):
    """A question Aiken cannot hold; ``params['question']`` quotes its text."""


@dataclass
class _Open:
    """The question being read: its first line and what it has so far."""

    line: int
    text: str
    choices: list[str] = field(default_factory=list)
    empty_choice_line: int = 0


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def parse_aiken(text: str) -> ParseResult:
    """Questions and problems of an Aiken file's text; a problem's line is its block's first."""
    result = ParseResult()
    problems = result.problems
    current: _Open | None = None
    for number, raw in enumerate(_LINE_BREAK.split(text.removeprefix("\ufeff")), start=1):
        line = raw.strip()
        # Moodle measures with strlen, in bytes: one Chinese character is enough for a line.
        if len(line.encode("utf-8")) < 2:
            continue
        if _CHOICE.match(line):
            if current is None:
                problems.append(ImportProblem(number, "aiken.not_started", {"text": _shown(line)}))
                continue
            choice = line[2:].strip()
            if not choice and not current.empty_choice_line:
                current.empty_choice_line = number
            current.choices.append(choice)
        elif line.startswith(_ANSWER):
            if current is None:
                problems.append(ImportProblem(number, "aiken.not_started", {"text": _shown(line)}))
                continue
            _close(current, line[len(_ANSWER) :].strip()[:1], number, result)
            current = None
        else:
            if current is not None:
                if _near_marker(line):
                    # Meant as a choice or an answer, surely: say so beside Moodle's error.
                    problems.append(
                        ImportProblem(number, "aiken.not_aiken_marker", {"text": _shown(line)})
                    )
                problems.append(
                    ImportProblem(
                        current.line,
                        "aiken.not_complete",
                        {"question": _shown(current.text), "next_line": number},
                    )
                )
            current = _Open(number, line)
    if current is not None:
        problems.append(
            ImportProblem(
                current.line, "aiken.not_complete_at_end", {"question": _shown(current.text)}
            )
        )
    problems.sort(key=lambda p: p.line)
    return result


def _near_marker(line: str) -> bool:
    return bool(_NEAR_CHOICE.match(line) or _NEAR_ANSWER.match(line))


def _close(question: _Open, letter: str, answer_line: int, result: ParseResult) -> None:
    shown = _shown(question.text)
    if len(question.choices) < 2:
        result.problems.append(
            ImportProblem(
                question.line,
                "aiken.too_few_answers",
                {"question": shown, "answer_line": answer_line},
            )
        )
        return
    if question.empty_choice_line:
        result.problems.append(
            ImportProblem(
                question.line,
                "aiken.choice_empty",
                {"question": shown, "choice_line": question.empty_choice_line},
            )
        )
        return
    right = ord(letter) - ord("A") if letter else -1
    if not 0 <= right < len(question.choices):
        last = chr(ord("A") + len(question.choices) - 1)
        result.problems.append(
            ImportProblem(
                question.line,
                "aiken.answer_invalid",
                {"question": shown, "answer": letter, "last": last, "answer_line": answer_line},
            )
        )
        return
    choices = tuple(
        Choice(text, 1.0 if i == right else 0.0) for i, text in enumerate(question.choices)
    )
    result.questions.append(
        Question(type="single", text=question.text, choices=choices, line=question.line)
    )


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _check(question: Question, lossy: bool) -> Question:
    """The question as Aiken will hold it, or AikenWriteError saying why it cannot."""
    shown = _shown(question.text)
    if question.type != "single":
        raise AikenWriteError("aiken.write_not_single", question=shown, type=question.type)
    if not 2 <= len(question.choices) <= MAX_CHOICES:
        raise AikenWriteError(
            "aiken.write_choice_count", question=shown, count=len(question.choices)
        )
    weights = sorted(c.weight for c in question.choices)
    if weights[-1] != 1.0 or any(w != 0.0 for w in weights[:-1]):
        # Partial credit on a wrong choice (GIFT ~%50%) would be lost: that changes the grading.
        raise AikenWriteError("aiken.write_weights", question=shown)
    extras = [
        name
        for name, present in (
            ("name", question.name),
            ("explanation", question.explanation),
            ("category", question.category),
            ("tags", question.tags),
            ("feedback", any(c.feedback for c in question.choices)),
        )
        if present
    ]
    text, choices = question.text, [c.text for c in question.choices]
    if lossy:
        text, choices = _one_line(text), [_one_line(c) for c in choices]
    elif extras:
        raise AikenWriteError("aiken.write_lossy", question=shown, fields=", ".join(extras))
    if (
        text != _one_line(text)
        or len(text.encode("utf-8")) < 2
        or _CHOICE.match(text)
        or text.startswith(_ANSWER)
        or _near_marker(text)
    ):
        raise AikenWriteError("aiken.write_text_unfit", question=shown)
    if any(not c or c != _one_line(c) for c in choices):
        raise AikenWriteError("aiken.write_choice_unfit", question=shown)
    return Question(
        type="single",
        text=text,
        choices=tuple(Choice(t, c.weight) for t, c in zip(choices, question.choices, strict=True)),
    )


def can_write_aiken(question: Question, *, lossy: bool = False) -> bool:
    """Whether ``write_aiken`` takes this question (to filter a bank before exporting it)."""
    try:
        _check(question, lossy)
    except AikenWriteError:
        return False
    return True


def write_aiken(questions: Iterable[Question], *, lossy: bool = False) -> str:
    """Aiken text that ``parse_aiken`` reads back to the same questions (``line`` aside).

    Raises AikenWriteError for a question Aiken cannot hold: not single choice, fewer than two
    or more than 26 choices, partial credit, a text that would read back differently. With
    ``lossy=True`` the name, explanation, category, tags and per-choice feedback are dropped
    and line breaks become spaces instead; what is right and wrong is never changed.
    """
    blocks = []
    for question in questions:
        checked = _check(question, lossy)
        lines = [checked.text]
        right = "A"
        for index, choice in enumerate(checked.choices):
            letter = chr(ord("A") + index)
            lines.append(f"{letter}) {choice.text}")
            if choice.weight == 1.0:
                right = letter
        lines.append(f"{_ANSWER} {right}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
