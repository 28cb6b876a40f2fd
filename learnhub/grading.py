"""Grading one response to one question, and adding up an attempt's points.

Pure functions: no store, no interface. A :data:`Response` is a plain value so that the quiz
store can keep it as JSON and a view can build it from its widgets:

=============  ==============================================  =================
question type  response                                        JSON
=============  ==============================================  =================
``single``     ``(i,)`` the chosen choice, or ``()``            ``[2]``, ``[]``
``multiple``   ``(i, j, …)`` the chosen choices, or ``()``      ``[0,2]``
``truefalse``  ``True`` / ``False``                             ``true``
``fill``       the typed text                                  ``"北京"``
``short``      the typed text                                  ``"……"``
any            ``None``: not answered                          ``null``
=============  ==============================================  =================

Positions are 0-based indices into ``question.choices`` as stored, never as shown, so a
shuffled display changes nothing here. :func:`check_response` refuses a response that does not
fit its question and returns it in one canonical form (positions sorted, text as typed).

A :class:`Grade` carries the data of the right answer, not its wording, so that the interface
can say "AC" or "对" in the reader's language.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

from learnhub.errors import ValidationError
from learnhub.questions.model import QUESTION_TYPES, Question

__all__ = [
    "MAX_FILL_CHARS",
    "MAX_SHORT_CHARS",
    "MULTIPLE_RULES",
    "Grade",
    "Response",
    "RightAnswer",
    "Score",
    "check_response",
    "fill_matches",
    "grade",
    "response_from_json",
    "response_to_json",
    "score",
]

MULTIPLE_RULES = ("all_or_nothing", "partial", "weights")
"""How a multiple-choice question (多选题) earns its credit:

- ``all_or_nothing`` 全对才得分: the full credit only when exactly the right options are
  chosen, else nothing;
- ``partial`` 少选得部分分、错选不得分: each right option chosen earns an equal share of the
  credit (1/k for k right options), but choosing any wrong option gives nothing — the rule of
  most Chinese examinations;
- ``weights`` Moodle's rule: the sum of the chosen options' weights (a wrong option may carry a
  negative weight), clamped to [0, 1].
"""

# Generous bounds: they only stop a pasted novel or a forged request from reaching the store.
MAX_FILL_CHARS = 500
MAX_SHORT_CHARS = 20_000

Response = tuple[int, ...] | bool | str | None
# Fully right choice positions (single, multiple), the true answer (truefalse), the best
# accepted texts (fill), or None (short: a person decides).
RightAnswer = tuple[int, ...] | bool | tuple[str, ...] | None

_WILDCARD = re.compile(r"(?<!\\)\*+")  # Moodle's shortanswer: \* is a literal star


@dataclass(frozen=True)
class Grade:
    """``fraction`` of the question's credit in [0, 1] (4 places), None until a person grades."""

    fraction: float | None
    right_answer: RightAnswer

    @property
    def correct(self) -> bool:
        return self.fraction == 1.0


@dataclass(frozen=True)
class Score:
    """An attempt's points: per question (None while a person has yet to grade it) and total.

    ``total`` counts only graded questions; ``pending`` says how many are still ungraded, so a
    page can show "待评分" instead of a total that is not final.
    """

    points: tuple[float | None, ...]
    total: float
    max_total: float
    pending: int

    @property
    def final(self) -> bool:
        return self.pending == 0


def check_response(question: Question, response: object) -> Response:
    """`response` in canonical form, or ValidationError if it does not fit `question`."""
    kind = _kind(question)
    if response is None:
        return None
    if kind in ("single", "multiple"):
        if not isinstance(response, (tuple, list)):
            raise ValidationError("grading.response_wrong_shape")
        positions: list[int] = []
        for item in response:
            # bool is an int in Python; True as a position is a mix-up, not choice 1.
            if isinstance(item, bool) or not isinstance(item, int):
                raise ValidationError("grading.response_wrong_shape")
            if not 0 <= item < len(question.choices):
                raise ValidationError(
                    "grading.choice_out_of_range", position=item + 1, n=len(question.choices)
                )
            positions.append(item)
        if len(set(positions)) != len(positions):
            raise ValidationError("grading.choice_repeated")
        if kind == "single" and len(positions) > 1:
            raise ValidationError("grading.single_one_choice", n=len(positions))
        return tuple(sorted(positions))
    if kind == "truefalse":
        if not isinstance(response, bool):
            raise ValidationError("grading.response_wrong_shape")
        return response
    if not isinstance(response, str):
        raise ValidationError("grading.response_wrong_shape")
    limit = MAX_FILL_CHARS if kind == "fill" else MAX_SHORT_CHARS
    if len(response) > limit:
        raise ValidationError("grading.text_too_long", n=limit)
    return response


