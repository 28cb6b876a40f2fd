"""Written work: weekly reflections (心得), an essay per 旬 (文章), the monthly research report
(调研报告, on a topic) and suggestions (建议, for business work or the office's own development).

A piece starts as a draft that saves as the writer types (`save_draft`; a reload finds the draft of
that kind and period again), is submitted when it meets its kind's rules (`submit`), and can be
withdrawn back to a draft until review starts (`withdraw`). It is a `records` row of its kind, so
the scheme counts it the day it is submitted; drafts and withdrawn pieces never count.

Length is counted as Chinese offices count 字数: every character that is not white space, with a run
of Latin letters or digits counted as one (a word, "2026" or "DuckDB" is one), as Word's 字数 does.
Text is kept exactly as written and always shown as text, never as HTML.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from learnhub.errors import NotAllowed, ValidationError
from learnhub.org import normalise_name
from learnhub.periods import Period, dekad_of, month_of, week_of
from learnhub.settings import Settings
from learnhub.store import Cursor, Store

__all__ = [
    "KINDS",
    "RULES",
    "SUGGESTION_CATEGORIES",
    "LengthRule",
    "attach_file",
    "attachment_data",
    "count_characters",
    "period_of",
    "remove_attachment",
    "save_draft",
    "submit",
    "withdraw",
]

logger = logging.getLogger(__name__)
KINDS = ("reflection", "essay", "research_report", "suggestion")
SUGGESTION_CATEGORIES = ("business", "office")
MAX_TITLE = 100
MAX_TOPIC = 100
_LATIN_RUN = re.compile(r"[A-Za-z0-9]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class LengthRule:
    minimum: int
    maximum: int
    needs_title: bool


# What a county organisation department asks for: a reflection is a page, an essay two to three,
# a research report a proper report; a suggestion says what and why in a paragraph or two.
RULES: dict[str, LengthRule] = {
    "reflection": LengthRule(200, 3000, needs_title=False),
    "essay": LengthRule(800, 6000, needs_title=True),
    "research_report": LengthRule(2000, 20000, needs_title=True),
    "suggestion": LengthRule(50, 2000, needs_title=True),
}


def count_characters(text: str) -> int:
    """字数: non-space characters, a run of Latin letters or digits counting as one."""
    compact = _SPACE.sub("", text or "")
    runs = _LATIN_RUN.findall(compact)
    return len(compact) - sum(len(run) for run in runs) + len(runs)


def period_of(kind: str, day: date) -> Period:
    """The period a piece of `kind` written on `day` belongs to (DESIGN.md §3)."""
    if kind in ("reflection", "suggestion"):
        return week_of(day)
    if kind == "essay":
        return dekad_of(day)
    if kind == "research_report":
        return month_of(day)
    raise ValidationError("writing.kind_unknown")


def _own(store: Store, cur: Cursor, record_id: int, person_id: int) -> dict[str, Any]:
    piece = store.writing.piece(record_id, cur)
    if piece is None or piece["person_id"] != person_id:
        raise NotAllowed("writing.not_yours")
    return piece


def _fields(
    kind: str, title: str, topic: str, suggestion_category: str | None
) -> tuple[str, str, str | None]:
    clean_title = normalise_name(title)
    if len(clean_title) > MAX_TITLE:
        raise ValidationError("writing.title_too_long", n=MAX_TITLE)
    clean_topic = normalise_name(topic)
    if len(clean_topic) > MAX_TOPIC:
        raise ValidationError("writing.topic_too_long", n=MAX_TOPIC)
    category = suggestion_category if kind == "suggestion" else None
    if category is not None and category not in SUGGESTION_CATEGORIES:
        raise ValidationError("writing.category_unknown")
    return clean_title, clean_topic, category


def save_draft(
    store: Store,
    person_id: int,
    kind: str,
    *,
    text: str,
    today: date,
    now: datetime,
    title: str = "",
    topic: str = "",
    suggestion_category: str | None = None,
    book_id: int | None = None,
    study_session_id: int | None = None,
    record_id: int | None = None,
) -> int:
    """Keep what the writer has so far; returns the draft's id. Without `record_id` it continues
    the person's draft of this kind and period if there is one, so a reload loses nothing."""
    if kind not in KINDS:
        raise ValidationError("writing.kind_unknown")
    clean_title, clean_topic, category = _fields(kind, title, topic, suggestion_category)
    if count_characters(text) > RULES[kind].maximum * 2:
        # Twice the rule: room to cut a long draft down, but not a pasted book.
        raise ValidationError("writing.draft_too_long", n=RULES[kind].maximum * 2)
    period = period_of(kind, today)
    record = {"kind": kind, "title": clean_title, "text": text, "book_id": book_id}
    details = {
        "topic": clean_topic,
        "suggestion_category": category,
        "study_session_id": study_session_id,
        "saved_at": now,
    }

    def work(cur: Cursor) -> int:
        draft_id = record_id or store.writing.open_draft(cur, person_id, kind, period.start)
        if draft_id is None:
            return store.writing.insert_piece(
                cur, person_id, today, {**record, "status": "draft"},
                {**details, "period_start": period.start},
            )  # fmt: skip
        piece = _own(store, cur, draft_id, person_id)
        if piece["status"] not in ("draft", "returned"):
            raise ValidationError("writing.not_a_draft")
        # A piece returned for revision becomes a draft again as soon as its writer edits it.
        store.writing.update_piece(cur, draft_id, {**record, "status": "draft"}, details)
        return draft_id

    return int(store.transaction(work))


