"""The printable collection of featured work (展评文集): the Word file read back with python-docx,
the print-ready HTML, and which pieces belong in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO

import pandas as pd
import pytest
from conftest import Office
from docx import Document
from docx.document import Document as WordFile
from docx.oxml.ns import qn
from test_writing import REFLECTION

from learnhub import review, writing
from learnhub.collection import collection_docx, contents, paragraphs, period_label
from learnhub.collection_html import collection_html
from learnhub.errors import ValidationError

NOW = datetime(2026, 3, 18, 21, 0)
OFFICE = frozenset({"office", "staff"})
TRAINER = frozenset({"trainer"})
GOOD = {"content": 5, "depth": 4, "writing": 4}
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
TITLE = "2026年3月读书竞赛展评文集"

HOSTILE = "第一段 <script>alert('x')</script> & 1<2。" + "调查研究是谋事之基、成事之道。" * 60
ESSAY_TEXT = (
    "\u3000\u3000第一段，开门见山。\n\n第二段" + "，深入基层、摸清实情" * 80 + "。\n第三段结尾。"
)


def piece(office: Office, kind: str, day: date, person: int | None = None, **values: str) -> int:
    person = person or office.staff_id
    now = datetime.combine(day, NOW.time())
    draft = writing.save_draft(office.store, person, kind, today=day, now=now,
                               **values)  # type: ignore[arg-type]  # fmt: skip
    assert writing.submit(office.store, person, draft, today=day, now=now)
    return draft


def passed(office: Office, record_id: int, *, note: str = "", featured: bool = True) -> int:
    review.review_piece(office.store, record_id, scores=GOOD, decision="pass", feedback="",
                        actor_id=office.trainer_id, actor_roles=TRAINER, now=NOW)  # fmt: skip
    if featured:
        review.feature(office.store, record_id, note=note, actor_id=office.office_id,
                       actor_roles=OFFICE, now=NOW)  # fmt: skip
    return record_id


@dataclass
class Pieces:
    late_essay: int
    early_essay: int
    reflection: int
    other_reflection: int


@pytest.fixture
def featured(office: Office) -> Pieces:
    """Two essays (the later one first in the database), two reflections, all featured; plus
    work that must stay out: reviewed but not featured, featured then returned, last month's."""
    late = passed(office, piece(office, "essay", date(2026, 3, 18), title="把调查研究作为基本功",
                                text=ESSAY_TEXT), note="联系实际，层次清楚")  # fmt: skip
    early = passed(office, piece(office, "essay", date(2026, 3, 5), office.other_staff_id,
                                 title="<b>窗口</b> & 服务", text=HOSTILE))  # fmt: skip
    mine = passed(office, piece(office, "reflection", date(2026, 3, 17), text=REFLECTION))
    theirs = passed(office, piece(office, "reflection", date(2026, 3, 10), office.other_staff_id,
                                  text=REFLECTION))  # fmt: skip
    passed(office, piece(office, "reflection", date(2026, 3, 24), text=REFLECTION + "未推荐"),
           featured=False)  # fmt: skip
    passed(office, piece(office, "reflection", date(2026, 2, 18), text=REFLECTION + "上月"))
    returned = passed(office, piece(office, "essay", date(2026, 3, 25), title="后来退回的文章",
                                    text=ESSAY_TEXT))  # fmt: skip
    review.review_piece(office.store, returned, scores=GOOD, decision="return",
                        feedback="请补充数据", actor_id=office.office_id, actor_roles=OFFICE,
                        now=NOW)  # fmt: skip
    # A featured row left behind by a status change elsewhere still must not print.
    stale = passed(office, piece(office, "reflection", date(2026, 3, 3), text=REFLECTION + "旧"))
    office.store.transaction(lambda cur: office.store.reviews.set_status(cur, stale, "returned"))
    return Pieces(late, early, mine, theirs)


def read_docx(data: bytes) -> WordFile:
    return Document(BytesIO(data))


def styled(doc: WordFile, style: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None and p.style.name == style]


