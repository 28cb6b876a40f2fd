"""The parts of 审阅 about one opened piece: its text with the copied passages marked, the
originality matches, the rubric form, the reviews so far, releasing feedback and featuring."""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

import nh3
import pandas as pd
import streamlit as st

from learnhub import originality, review
from learnhub.fingerprints import normalise, passage_mask
from learnhub.store import Store
from learnhub.ui.forms import attempt, flash, succeeded
from learnhub.ui.gate import Viewer
from learnhub.ui.text import t
from learnhub.ui.views import study_day_parts as parts

# Characters that Streamlit's Markdown (emphasis, code, links, headings, tables, LaTeX, emoji
# and colour directives) could act on even beside HTML: written as numeric character references
# after html.escape (whose &amp; &lt; &gt; hold none of them).
_TAGS = {"div", "mark", "br"}
_ACTIVE = "\\`*_{}[]()#+-.!|$:~"
_INERT = str.maketrans({ch: f"&#{ord(ch)};" for ch in _ACTIVE})


def when(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M") if pd.notna(value) else ""


def percent(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value) * 100:.0f}%"


def inert(text: str) -> str:
    """`text` as HTML that shows exactly these characters: escaped, Markdown-inert, line
    breaks kept."""
    return _escaped(text).translate(_INERT)


