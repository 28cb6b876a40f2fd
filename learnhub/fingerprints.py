"""Fingerprints of text for the originality check: pure functions, no store.

Texts are reduced to letters and digits (so re-punctuating or re-spacing copied text hides
nothing), cut into overlapping K-character shingles (Chinese needs no word segmentation),
hashed to 64 bits and winnowed (Schleimer, Wilkerson & Aiken 2003): every shared run of at
least K + W - 1 characters holds at least one stored fingerprint. `align` finds the shared
passages of two texts exactly. See docs/decisions.md and docs/benchmarks.md for K and W.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

__all__ = [
    "GAP",
    "Fingerprints",
    "K",
    "Normalised",
    "W",
    "align",
    "compare",
    "fingerprint",
    "fingerprint_many",
    "normalise",
    "passage_mask",
    "shingle_hashes",
]

U64 = npt.NDArray[np.uint64]
I64 = npt.NDArray[np.int64]

# Ten Chinese characters are five or six words: longer than the set phrases every official text
# shares (不忘初心牢记使命 is 8), short enough that a copied sentence with a word changed still
# keeps whole shingles. tests/test_originality.py measures both sides on Chinese text.
K = 10
# Guarantee threshold K + W - 1 = 17 characters, about one clause of Chinese prose; about
# 2 / (W + 1) ≈ 0.22 fingerprints per character are stored.
W = 8
# Runs of shared shingles this close together (in normalised characters) are one passage: a
# changed word in a copied sentence leaves a gap of a few characters, not two passages.
GAP = 5
# FNV-1a's 64-bit prime and offset, then MurmurHash3's fmix64: stable across processes and
# machines (unlike Python's salted hash()) and computable on numpy arrays, so that indexing a
# year of writing is vectorised and gives the very hashes a single check computes.
_PRIME = np.uint64(0x100000001B3)
_OFFSET = np.uint64(0xCBF29CE484222325)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
_BMP = 0x10000


@dataclass(frozen=True)
class Normalised:
    codes: npt.NDArray[np.uint32]  # the kept code points, folded
    origin: I64  # for each, its index in the original text


@dataclass(frozen=True)
class Fingerprints:
    text: I64  # which text (index into the texts given)
    hash: I64  # 64-bit shingle hash, as DuckDB's BIGINT
    position: I64  # the shingle's start in the normalised text


# -- normalising -----------------------------------------------------------------------------
def _content(ch: str) -> int | None:
    """The folded code of a character that carries content (letter, mark, digit), else None."""
    if unicodedata.category(ch)[0] not in "LMN":
        return None
    low = ch.lower()
    return ord(low) if len(low) == 1 else ord(ch)


@cache
def _tables() -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.uint32]]:
    """For each BMP code point: whether NFKC leaves it one character (so does nearly all
    Chinese text, fullwidth forms included), whether that one carries content, and its code."""
    simple = np.zeros(_BMP, np.bool_)
    keep = np.zeros(_BMP, np.bool_)
    to = np.zeros(_BMP, np.uint32)
    for code in range(_BMP):
        ch = unicodedata.normalize("NFKC", chr(code))
        if len(ch) == 1:
            simple[code] = True
            folded = _content(ch)
            if folded is not None:
                keep[code], to[code] = True, folded
    return simple, keep, to


def _raw(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _by_table(raw: npt.NDArray[np.uint32]) -> tuple[npt.NDArray[np.uint32], I64] | None:
    """`raw` normalised with the tables alone, or None when some character needs more."""
    simple, keep, to = _tables()
    if len(raw) and (int(raw.max()) >= _BMP or not simple[raw].all()):
        return None
    kept = np.flatnonzero(keep[raw]).astype(np.int64)
    return to[raw[kept]], kept


def normalise(text: str) -> Normalised:
    """NFKC, case folded, only letters, marks and digits, with each kept character's index in
    `text` so that passages found in the normalised text can be shown in the original. NFKC
    goes character by character so that each output character has one input character (NFKC
    can turn one into several: ㈱ → (株))."""
    quick = _by_table(_raw(text))
    if quick is not None:
        return Normalised(*quick)
    codes: list[int] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for part in unicodedata.normalize("NFKC", ch):
            folded = _content(part)
            if folded is not None:
                codes.append(folded)
                origin.append(i)
    return Normalised(np.array(codes, np.uint32), np.array(origin, np.int64))


# -- fingerprints ----------------------------------------------------------------------------
def shingle_hashes(codes: npt.NDArray[np.uint32]) -> U64:
    """The hash of every K-character shingle of `codes` (len(codes) - K + 1 of them)."""
    count = len(codes) - K + 1
    if count <= 0:
        return np.zeros(0, np.uint64)
    wide = codes.astype(np.uint64)
    h = np.full(count, _OFFSET, np.uint64)
    for j in range(K):
        h ^= wide[j : j + count]
        h *= _PRIME
    h ^= h >> _S33
    h *= _M1
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33
    return h


def _winnow(codes: npt.NDArray[np.uint32], starts: I64) -> Fingerprints:
    """Winnowed fingerprints of the texts concatenated in `codes`, text i at starts[i]:
    in each window of W consecutive shingles of one text, the rightmost minimal hash."""
    lengths = np.diff(starts)
    text = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    h = shingle_hashes(codes)
    span = K + W - 1
    windows = len(codes) - span + 1
    picked: list[I64] = []
    if windows > 0:
        low = h[:windows].copy()
        for j in range(1, W):
            np.minimum(low, h[j : j + windows], out=low)
        at = np.full(windows, -1, np.int64)
        for j in range(W - 1, -1, -1):
            at[(at < 0) & (h[j : j + windows] == low)] = j
        whole = text[:windows] == text[span - 1 :]
        picked.append(np.flatnonzero(whole) + at[whole])
    # A text too short for one full window still gets its smallest shingle.
    for i in np.flatnonzero((lengths >= K) & (lengths < span)):
        first, last = int(starts[i]), int(starts[i] + lengths[i] - K)
        part = h[first : last + 1]
        picked.append(np.array([first + len(part) - 1 - int(np.argmin(part[::-1]))]))
    # Consecutive windows pick non-decreasing positions, so repeats are neighbours.
    pos = np.sort(np.concatenate(picked), kind="stable") if picked else np.zeros(0, np.int64)
    pos = pos[np.concatenate([[True], pos[1:] != pos[:-1]])] if len(pos) else pos
    owner = text[pos]
    return Fingerprints(owner, h[pos].view(np.int64), pos - starts[owner])


def fingerprint(text: str | Normalised) -> Fingerprints:
    """One text's winnowed fingerprints (`text` all zero)."""
    codes = (text if isinstance(text, Normalised) else normalise(text)).codes
    return _winnow(codes, np.array([0, len(codes)], np.int64))


