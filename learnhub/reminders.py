"""Reminders (issue 7): what staff still have to do before the current week, 旬 or month ends,
and the office's daily digest of overdue reviews and people falling behind.

Messages go to the in-app inbox once per person and key (`quota:period`, `digest:day`), so running
this twice a day, or after a restart, sends nothing twice. Everything is computed on arrays for the
whole office at once (the scheme's evaluation, learnhub.standings) and stored in one statement.
Messages are written in the office's language (Chinese), as a notice on paper would be.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from learnhub.compliance import PENDING, Evaluation
from learnhub.errors import ValidationError
from learnhub.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from learnhub.periods import Period, month_of, week_of
from learnhub.schemes import Quota
from learnhub.standings import evaluate_span, staff_frame
from learnhub.store import Store
from learnhub.webhooks import enqueue, escape_markdown
from learnhub.workdays import office_calendar

__all__ = [
    "BEHIND_SCORE",
    "IDLE_WORKING_DAYS",
    "REVIEW_WAIT_DAYS",
    "Digest",
    "Leads",
    "due_reminders",
    "lead_days",
    "office_digest",
    "run_reminders",
    "set_lead_days",
]

REVIEW_WAIT_DAYS = 7
BEHIND_SCORE = 60.0
IDLE_WORKING_DAYS = 10
NAMES_SHOWN = 5
SHORT_KEY, LONG_KEY = "reminders.lead_days_short", "reminders.lead_days_month"
BEHIND_SCORE_KEY, IDLE_DAYS_KEY = "reminders.behind_score", "reminders.idle_working_days"
REMINDED = ("week", "dekad", "month", "quarter")


def _t(key: str, lang: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    return translate(key, lang, **params)


def _languages(store: Store, role: str) -> pd.Series:
    """Each person's chosen language (person_id → zh / en): a message is written once per
    language, in the language its reader chose on 账号设置."""
    people = store.people.people(role=role)
    chosen = people["language"].where(people["language"].isin(list(LANGUAGES)), DEFAULT_LANGUAGE)
    return pd.Series(chosen.fillna(DEFAULT_LANGUAGE).to_numpy(), index=people["id"].to_numpy())


# ---- settings -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Leads:
    """Days before a period's last day from which its reminder is sent."""

    short: int = 2  # a week or a 旬
    long: int = 3  # a month or a quarter

    def for_cadence(self, cadence: str) -> int:
        return self.short if cadence in ("week", "dekad") else self.long


def lead_days(store: Store) -> Leads:
    def read(key: str, default: int) -> int:
        raw = store.settings.get(key)
        return int(raw) if raw is not None and raw.strip().isdigit() else default

    return Leads(read(SHORT_KEY, Leads.short), read(LONG_KEY, Leads.long))


def set_lead_days(store: Store, short: int, long: int) -> Leads:
    if not (0 <= short <= 9 and 0 <= long <= 27):
        raise ValidationError("reminders.lead_out_of_range")
    store.settings.set(SHORT_KEY, str(int(short)))
    store.settings.set(LONG_KEY, str(int(long)))
    return lead_days(store)


@dataclass(frozen=True)
class Behind:
    """Who the digest counts as falling behind: a score this month under `score`, or nothing
    recorded on the last `idle_days` working days."""

    score: float = BEHIND_SCORE
    idle_days: int = IDLE_WORKING_DAYS


def behind_rule(store: Store) -> Behind:
    score, idle = store.settings.get(BEHIND_SCORE_KEY), store.settings.get(IDLE_DAYS_KEY)
    return Behind(float(score) if score else BEHIND_SCORE, int(idle) if idle else IDLE_WORKING_DAYS)


def set_behind_rule(store: Store, score: float, idle_days: int) -> Behind:
    if not (0 <= score <= 100 and 1 <= idle_days <= 60):
        raise ValidationError("reminders.behind_out_of_range")
    store.settings.set(BEHIND_SCORE_KEY, f"{float(score):g}")
    store.settings.set(IDLE_DAYS_KEY, str(int(idle_days)))
    return behind_rule(store)


# ---- staff ----------------------------------------------------------------------------------
def _due_text(cadence: str, end: date, lang: str) -> str:
    weekday = _t(f"reminders.weekday.w{end.weekday()}", lang)
    if cadence == "week":
        return weekday
    return _t("reminders.date", lang, month=end.month, day=end.day, weekday=weekday)