def _escaped(text: str) -> str:
    # Text content only (never an attribute), so quotes need no escaping.
    escaped = html.escape(text, quote=False)
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def marked_html(text: str, spans: list[tuple[int, int]]) -> str:
    """The piece as HTML: every piece of its text escaped, `<mark>` only around the spans."""
    out: list[str] = []
    position = 0
    for start, end in merged_spans(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        out.append(_escaped(text[position:start]))
        out.append(f"<mark>{_escaped(text[start:end])}</mark>")
        position = end
    out.append(_escaped(text[position:]))
    # Escaped above, then sanitised by a maintained sanitiser all the same (only div, mark and
    # br survive, without attributes), then made Markdown-inert (the sanitiser turns character
    # references such as &#42; back into *, which Markdown would act on; tags hold none of
    # those characters). One line, so that Markdown takes it as a single raw HTML block.
    raw = "<div>" + "".join(out) + "</div>"
    return nh3.clean(raw, tags=_TAGS, attributes={}).translate(_INERT)


def stored_result(store: Store, record_id: int, now: datetime) -> dict[str, Any] | None:
    """The piece's originality result, checked now if it has none yet."""
    found = store.originality.result(record_id)
    if found is None:
        if attempt(lambda: originality.check_piece(store, record_id, now)) is None:
            return None
        found = store.originality.result(record_id)
    return found


def originality_section(
    store: Store, piece: dict[str, Any], now: datetime, *, blind: bool = False
) -> None:
    record_id, text = int(piece["id"]), str(piece["text"] or "")
    st.markdown(f"**{t('review_page.originality')}**")
    recheck = st.button(t("review_page.recheck"), key=f"review_page_recheck_{record_id}")
    if recheck and attempt(lambda: originality.check_piece(store, record_id, now)) is not None:
        st.toast(t("review_page.rechecked"))
    found = stored_result(store, record_id, now)
    matches: list[dict[str, Any]] = json.loads(found["matches"]) if found else []
    passages = [(int(a), int(b), int(c), int(d)) for m in matches for a, b, c, d in m["passages"]]
    normalised = normalise(text)
    mask = passage_mask(normalised, passages)
    coverage = float(mask.mean()) if len(mask) else 0.0
    if found is not None:
        st.caption(
            t(
                "review_page.similarity_line",
                score=percent(found["score"]),
                coverage=percent(coverage),
                at=when(found["checked_at"]),
            )
        )
        if float(found["score"] or 0) >= originality.threshold(store):
            st.warning(t("review_page.flagged"))
    st.markdown(f"**{t('review_page.text')}**")
    with st.container(border=True):
        if passages:
            # The one place raw HTML is rendered: the HTML is built here, every character of
            # the writer's text escaped by `marked_html`, so the only markup is our <mark>.
            spans = [(p[0], p[1]) for p in passages]
            st.markdown(marked_html(text, spans), unsafe_allow_html=True)
        else:
            st.text(text)
    if matches:
        st.dataframe(
            pd.DataFrame(
                {
                    t("review_page.match.source"): [_source(m, blind) for m in matches],
                    t("review_page.match.own"): ["✓" if m["own"] else "" for m in matches],
                    t("review_page.match.share"): [percent(m["share"]) for m in matches],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    elif found is not None:
        st.caption(t("review_page.no_matches"))


def _source(match: dict[str, Any], blind: bool = False) -> str:
    if match["source"] == "template":
        return t("review_page.match.template", title=match["title"])
    # Under blind review the writer's own earlier piece would give their name away.
    owner = t("review_page.match.writer_self") if blind and match["own"] else match["owner"]
    return t("review_page.match.piece", owner=owner, title=match["title"] or "—")


def criterion_label(criterion: review.Criterion) -> str:
    if criterion in review.DEFAULT_RUBRIC:
        return t(f"review_page.criterion.{criterion.key}", low=criterion.low, high=criterion.high)
    return t("review_page.criterion.other", label=criterion.label, low=criterion.low,
             high=criterion.high)  # fmt: skip


def review_form(store: Store, viewer: Viewer, record_id: int, reviews: pd.DataFrame) -> None:
    mine = reviews[reviews["reviewer_id"].astype(int) == viewer.person_id]
    earlier: dict[Any, Any] = mine.iloc[0].to_dict() if not mine.empty else {}
    scores_before = json.loads(earlier["scores"]) if earlier else {}
    decisions = list(review.DECISIONS)
    with st.form(f"review_page_form_{record_id}"):
        st.markdown(f"**{t('review_page.form_title')}**")
        scores = {
            c.key: st.slider(
                criterion_label(c),
                min_value=c.low,
                max_value=c.high,
                value=int(scores_before.get(c.key, (c.low + c.high + 1) // 2)),
                key=f"review_page_score_{record_id}_{c.key}",
            )
            for c in review.rubric(store)
        }
        decision = st.radio(
            t("review_page.decision"),
            decisions,
            index=decisions.index(earlier.get("decision", "pass")),
            format_func=lambda d: t(f"review_page.decision_{d}"),
            horizontal=True,
            key=f"review_page_decision_{record_id}",
        )
        feedback = st.text_area(
            t("review_page.feedback"),
            value=str(earlier.get("feedback") or ""),
            max_chars=review.MAX_FEEDBACK,
            placeholder=t("review_page.feedback_placeholder"),
            key=f"review_page_feedback_{record_id}",
        )
        saved = st.form_submit_button(t("review_page.save"), type="primary")
    if not saved:
        return
    total = attempt(
        lambda: review.review_piece(
            store, record_id, scores=scores, decision=str(decision), feedback=feedback or "",
            actor_id=viewer.person_id, actor_roles=viewer.roles, now=parts.now(),
        )
    )  # fmt: skip
    if total is None:
        return
    said = t(f"review_page.decision_{decision}")
    flash(t("review_page.saved", total=f"{total:g}", decision=said))
    st.rerun()


def reviews_list(reviews: pd.DataFrame) -> None:
    st.markdown(f"**{t('review_page.reviews_title', n=len(reviews))}**")
    if reviews.empty:
        st.caption(t("review_page.no_reviews"))
        return
    st.dataframe(
        pd.DataFrame(
            {
                t("review_page.col.reviewer"): reviews["reviewer"].fillna(""),
                t("review_page.col.total"): reviews["total"].map(lambda v: f"{float(v):g}"),
                t("review_page.col.decision"): reviews["decision"].map(
                    lambda d: t(f"review_page.decision_{d}")
                ),
                t("review_page.col.feedback"): reviews["feedback"].fillna(""),
                t("review_page.col.reviewed_at"): reviews["reviewed_at"].map(when),
                t("review_page.col.released"): reviews["released_at"].map(
                    lambda v: "✓" if pd.notna(v) else ""
                ),
            }
        ),
        hide_index=True,
        width="stretch",
    )


def release_button(store: Store, viewer: Viewer, record_id: int, reviews: pd.DataFrame) -> None:
    waiting = int(reviews["released_at"].isna().sum()) if not reviews.empty else 0
    if st.button(
        t("review_page.release", n=waiting),
        disabled=waiting == 0,
        key=f"review_page_release_{record_id}",
    ):
        released = attempt(
            lambda: review.release_feedback(
                store, [record_id], actor_roles=viewer.roles, now=parts.now()
            )
        )
        if released is not None:
            flash(t("review_page.released", n=released))
            st.rerun()


def feature_part(store: Store, viewer: Viewer, record_id: int, featured: bool) -> None:
    st.markdown(f"**{t('review_page.feature_title')}**")
    if featured:
        st.caption(t("review_page.is_featured"))
        clicked = st.button(t("review_page.unfeature"), key=f"review_page_unfeature_{record_id}")
        if clicked and succeeded(
            lambda: review.feature(
                store, record_id, featured=False, actor_id=viewer.person_id,
                actor_roles=viewer.roles, now=parts.now(),
            )
        ):  # fmt: skip
            flash(t("review_page.unfeatured"))
            st.rerun()
        return
    note = st.text_input(
        t("review_page.feature_note"), max_chars=200, key=f"review_page_note_{record_id}"
    )
    clicked = st.button(t("review_page.feature"), key=f"review_page_feature_{record_id}")
    if clicked and succeeded(
        lambda: review.feature(
            store, record_id, featured=True, note=note or "", actor_id=viewer.person_id,
            actor_roles=viewer.roles, now=parts.now(),
        )
    ):  # fmt: skip
        flash(t("review_page.featured"))
        st.rerun()


def ranking_section(store: Store, viewer: Viewer, start: Any, end: Any) -> None:
    ranking = review.month_reports_ranking(store, start, end)
    # The office names the month's best report, so it sees who wrote what; other reviewers
    # see the ranking as blind as the queue.
    blind = review.blind_reports(store) and not viewer.has("office")
    if blind:
        ranking = review.hide_writers(ranking, lambda i: t("review_page.anonymous", n=i))
    with st.expander(t("review_page.ranking_title"), expanded=not ranking.empty):
        if ranking.empty:
            st.caption(t("review_page.ranking_empty"))
            return
        if review.blind_reports(store):
            st.caption(t("review_page.ranking_blind_office" if not blind
                         else "review_page.ranking_blind"))  # fmt: skip
        st.dataframe(
            pd.DataFrame(
                {
                    t("review_page.col.rank"): ranking["rank"],
                    t("review_page.col.title"): ranking["title"].fillna(""),
                    t("review_page.col.topic"): ranking["topic"].fillna(""),
                    t("review_page.col.writer"): ranking["name"],
                    t("review_page.col.department"): ranking["department"].fillna(""),
                    t("review_page.col.reviews"): ranking["reviews"],
                    t("review_page.col.average"): ranking["average"].map(lambda v: f"{v:.1f}"),
                }
            ),
            hide_index=True,
            width="stretch",
        )
