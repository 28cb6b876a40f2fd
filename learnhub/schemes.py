"""Competition schemes as versioned data (DESIGN.md §4, issue 6).

A scheme is a set of quotas (what counts, how much, how often, how heavily it weighs in the score)
and optional points per activity with a daily cap. The default scheme ships in `content/schemes/`;
`learnhub init` stores it. The office edits a scheme in the browser: every edit is a new version
valid from the first day of a month (`learnhub.scheme_versions`). The version in force for a month
is the newest whose `valid_from` is on or before the month's first day, so a month is always
scored under one version.

Version 1's file still has the older shape (`weights` of the five §4 rates and
`daily_reading_minutes`); `Scheme.from_mapping` reads both shapes into the same quotas.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from learnhub.errors import ValidationError
from learnhub.store import Store
from learnhub.store.competition import ACTIVITIES as STORED_ACTIVITIES

__all__ = [
    "ACTIVITIES",
    "CADENCES",
    "DEFAULT_SCHEME_FILE",
    "DEFAULT_SCHEME_NAME",
    "METRIC_RATES",
    "PointRule",
    "Quota",
    "Scheme",
    "SchemeError",
    "default_scheme",
    "install_default_scheme",
    "scheme_on",
]

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
DEFAULT_SCHEME_FILE = CONTENT_DIR / "schemes" / "reading-competition-v1.toml"
DEFAULT_SCHEME_NAME = "reading-competition"
METRIC_RATES = ("reading_rate", "clipping_rate", "reflection_rate", "essay_rate", "book_rate")

# What a quota or a point rule can count, and the amount a day holds of it: reading minutes,
# credit hours, and a number of items for the rest (sessions attended, quizzes passed…).
ACTIVITIES = STORED_ACTIVITIES
CADENCES = ("day", "week", "dekad", "month", "quarter")
COUNTED_DAYS = ("working", "all")

# The §4 rates of version 1 as quotas: (key, activity, cadence, target).
_V1_QUOTAS = {
    "reading_rate": ("reading_days", "reading", "day"),
    "clipping_rate": ("clipping_days", "clipping", "day"),
    "reflection_rate": ("reflection_weeks", "reflection", "week"),
    "essay_rate": ("essay_dekads", "essay", "dekad"),
    "book_rate": ("books", "book", "month"),
}


class SchemeError(ValidationError):
    """A scheme definition that cannot be used; `key` names the catalogue message."""


@dataclass(frozen=True)
class Quota:
    """`target` of `activity` in every `cadence` period (reading: minutes; credit_hours: hours;
    otherwise items). Its rate is met periods over counted periods; `weight` is its share of the
    score."""

    key: str
    activity: str
    cadence: str
    target: float
    weight: float

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class PointRule:
    """`points` for every full `per` of `activity` on a day (reading: per 30 minutes, say),
    at most `daily_cap` points a day for this activity (None: no cap)."""

    activity: str
    points: float
    per: float = 1.0
    daily_cap: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _v1_quotas(weights: dict[str, float], minutes: int) -> tuple[Quota, ...]:
    unknown = set(weights) - set(METRIC_RATES)
    if unknown:
        raise SchemeError("scheme.unknown_metric", names=", ".join(sorted(unknown)))
    quotas = []
    for rate in METRIC_RATES:
        if rate in weights:
            key, activity, cadence = _V1_QUOTAS[rate]
            target = float(minutes) if activity == "reading" else 1.0
            quotas.append(Quota(key, activity, cadence, target, float(weights[rate])))
    return tuple(quotas)


def _quota(item: dict[str, Any]) -> Quota:
    return Quota(
        key=str(item["key"]),
        activity=str(item["activity"]),
        cadence=str(item["cadence"]),
        target=float(item["target"]),
        weight=float(item["weight"]),
    )


def _rule(item: dict[str, Any]) -> PointRule:
    cap = item.get("daily_cap")
    return PointRule(
        activity=str(item["activity"]),
        points=float(item["points"]),
        per=float(item.get("per", 1.0)),
        daily_cap=None if cap is None else float(cap),
    )


@dataclass(frozen=True)
class Scheme:
    name: str
    version: int
    valid_from: date
    title_zh: str
    title_en: str
    counted_days: str = "working"
    quotas: tuple[Quota, ...] = field(
        default_factory=lambda: _v1_quotas(dict.fromkeys(METRIC_RATES, 0.2), 30)
    )
    points: tuple[PointRule, ...] = ()
    # Department ids a campaign is for; empty: everyone on the staff.
    departments: tuple[int, ...] = ()
    reason: str = ""

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        """Refuse a definition that could not be scored, with the reason in `SchemeError.key`."""
        if self.counted_days not in COUNTED_DAYS:
            raise SchemeError("scheme.counted_days_unknown")
        if self.valid_from.day != 1:
            raise SchemeError("scheme.valid_from_not_month_start")
        if not self.quotas:
            raise SchemeError("scheme.no_quota")
        keys = [q.key for q in self.quotas]
        if len(set(keys)) != len(keys) or any(not k.strip() for k in keys):
            raise SchemeError("scheme.quota_keys")
        for quota in self.quotas:
            if quota.activity not in ACTIVITIES:
                raise SchemeError("scheme.activity_unknown", name=quota.activity)
            if quota.cadence not in CADENCES:
                raise SchemeError("scheme.cadence_unknown", name=quota.cadence)
            if not (math.isfinite(quota.target) and 0 < quota.target <= 100_000):
                raise SchemeError("scheme.target_range", quota=quota.key)
            if not (math.isfinite(quota.weight) and 0 <= quota.weight <= 1):
                raise SchemeError("scheme.weight_range", quota=quota.key)
        if abs(sum(q.weight for q in self.quotas) - 1.0) > 1e-6:
            raise SchemeError("scheme.weights_sum")
        activities = [r.activity for r in self.points]
        if len(set(activities)) != len(activities):
            raise SchemeError("scheme.points_twice")
        for rule in self.points:
            if rule.activity not in ACTIVITIES:
                raise SchemeError("scheme.activity_unknown", name=rule.activity)
            if not (math.isfinite(rule.points) and 0 < rule.points <= 1000):
                raise SchemeError("scheme.points_range", name=rule.activity)
            if not (math.isfinite(rule.per) and 0 < rule.per <= 10_000):
                raise SchemeError("scheme.per_range", name=rule.activity)
            if rule.daily_cap is not None and not (
                math.isfinite(rule.daily_cap) and rule.points <= rule.daily_cap <= 10_000
            ):
                raise SchemeError("scheme.cap_range", name=rule.activity)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Scheme:
        valid_from = data["valid_from"]
        if isinstance(valid_from, str):
            valid_from = date.fromisoformat(valid_from)
        if "quotas" in data:
            quotas = tuple(_quota(item) for item in data["quotas"])
        else:
            weights = {k: float(v) for k, v in data["weights"].items()}
            quotas = _v1_quotas(weights, int(data.get("daily_reading_minutes", 30)))
        return cls(
            name=str(data["name"]),
            version=int(data["version"]),
            valid_from=valid_from,
            title_zh=str(data.get("title_zh", data["name"])),
            title_en=str(data.get("title_en", data["name"])),
            counted_days=str(data.get("counted_days", "working")),
            quotas=quotas,
            points=tuple(_rule(item) for item in data.get("points", [])),
            departments=tuple(int(d) for d in data.get("departments", [])),
            reason=str(data.get("reason", "")),
        )

    @classmethod
    def from_file(cls, path: Path) -> Scheme:
        with path.open("rb") as fh:
            return cls.from_mapping(tomllib.load(fh))

    def to_json(self) -> str:
        return json.dumps(
            {
                "name": self.name,
                "version": self.version,
                "valid_from": self.valid_from.isoformat(),
                "title_zh": self.title_zh,
                "title_en": self.title_en,
                "counted_days": self.counted_days,
                "quotas": [q.as_dict() for q in self.quotas],
                "points": [r.as_dict() for r in self.points],
                "departments": list(self.departments),
                "reason": self.reason,
            },
            ensure_ascii=False,
        )

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def daily_reading_minutes(self) -> int:
        """§4's reading-day goal: the daily reading quota's target, else 30 minutes."""
        for quota in self.quotas:
            if quota.activity == "reading" and quota.cadence == "day":
                return int(quota.target)
        return 30

    @property
    def weights(self) -> dict[str, float]:
        """The weight of each §4 rate, for quotas shaped like version 1's (0 for the others)."""
        out = dict.fromkeys(METRIC_RATES, 0.0)
        shapes = {(a, c): rate for rate, (_, a, c) in _V1_QUOTAS.items()}
        for quota in self.quotas:
            rate = shapes.get((quota.activity, quota.cadence))
            if rate is not None:
                out[rate] += quota.weight
        return out


def default_scheme() -> Scheme:
    return Scheme.from_file(DEFAULT_SCHEME_FILE)


def install_default_scheme(store: Store) -> bool:
    scheme = default_scheme()
    return store.schemes.insert_if_missing(
        scheme.name, scheme.version, scheme.valid_from, scheme.to_json()
    )


def scheme_on(store: Store, day: date, name: str = DEFAULT_SCHEME_NAME) -> Scheme:
    """The version of `name` in force on `day` (the shipped default if none is stored)."""
    in_force = [v for v in store.schemes.versions(name) if v[1] <= day]
    if not in_force:
        if name != DEFAULT_SCHEME_NAME:
            raise SchemeError("scheme.not_in_force", name=name)
        return default_scheme()
    return Scheme.from_mapping(json.loads(in_force[-1][2]))
