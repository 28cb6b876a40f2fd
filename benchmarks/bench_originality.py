"""Originality figures for `make bench` (issue 5): the large office's year of writing indexed,
then one piece checked against all of it.

    .venv/bin/python -m benchmarks.bench_originality --db /tmp/big.duckdb   # this part alone

The demo's writing comes from a few hundred shared texts, so every demo piece has thousands of
identical twins: the worst case for the lookup (each hash matches up to ~200,000 pieces). The
half-copied pieces take their other half from the shipped lesson texts, which are not indexed.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from learnhub import originality
from learnhub.content import check_content

if TYPE_CHECKING:
    from benchmarks.bench import Figure, Office

__all__ = ["bench_originality"]

COPIES = 6


def half_copied(source: str, fresh: str, rng: random.Random) -> str:
    """The first half of `source` lightly edited (commas to spaces, one character in 15
    changed), then as much text of `fresh`."""
    half = source[: len(source) // 2].replace("，", " ").replace("。", "．")
    edited = "".join("某" if i % 15 == 14 and "\u4e00" <= c <= "\u9fff" else c
                     for i, c in enumerate(half))  # fmt: skip
    start = rng.randrange(0, max(1, len(fresh) - len(half)))
    return edited + "\n\n" + fresh[start : start + len(half)]


def add_copies(office: Office, pieces: Sequence[int], rng: random.Random) -> list[int]:
    store = office.store
    bodies = [
        re.sub(r"[#>*`\-\[\]()|]", "", lesson.body)
        for course in check_content()[0]
        for lesson in course.lessons
    ]
    bodies = [b for b in bodies if len(b) > 600]
    made = []
    for source_id in rng.sample(list(pieces), COPIES):
        source = store.records.get(source_id)
        assert source is not None
        text = half_copied(str(source["text"]), rng.choice(bodies), rng)
        values = {"kind": "essay", "title": "基准：半篇抄袭", "text": text, "status": "submitted"}
        person, day = rng.choice(office.staff), office.today

        made.append(
            int(store.transaction(lambda cur, p=person, d=day, v=values:
                                  store.records.insert(cur, p, d, v)))
        )  # fmt: skip
    return made


def bench_originality(office: Office, checks: int = 30) -> list[Figure]:
    from benchmarks.bench import Figure, median_p95, ms

    store = office.store
    rng = random.Random(6)
    started = time.perf_counter()
    stats = originality.index_all_pieces(store)
    indexing = time.perf_counter() - started
    figures = [
        Figure(
            f"originality index rebuilt (vectorised): {stats.pieces:,} pieces, "
            f"{stats.rows:,} fingerprint rows",
            f"{indexing:.1f} s",
            "",
            None,
        )
    ]
    ids = [int(i) for i in store.originality.compared_pieces()["id"]]
    copies = add_copies(office, ids, rng)
    chosen = rng.sample(ids, checks - len(copies)) + copies
    now = datetime.combine(office.today, datetime.min.time())
    for record_id in rng.sample(ids, 3):
        originality.check_piece(store, record_id, now)
    samples, scores = [], []
    for record_id in chosen:
        begun = time.perf_counter()
        result = originality.check_piece(store, record_id, now)
        samples.append(time.perf_counter() - begun)
        if record_id in copies:
            scores.append(result.score)
    median, p95 = median_p95(samples)
    figures += [
        Figure(
            f"originality check of one piece, {len(chosen)} pieces (median / p95 / max)",
            f"{ms(median)} / {ms(p95)} / {ms(max(samples))}",
            "≤ 1 s",
            p95 <= 1.0,
        ),
        Figure(
            f"scores of {len(copies)} half-copied, edited pieces",
            ", ".join(f"{s:.2f}" for s in scores),
            "≈ 0.5",
            None,
        ),
    ]
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    from benchmarks.bench import open_office, table

    parser = argparse.ArgumentParser(prog="benchmarks.bench_originality")
    parser.add_argument("--db", type=Path, required=True, help="reuse, or generate into it")
    parser.add_argument("--staff", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    figures: list[Figure] = []
    office = open_office(args, args.db, figures)
    figures += bench_originality(office)
    office.store.db.close()
    print(table(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
