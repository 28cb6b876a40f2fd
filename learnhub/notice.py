"""The month's notice (通报) and the office's remarks per person (月度小结, issue 7).

The draft is written from the month's figures (learnhub.summary) in plain paragraphs: how many
took part, the average score and its change from last month, the best department per head, the
featured work, the best suggestion, and who should catch up — names only when the office shows
names. The office edits it; every saved text is kept (month_notice_versions) and the newest is
the month's notice. Publishing lets staff read it: `published_notice` gives the version that was
current when it was last published, so an edit after publishing is not shown until published again.

Notices and remarks are user text: stored exactly as typed, shown as text, escaped on export.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.i18n import translate
from learnhub.periods import Period
from learnhub.store import Cursor, Store
from learnhub.summary import Highlights, MonthSummary, as_month, took_part

__all__ = [
    "MAX_NOTICE",
    "MAX_REMARK",
    "draft",
    "my_remarks",
    "notice",
    "notice_versions",
    "publish_notice",
    "published_notice",
    "remarks",
    "save_notice",
    "set_remark",
]

MAX_NOTICE = 20_000
MAX_REMARK = 500
NAMES_LISTED = 10
_FEATURED_KINDS = ["clipping", "reflection", "essay", "research_report"]


def _number(value: float) -> str:
    return f"{value:g}" if not float(value).is_integer() else str(int(value))


def _names(frame: pd.DataFrame, lang: str) -> str:
    names = [str(n) for n in frame["name"].head(NAMES_LISTED)]
    text = translate("summary.notice.separator", lang).join(names)
    if len(frame) > NAMES_LISTED:
        text += translate("summary.notice.and_more", lang)
    return text


def draft(
    store: Store,
    summary: MonthSummary,
    trend: pd.DataFrame,
    found: Highlights,
    *,
    lang: str = "zh",
) -> str:
    """The notice written from the figures, one paragraph per line block."""
    month, people = summary.month, summary.people
    tr = translate
    label = tr("summary.month_label", lang, year=month.start.year, month=month.start.month)
    staff = len(people)
    active = int(took_part(people).sum())
    rate = round(100 * active / staff, 1) if staff else 0.0
    paragraphs = [tr("summary.notice.title", lang, month=label)]
    paragraphs.append(
        tr(
            "summary.notice.participation",
            lang,
            month=label,
            staff=staff,
            active=active,
            rate=_number(rate),
            minutes=_number(float(people["reading_minutes"].sum())),
            clippings=int(people["clippings"].sum()),
            reflections=int(people["reflections"].sum()),
            essays=int(people["essays"].sum()),
            books=int(people["books"].sum()),
            reports=int(people["research_reports"].sum()),
            suggestions=int(people["suggestions"].sum()),
            attended=int(people["study_day_attended"].sum()),
            hours=_number(round(float(people["credit_hours"].sum()), 1)),
        )
    )
    average = _office_average(trend, month.label)
    if average is None:
        average = round(float(people["score"].mean()), 1) if people["score"].notna().any() else 0
    previous = _office_average(trend, _previous_label(month))
    if previous is None:
        change = tr("summary.notice.change_none", lang)
    elif round(average - previous, 1) > 0:
        change = tr("summary.notice.change_up", lang, n=_number(round(average - previous, 1)))
    elif round(average - previous, 1) < 0:
        change = tr("summary.notice.change_down", lang, n=_number(round(previous - average, 1)))
    else:
        change = tr("summary.notice.change_same", lang)
    paragraphs.append(tr("summary.notice.average", lang, score=_number(average), change=change))
    departments = summary.departments.dropna(subset=["average_score"])
    if len(departments) > 1:
        best = departments.iloc[0]
        paragraphs.append(tr("summary.notice.best_department", lang, department=best["department"],
                             score=_number(float(best["average_score"]))))  # fmt: skip
    featured = store.reviews.featured(month.start, month.end, _FEATURED_KINDS)
    if not featured.empty:
        works = tr("summary.notice.separator", lang).join(
            tr("summary.notice.work", lang, title=str(r["title"] or ""), name=str(r["name"]))
            for _, r in featured.iterrows()
        )
        paragraphs.append(tr("summary.notice.featured", lang, n=len(featured), works=works))
    best_id = store.suggestions.best(month.start)
    if best_id is not None:
        listing = store.suggestions.listing(month.start, month.end).set_index("id")
        if best_id in listing.index:
            row = listing.loc[best_id]
            paragraphs.append(tr("summary.notice.best_suggestion", lang, title=str(row["title"]),
                                 name=str(row["name"])))  # fmt: skip
    if found.kept_all_count:
        names = _names(found.kept_all, lang) if found.names_shown else ""
        key = "summary.notice.kept_all_named" if names else "summary.notice.kept_all"
        paragraphs.append(tr(key, lang, n=found.kept_all_count, names=names))
    if found.behind_count:
        names = _names(found.behind, lang) if found.names_shown else ""
        key = "summary.notice.behind_named" if names else "summary.notice.behind"
        paragraphs.append(tr(key, lang, n=found.behind_count, names=names))
    if found.names_shown and len(departments) > 1:
        worst = departments.iloc[-1]
        paragraphs.append(tr("summary.notice.worst_department", lang,
                             department=worst["department"],
                             score=_number(float(worst["average_score"]))))  # fmt: skip
    paragraphs.append(tr("summary.notice.closing", lang))
    return "\n\n".join(paragraphs)


def _office_average(trend: pd.DataFrame, label: str) -> float | None:
    row = trend[(trend["month"] == label) & (trend["department"] == "")]
    if row.empty or pd.isna(row["average_score"].iloc[0]):
        return None
    return float(row["average_score"].iloc[0])


def _previous_label(month: Period) -> str:
    return (month.start - timedelta(days=1)).strftime("%Y-%m")


# -- saving and publishing --------------------------------------------------------------------
def save_notice(store: Store, month: Period | str, text: str, actor: int, now: datetime) -> int:
    """Keep `text` (as typed) as the month's notice and as a new version; returns its id."""
    period = as_month(month)
    if not text.strip():
        raise ValidationError("summary.notice_empty")
    if len(text) > MAX_NOTICE:
        raise ValidationError("summary.notice_too_long", n=MAX_NOTICE)
    repo = store.summary

    def work(cur: Cursor) -> int:
        published = repo.published_at(cur, period.start)
        # A version saved after publishing must sort after it, even on a clock that stood still.
        at = now if published is None or now > published else published + timedelta(microseconds=1)
        return repo.save_notice(cur, period.start, text, actor, at)

    return int(store.transaction(work))