def _check_rules(piece: dict[str, Any]) -> None:
    rule = RULES[str(piece["kind"])]
    length = count_characters(str(piece["text"] or ""))
    if length < rule.minimum:
        raise ValidationError("writing.too_short", n=rule.minimum, length=length)
    if length > rule.maximum:
        raise ValidationError("writing.too_long", n=rule.maximum, length=length)
    if rule.needs_title and not piece["title"]:
        raise ValidationError("writing.title_missing")
    if piece["kind"] == "research_report" and not piece["topic"]:
        raise ValidationError("writing.topic_missing")
    if piece["kind"] == "suggestion" and not piece["suggestion_category"]:
        raise ValidationError("writing.category_missing")


def submit(store: Store, person_id: int, record_id: int, *, today: date, now: datetime) -> bool:
    """Hand a draft in; it counts from `today`. Returns False when it was already submitted (a
    second click), True when this call submitted it."""

    def work(cur: Cursor) -> bool:
        piece = _own(store, cur, record_id, person_id)
        if piece["status"] != "draft":
            return False
        _check_rules(piece)
        period = period_of(str(piece["kind"]), today)
        store.writing.update_piece(
            cur, record_id, {"status": "submitted", "day": today},
            {"submitted_at": now, "withdrawn_at": None, "period_start": period.start},
        )  # fmt: skip
        return True

    submitted = bool(store.transaction(work))
    if submitted:
        _check_originality(store, record_id, now)
    return submitted


def _check_originality(store: Store, record_id: int, now: datetime) -> None:
    """Index the piece and check it against all other writing. The submission stands whatever
    happens here: a reviewer can run the check again from the queue."""
    from learnhub import originality

    try:
        originality.index_piece(store, record_id)
        originality.check_piece(store, record_id, now)
    except Exception:  # a failed check must never lose a submission
        logger.exception("originality check of piece %s failed", record_id)


def withdraw(store: Store, person_id: int, record_id: int, *, now: datetime) -> None:
    """Take a submitted piece back to a draft, until a reviewer has started on it."""

    def work(cur: Cursor) -> None:
        piece = _own(store, cur, record_id, person_id)
        if piece["status"] == "draft":
            return
        if piece["status"] != "submitted":
            raise ValidationError("writing.review_started")
        store.writing.update_piece(cur, record_id, {"status": "draft"}, {"withdrawn_at": now})

    store.transaction(work)
    from learnhub import originality

    # A draft is compared with nothing and nothing is compared with it.
    originality.remove_piece(store, record_id)


def attach_file(
    store: Store,
    person_id: int,
    record_id: int,
    filename: str,
    data: bytes,
    settings: Settings,
    *,
    now: datetime,
) -> str:
    """Attach a .docx or .pdf to one's draft, checked like a lesson upload (size, real type,
    text read in a child process with limits); it replaces any earlier attachment. Returns the
    text read from it, which the reviewer and the copy check see beside the piece."""
    from learnhub.lesson_files import check_file

    checked = check_file(filename, data, settings)

    def work(cur: Cursor) -> None:
        piece = _own(store, cur, record_id, person_id)
        if piece["status"] not in ("draft", "returned"):
            raise ValidationError("writing.not_a_draft")
        store.writing.update_piece(
            cur, record_id, {},
            {"attachment_name": checked.filename, "attachment_type": checked.media_type,
             "attachment": data, "attachment_text": checked.text, "saved_at": now},
        )  # fmt: skip

    store.transaction(work)
    return checked.text


def remove_attachment(store: Store, person_id: int, record_id: int, *, now: datetime) -> None:
    def work(cur: Cursor) -> None:
        piece = _own(store, cur, record_id, person_id)
        if piece["status"] not in ("draft", "returned"):
            raise ValidationError("writing.not_a_draft")
        store.writing.update_piece(
            cur, record_id, {},
            {"attachment_name": None, "attachment_type": None, "attachment": None,
             "attachment_text": "", "saved_at": now},
        )  # fmt: skip

    store.transaction(work)


def attachment_data(store: Store, record_id: int) -> bytes | None:
    """The attached file's bytes (whoever may read the piece may download it)."""
    value = store.db.scalar(
        "SELECT attachment FROM writing_details WHERE record_id = ?", [record_id]
    )
    return None if value is None else bytes(value)
