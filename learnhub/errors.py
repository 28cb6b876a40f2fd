"""Errors a person can act on. Each carries a catalogue key and its parameters, never prose,
so the interface and the command line can say it in the reader's language."""

from __future__ import annotations

from typing import Any

__all__ = ["LearnHubError", "NotAllowed", "ValidationError"]


class LearnHubError(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key, params)
        self.key = key
        self.params = params

    def message(self, lang: str = "zh") -> str:
        from learnhub.i18n import translate

        return translate(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class ValidationError(LearnHubError):
    """The input cannot be stored as it is; nothing was stored."""


class NotAllowed(LearnHubError):
    """The person may not do this."""