def publish_notice(store: Store, month: Period | str, actor: int, now: datetime) -> None:
    """Publish the month's current notice (staff can then read it); needs a saved one."""
    period = as_month(month)
    repo = store.summary
    current = repo.notice(period.start)
    if current is None:
        raise ValidationError("summary.notice_missing")
    at = max(now, current["saved_at"])

    def work(cur: Cursor) -> None:
        if not repo.publish_notice(cur, period.start, actor, at):
            raise ValidationError("summary.notice_missing")

    store.transaction(work)


def notice(store: Store, month: Period | str) -> dict[str, Any] | None:
    """The month's current notice: text, saved_by_name, saved_at, published_by_name,
    published_at (None when never published), and `changed` (edited since publishing)."""
    found = store.summary.notice(as_month(month).start)
    if found is None:
        return None
    published = found["published_at"]
    found["changed"] = published is not None and found["saved_at"] > published
    return found


def notice_versions(store: Store, month: Period | str) -> pd.DataFrame:
    return store.summary.notice_versions(as_month(month).start)


def published_notice(store: Store, month: Period | str) -> dict[str, Any] | None:
    """What staff may read: text, published_at, published_by of the notice as last published."""
    found = store.summary.published_version(as_month(month).start)
    if found is None:
        return None
    return {k: found[k] for k in ("text", "published_at", "published_by")}


# -- remarks ----------------------------------------------------------------------------------
def set_remark(
    store: Store, month: Period | str, person_id: int, text: str, actor: int, now: datetime
) -> bool:
    """Write (or with empty text, delete) the office's remark on a person for a month; True when
    a remark is kept."""
    period = as_month(month)
    if len(text) > MAX_REMARK:
        raise ValidationError("summary.remark_too_long", n=MAX_REMARK)
    person = store.people.person(person_id)
    if person is None:
        raise ValidationError("summary.remark_no_person")
    repo = store.summary
    if not text.strip():
        store.transaction(lambda cur: repo.delete_remark(cur, period.start, person_id))
        return False
    store.transaction(lambda cur: repo.put_remark(cur, period.start, person_id, text, actor, now))
    return True


def remarks(store: Store, month: Period | str) -> pd.DataFrame:
    """person_id, username, name, department, text, written_by, written_at of a month."""
    return store.summary.remarks(as_month(month).start)


def my_remarks(store: Store, person_id: int) -> pd.DataFrame:
    """A person's remarks, newest month first: month (YYYY-MM), text, written_by, written_at."""
    frame = store.summary.person_remarks(person_id)
    frame["month"] = [
        d.strftime("%Y-%m") if isinstance(d, date) else pd.Timestamp(d).strftime("%Y-%m")
        for d in frame["month"]
    ]
    return frame
