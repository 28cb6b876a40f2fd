"""GIFT question files, read and written as Moodle does (question/format/gift/format.php).

Reading follows Moodle's ``readquestions`` / ``readquestion`` step by step: questions are
separated by blank lines, ``//`` lines are comments, ``::name::``, a leading ``[html]`` /
``[moodle]`` / ``[plain]`` / ``[markdown]`` marker is dropped (the text is kept as written),
``\\~ \\= \\# \\{ \\} \\: \\\\ \\n`` are escapes, ``$CATEGORY:`` sets the category of the questions
after it, ``%50%`` weights, ``#`` feedback, ``####`` general feedback (the explanation), and
``// [tag:…]`` comments carry tags (Moodle 3.6+). Moodle's types map onto LearnHub's:

=====================================  ==============================================
Moodle                                 LearnHub
=====================================  ==============================================
multichoice with an ``=`` answer       ``single``
multichoice without (``single = 0``)   ``multiple``
truefalse ``{T}`` ``{FALSE#…#…}``      ``truefalse`` (feedback_wrong, feedback_right)
shortanswer ``{=a =b}``                ``fill``, every accepted answer a choice
essay ``{}``                           ``short``
matching, numerical, description       :class:`Skipped`, with line and name
=====================================  ==============================================

A missing-word question (text after the braces) gets :data:`BLANK` where the braces were, as
Moodle puts its ``_____`` there. A question without ``::name::`` keeps ``name == ""``; Moodle
would make one up from the text. What Moodle refuses (a lone brace, too few answers, a weight
that is not one of Moodle's grades, a fill-in question without a 100% answer, a malformed
matching or numerical question) is an :class:`ImportProblem` with a ``gift.*`` catalogue key
and the line where the question starts. Stricter than Moodle, because each would otherwise
give a question nobody can answer or a question swallowed by the one before: braces left
outside the one answer block, ``{true}`` / ``{对}`` for a true/false answer (Moodle makes it a
short answer "对"), a multiple-answer question whose right weights do not add up to 100%
(Moodle only computes a notice that its importer never shows), fewer than two choices once
blank ones are dropped, an empty question text, full-width ``｛｝`` braces, and a
``$CATEGORY:`` line with a question directly under it (Moodle makes the question part of the
category's name).

Writing (:func:`write_gift`) lays questions out as Moodle's exporter does and then reads each
one back: a question that would not come back the same is refused with a ValidationError
rather than exported wrong. ``tolerance`` cannot be said in GIFT and is lost, as is ``line``;
texts are trimmed and lose carriage returns, as in Moodle. Characters U+E000–U+E007 (private
use) stand in for escapes while reading and must not occur in a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from learnhub.errors import ValidationError
from learnhub.questions.gift_write import (
    CONTEXT_SEGMENT,
    percent,
    render_gift,
    snap,
    tag_writable,
)
from learnhub.questions.model import (
    QUESTION_TYPES,
    Choice,
    ImportProblem,
    ParseResult,
    Question,
    Skipped,
)

__all__ = ["BLANK", "parse_gift", "write_gift"]

BLANK = "____"  # where a missing-word question's answer goes; Moodle writes "_____"

_TRIM = " \t\n\r\0\x0b"  # PHP's trim(): a full-width space (U+3000) is text, not padding
_FORMATS = ("moodle", "html", "plain", "markdown")
_TRUE = ("T", "TRUE")
_TRUEFALSE = (*_TRUE, "F", "FALSE")
# Meant as true/false but not Moodle's spelling: Moodle would quietly make them short answers.
_TRUEFALSE_LIKE = {"t", "true", "f", "false", "对", "错", "正确", "错误", "是", "否"}
_TRUEFALSE_LIKE |= {"√", "×", "✓", "✗", "✔", "✘"}
_WEIGHT = re.compile(r"%-*[0-9]{1,2}\.?[0-9]*%")  # Moodle's $giftanswerweightregex
_NUMERIC = re.compile(  # PHP 8's is_numeric()
    r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*"
)
_TAG = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])*)\]")
_SEGMENT_SPLIT = re.compile(r"(?<!/)/(?!/)")

# Moodle swaps escaped characters for placeholders before it looks for { } ~ = # :: and swaps
# them back in each finished text. Its placeholders are text ("&&058;"), which a question could
# contain; private-use characters cannot be typed by accident.
_BACKSLASH = "\ue000"
_PLACEHOLDERS = {":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005"}
_PLACEHOLDERS |= {"~": "\ue006", "n": "\ue007"}
_RESTORE = str.maketrans({v: "\n" if k == "n" else k for k, v in _PLACEHOLDERS.items()})


class _Reject(Exception):
    """A question Moodle would not import (or LearnHub could not use): key and parameters."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = f"gift.{key}"
        self.params: dict[str, object] = params


