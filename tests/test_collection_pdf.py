"""The collection as a PDF, read back with pypdf: the text is real Chinese text, the contents give
the pages the pieces are really on, and markup in a piece prints as written."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO

import pytest
from conftest import Office
from pypdf import PdfReader
from test_collection import (  # noqa: F401  # `featured` is a fixture
    ESSAY_TEXT,
    MARCH,
    TITLE,
    featured,
    passed,
    piece,
)

from learnhub.collection import paragraphs
from learnhub.collection_pdf import collection_pdf
from learnhub.errors import ValidationError

APRIL = (date(2026, 4, 1), date(2026, 4, 30))
MARKUP_TITLE = "<b>粗</b> A & B"
MARKUP_LINES = [
    "<script>alert(1)</script>",
    "<para>段落</para> &amp; &nbsp; <font size=99",
    "A & B",
]
# Titles in the collection's order: kinds in ORDER, then by day.
TITLES = [
    "<b>窗口</b> & 服务",
    "把调查研究作为基本功",
    "心得（2026年3月10日）",
    "心得（2026年3月17日）",
]
AUTHORS = ["李四", "张三", "李四", "张三"]


def squeeze(text: str) -> str:
    """CID text comes back with spaces and line breaks wherever a line wrapped or a glyph was
    placed on its own; what a reader sees is the characters."""
    return re.sub(r"\s+", "", text)


# The footer is drawn when a page begins, so its text comes out first.
FOOTER = re.compile(r"^(?:第(\d+)页|Page(\d+))")


def read(data: bytes) -> list[tuple[int | None, str]]:
    """Each page's footer number (None if it has none) and its other text."""
    out: list[tuple[int | None, str]] = []
    for page in PdfReader(BytesIO(data)).pages:
        text = squeeze(page.extract_text())
        footer = FOOTER.match(text)
        if footer:
            out.append((int(footer[1] or footer[2]), text[footer.end() :]))
        else:
            out.append((None, text))
    return out


def pages(data: bytes) -> list[str]:
    return [text for _, text in read(data)]


def march(office: Office, lang: str = "zh") -> bytes:
    return collection_pdf(office.store, *MARCH, title=TITLE, lang=lang)


def listed(data: bytes) -> dict[str, int]:
    """The contents page: each entry's text (dots removed) and the page number it gives. Layout
    mode keeps an entry's text, dot leaders and number on one line."""
    contents = PdfReader(BytesIO(data)).pages[1].extract_text(extraction_mode="layout")
    entries = (re.fullmatch(r"(.+?)\.{2,}(\d+)", squeeze(line)) for line in contents.splitlines())
    return {found[1]: int(found[2]) for found in entries if found}


@pytest.mark.usefixtures("featured")
def test_the_pdf_holds_the_title_authors_and_the_chinese_text(office: Office) -> None:
    data = march(office)
    text = pages(data)
    assert text[0].startswith(squeeze(TITLE)) and "2026年3月" in text[0] and "共4篇" in text[0]
    everything = "".join(text)
    for words in ("张三·综合科·文章·2026年3月18日", "李四·业务科·心得·2026年3月10日",
                  "推荐意见：联系实际，层次清楚", *map(squeeze, TITLES),
                  *map(squeeze, paragraphs(ESSAY_TEXT))):  # fmt: skip
        assert words in everything, words
    assert "后来退回的文章" not in everything and "未推荐" not in everything
    reader = PdfReader(BytesIO(data))
    assert reader.metadata is not None and reader.metadata.title == TITLE
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