def test_the_word_file_has_title_contents_and_every_piece_in_order(
    office: Office, featured: Pieces
) -> None:
    doc = read_docx(collection_docx(office.store, *MARCH, title=TITLE))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == [TITLE, "2026年3月"]
    assert "共 4 篇" in texts[2]
    instructions = [t.text for t in doc.element.body.iter(qn("w:instrText"))]
    assert any("TOC" in text and '\\o "1-2"' in text for text in instructions)
    assert "目录" in texts
    # The plain list beneath the field: titles with authors, for readers who never update it.
    assert "把调查研究作为基本功\t张三" in styled(doc, "Collection List")
    assert styled(doc, "Heading 1") == ["文章", "心得"]
    assert styled(doc, "Heading 2") == [
        "<b>窗口</b> & 服务", "把调查研究作为基本功",
        "心得（2026年3月10日）", "心得（2026年3月17日）",
    ]  # fmt: skip
    bylines = styled(doc, "Collection Byline")
    assert "张三 · 综合科 · 文章 · 2026年3月18日" in bylines
    assert "李四 · 业务科 · 心得 · 2026年3月10日" in bylines
    assert "推荐意见：联系实际，层次清楚" in bylines
    body = styled(doc, "Collection Body")
    assert body[:1] == [
        "第一段 <script>alert('x')</script> & 1<2。" + "调查研究是谋事之基、成事之道。" * 60
    ]
    assert body[1:4] == paragraphs(ESSAY_TEXT)
    assert body[1] == "第一段，开门见山。"  # the hand-typed full-width indent is left to the style
    assert not any(
        "未推荐" in t or "上月" in t or "后来退回" in t or t.endswith("旧") for t in texts
    )


def test_each_piece_starts_a_page(office: Office, featured: Pieces) -> None:
    doc = read_docx(collection_docx(office.store, *MARCH, title=TITLE))
    breaks = [p.paragraph_format.page_break_before for p in doc.paragraphs
              if p.style.name in ("Heading 1", "Heading 2")]  # fmt: skip
    # kind heading breaks, its first piece follows on that page, later pieces break again
    assert breaks == [True, None, True, True, None, True]


def test_the_word_file_names_chinese_fonts_and_the_official_page(
    office: Office, featured: Pieces
) -> None:
    doc = read_docx(collection_docx(office.store, *MARCH, title=TITLE))
    for name, font in (("Normal", "仿宋"), ("Collection Body", "仿宋"), ("Heading 1", "黑体"),
                       ("Heading 2", "黑体"), ("Collection Title", "黑体")):  # fmt: skip
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == font, name
        assert fonts.get(qn("w:eastAsiaTheme")) is None, name  # a theme font would win in Word
    assert doc.styles["Normal"].font.size.pt == 16
    body = doc.styles["Collection Body"].element.pPr.find(qn("w:ind"))
    assert body.get(qn("w:firstLineChars")) == "200"
    section = doc.sections[0]
    sizes = [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin,
             section.bottom_margin, section.left_margin, section.right_margin)]  # fmt: skip
    assert sizes == [210, 297, 37, 35, 28, 26]


def test_the_html_escapes_user_text_and_is_ready_to_print(office: Office, featured: Pieces) -> None:
    page = collection_html(office.store, *MARCH, title="展评 <文集> & 汇编")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    assert "<script>" not in page and "<b>" not in page and "<文集>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; 1&lt;2" in page
    assert "&lt;b&gt;窗口&lt;/b&gt; &amp; 服务" in page
    assert "<title>展评 &lt;文集&gt; &amp; 汇编</title>" in page
    assert "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }" in page
    assert "page-break-before: always" in page
    assert '"FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif' in page
    assert '"SimHei"' in page
    # The contents link to the pieces, in the collection's order.
    order = [f'href="#piece-{i}"' for i in (featured.early_essay, featured.late_essay,
             featured.other_reflection, featured.reflection)]  # fmt: skip
    positions = [page.index(link) for link in order]
    assert positions == sorted(positions)
    for i in (featured.early_essay, featured.reflection):
        assert f'id="piece-{i}"' in page
    assert "后来退回的文章" not in page and "未推荐" not in page