def _trim(text: str) -> str:
    return text.strip(_TRIM)


def _protect(text: str) -> str:
    # "\\" first, so that in "\\~" the tilde stays a tilde (Moodle's escapedchar_pre).
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _PLACEHOLDERS.items():
        text = text.replace("\\" + char, placeholder)
    return text.replace(_BACKSLASH, "\\")


def _formatted(text: str) -> str:
    """Moodle's parse_text_with_format: drop a leading [format] marker, undo escapes, trim."""
    if text.startswith("["):
        end = text.find("]")
        # With no "]", Moodle's substr(…, false - 1) takes all but the first and last character.
        if (text[1:end] if end >= 0 else text[1:-1]) in _FORMATS:
            text = text[end + 1 :] if end >= 0 else text[1:]
    return _trim(text.translate(_RESTORE))


def _comment(answer: str) -> tuple[str, str]:
    """An answer and its feedback (Moodle's commentparser)."""
    bits = answer.split("#", 1)
    feedback = _formatted(_trim(bits[1])) if len(bits) > 1 else ""
    return _formatted(_trim(bits[0])), feedback


def _weight(answer: str) -> tuple[float, str] | None:
    """A leading %n% weight, read as Moodle's answerweightparser reads it and checked against
    Moodle's grade list as its importer checks it; None when there is none."""
    if not _WEIGHT.match(answer):
        return None
    raw, rest = answer[1:].split("%", 1)
    try:
        value = float(raw) / 100
    except ValueError:  # "--50": PHP stops with a TypeError
        raise _Reject("weight_invalid", weight=raw) from None
    grade = snap(value)
    if grade is None:
        raise _Reject("weight_not_allowed", weight=raw)
    return grade, rest


def _split(answers: str, separator: str) -> list[str]:
    parts = answers.split(separator)
    parts[0] = _trim(parts[0])
    if parts[0] in ("", "0"):  # PHP's empty() is true for "0" as well
        parts.pop(0)
    return [_trim(part) for part in parts]


def _multichoice(answers: str, base: Question) -> Question:
    single = "=" in answers
    choices = []
    parts = _split(answers.replace("=", "~="), "~")
    if len(parts) < 2:
        raise _Reject("too_few_answers", min=2)
    for part in parts:
        if part.startswith("="):
            weight, part = 1.0, part[1:]
        else:
            weight, part = _weight(part) or (0.0, part)
        text, feedback = _comment(part)
        if text:  # Moodle stores no choice whose text is blank
            choices.append(Choice(text, weight, feedback))
    if len(choices) < 2:
        raise _Reject("too_few_answers", min=2)
    if single and max(c.weight for c in choices) != 1.0:
        raise _Reject("single_no_right")
    total = round(sum(c.weight for c in choices if c.weight > 0), 2)
    if not single and total != 1.0:
        raise _Reject("weights_not_100", total=percent(total))
    return replace(base, type="single" if single else "multiple", choices=tuple(choices))


def _truefalse(answers: str, base: Question) -> Question:
    bits = [_formatted(_trim(bit)) for bit in answers.split("#", 2)] + ["", ""]
    return replace(
        base,
        type="truefalse",
        answer=bits[0] in _TRUE,
        feedback_wrong=bits[1],
        feedback_right=bits[2],
    )