def _evaluations(store: Store, today: date) -> list[Evaluation]:
    """The month of `today` (its weeks, 旬, month and quarter) and, when today's week belongs to
    another month (Thursday rule), that week too."""
    month = month_of(today)
    found = [evaluate_span(store, month, today=today)]
    week = week_of(today)
    if not (month.start <= week.start + timedelta(days=3) <= month.end):
        found.append(evaluate_span(store, week, today=today))
    return found


def due_reminders(store: Store, today: date) -> pd.DataFrame:
    """One row per staff member and quota period that ends within its lead days and is still
    pending: person_id, key, kind, title, body, due (MESSAGE_COLUMNS)."""
    leads = lead_days(store)
    languages = _languages(store, "staff")
    frames: list[pd.DataFrame] = []
    seen: set[str] = set()
    for evaluation in _evaluations(store, today):
        ids = evaluation.people["person_id"].to_numpy(dtype=np.int64)
        for result in evaluation.quotas:
            quota = result.quota
            if quota.cadence not in REMINDED:
                continue
            for j, period in enumerate(result.periods):
                key = f"{quota.key}:{period.label}"
                left = (period.end - today).days
                if key in seen or not 0 <= left <= leads.for_cadence(quota.cadence):
                    continue
                seen.add(key)
                who = ids[result.status[:, j] == PENDING]
                if not len(who):
                    continue
                for lang in LANGUAGES:
                    mine = who[languages.reindex(who).fillna(DEFAULT_LANGUAGE).to_numpy() == lang]
                    if len(mine):
                        frames.append(_staff_rows(mine, key, quota, period, lang))
    if not frames:
        return pd.DataFrame(columns=["person_id", "key", "kind", "title", "body", "due"])
    return pd.concat(frames, ignore_index=True)


def _due_title(quota: Quota, period: Period, lang: str) -> str:
    return _t(
        "reminders.due_title",
        lang,
        this=_t(f"reminders.this.{quota.cadence}", lang),
        activity=_t(f"reminders.activity.{quota.activity}", lang),
        due=_due_text(quota.cadence, period.end, lang),
    )


def _staff_rows(who: np.ndarray, key: str, quota: Quota, period: Period, lang: str) -> pd.DataFrame:
    body = _t(
        "reminders.due_body",
        lang,
        target=f"{quota.target:g}",
        unit=_t(f"reminders.unit.{quota.activity}", lang),
        date=period.end.isoformat(),
        weekday=_t(f"reminders.weekday.w{period.end.weekday()}", lang),
    )
    return pd.DataFrame(
        {
            "person_id": who,
            "key": key,
            "kind": "due",
            "title": _due_title(quota, period, lang),
            "body": body,
            "due": period.end,
            # The robot's summary counts people per reminder in the office's language,
            # whatever each person reads their own message in.
            "summary": _due_title(quota, period, DEFAULT_LANGUAGE),
        }
    )