def response_to_json(question: Question, response: Response) -> str:
    """The response as a compact JSON value (Chinese kept readable), after checking it."""
    value = check_response(question, response)
    data = list(value) if isinstance(value, tuple) else value
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def response_from_json(question: Question, text: str) -> Response:
    """The response saved by :func:`response_to_json`, checked against `question` again,
    since the question may have been edited or the text forged."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError) as error:
        raise ValidationError("grading.response_not_json") from error
    if isinstance(data, list):
        data = tuple(data)
    return check_response(question, data)


def grade(question: Question, response: Response, *, multiple_rule: str = "partial") -> Grade:
    """How much of `question`'s credit `response` earns. An unanswered question earns 0."""
    if multiple_rule not in MULTIPLE_RULES:
        raise ValidationError("grading.rule_unknown", rule=multiple_rule)
    value = check_response(question, response)
    kind = question.type
    if kind == "short":
        return Grade(None, None)
    if kind == "truefalse":
        if question.answer is None:
            raise ValidationError("grading.question_incomplete")
        return Grade(1.0 if value == question.answer else 0.0, question.answer)
    if kind == "fill":
        text = value if isinstance(value, str) else ""
        return Grade(_round(_fill_fraction(question, text)), _fill_right(question))
    if not question.choices:
        raise ValidationError("grading.question_incomplete")
    chosen = value if isinstance(value, tuple) else ()
    weights = [c.weight for c in question.choices]
    if kind == "single":
        top = max(weights)
        right = tuple(i for i, w in enumerate(weights) if w == top and w > 0)
        fraction = _clamp(weights[chosen[0]]) if chosen else 0.0
        return Grade(_round(fraction), right)
    right = tuple(i for i, w in enumerate(weights) if w > 0)
    return Grade(_round(_multiple_fraction(weights, right, chosen, multiple_rule)), right)


def score(grades: Sequence[Grade | float | None], points: float | Sequence[float] = 1.0) -> Score:
    """Points per question (fraction × the question's points) and their total, 2 places.

    `grades` may mix :class:`Grade` objects and plain fractions (a person's grade of a short
    answer); None is a question not graded yet. `points` is one value for every question or
    one per question. The total is the sum of the rounded per-question points, so the sheet
    an office prints adds up by hand.
    """
    each = [float(points)] * len(grades) if isinstance(points, (int, float)) else list(points)
    if len(each) != len(grades):
        raise ValueError(f"{len(grades)} grades but {len(each)} point values")
    for value in each:
        if not math.isfinite(value) or value < 0:
            raise ValidationError("grading.points_invalid", points=value)
    earned: list[float | None] = []
    for item, worth in zip(grades, each, strict=True):
        fraction = item.fraction if isinstance(item, Grade) else item
        if fraction is None:
            earned.append(None)
            continue
        if not (math.isfinite(fraction) and 0 <= fraction <= 1):
            raise ValidationError("grading.fraction_invalid", fraction=fraction)
        earned.append(_round(fraction * worth, 2))
    total = _round(sum(p for p in earned if p is not None), 2)
    return Score(tuple(earned), total, _round(sum(each), 2), sum(p is None for p in earned))


def fill_matches(accepted: str, typed: str, tolerance: frozenset[str] = frozenset()) -> bool:
    """Whether `typed` matches the accepted answer `accepted`, forgiving what `tolerance` says.

    Always: both sides trimmed (full-width space U+3000 too: nobody sees it at the end of a
    box) and NFC-normalised (the same text in composed or decomposed form). ``case``: letter
    case ignored; ``whitespace``: every space removed, full-width ones too; ``width``: NFKC
    folding, so full-width ``ＡＢＣ１２３，`` equals ``ABC123,``. As in Moodle's shortanswer,
    ``*`` in `accepted` stands for any characters and ``\\*`` for a star itself; an answer of
    only ``*`` accepts any non-empty text. An empty answer never matches.
    """
    text = _fold(typed, tolerance)
    if not text:
        return False
    return _pattern(accepted, tolerance).fullmatch(text) is not None


@lru_cache(maxsize=4096)
def _pattern(accepted: str, tolerance: frozenset[str]) -> re.Pattern[str]:
    # Split before folding: NFKC would turn a full-width ＊ (text) into * (a wildcard).
    bits = _WILDCARD.split(accepted.strip())
    escaped = [re.escape(_fold(bit.replace("\\*", "*"), tolerance, trim=False)) for bit in bits]
    return re.compile(".*".join(escaped), re.DOTALL)


def _fold(text: str, tolerance: frozenset[str], *, trim: bool = True) -> str:
    form: Literal["NFC", "NFKC"] = "NFKC" if "width" in tolerance else "NFC"
    text = unicodedata.normalize(form, text)
    if trim:
        text = text.strip()
    if "case" in tolerance:
        # casefold may produce characters NFKC would change again (e.g. ſ → s); fold twice.
        text = unicodedata.normalize(form, text.casefold())
    if "whitespace" in tolerance:
        text = "".join(text.split())
    return text


def _fill_fraction(question: Question, typed: str) -> float:
    best = 0.0
    for choice in question.choices:
        if choice.weight > best and fill_matches(choice.text, typed, question.tolerance):
            best = choice.weight
    return _clamp(best)


def _fill_right(question: Question) -> tuple[str, ...]:
    top = max((c.weight for c in question.choices), default=0.0)
    if top <= 0:
        return ()
    return tuple(c.text for c in question.choices if c.weight == top)


def _multiple_fraction(
    weights: list[float], right: tuple[int, ...], chosen: tuple[int, ...], rule: str
) -> float:
    if rule == "weights":
        return _clamp(sum(weights[i] for i in chosen))
    if rule == "all_or_nothing":
        return 1.0 if set(chosen) == set(right) else 0.0
    if not right or any(weights[i] <= 0 for i in chosen):
        return 0.0
    return len(chosen) / len(right)


def _kind(question: Question) -> str:
    if question.type not in QUESTION_TYPES:
        raise ValidationError("grading.question_type_unknown", type=question.type)
    return question.type


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _round(value: float, places: int = 4) -> float:
    """Halves away from zero on the decimal a person reads (2.675 → 2.68), not banker's."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))