def _fill(answers: str, base: Question) -> Question:
    parts = _split(answers, "=")
    if not parts:
        raise _Reject("too_few_answers", min=1)
    choices = []
    for part in parts:
        weight, rest = _weight(part) or (1.0, part)
        text, feedback = _comment(rest)
        choices.append(Choice(text, weight, feedback))
    best = max(c.weight for c in choices)
    if best != 1.0:  # qtype_shortanswer: "fractionsnomax", the import is rolled back
        raise _Reject("fill_no_full_answer", max=percent(best))
    kept = []
    for choice in choices:
        if not choice.text:
            if choice.weight == 0 and not choice.feedback:
                continue  # Moodle's is_answer_empty(): not stored
            raise _Reject("blank_answer")
        kept.append(choice)
    return replace(base, type="fill", choices=tuple(kept))


def _check_numerical(answers: str) -> None:
    body = answers[1:]
    if "~" in body:  # the "~" part is only feedback for any other answer
        body = body[: body.find("~")]
    parts = _split(body, "=")
    if not parts:
        raise _Reject("numerical_no_answers")
    for part in parts:
        value = _comment((_weight(part) or (1.0, part))[1])[0]
        if value.find("..") > 0:  # min..max: PHP adds them, and a non-number stops it
            bad = not all(_NUMERIC.fullmatch(_trim(v)) for v in value.split("..", 1))
        elif value.find(":") > 0:  # answer:tolerance; Moodle never checks the answer itself
            bad = not _NUMERIC.fullmatch(_trim(value[value.find(":") + 1 :]))
        else:
            bad = False
        if bad:
            raise _Reject("numerical_not_number", value=value)


def _check_matching(answers: str) -> None:
    parts = _split(answers, "=")
    if len(parts) < 2:
        raise _Reject("too_few_answers", min=2)
    if any("->" not in part for part in parts):
        raise _Reject("matching_format")


def _category_path(path: str) -> str:
    """A $CATEGORY path without the context ($course$) and the "top" Moodle puts in front."""
    segments = [_trim(segment) for segment in _SEGMENT_SPLIT.split(path)]
    if segments and CONTEXT_SEGMENT.fullmatch(segments[0]):
        segments.pop(0)
    if segments and segments[0] == "top":
        segments.pop(0)
    return "/".join(segments)


def _tags(comments: str) -> tuple[str, ...]:
    found = (_trim(raw).replace("\\]", "]") for raw in _TAG.findall(comments))
    return tuple(tag for tag in found if tag)


