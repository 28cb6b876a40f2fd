"""The message catalogue. Every string a person reads lives in `learnhub/locales/<lang>/*.toml`.

Each area keeps its own file (`checkin.toml`, `roster.toml`, …) with keys prefixed by the area,
so work on one page never collides with another. Keys are flat: `checkin.saved = "已保存"`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "catalogue", "translate"]

LANGUAGES: dict[str, str] = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"
_ROOT = Path(__file__).parent / "locales"


@cache
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in sorted((_ROOT / lang).glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        for key, value in _flatten(data):
            if key in merged:
                raise ValueError(f"{path}: key {key!r} is defined twice")
            merged[key] = value
    return merged


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{full}."))
        else:
            items.append((full, str(value)))
    return items


def translate(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: Any) -> str:
    """The text for `key` in `lang` (falling back to Chinese, then to the key itself)."""
    text = catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text
