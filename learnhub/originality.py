"""Originality check (issue 5): how much of a piece of writing is found in other pieces or in the
office's template texts, and where. The fingerprinting itself is learnhub.fingerprints.

Texts are reduced to letters and digits (so re-punctuating or re-spacing copied text hides
nothing), cut into overlapping K-character shingles (Chinese needs no word segmentation),
hashed to 64 bits and winnowed (Schleimer, Wilkerson & Aiken 2003): every shared run of at
least K + W - 1 characters holds at least one stored fingerprint. A check looks every shingle
of the new piece up among the stored fingerprints (not only its own winnowed ones: a shorter
shared run is then still found whenever the other text's winnowing picked one of its shingles);
only the few texts sharing most are aligned exactly, here, on all their shingles. See
docs/decisions.md and docs/benchmarks.md for the choice of K and W.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from learnhub.errors import NotAllowed, ValidationError
from learnhub.fingerprints import (
    GAP,
    Fingerprints,
    K,
    Normalised,
    W,
    align,
    compare,
    fingerprint,
    fingerprint_many,
    normalise,
    passage_mask,
    shingle_hashes,
)
from learnhub.store import Store

__all__ = [
    "CANDIDATES",
    "COMPARED_KINDS",
    "GAP",
    "Fingerprints",
    "IndexStats",
    "K",
    "Match",
    "Normalised",
    "Result",
    "W",
    "align",
    "check_piece",
    "compare",
    "fingerprint",
    "fingerprint_many",
    "index_all_pieces",
    "index_piece",
    "index_template",
    "normalise",
    "remove_piece",
    "remove_template",
    "set_threshold",
    "shingle_hashes",
    "threshold",
]


I64 = npt.NDArray[np.int64]

THRESHOLD_KEY = "originality.threshold"
# Half of a piece found in one other text is what offices treat as copied unless explained.
DEFAULT_THRESHOLD = 0.5

# Texts aligned exactly after the database has ranked them by shared fingerprints.
CANDIDATES = 10
COMPARED_KINDS = ("reflection", "essay", "research_report", "suggestion")
NOT_COMPARED = ("draft", "withdrawn")


@dataclass(frozen=True)
class Match:
    source: str  # 'piece' or 'template'
    source_id: int
    owner_id: int | None
    owner: str
    title: str
    own: bool  # the writer's own earlier piece
    share: float  # of the new piece's normalised characters found in this text
    passages: tuple[tuple[int, int, int, int], ...]  # new start, end, source start, end

    def as_json(self) -> dict[str, Any]:
        return {**self.__dict__, "passages": [list(p) for p in self.passages]}


@dataclass(frozen=True)
class Result:
    record_id: int
    checked_at: datetime
    score: float  # share found in the best-matching single text
    coverage: float  # share found in any of the matched texts
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class IndexStats:
    pieces: int
    rows: int


# -- the service -----------------------------------------------------------------------------
def _frame(found: Fingerprints, ids: I64) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ids[found.text],
            "hash": found.hash,
            "position": found.position.astype(np.int32),
        }
    )


def index_piece(store: Store, record_id: int) -> int:
    """Put a piece's fingerprints in the index, replacing any it had; a piece that is not
    compared (a draft, a withdrawn one, not writing) leaves it. Returns the rows stored."""
    record = store.records.get(record_id)
    compared = (
        record is not None
        and record["kind"] in COMPARED_KINDS
        and record["status"] not in NOT_COMPARED
    )
    found = fingerprint(store.originality.piece_text(record_id)) if compared and record else None

    def work(cur: Any) -> int:
        store.originality.delete_fingerprints(cur, "piece", record_id)
        if found is None or not len(found.hash):
            return 0
        return store.originality.add_fingerprints(
            cur, "piece", _frame(found, np.array([record_id], np.int64))
        )

    return int(store.db.transaction(work))


def remove_piece(store: Store, record_id: int) -> None:
    """Take a piece out of the index (withdrawn: it is no longer compared against)."""
    store.db.transaction(lambda cur: store.originality.delete_fingerprints(cur, "piece", record_id))


def index_template(
    store: Store, title: str, text: str, actor_id: int | None, now: datetime | None = None
) -> int:
    """Store a template text the office uploaded, with its fingerprints; returns its id."""
    title, text = title.strip(), text.strip()
    if not title:
        raise ValidationError("originality.template_title_missing")
    found = fingerprint(text)
    if not len(found.hash):
        raise ValidationError("originality.template_too_short", n=K)

    def work(cur: Any) -> int:
        # A second click on "add", or the same file uploaded twice, would count every passage
        # twice in a reviewer's list of sources.
        same = store.originality.template_with_text(cur, text)
        if same is not None:
            raise ValidationError("originality.template_duplicate", title=same)
        values: dict[str, Any] = {"title": title, "text": text, "uploaded_by": actor_id}
        if now is not None:
            values["uploaded_at"] = now
        template_id = store.originality.insert_template(cur, values)
        store.originality.add_fingerprints(
            cur, "template", _frame(found, np.array([template_id], np.int64))
        )
        return template_id

    return int(store.db.transaction(work))


def remove_template(store: Store, template_id: int, *, actor_roles: frozenset[str]) -> str:
    """Take a template text out of the corpus; returns its title. Pieces checked before keep the
    result they got (their stored matches name the template); later checks no longer see it."""
    if "office" not in actor_roles:
        raise NotAllowed("originality.office_only")

    def work(cur: Any) -> str:
        title = store.originality.delete_template(cur, template_id)
        if title is None:
            raise ValidationError("originality.template_missing")
        store.originality.delete_fingerprints(cur, "template", template_id)
        return title

    return str(store.db.transaction(work))


def index_all_pieces(store: Store) -> IndexStats:
    """Rebuild the pieces' part of the index from every compared piece at once (a first
    install, a restore, the benchmark), vectorised, and written in hash order."""
    pieces = store.originality.compared_pieces()
    found = fingerprint_many([str(t or "") for t in pieces["text"]])
    frame = _frame(found, pieces["id"].to_numpy(np.int64))
    rows = store.db.transaction(lambda cur: store.originality.rebuild_pieces(cur, frame))
    return IndexStats(len(pieces), int(rows))


def check_piece(store: Store, record_id: int, now: datetime) -> Result:
    """Compare a piece with every other compared piece and every template, store the result
    and return it."""
    record = store.records.get(record_id)
    if record is None:
        raise ValidationError("originality.piece_missing")
    new = normalise(store.originality.piece_text(record_id))
    new_hashes = shingle_hashes(new.codes)
    ranked = store.originality.candidates(
        new_hashes.view(np.int64).tolist(), record_id, CANDIDATES * 2
    )
    texts = {("piece", int(r["id"])): r for r in store.originality.pieces(
        [i for s, i, _ in ranked if s == "piece"])}  # fmt: skip
    texts |= {("template", int(r["id"])): r for r in store.originality.templates(
        [i for s, i, _ in ranked if s == "template"])}  # fmt: skip
    matches: list[Match] = []
    union = np.zeros(len(new.codes), np.bool_)
    for source, source_id, _ in ranked:
        row = texts.get((source, source_id))
        if row is None or len(matches) == CANDIDATES:
            continue
        other = normalise(str(row["text"]))
        passages = align(new, new_hashes, other, shingle_hashes(other.codes))
        if not passages:
            continue
        inside = passage_mask(new, passages)
        union |= inside
        owner_id = None if pd.isna(row["owner_id"]) else int(row["owner_id"])
        matches.append(
            Match(source, source_id, owner_id, str(row["owner"]), str(row["title"]),
                  source == "piece" and owner_id == record["person_id"],
                  round(float(inside.mean()), 4), tuple(passages))
        )  # fmt: skip
    matches.sort(key=lambda m: (-m.share, m.source, m.source_id))
    score = matches[0].share if matches else 0.0
    coverage = round(float(union.mean()), 4) if len(union) else 0.0
    payload = json.dumps([m.as_json() for m in matches], ensure_ascii=False)
    store.db.transaction(
        lambda cur: store.originality.save_result(cur, record_id, now, score, payload)
    )
    return Result(record_id, now, score, coverage, tuple(matches))


def threshold(store: Store) -> float:
    """The score above which a piece is flagged in the review queue."""
    stored = store.settings.get(THRESHOLD_KEY)
    return DEFAULT_THRESHOLD if stored is None else float(stored)


def set_threshold(store: Store, value: float, *, actor_roles: frozenset[str]) -> None:
    if "office" not in actor_roles:
        raise NotAllowed("originality.office_only")
    if not 0.05 <= value <= 1:
        raise ValidationError("originality.threshold_invalid")
    store.settings.set(THRESHOLD_KEY, str(round(value, 2)))