def fingerprint_many(texts: Sequence[str], chunk_chars: int = 8_000_000) -> Fingerprints:
    """Fingerprints of many texts at once, equal to `fingerprint` of each: the texts are
    normalised and hashed as one array per chunk, so a year of writing takes seconds."""
    parts: list[Fingerprints] = []
    first = 0
    while first < len(texts):
        last, size = first, 0
        while last < len(texts) and (size < chunk_chars or last == first):
            size += len(texts[last])
            last += 1
        chunk = texts[first:last]
        codes, lengths = _normalise_many(chunk)
        starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        found = _winnow(codes, starts)
        parts.append(Fingerprints(found.text + first, found.hash, found.position))
        first = last
    if not parts:
        return Fingerprints(*(np.zeros(0, np.int64) for _ in range(3)))
    return Fingerprints(*(np.concatenate([getattr(p, f) for p in parts]) for f in _FIELDS))


_FIELDS = ("text", "hash", "position")


def _normalise_many(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint32], I64]:
    """The texts' normalised characters end to end, and how many each text has."""
    # A newline between texts is dropped like any space.
    quick = _by_table(_raw("\n".join(texts)))
    if quick is not None:
        codes, origin = quick
        bounds = np.cumsum([len(t) + 1 for t in texts])
        owner = np.searchsorted(bounds, origin, side="right")
        return codes, np.bincount(owner, minlength=len(texts)).astype(np.int64)
    each = [normalise(t).codes for t in texts]
    lengths = np.array([len(c) for c in each], np.int64)
    return (np.concatenate(each) if each else np.zeros(0, np.uint32)), lengths


# -- aligning --------------------------------------------------------------------------------
def align(
    new: Normalised, new_hashes: U64, source: Normalised, source_hashes: U64
) -> list[tuple[int, int, int, int]]:
    """Passages the two texts share, as (new start, end, source start, end) in the original
    texts: shared shingles chained along their diagonal, then runs at most GAP characters
    apart joined, so that a changed word does not split a copied sentence."""
    where: dict[int, list[int]] = {}
    common = set(new_hashes[np.isin(new_hashes, source_hashes)].tolist())
    if not common:
        return []
    for j, h in enumerate(source_hashes.tolist()):
        if h in common:
            where.setdefault(h, []).append(j)
    pairs = sorted(
        (i - j, i, j) for i, h in enumerate(new_hashes.tolist()) if h in common for j in where[h]
    )
    runs: list[list[int]] = []  # new start, new end, source start, source end (normalised)
    for diagonal, i, j in pairs:
        last = runs[-1] if runs else None
        if last is not None and last[0] - last[2] == diagonal and i <= last[1] - K + 1:
            last[1], last[3] = i + K, j + K
        else:
            runs.append([i, i + K, j, j + K])
    # Longest first, each keeping only new text that no longer run already explains: a phrase
    # repeated in the source must not count twice.
    runs.sort(key=lambda r: (r[0] - r[1], r[0]))
    taken = np.zeros(len(new.codes), np.bool_)
    kept: list[list[int]] = []
    for run in runs:
        if not taken[run[0] : run[1]].all():
            taken[run[0] : run[1]] = True
            kept.append(run)
    kept.sort()
    merged: list[list[int]] = []
    for run in kept:
        last = merged[-1] if merged else None
        if last is not None and run[0] - last[1] <= GAP and -K <= run[2] - last[3] <= GAP:
            last[1], last[3] = max(last[1], run[1]), max(last[3], run[3])
        else:
            merged.append(list(run))
    return [
        (int(new.origin[a]), int(new.origin[b - 1]) + 1, int(source.origin[c]),
         int(source.origin[d - 1]) + 1)
        for a, b, c, d in merged
    ]  # fmt: skip


def passage_mask(
    new: Normalised, passages: Sequence[tuple[int, int, int, int]]
) -> npt.NDArray[np.bool_]:
    """Which of the new text's normalised characters lie inside the passages."""
    inside = np.zeros(len(new.codes), np.bool_)
    for start, end, _, _ in passages:
        inside |= (new.origin >= start) & (new.origin < end)
    return inside


def compare(new: str | Normalised, source: str) -> tuple[float, list[tuple[int, int, int, int]]]:
    """The share of `new` found in `source`, and the passages (see `align`)."""
    new = new if isinstance(new, Normalised) else normalise(new)
    other = normalise(source)
    passages = align(new, shingle_hashes(new.codes), other, shingle_hashes(other.codes))
    inside = passage_mask(new, passages)
    return (float(inside.mean()) if len(inside) else 0.0), passages
