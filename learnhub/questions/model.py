"""Questions as every importer and exporter sees them, before they are stored.

One shape for all the formats (GIFT, Aiken, the office's Excel template), so that an import from
one and an export to another meet in the middle and export → import is the identity.

Types (the 题型 an office uses):
- ``single`` 单选: exactly one choice with weight 1.0; others usually 0 (GIFT allows partial
  credit on a wrong choice, e.g. ``~%50%``, kept as the weight);
- ``multiple`` 多选: several right choices whose positive weights add up to 1.0; wrong choices
  may carry a negative weight (GIFT ``~%-100%``);
- ``truefalse`` 判断: ``answer`` is True or False; ``feedback_wrong`` / ``feedback_right`` are
  GIFT's two per-answer feedbacks;
- ``fill`` 填空: every accepted answer is a choice (weight 1.0 for fully right, less for a
  partly right one); ``tolerance`` says what differences a grader forgives;
- ``short`` 简答: no choices, graded by a person.

Weights are fractions of the question's credit in [-1, 1], as Moodle stores them
(GIFT ``%50%`` → 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "QUESTION_TYPES",
    "TOLERANCES",
    "Choice",
    "ImportProblem",
    "ParseResult",
    "Question",
    "Skipped",
]

QUESTION_TYPES = ("single", "multiple", "truefalse", "fill", "short")
# What a fill-in grader may forgive: letter case, spaces, full-width letters/digits (全角).
TOLERANCES = ("case", "whitespace", "width")


@dataclass(frozen=True)
class Choice:
    text: str
    weight: float
    feedback: str = ""


@dataclass(frozen=True)
class Question:
    type: str
    text: str
    name: str = ""
    choices: tuple[Choice, ...] = ()
    answer: bool | None = None
    feedback_wrong: str = ""
    feedback_right: str = ""
    tolerance: frozenset[str] = frozenset()
    explanation: str = ""  # 解析; GIFT's general feedback (####)
    category: str = ""  # "a/b/c" path, as GIFT's $CATEGORY
    tags: tuple[str, ...] = ()
    # Where it came from in the file (1-based line or spreadsheet row); 0 when made in code.
    line: int = 0

    def right_choices(self) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.weight > 0)


@dataclass(frozen=True)
class ImportProblem:
    """A question the file states wrongly: its line (or row), a catalogue key and parameters."""

    line: int
    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Skipped:
    """A question of a type LearnHub does not take (matching, numerical, description, …)."""

    line: int
    kind: str  # the format's own name for the type, e.g. "matching", "numerical"
    name: str = ""


@dataclass
class ParseResult:
    questions: list[Question] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