def test_an_empty_period_says_so(office: Office, featured: Pieces) -> None:
    april = (date(2026, 4, 1), date(2026, 4, 30))
    doc = read_docx(collection_docx(office.store, *april, title=TITLE))
    assert "本期无展评作品。" in [p.text for p in doc.paragraphs]
    assert "2026年4月" in [p.text for p in doc.paragraphs]
    assert "本期无展评作品。" in collection_html(office.store, *april, title=TITLE)
    english = collection_html(office.store, *april, title=TITLE, lang="en")
    assert "There is no featured work for this period." in english and 'lang="en"' in english


def test_kinds_choose_what_is_collected(office: Office, featured: Pieces) -> None:
    doc = read_docx(collection_docx(office.store, *MARCH, title=TITLE, kinds=["reflection"]))
    assert styled(doc, "Heading 1") == ["心得"]
    with pytest.raises(ValidationError) as caught:
        collection_html(office.store, *MARCH, title=TITLE, kinds=["poem"])
    assert caught.value.key == "writing.kind_unknown"
    with pytest.raises(ValidationError) as caught:
        collection_docx(office.store, MARCH[1], MARCH[0], title=TITLE)
    assert caught.value.key == "collection.days_reversed"


def test_english_labels(office: Office, featured: Pieces) -> None:
    doc = read_docx(collection_docx(office.store, *MARCH, title=TITLE, lang="en"))
    texts = [p.text for p in doc.paragraphs]
    assert "Contents" in texts and "2026-03" in texts
    assert styled(doc, "Heading 1") == ["Essay", "Reflection"]


def test_contents_orders_by_kind_then_day_and_names_untitled_pieces() -> None:
    frame = pd.DataFrame(
        [
            (5, "suggestion", "减少会议", date(2026, 3, 2), "文", "甲", None, None, None),
            (4, "reflection", "", date(2026, 3, 9), "文", "乙", "综合科", "好", 12.0),
            (3, "research_report", "调研", date(2026, 3, 1), "文", "丙", "业务科", None, 14.5),
            (2, "essay", "后", date(2026, 3, 20), "文", "丁", "业务科", None, None),
            (1, "essay", "前", date(2026, 3, 2), "文", "戊", "业务科", None, None),
        ],
        columns=["id", "kind", "title", "day", "text", "name", "department", "note", "average"],
    )
    sections = contents(frame)
    assert [s.label for s in sections] == ["文章", "调研报告", "心得", "建议"]
    assert [e.title for s in sections for e in s.entries] == [
        "前", "后", "调研", "心得（2026年3月9日）", "减少会议",
    ]  # fmt: skip
    reflection = sections[2].entries[0]
    assert (reflection.note, reflection.average, reflection.anchor) == ("好", 12.0, "piece-4")
    assert sections[3].entries[0].department == "" and sections[3].entries[0].average is None
    assert contents(frame.iloc[0:0]) == []


def test_paragraphs_and_periods() -> None:
    text = "\u3000\u3000一段。\r\n\r\n  二段。\x0b三段\x01。\f\n"
    assert paragraphs(text) == ["一段。", "二段。", "三段。"]
    assert period_label(date(2026, 2, 1), date(2026, 2, 28)) == "2026年2月"
    assert period_label(date(2026, 1, 1), date(2026, 12, 31)) == "2026年"
    assert period_label(date(2026, 3, 1), date(2026, 3, 10)) == "2026年3月1日至2026年3月10日"
    assert period_label(date(2026, 3, 1), date(2026, 3, 31), "en") == "2026-03"


def test_control_characters_do_not_break_the_word_file(office: Office) -> None:
    passed(office, piece(office, "reflection", date(2026, 3, 16), text=REFLECTION + "\x07尾"))
    doc = read_docx(collection_docx(office.store, *MARCH, title="文集\x00"))
    assert doc.paragraphs[0].text == "文集"
    assert any(p.text.endswith("体会很深。尾") for p in doc.paragraphs)