# ---- the office's digest ----------------------------------------------------------------------
@dataclass
class Digest:
    day: date
    waiting: pd.DataFrame  # id, kind, title, name, submitted_at (oldest first)
    low_score: pd.DataFrame  # person_id, name, department, score
    idle: pd.DataFrame  # person_id, name, department
    reminded: dict[str, int] = field(default_factory=dict)  # staff reminder title -> people
    rule: Behind = field(default_factory=Behind)

    @property
    def behind(self) -> pd.DataFrame:
        both = pd.concat([self.low_score[["person_id", "name"]], self.idle[["person_id", "name"]]])
        return both.drop_duplicates("person_id").reset_index(drop=True)

    @property
    def empty(self) -> bool:
        return self.waiting.empty and self.behind.empty

    @property
    def key(self) -> str:
        return f"digest:{self.day.isoformat()}"

    def title(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return _t(
            "reminders.digest_title",
            lang,
            reviews=len(self.waiting),
            days=REVIEW_WAIT_DAYS,
            behind=len(self.behind),
        )

    def lines(self, escape: bool = False, lang: str = DEFAULT_LANGUAGE) -> list[str]:
        """The digest line by line in `lang`; `escape` for a robot's Markdown."""
        esc = escape_markdown if escape else str
        out = [_t("reminders.digest_reviews", lang, n=len(self.waiting), days=REVIEW_WAIT_DAYS)]
        for _, row in self.waiting.head(NAMES_SHOWN).iterrows():
            submitted = pd.Timestamp(row["submitted_at"]).date().isoformat()
            untitled = _t(f"reminders.kind.{row['kind']}", lang)
            piece = esc(str(row["title"] or "").strip() or untitled)
            out.append(
                _t(
                    "reminders.digest_piece",
                    lang,
                    name=esc(row["name"]),
                    title=piece,
                    date=submitted,
                )
            )
        out.append(
            _t(
                "reminders.digest_behind",
                lang,
                n=len(self.behind),
                low=len(self.low_score),
                score=f"{self.rule.score:g}",
                quiet=len(self.idle),
                idle=self.rule.idle_days,
            )
        )
        names = [esc(n) for n in self.behind["name"].head(NAMES_SHOWN)]
        if names:
            more = len(self.behind) - len(names)
            out.append(
                _t("reminders.digest_names", lang, names="、".join(names))
                + (_t("reminders.digest_more", lang, n=len(self.behind)) if more > 0 else "")
            )
        for title, count in self.reminded.items():
            out.append(_t("reminders.digest_reminded", lang, title=esc(title), n=count))
        return out


def _working_days_before(store: Store, today: date, n: int) -> date:
    """The first of the `n` working days before `today`."""
    calendar = office_calendar(store)
    day, found = today, 0
    for _ in range(n * 4 + 30):
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            found += 1
            if found == n:
                break
    return day


def office_digest(store: Store, today: date, now: datetime) -> Digest:
    """Pieces waiting for review longer than REVIEW_WAIT_DAYS, and the staff falling behind by
    the office's rule (`behind_rule`): a score this month under its score (once anything of the
    month counts), or nothing recorded on its last working days."""
    rule = behind_rule(store)
    repo = store.reminders
    waiting = repo.waiting_reviews(now - timedelta(days=REVIEW_WAIT_DAYS))
    month = evaluate_span(store, month_of(today), today=today)
    people = month.people[["person_id", "name", "department"]]
    scores = month.scores
    under = ~np.isnan(scores) & (scores < rule.score)
    low = people[under].assign(score=scores[under])
    first = _working_days_before(store, today, rule.idle_days)
    active = store.competition.activity(first, today - timedelta(days=1))["person_id"].unique()
    staff = staff_frame(store)[["person_id", "name", "department"]]
    idle = staff[~staff["person_id"].isin(active)]
    return Digest(
        today, waiting, low.reset_index(drop=True), idle.reset_index(drop=True), rule=rule
    )


def _digest_rows(store: Store, digest: Digest) -> pd.DataFrame:
    """The digest for every office member, each in their own language."""
    languages = _languages(store, "office")
    text = {lang: (digest.title(lang), "\n".join(digest.lines(lang=lang))) for lang in LANGUAGES}
    chosen = [str(languages[i]) for i in languages.index]
    return pd.DataFrame(
        {
            "person_id": languages.index.to_numpy(dtype=np.int64),
            "key": digest.key,
            "kind": "digest",
            "title": [text[lang][0] for lang in chosen],
            "body": [text[lang][1] for lang in chosen],
            "due": digest.day,
        }
    )


# ---- running them -----------------------------------------------------------------------------
def run_reminders(store: Store, today: date, now: datetime) -> dict[str, int]:
    """Create today's inbox messages for everyone (one statement) and queue the digest for the
    group robot when one is configured. How many were new: {"due": staff messages, "digest":
    office messages, "webhook": deliveries queued}."""
    repo = store.reminders
    staff = due_reminders(store, today)
    digest = office_digest(store, today, now)
    if not staff.empty:
        digest.reminded = {
            str(k): int(v) for k, v in staff.groupby("summary", sort=False).size().items()
        }
    office = _digest_rows(store, digest) if not digest.empty else staff.iloc[0:0]
    new = repo.add_messages(pd.concat([staff, office], ignore_index=True), now)
    queued = False
    if not digest.empty or digest.reminded:
        queued = enqueue(
            store, digest.key, digest.title(), "\n\n".join(digest.lines(escape=True)), now
        )
    return {"due": new.get("due", 0), "digest": new.get("digest", 0), "webhook": int(queued)}