@pytest.mark.usefixtures("featured")
def test_the_contents_give_the_page_each_piece_is_on(office: Office) -> None:
    data = march(office)
    text = read(data)
    number, words = text[1]
    assert number == 2 and words.startswith("目录")
    entries = listed(data)
    pieces = [f"{squeeze(t)}·{a}" for t, a in zip(TITLES, AUTHORS, strict=True)]
    assert list(entries) == ["文章", *pieces[:2], "心得", *pieces[2:]]
    assert entries["文章"] == entries["<b>窗口</b>&服务·李四"]  # a kind opens with its first piece
    assert entries["心得"] == entries["心得（2026年3月10日）·李四"]
    for heading, author in zip(TITLES, AUTHORS, strict=True):
        page = entries[f"{squeeze(heading)}·{author}"]
        # the page a reader turns to shows that number and opens with the piece (or its kind)
        number, words = text[page - 1]
        assert number == page and squeeze(heading) in words[:40], heading


@pytest.mark.usefixtures("featured")
def test_each_piece_starts_a_page_and_pages_grow_with_pieces(office: Office) -> None:
    before = pages(march(office))
    starts = [next(i for i, page in enumerate(before) if i > 1 and squeeze(t) in page[:40])
              for t in TITLES]  # fmt: skip
    assert starts == sorted(set(starts))  # one page each, in the collection's order
    assert before[starts[0]].startswith("文章") and before[starts[2]].startswith("心得")
    assert [number for number, _ in read(march(office))][:3] == [None, 2, 3]  # none on the cover
    passed(office, piece(office, "essay", date(2026, 3, 28), title="新增的文章", text=ESSAY_TEXT))
    after = pages(march(office))
    assert len(after) > len(before)
    assert "新增的文章" in "".join(after) and "共5篇" in after[0]


def test_markup_in_a_piece_prints_as_written(office: Office) -> None:
    text = "\n".join(MARKUP_LINES) + "\n" + ESSAY_TEXT
    passed(office, piece(office, "essay", date(2026, 3, 12), title=MARKUP_TITLE, text=text))
    data = collection_pdf(office.store, *MARCH, title="文集 <i>&</i> 汇编")
    cover, _contents, first, *_rest = pages(data)
    assert cover.startswith(squeeze("文集 <i>&</i> 汇编"))
    assert f"{squeeze(MARKUP_TITLE)}·张三" in listed(data)
    assert first.startswith("文章" + squeeze(MARKUP_TITLE))
    for line in MARKUP_LINES:
        assert squeeze(line) in first, line
    metadata = PdfReader(BytesIO(data)).metadata
    assert metadata is not None and metadata.title == "文集 <i>&</i> 汇编"


@pytest.mark.usefixtures("featured")
def test_an_empty_period_is_one_page_that_says_so(office: Office) -> None:
    text = pages(collection_pdf(office.store, *APRIL, title=TITLE))
    assert len(text) == 1
    assert "2026年4月" in text[0] and "本期无展评作品。" in text[0]
    english = pages(collection_pdf(office.store, *APRIL, title=TITLE, lang="en"))
    assert english == [english[0]] and "Thereisnofeaturedworkforthisperiod." in english[0]


@pytest.mark.usefixtures("featured")
def test_english_labels_and_page_numbers(office: Office) -> None:
    (cover, _), (number, contents), (_, essays), *_rest = read(march(office, lang="en"))
    assert cover is None and number == 2 and contents.startswith("Contents")
    assert "Reflection(2026-03-10)·李四" in contents and essays.startswith("Essay")


@pytest.mark.usefixtures("featured")
def test_bad_ranges_and_kinds_are_refused(office: Office) -> None:
    with pytest.raises(ValidationError) as caught:
        collection_pdf(office.store, MARCH[1], MARCH[0], title=TITLE)
    assert caught.value.key == "collection.days_reversed"
    with pytest.raises(ValidationError) as caught:
        collection_pdf(office.store, *MARCH, title=TITLE, kinds=["poem"])
    assert caught.value.key == "writing.kind_unknown"
    only = pages(collection_pdf(office.store, *MARCH, title=TITLE, kinds=["reflection"]))
    assert "共2篇" in only[0] and not any(page.startswith("文章") for page in only)
