"""GIFT text from questions, laid out as Moodle's qformat_gift::writequestion lays it out.

Call it through :func:`learnhub.questions.gift.write_gift`, which also reads every question back
and refuses one that would not come back the same. This module only renders; it holds what the
reader and the writer must agree on (Moodle's grade list, the category root).

What GIFT cannot carry:
- ``tolerance`` (what a fill-in grader forgives) has no GIFT syntax and is lost;
- ``line`` is where a question was read from, not part of the question;
- the text format (``[html]``…) is not kept on a Question, so nothing is written for it;
- a carriage return inside a text (Moodle's writer drops it too).

Tags are written as Moodle (3.6 and later) writes them, in a comment line before the question:
``// [tag:时政] [tag:二十大]``; a tag Moodle could not read back that way is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from learnhub.questions.model import Question

__all__ = [
    "CONTEXT_SEGMENT",
    "GRADES",
    "category_line",
    "percent",
    "render_gift",
    "render_question",
    "snap",
    "tag_writable",
]

# question_bank::fraction_options_full(): the only weights Moodle's import accepts
# (match_grade_options with 'error'); anything else stops the whole import there.
_POSITIVE: tuple[float, ...] = (0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4)
_POSITIVE += (0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05)
GRADES: tuple[float, ...] = (1.0, *_POSITIVE, 0.0, *(-f for f in reversed(_POSITIVE)), -1.0)

# A first path segment such as $course$ names a Moodle context, not a category.
CONTEXT_SEGMENT = re.compile(r"\$[a-z]+\$")
_SEGMENT_SPLIT = re.compile(r"(?<!/)/(?!/)")  # "//" is a slash inside a name

# Moodle's repchar(): the backslash first, so the escapes added after it are not doubled.
_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
_TAG_UNSAFE = re.compile(r"[<>`\x00-\x1f\x7f]")


def percent(weight: float) -> str:
    """A weight as GIFT writes it: 0.5 → "50", 0.8333333 → "83.33333", -1.0 → "-100"."""
    return f"{weight * 100:.5f}".rstrip("0").rstrip(".")


def tag_writable(tag: str) -> bool:
    # Moodle reads a tag up to the first unescaped "]" and trims it; it cannot hold < > ` or
    # control characters, and a trailing backslash would escape the closing bracket.
    return bool(tag) and tag == tag.strip() and not _TAG_UNSAFE.search(tag) and tag[-1] != "\\"


def category_line(category: str) -> str:
    """What follows ``$CATEGORY:``. The reader drops a leading context ($course$) and "top" as
    Moodle does, so a path that itself begins like that is written under them."""
    first = _SEGMENT_SPLIT.split(category)[0].strip()
    if not category or first == "top" or CONTEXT_SEGMENT.fullmatch(first):
        return "$course$/top" + (f"/{category}" if category else "")
    return category


def _escape(text: str) -> str:
    return text.translate(_ESCAPES)


def _text(text: str) -> str:
    escaped = _escape(text)
    # A text that starts with "[" could be read as a [format] marker: an explicit [moodle]
    # marker in front is stripped instead, and the text comes back whole.
    return "[moodle]" + escaped if escaped.startswith("[") else escaped


def _feedback(feedback: str) -> str:
    return "#" + _text(feedback) if feedback else ""


def _choice_lines(question: Question) -> list[str]:
    lines = []
    equals_written = False
    arrow = len(question.choices) == 1 and any(
        "->" in c.text or "->" in c.feedback for c in question.choices
    )
    for choice in question.choices:
        body = _text(choice.text)
        if question.type == "fill":
            # "=" plus "->" in the answers makes Moodle read a matching question; a single
            # answer needs no "=", and its explicit weight keeps it from reading as TRUE/FALSE.
            mark = "" if arrow else "="
            if arrow or choice.weight != 1.0 or body.startswith("%"):
                mark += f"%{percent(choice.weight)}%"
        elif question.type == "single" and choice.weight == 1.0 and not equals_written:
            # Only one "=": with every choice written as "=" there would be no "~", and Moodle
            # would read a short-answer question.
            mark, equals_written = "=", True
        elif choice.weight == 0.0 and not body.startswith("%"):
            mark = "~"
        else:
            mark = f"~%{percent(choice.weight)}%"
        lines.append(f"\t{mark}{body}{_feedback(choice.feedback)}")
    return lines


def _tag_line(tags: Iterable[str]) -> str:
    # Moodle escapes "]" inside a tag as "\]".
    bits = ["[tag:" + tag.replace("]", "\\]") + "]" for tag in tags if tag_writable(tag)]
    return "// " + " ".join(bits) if bits else ""


def render_question(question: Question) -> list[str]:
    """The lines of one question (no blank line, no category)."""
    lines = [tag] if (tag := _tag_line(question.tags)) else []
    body = _text(question.text)
    # Without a name, a text starting with "//" would be read as a comment line.
    head = f"::{_escape(question.name)}::" if question.name or body.startswith("//") else ""
    general = f"####{_text(question.explanation)}" if question.explanation else ""
    if question.type == "short":
        lines.append(f"{head}{body}{{{general}}}")
    elif question.type == "truefalse":
        answer = "TRUE" if question.answer else "FALSE"
        wrong, right = _text(question.feedback_wrong), _text(question.feedback_right)
        feedback = f"#{wrong}" if wrong or right else ""
        feedback += f"#{right}" if right else ""
        lines.append(f"{head}{body}{{{answer}{feedback}{general}}}")
    else:
        lines.append(f"{head}{body}{{")
        lines.extend(_choice_lines(question))
        if general:
            lines.append(f"\t{general}")
        lines.append("}")
    return lines


def render_gift(questions: Iterable[Question]) -> str:
    """GIFT text for `questions`, a ``$CATEGORY:`` line wherever the category changes."""
    parts: list[str] = []
    current = ""
    for question in questions:
        if question.category != current:
            parts.append(f"$CATEGORY: {category_line(question.category)}\n\n")
            current = question.category
        parts.append("\n".join(render_question(question)) + "\n\n")
    return "".join(parts)


def snap(weight: float) -> float | None:
    """The Moodle grade within Moodle's tolerance of `weight`, or None."""
    return next((grade for grade in GRADES if abs(weight - grade) < 0.00001), None)
