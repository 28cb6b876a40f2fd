"""Competition schemes as versioned data (DESIGN.md §4).

The default scheme ships in `content/schemes/`; `learnhub init` stores it. A scheme in force on a
date is the newest version whose `valid_from` is on or before that date.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from learnhub.store import Store

__all__ = ["DEFAULT_SCHEME_FILE", "METRIC_RATES", "Scheme", "install_default_scheme", "scheme_on"]

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
DEFAULT_SCHEME_FILE = CONTENT_DIR / "schemes" / "reading-competition-v1.toml"
DEFAULT_SCHEME_NAME = "reading-competition"
METRIC_RATES = ("reading_rate", "clipping_rate", "reflection_rate", "essay_rate", "book_rate")


@dataclass(frozen=True)
class Scheme:
    name: str
    version: int
    valid_from: date
    title_zh: str
    title_en: str
    counted_days: str = "working"
    daily_reading_minutes: int = 30
    weights: dict[str, float] = field(default_factory=lambda: dict.fromkeys(METRIC_RATES, 0.2))

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Scheme:
        weights = {k: float(v) for k, v in data["weights"].items()}
        unknown = set(weights) - set(METRIC_RATES)
        if unknown:
            raise ValueError(f"unknown weights in scheme: {sorted(unknown)}")
        if abs(sum(weights.values()) - 1.0) > 1e-9:
            raise ValueError("scheme weights must add up to 1")
        if data.get("counted_days", "working") not in ("working", "all"):
            raise ValueError("counted_days must be 'working' or 'all'")
        valid_from = data["valid_from"]
        if isinstance(valid_from, str):
            valid_from = date.fromisoformat(valid_from)
        return cls(
            name=str(data["name"]),
            version=int(data["version"]),
            valid_from=valid_from,
            title_zh=str(data.get("title_zh", data["name"])),
            title_en=str(data.get("title_en", data["name"])),
            counted_days=str(data.get("counted_days", "working")),
            daily_reading_minutes=int(data.get("daily_reading_minutes", 30)),
            weights=weights,
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
                "daily_reading_minutes": self.daily_reading_minutes,
                "weights": self.weights,
            },
            ensure_ascii=False,
        )

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en


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
        return default_scheme()
    return Scheme.from_mapping(json.loads(in_force[-1][2]))
