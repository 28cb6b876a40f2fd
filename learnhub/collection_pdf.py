"""The featured-writing collection as a PDF ready to print: the same sections, order and texts as
the .docx and the HTML (learnhub.collection), laid out on A4 with the margins of 党政机关公文格式.

All text is set in reportlab's built-in CID font STSong-Light. A CID font is named in the PDF and
not embedded, so no font file has to ship or be found on the server and a fresh machine builds
the same file; a reader with any Chinese font (Acrobat, browsers, pdf.js, WPS) substitutes a Song
typeface, and the text stays real text that can be searched and copied. The price is one face for
everything: headings are told apart by size, not by 黑体.

The body is 三号 (16 pt) on a 28 pt line (1.75×), the official size and the docx's line pitch,
which gives 公文's 22 lines a page. The contents carry real page numbers: `multiBuild` lays the
document out until the numbers the headings landed on stop changing. Page numbers count the title
page, which itself shows none, so the number in a footer is the one the contents give.

Pieces are user text and reportlab's Paragraph parses markup, so every string is escaped.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import textsplit as _textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import paragraph as _paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from learnhub.collection import (
    _BODY_PT,
    _BOTTOM,
    _LEFT,
    _RIGHT,
    _TOP,
    Section,
    _byline,
    _clean,
    _count,
    _sections,
    paragraphs,
    period_label,
)
from learnhub.i18n import translate
from learnhub.store import Store

__all__ = ["collection_pdf"]

_FONT = "STSong-Light"
_LEADING = 28  # 1.75 × 三号, the docx's exact line pitch
_FOOTER_PT = 14  # 四号, the size 公文 gives page numbers

# reportlab's CJK wrapping keeps only Japanese closing punctuation (、。」) off a line's start, so
# Chinese text printed lines beginning with "，". Adding the full-width Chinese marks lets both of
# its wrappers (one-run and many-run paragraphs) hang them in the margin instead. Only adds
# characters, so importing twice changes nothing.
for _module in (_textsplit, _paragraph):
    _module.ALL_CANNOT_START += "".join(
        c for c in "，；：？！）》〉”’…·％" if c not in _module.ALL_CANNOT_START
    )


def _register_font() -> None:
    # Registering is cheap but global to the process; once is enough.
    if _FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_FONT))


def _style(name: str, size: float, leading: float | None = None, **extra: Any) -> Any:
    # wordWrap="CJK" breaks lines between any two characters (keeping punctuation off a line's
    # start); without it reportlab only breaks at spaces and a Chinese paragraph overflows.
    return ParagraphStyle(name, fontName=_FONT, fontSize=size,
                          leading=leading or round(size * 1.4), wordWrap="CJK",
                          **extra)  # fmt: skip


_TITLE = _style("title", 26, alignment=TA_CENTER, spaceAfter=36)
_CENTERED = _style("centered", _BODY_PT, _LEADING, alignment=TA_CENTER, spaceAfter=6)
_CONTENTS = _style("contents", 22, alignment=TA_CENTER, spaceAfter=18)
_KIND = _style("kind", 22, alignment=TA_CENTER, spaceAfter=18, keepWithNext=1)
_PIECE = _style("piece", 18, alignment=TA_CENTER, spaceBefore=6, spaceAfter=12, keepWithNext=1)
_BYLINE = _style("byline", 14, alignment=TA_CENTER, spaceAfter=6, keepWithNext=1)
_BODY = _style("body", _BODY_PT, _LEADING, alignment=TA_JUSTIFY, firstLineIndent=2 * _BODY_PT)
# The right indent keeps a long title clear of the page-number column the dots lead to.
_TOC_KIND = _style("toc-kind", _BODY_PT, _LEADING, rightIndent=20 * mm, spaceBefore=8)
_TOC_PIECE = _style("toc-piece", _BODY_PT, _LEADING, leftIndent=2 * _BODY_PT, rightIndent=20 * mm)


def _text(value: str, style: Any) -> Any:
    return Paragraph(escape(value), style)


def _heading(text: str, style: Any, level: int, key: str, listed: str = "") -> Any:
    heading = _text(text, style)
    # Read back once the heading is placed and its page known, to list it in the contents.
    heading.collection_entry = (level, listed or text, key)
    return heading


def _story(sections: list[Section], lang: str) -> list[Any]:
    contents = TableOfContents(levelStyles=[_TOC_KIND, _TOC_PIECE], dotsMinLevel=0)
    story: list[Any] = [PageBreak(), _text(translate("collection.contents", lang), _CONTENTS),
                        contents]  # fmt: skip
    for section in sections:
        story += [PageBreak(), _heading(section.label, _KIND, 0, f"kind-{section.kind}")]
        for i, entry in enumerate(section.entries):
            if i > 0:  # the first piece shares its kind's opening page, as in the docx
                story.append(PageBreak())
            # Untitled reflections share a title pattern; the author tells them apart.
            listed = translate("collection.separator", lang).join(
                filter(None, (entry.title, entry.author))
            )
            story += [_heading(entry.title, _PIECE, 1, entry.anchor, listed),
                      _text(_byline(entry, lang), _BYLINE)]  # fmt: skip
            if entry.note:
                story.append(_text(translate("collection.note", lang, note=entry.note), _BYLINE))
            story.append(Spacer(1, 8))
            story += [_text(text, _BODY) for text in paragraphs(entry.text)]
    return story


def collection_pdf(
    store: Store,
    start: date,
    end: date,
    *,
    title: str,
    kinds: list[str] | None = None,
    lang: str = "zh",
) -> bytes:
    """The collection as a PDF: title page, contents with page numbers, then each kind on a new
    page and each piece on a new page; an empty period gives the title page alone."""
    sections = _sections(store, start, end, kinds, lang)
    period = period_label(start, end, lang)
    _register_font()
    out = BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, topMargin=_TOP * mm, bottomMargin=_BOTTOM * mm,
        leftMargin=_LEFT * mm, rightMargin=_RIGHT * mm, title=_clean(title), subject=period,
        author="", creator="LearnHub", lang="zh-CN" if lang == "zh" else lang,
    )  # fmt: skip

    def after_flowable(flowable: Any) -> None:
        entry = getattr(flowable, "collection_entry", None)
        if entry is None:
            return
        level, text, key = entry
        doc.canv.bookmarkPage(key)  # the contents link here, and the outline too
        doc.canv.addOutlineEntry(text, key, level)
        # The contents paragraph parses markup like any other, so its text goes in escaped.
        doc.notify("TOCEntry", (level, escape(text), doc.page, key))

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, _FOOTER_PT)
        # 公文 puts the page number 7 mm below the text block.
        canvas.drawCentredString(
            A4[0] / 2 + (_LEFT - _RIGHT) * mm / 2,
            (_BOTTOM - 7) * mm - _FOOTER_PT,
            translate("collection.page", lang, n=canvas.getPageNumber()),
        )
        canvas.restoreState()

    doc.afterFlowable = after_flowable
    compiled = translate("collection.compiled", lang, period=period, n=_count(sections))
    story: list[Any] = [
        Spacer(1, 50 * mm),  # a frame drops spaceBefore at its top, so the title needs a spacer
        _text(_clean(title), _TITLE),
        _text(period, _CENTERED),
        _text(compiled, _CENTERED),
    ]
    if not sections:
        story.append(_text(translate("collection.none", lang), _CENTERED))
        doc.build(story, onFirstPage=_no_footer, onLaterPages=footer)
    else:
        doc.multiBuild(story + _story(sections, lang), onFirstPage=_no_footer,
                       onLaterPages=footer)  # fmt: skip
    return out.getvalue()


def _no_footer(canvas: Any, doc: Any) -> None:
    """The title page carries no page number."""