def _read(lines: list[str], category: str, line: int) -> Question | Skipped | str | None:
    """One blank-line separated block: a question, a skipped one, a new category (str)."""
    comments = "\n".join(text for text in lines if text.startswith("//"))
    raw = _trim("\n".join(" " if text.startswith("//") else text for text in lines))
    if not raw:
        return None
    text = _protect(raw)
    if text.startswith("$CATEGORY:"):
        path = _trim(raw[len("$CATEGORY:") :])
        if "\n" in path:
            raise _Reject("category_not_alone")
        return _category_path(path)
    name = ""
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            name, text = _trim(text[:end].translate(_RESTORE)), _trim(text[end + 2 :])
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        if "｛" in text and "｝" in text:
            raise _Reject("fullwidth_braces")
        return Skipped(line, "description", name)
    if start < 0 or finish < 0:
        raise _Reject("brace_missing")
    if finish < start or "{" in text[start + 1 :] or "}" in text[finish + 1 :]:
        raise _Reject("brace_extra")
    answers, after = _trim(text[start + 1 : finish]), text[finish + 1 :]
    general = ""
    if (cut := answers.rfind("####")) >= 0:
        general, answers = answers[cut + 4 :], _trim(answers[:cut])
    base = Question(
        type="short",
        text=_formatted(text[:start] + (BLANK if after else "") + after),
        name=name,
        explanation=_formatted(general),
        category=category,
        tags=_tags(comments),
        line=line,
    )
    if answers.startswith("#"):
        _check_numerical(answers)
        return Skipped(line, "numerical", name)
    if "~" in answers:
        question = _multichoice(answers, base)
    elif "=" in answers and "->" in answers:
        _check_matching(answers)
        return Skipped(line, "matching", name)
    elif answers:
        check = _trim(answers[: answers.find("#")]) if answers.find("#") > 0 else answers
        if check in _TRUEFALSE:
            question = _truefalse(answers, base)
        elif check.casefold() in _TRUEFALSE_LIKE:
            raise _Reject("truefalse_value", value=check.translate(_RESTORE))
        else:
            question = _fill(answers, base)
    else:
        question = base  # essay
    if not question.text:
        raise _Reject("empty_text")
    return question


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Moodle's readdata + readquestions: trimmed, numbered lines between blank lines."""
    text = text.removeprefix("\ufeff")
    lines = text.split("\r") if "\n" not in text and "\r" in text else text.split("\n")
    block: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, 1):
        line = _trim(raw)
        if line not in ("", "0"):  # PHP's empty() is true for "0" as well
            block.append((number, line))
        elif block:
            yield block
            block = []
    if block:
        yield block


def parse_gift(text: str) -> ParseResult:
    """The questions in a GIFT file, with the problems and the skipped questions in it."""
    result = ParseResult()
    category = ""
    for block in _blocks(text):
        line = next((n for n, t in block if not t.startswith("//")), block[0][0])
        try:
            item = _read([t for _, t in block], category, line)
        except _Reject as reject:
            result.problems.append(ImportProblem(line, reject.key, reject.params))
            continue
        if isinstance(item, str):
            category = item
        elif isinstance(item, Skipped):
            result.skipped.append(item)
        elif item is not None:
            result.questions.append(item)
    return result


def _clean(text: str) -> str:
    return _trim(text.replace("\r", ""))


def _as_written(question: Question) -> Question:
    """The question as GIFT can hold it: trimmed texts, no blank choices, weights on Moodle's
    grades, no tolerance (GIFT has no way to say it), only tags Moodle can read back."""
    choices = []
    for choice in question.choices:
        grade = snap(choice.weight)
        weight = choice.weight if grade is None else grade
        if text := _clean(choice.text):
            choices.append(Choice(text, weight, _clean(choice.feedback)))
    return replace(
        question,
        text=_clean(question.text),
        name=_clean(question.name),
        choices=tuple(choices),
        feedback_wrong=_clean(question.feedback_wrong),
        feedback_right=_clean(question.feedback_right),
        tolerance=frozenset(),
        explanation=_clean(question.explanation),
        category="/".join(_trim(s) for s in _SEGMENT_SPLIT.split(question.category)),
        tags=tuple(tag for tag in map(_trim, question.tags) if tag_writable(tag)),
        line=0,
    )


def _reads_back(question: Question) -> bool:
    back = parse_gift(render_gift([question]))
    again = [replace(q, line=0) for q in back.questions]
    return not back.problems and not back.skipped and again == [question]


def write_gift(questions: Iterable[Question]) -> str:
    """GIFT text that :func:`parse_gift` reads back as the same questions (``line`` and
    ``tolerance`` excepted; texts trimmed). Raises ValidationError("gift.cannot_write") for a
    question GIFT cannot carry: a weight that is not one of Moodle's grades, a single-choice
    question without a 100% choice, right weights of a multiple-choice question that do not add
    up to 100%, a fill-in question with several answers and "->" in them, an empty text, …"""
    written = [_as_written(question) for question in questions]
    for number, question in enumerate(written, 1):
        if question.type not in QUESTION_TYPES or not _reads_back(question):
            name = question.name or question.text[:20]
            raise ValidationError("gift.cannot_write", number=number, name=name)
    return render_gift(written)
