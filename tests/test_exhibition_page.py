"""展评 (the exhibition page) through AppTest on a fixed office clock: featured work for everyone,
shown as text; the month's collection downloads for the office only."""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

import pytest
from conftest import Office
from docx import Document
from pages_support import open_page, texts
from pypdf import PdfReader
from test_collection import passed, piece
from test_suggestions import proposed

from learnhub import attendance, review, suggestions
from learnhub.periods import month_of

NOW = datetime(2026, 3, 18, 9, 0)
OFFICE = frozenset({"office", "staff"})
HOSTILE = "开头 <script>alert('x')</script> **不是粗体**。" + "调查研究是谋事之基、成事之道。" * 60
KEPT = "基层调研的几点体会"
RETURNED = "后来退回的文章"


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def shown(app_office: Office) -> Office:
    """A featured essay with hostile text, and a featured one returned afterwards."""
    office = app_office
    passed(office, piece(office, "essay", date(2026, 3, 5), title=KEPT, text=HOSTILE),
           note="联系实际")  # fmt: skip
    returned = passed(office, piece(office, "essay", date(2026, 3, 12), office.other_staff_id,
                                    title=RETURNED, text=HOSTILE + "退回"))  # fmt: skip
    review.review_piece(office.store, returned, scores={"content": 3, "depth": 3, "writing": 3},
                        decision="return", feedback="请补充数据", actor_id=office.office_id,
                        actor_roles=OFFICE, now=NOW)  # fmt: skip
    return office


def test_staff_read_featured_work_as_text(shown: Office, downloads: dict) -> None:
    at = open_page("exhibition", shown.store, shown.staff_id)
    assert not at.exception
    shown_texts = texts(at, "text")
    assert KEPT in shown_texts
    assert HOSTILE in shown_texts  # the <script> and ** arrive exactly as typed, as text
    assert "推荐意见：联系实际" in shown_texts
    captions = [c.value for c in at.caption]
    assert "张三 · 综合科 · 2026-03-05" in captions
    assert not any("13" in c for c in captions), "no unreleased review score on show"
    assert not any(RETURNED in t for t in shown_texts)
    assert not any("<script>" in str(m.value) for m in at.markdown)
    assert [tab.label for tab in at.tabs] == ["文章 (1)"]
    assert at.get("download_button") == [] and downloads == {}


def test_an_empty_month_says_so(shown: Office) -> None:
    at = open_page("exhibition", shown.store, shown.trainer_id)
    assert not at.exception
    at.selectbox[0].select(month_of(date(2026, 2, 1))).run()
    assert "2026-02 还没有推荐展评的作品。" in [i.value for i in at.info]
    assert len(at.selectbox[0].options) == 12


def test_the_office_downloads_the_collection(shown: Office, downloads: dict) -> None:
    store = shown.store
    best = proposed(shown, shown.staff_id)
    suggestions.choose_best(store, month_of(NOW.date()), best, actor_id=shown.office_id,
                            actor_roles=OFFICE, now=NOW)  # fmt: skip
    at = open_page("exhibition", store, shown.office_id)
    assert not at.exception
    assert len(at.get("download_button")) == 3
    assert set(downloads) == {
        "exhibition-2026-03.docx",
        "exhibition-2026-03.pdf",
        "exhibition-2026-03.html",
    }
    doc = Document(BytesIO(downloads["exhibition-2026-03.docx"]()))  # type: ignore[arg-type]
    paragraphs = [p.text for p in doc.paragraphs]
    assert "2026-03 读书竞赛展评文集" in paragraphs
    assert KEPT in paragraphs and RETURNED not in paragraphs
    pdf = PdfReader(BytesIO(downloads["exhibition-2026-03.pdf"]()))  # type: ignore[arg-type]
    printed = "".join("".join(p.extract_text().split()) for p in pdf.pages)
    assert "2026-03读书竞赛展评文集" in printed
    assert "".join(KEPT.split()) in printed and "".join(RETURNED.split()) not in printed
    page = downloads["exhibition-2026-03.html"]()
    assert isinstance(page, bytes) and b"<script>alert" not in page
    assert "《统一学习台账》 · 张三 · 综合科" in texts(at, "text")
