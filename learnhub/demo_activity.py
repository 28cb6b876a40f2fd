"""The demo office's activity: a seeded simulation of what its staff do day by day.

Each staff member gets habits of their own (diligent, steady, lax, or drifting off after a while),
and from them the simulation draws reading sessions — each person going through the reading list
page after page in an order of their own, finishing books along the way — plus clippings, weekly
reflections, essays per 旬, monthly research reports and suggestions, dated on working days and
days off, in the morning, at lunch or in the evening. It is vectorised over a person × day (or
person × period) grid of chances with numpy, never looping over people or days in Python, because
a large demo (10,000 staff over a year) holds millions of records that would take hours to draw
one by one; every string is interned once so that the text columns are Categoricals of codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from learnhub import demo_text as txt
from learnhub.auth import utcnow
from learnhub.calendar import WorkCalendar
from learnhub.periods import dekad_of, month_of, week_of

__all__ = ["Strings", "activity", "drop_later_today", "records_frame"]

# Share of activity left once a person has drifted off.
AFTER_DRIFT = 0.08
Array = np.ndarray
KINDS = (
    "reading", "clipping", "reflection", "essay", "book_finished", "research_report",
    "suggestion",
)  # fmt: skip


class Strings:
    """Every string of the demo in one list: each text column is then a Categorical over it, so
    millions of rows share a few hundred Python strings and DuckDB reads them as codes."""

    def __init__(self) -> None:
        self._index: dict[str, int] = {}

    def codes(self, strings: Sequence[str]) -> Array:
        return np.array([self._index.setdefault(s, len(self._index)) for s in strings], np.int32)

    def column(self, codes: Array) -> pd.Categorical:
        return pd.Categorical.from_codes(
            codes, categories=pd.Index(list(self._index), dtype=object)
        )


@dataclass
class _Traits:
    """Per-person habits, one array entry per staff member."""

    read: Array  # chance of reading on a working day
    weekend: Array  # the same on a day off
    second: Array  # chance of a second session on a reading day
    minutes: Array  # typical minutes per session
    speed: Array  # pages per minute
    clip: Array
    reflect: Array
    essay: Array
    report: Array
    suggest: Array
    drift: Array  # day index from which the person has drifted off (days = never)


def _traits(rng: np.random.Generator, n: int, days: int) -> _Traits:
    # diligent, steady, lax, drifting off
    kind = rng.choice(4, size=n, p=[0.25, 0.45, 0.22, 0.08])

    def by_kind(low: Sequence[float], high: Sequence[float]) -> Array:
        return rng.uniform(np.take(low, kind), np.take(high, kind))

    drift = np.full(n, days)
    drifting = kind == 3
    drift[drifting] = rng.integers(int(days * 0.2), max(int(days * 0.8), 1) + 1, drifting.sum())
    return _Traits(
        read=by_kind([0.88, 0.65, 0.3, 0.7], [0.98, 0.88, 0.55, 0.9]),
        weekend=by_kind([0.2, 0.08, 0.02, 0.05], [0.45, 0.2, 0.08, 0.15]),
        second=by_kind([0.1, 0.04, 0.0, 0.02], [0.2, 0.1, 0.03, 0.06]),
        minutes=by_kind([42, 32, 20, 28], [58, 44, 30, 40]),
        speed=rng.uniform(0.35, 0.75, n),
        clip=by_kind([0.75, 0.5, 0.15, 0.5], [0.95, 0.8, 0.4, 0.75]),
        reflect=by_kind([0.85, 0.6, 0.2, 0.6], [1.0, 0.85, 0.45, 0.85]),
        essay=by_kind([0.8, 0.5, 0.1, 0.5], [0.95, 0.8, 0.35, 0.8]),
        report=by_kind([0.4, 0.15, 0.0, 0.1], [0.7, 0.35, 0.1, 0.3]),
        suggest=by_kind([0.15, 0.05, 0.0, 0.03], [0.3, 0.12, 0.04, 0.1]),
        drift=drift,
    )


def _grid(rng: np.random.Generator, chance: Array, drift: Array) -> tuple[Array, Array]:
    """(person, column) of the cells of a person × day (or × period) chance grid that happen."""
    columns = np.arange(chance.shape[1])
    chance = np.where(columns[None, :] >= drift[:, None], chance * AFTER_DRIFT, chance)
    hit = rng.random(chance.shape, dtype=np.float32) < chance
    people, cells = np.nonzero(hit)
    return people, cells


def _grouped_cumsum(values: Array, groups: Array) -> Array:
    """Cumulative sum restarting at each run of equal `groups` (which arrive sorted)."""
    if len(values) == 0:
        return values.copy()
    total = np.cumsum(values)
    firsts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    lengths = np.diff(np.r_[firsts, len(values)])
    restarted: Array = total - np.repeat(total[firsts] - values[firsts], lengths)
    return restarted


def _batch(kind: str, n: Array, d: Array, secs: Array, **columns: Array) -> dict[str, Array]:
    code = np.full(len(n), KINDS.index(kind), dtype=np.int8)
    return {"kind": code, "n": n, "d": d, "secs": secs.astype(np.int64), **columns}


def _reading(
    rng: np.random.Generator, s: Strings, t: _Traits, working: Array
) -> list[dict[str, Array]]:
    """Reading sessions, and the books they finish: each person goes through the list in an
    order of their own, each session starting on the page after the previous one ended."""
    chance = np.where(working[None, :], t.read[:, None], t.weekend[:, None])
    n1, d1 = _grid(rng, chance, t.drift)
    days = len(working)
    first = n1 * days + d1
    second = first[rng.random(len(first)) < t.second[n1]]
    keys = np.sort(np.concatenate([first * 2, second * 2 + 1]))
    n, d, session = keys // 2 // days, keys // 2 % days, keys % 2
    minutes = t.minutes[n] * np.where(session == 1, 0.6, 1.0) + rng.normal(0, 10, len(n))
    minutes = (np.rint(minutes / 5) * 5).clip(15, 90).astype(np.int64)
    # Before work, at lunch or in the evening; a second session is always an evening one.
    slot = np.where(session == 1, 2, rng.choice(3, size=len(n), p=[0.35, 0.15, 0.5]))
    secs = np.take([6.5 * 3600, 12 * 3600, 19.5 * 3600], slot) + rng.uniform(0, 3 * 3600, len(n))

    pages = np.maximum(1, np.rint(minutes * t.speed[n] * rng.uniform(0.8, 1.2, len(n))))
    pages = pages.astype(np.int64)
    book_pages = np.array([b[2] for b in txt.BOOKS], dtype=np.int64)
    shelf = len(book_pages)
    # Each person reads the list in an order of their own, page after page.
    order = np.argsort(rng.random((len(t.read), shelf)), axis=1)
    cap = np.cumsum(book_pages[order], axis=1)
    on_book = rng.random(len(n)) >= 0.15
    nb, pb = n[on_book], pages[on_book]
    c_end = _grouped_cumsum(pb, nb)
    c_start = c_end - pb
    # One searchsorted for everyone: each person's running totals live in their own band.
    band = int(max(c_end.max(initial=0), cap.max())) + 1
    flat_cap = (cap + np.arange(len(cap))[:, None] * band).ravel()
    slot_b = np.searchsorted(flat_cap, c_start + nb * band, side="right") - nb * shelf
    # Whoever has read the whole list goes on with periodicals.
    in_list = slot_b < shelf
    on_book[np.flatnonzero(on_book)[~in_list]] = False
    nb, pb, c_end, slot_b = nb[in_list], pb[in_list], c_end[in_list], slot_b[in_list]
    book = order[nb, slot_b]
    group = nb * shelf + slot_b
    w_end = _grouped_cumsum(pb, group)
    page_from = w_end - pb + 1
    page_to = np.minimum(w_end, book_pages[book])
    last = np.r_[group[1:] != group[:-1], True]
    finished = last & (c_end >= cap[nb, slot_b])
    page_to[finished] = book_pages[book[finished]]
    # Finishing a book can stretch the last session; keep it below the fast-pace flag.
    fast = np.zeros(len(n), dtype=bool)
    fast[on_book] = page_to - page_from + 1 > 3 * minutes[on_book]
    minutes[fast] = np.ceil((page_to - page_from + 1)[fast[on_book]] / 15) * 5

    book_col = np.full(len(n), -1)
    book_col[on_book] = book
    p_from = np.full(len(n), -1)
    p_from[on_book] = page_from
    p_to = np.full(len(n), -1)
    p_to[on_book] = page_to
    articles = s.codes(txt.ARTICLES)
    title = np.where(on_book, -1, articles[rng.integers(0, len(articles), len(n))])
    notes = s.codes(txt.READING_NOTES)
    note = np.where(rng.random(len(n)) < 0.6, notes[rng.integers(0, len(notes), len(n))], -1)
    reading = _batch(
        "reading", n, d, secs, title=title, book=book_col, minutes=minutes,
        page_from=p_from, page_to=p_to, text=note,
    )  # fmt: skip
    reviews = s.codes(txt.BOOK_REVIEWS)
    fn, fd = nb[finished], d[on_book][finished]
    done = _batch(
        "book_finished", fn, fd, rng.uniform(22.7 * 3600, 23 * 3600, len(fn)),
        book=book[finished], text=reviews[rng.integers(0, len(reviews), len(fn))],
    )  # fmt: skip
    return [reading, done]


def _clippings(
    rng: np.random.Generator, s: Strings, t: _Traits, working: Array
) -> dict[str, Array]:
    chance = np.where(working[None, :], t.clip[:, None], t.clip[:, None] * 0.1)
    n, d = _grid(rng, chance, t.drift)
    # Each person works through the collection in turn, so a month holds no repeats.
    pick = (
        rng.integers(0, len(txt.CLIPPINGS), len(t.read))[n]
        + _grouped_cumsum(np.ones(len(n), np.int64), n)
    ) % len(txt.CLIPPINGS)
    excerpts = s.codes([c[0] for c in txt.CLIPPINGS])
    sources = s.codes([c[1] for c in txt.CLIPPINGS])
    secs = rng.uniform(8 * 3600, 22 * 3600, len(n))
    return _batch("clipping", n, d, secs, text=excerpts[pick], source=sources[pick])


def _periodic(
    rng: np.random.Generator, s: Strings, kind: str, chance: Array, t: _Traits,
    periods: list[tuple[int, int]], days: int, titles: Sequence[str], texts: Sequence[str],
    offset: Array | None = None,
) -> dict[str, Array]:  # fmt: skip
    """One piece of `kind` in some periods (start day index, length), dated inside the period
    and inside the window; `offset` draws the day inside the period (default: towards its end).
    """
    starts = np.array([p[0] for p in periods])
    lengths = np.array([p[1] for p in periods])
    # Drifting off counts from the first period that starts on or after the drift day.
    drift = np.searchsorted(starts, t.drift, side="left")
    n, k = _grid(rng, np.repeat(chance[:, None], len(periods), axis=1), drift)
    if offset is None:
        into = (np.sqrt(rng.random(len(k))) * lengths[k]).astype(np.int64)
    else:
        into = np.minimum(offset[rng.integers(0, len(offset), len(k))], lengths[k] - 1)
    d = starts[k] + into
    keep = (d >= 0) & (d < days)
    n, d = n[keep], d[keep]
    title_codes, text_codes = s.codes(titles), s.codes(texts)
    # Titles in turn per person: nobody hands in the same essay title twice running.
    title = (rng.integers(0, len(title_codes), len(chance))[n] + k[keep]) % len(title_codes)
    return _batch(
        kind, n, d, rng.uniform(14 * 3600, 22 * 3600, len(n)),
        title=title_codes[title],
        text=text_codes[rng.integers(0, len(text_codes), len(n))],
    )  # fmt: skip


def _periods(start: date, end: date, first: date, step: str) -> list[tuple[int, int]]:
    """(start index relative to `start`, length) of each week/旬/month touching the window."""
    out = []
    current = first
    while current <= end:
        period = {"week": week_of, "dekad": dekad_of, "month": month_of}[step](current)
        out.append(((period.start - start).days, (period.end - period.start).days + 1))
        current = period.end + timedelta(days=1)
    return out


def activity(
    rng: np.random.Generator, s: Strings, staff: int, start: date, today: date,
    calendar: WorkCalendar,
) -> dict[str, Array]:  # fmt: skip
    days = (today - start).days + 1
    working = np.array([calendar.is_working_day(start + timedelta(days=i)) for i in range(days)])
    t = _traits(rng, staff, days)
    weeks = _periods(start, today, week_of(start).start, "week")
    dekads = _periods(start, today, dekad_of(start).start, "dekad")
    months = _periods(start, today, month_of(start).start, "month")
    # Reflections are mostly written at the end of the week.
    end_of_week = np.repeat(np.arange(7), [1, 1, 2, 3, 7, 2, 4])
    batches = [
        *_reading(rng, s, t, working),
        _clippings(rng, s, t, working),
        _periodic(rng, s, "reflection", t.reflect, t, weeks, days, txt.REFLECTION_TITLES,
                  txt.reflection_texts(), end_of_week),
        _periodic(rng, s, "essay", t.essay, t, dekads, days, txt.ESSAY_TITLES, txt.essay_texts()),
        _periodic(rng, s, "research_report", t.report, t, months, days, txt.REPORT_TITLES,
                  txt.report_texts()),
        _periodic(rng, s, "suggestion", t.suggest, t, weeks, days, txt.SUGGESTION_TITLES,
                  txt.suggestion_texts()),
    ]  # fmt: skip
    columns = ("kind", "n", "d", "secs", "title", "book", "minutes", "page_from", "page_to",
               "text", "source")  # fmt: skip
    return {
        c: np.concatenate([b.get(c, np.full(len(b["n"]), -1)) for b in batches]) for c in columns
    }


def drop_later_today(
    records: dict[str, Array], start: date, today: date, timezone: str
) -> dict[str, Array]:
    """Turn local seconds into UTC times (as the app stores them); nothing after now."""
    offset = ZoneInfo(timezone).utcoffset(datetime.combine(today, datetime.min.time()))
    shift = offset.total_seconds() if offset is not None else 0.0
    base = np.datetime64(start, "s")
    seconds = records["d"] * 86400 + records["secs"] - int(shift)
    created = base + seconds.astype("timedelta64[s]")
    keep = created <= np.datetime64(utcnow(), "s")
    keep |= records["d"] < (today - start).days
    out = {k: v[keep] for k, v in records.items()}
    out["created_at"] = created[keep]
    return out


def _nullable(values: Array) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(values.astype(np.int32), values < 0)


def records_frame(
    records: dict[str, Array], s: Strings, person_ids: Array, book_ids: Array, start: date
) -> pd.DataFrame:
    """The records table's rows, sorted by person and day so that DuckDB's zone maps can skip
    everyone else's row groups when one person's records are read."""
    person = person_ids[records["n"]]
    order = np.argsort((person * 100_000 + records["d"]) * 100_000 + records["secs"])
    r = {k: v[order] for k, v in records.items()}
    book = np.where(r["book"] >= 0, book_ids[np.maximum(r["book"], 0)], -1)
    pages = np.where(r["page_from"] >= 0, r["page_to"] - r["page_from"] + 1, -1)
    created_at = r["created_at"].astype("datetime64[us]")
    return pd.DataFrame(
        {
            "person_id": person[order].astype(np.int32),
            "day": np.datetime64(start, "s") + r["d"].astype("timedelta64[D]"),
            "kind": pd.Categorical.from_codes(r["kind"], categories=pd.Index(list(KINDS))),
            "title": s.column(r["title"]),
            "book_id": _nullable(book),
            "minutes": _nullable(r["minutes"]),
            "page_from": _nullable(r["page_from"]),
            "page_to": _nullable(r["page_to"]),
            "pages": _nullable(pages),
            "text": s.column(r["text"]),
            "source": s.column(r["source"]),
            "origin": pd.Categorical.from_codes(np.zeros(len(order), np.int8), pd.Index(["demo"])),
            "created_at": created_at,
            "updated_at": created_at,
        }
    )
