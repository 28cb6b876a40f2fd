"""The office's settings for the annual assessment (年度考核), kept as JSON in the settings table.

- Yearly requirements: 90 credit hours of training (training-class sessions attended) and 50 of
  online study (lessons studied) by default — the requirement for staff at section level; one
  requirement set applies to everyone, with a note the office may write.
- The composite's weights in percent (learning score 60, credit hours 20, writing 10, quizzes 10
  by default); they are each 0–100 and add up to 100.
- Grade bands on the composite: the lowest composite for 优秀, 良好 and 合格 (90, 75, 60 by
  default); below the last is 不合格. They must descend strictly and lie within 0–100.
- Candidates: the top `candidate_share` percent of the staff (rounded up) with grade 优秀 are the
  candidates for outstanding individual; sections of at least `section_minimum` people compete
  for 先进科室 (the best `section_count` by average composite per head).
- Writing: scored by the reviewed pieces' average review total scaled to 100 (`score`), or by the
  pieces passed against `writing_expected` a year (`count`).

See learnhub/assessment.py for the formula.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from learnhub.errors import NotAllowed, ValidationError
from learnhub.store import Store

__all__ = [
    "BANDED",
    "GRADES",
    "PARTS",
    "SETTINGS_KEY",
    "AssessmentSettings",
    "load",
    "save",
    "validate",
]

SETTINGS_KEY = "assessment.settings"
GRADES = ("excellent", "good", "pass", "fail")  # 优秀, 良好, 合格, 不合格
BANDED = GRADES[:-1]  # the grades with a lowest composite; 不合格 is what is left
PARTS = ("learning", "hours", "writing", "quizzes")
WRITING_BASES = ("score", "count")
MAX_HOURS = 1000.0
MAX_NOTE = 500


def _weights() -> dict[str, float]:
    return {"learning": 60.0, "hours": 20.0, "writing": 10.0, "quizzes": 10.0}


def _bands() -> dict[str, float]:
    return {"excellent": 90.0, "good": 75.0, "pass": 60.0}


@dataclass(frozen=True)
class AssessmentSettings:
    training_hours: float = 90.0
    online_hours: float = 50.0
    note: str = ""
    weights: dict[str, float] = field(default_factory=_weights)
    bands: dict[str, float] = field(default_factory=_bands)
    candidate_share: float = 10.0  # percent of the staff, rounded up
    section_minimum: int = 3
    section_count: int = 1
    writing_basis: str = "score"
    writing_expected: int = 12

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    def candidates_for(self, staff: int) -> int:
        return math.ceil(staff * self.candidate_share / 100 - 1e-9) if staff else 0


def _number(value: Any, key: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(key) from None
    if not math.isfinite(number):
        raise ValidationError(key)
    return number


def validate(raw: dict[str, Any]) -> AssessmentSettings:
    """Settings from plain values (a form, or the stored JSON); refuses what cannot be used."""
    base = AssessmentSettings()
    training = _number(raw.get("training_hours", base.training_hours), "assessment.hours_range")
    online = _number(raw.get("online_hours", base.online_hours), "assessment.hours_range")
    if not (0 <= training <= MAX_HOURS and 0 <= online <= MAX_HOURS):
        raise ValidationError("assessment.hours_range", n=int(MAX_HOURS))
    note = str(raw.get("note", "") or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError("assessment.note_too_long", n=MAX_NOTE)
    given_weights = raw.get("weights") or {}
    weights = {p: _number(given_weights.get(p, 0), "assessment.weights_range") for p in PARTS}
    if any(not 0 <= w <= 100 for w in weights.values()):
        raise ValidationError("assessment.weights_range")
    if abs(sum(weights.values()) - 100) > 1e-6:
        raise ValidationError("assessment.weights_sum", total=f"{sum(weights.values()):g}")
    given_bands = raw.get("bands") or {}
    if set(given_bands) != set(BANDED):
        raise ValidationError("assessment.bands_order")
    bands = {g: _number(given_bands[g], "assessment.bands_range") for g in BANDED}
    if any(not 0 <= b <= 100 for b in bands.values()):
        raise ValidationError("assessment.bands_range")
    lows = [bands[g] for g in BANDED]
    if any(a <= b for a, b in itertools.pairwise(lows)):
        raise ValidationError("assessment.bands_order")
    share = _number(raw.get("candidate_share", base.candidate_share), "assessment.share_range")
    if not 0 < share <= 100:
        raise ValidationError("assessment.share_range")
    minimum = int(_number(raw.get("section_minimum", 3), "assessment.section_range"))
    count = int(_number(raw.get("section_count", 1), "assessment.section_range"))
    if not (1 <= minimum <= 100 and 1 <= count <= 20):
        raise ValidationError("assessment.section_range")
    basis = str(raw.get("writing_basis", "score"))
    if basis not in WRITING_BASES:
        raise ValidationError("assessment.writing_basis_unknown")
    expected = int(_number(raw.get("writing_expected", 12), "assessment.writing_expected_range"))
    if not 1 <= expected <= 400:
        raise ValidationError("assessment.writing_expected_range")
    return AssessmentSettings(training, online, note, weights, bands, share, minimum, count,
                              basis, expected)  # fmt: skip


def load(store: Store) -> AssessmentSettings:
    stored = store.settings.get(SETTINGS_KEY)
    if stored is None:
        return AssessmentSettings()
    try:
        return validate(json.loads(stored))
    except (ValueError, ValidationError):  # a damaged value: the defaults, never a crash
        return AssessmentSettings()


def save(store: Store, raw: dict[str, Any], *, actor_roles: frozenset[str]) -> AssessmentSettings:
    """Validate and store the office's settings; nothing is stored when refused."""
    if "office" not in actor_roles:
        raise NotAllowed("assessment.office_only")
    settings = validate(raw)
    store.settings.set(SETTINGS_KEY, settings.to_json())
    return settings
