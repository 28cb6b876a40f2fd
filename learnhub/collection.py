"""The printable collection of a period's featured work (展评文集): a Word file and a print-ready
HTML page, both in Chinese with the fonts an office prints with.

`contents` turns the store's featured frame into the ordered sections both formats share, so the
Word file, the HTML and any later page list the same pieces in the same order. Pieces are user
text: the HTML escapes every string, the Word file carries them as run text, never as markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from learnhub.errors import ValidationError
from learnhub.i18n import translate
from learnhub.store import Store
from learnhub.writing import KINDS

__all__ = [
    "ORDER",
    "Entry",
    "Section",
    "collection_docx",
    "contents",
    "paragraphs",
    "period_label",
]

# Essays and research reports are what an exhibition is read for; reflections and suggestions
# follow, as in the printed collections offices already make.
ORDER = ("essay", "research_report", "reflection", "suggestion")
assert set(ORDER) == set(KINDS)

# Characters XML 1.0 cannot hold: python-docx refuses them and browsers show garbage. Pasted text
# from Word or a PDF carries them now and then; they are dropped, never an error.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# 党政机关公文格式 (GB/T 9704): A4 with these margins; 黑体 headings, 仿宋 body at 三号 (16 pt).
_TOP, _BOTTOM, _LEFT, _RIGHT = 37, 35, 28, 26  # mm
_TEXT_WIDTH_MM = 210 - _LEFT - _RIGHT
# (East Asian name, Latin name): Word picks the font per script, so both are named.
_HEI, _FANGSONG, _KAI = ("黑体", "SimHei"), ("仿宋", "FangSong"), ("楷体", "KaiTi")
_BODY_PT = 16  # 三号
_SERIF_CSS = '"FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif'
_HEI_CSS = '"SimHei", "Heiti SC", "STHeiti", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif'
_KAI_CSS = '"KaiTi", "STKaiti", "Noto Serif CJK SC", serif'


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    title: str  # never empty: an untitled reflection is named by its kind and date
    day: date
    author: str
    department: str
    note: str
    average: float | None
    text: str

    @property
    def anchor(self) -> str:
        return f"piece-{self.id}"


@dataclass(frozen=True)
class Section:
    kind: str
    label: str
    entries: tuple[Entry, ...]


def _clean(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _NOT_XML.sub("", str(value)).strip()


def _day(value: Any) -> date:
    return value.date() if isinstance(value, pd.Timestamp) else value


def _date(day: date, lang: str) -> str:
    return translate("collection.date", lang, year=day.year, month=day.month, day=day.day)


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a piece: one per non-blank line. Leading full-width spaces are dropped,
    since writers indent by hand and the layout indents every paragraph by two characters."""
    # splitlines also breaks on \v and \f, which is how Word's line and page breaks paste in.
    return [line for line in (_clean(part) for part in (text or "").splitlines()) if line]


def period_label(start: date, end: date, lang: str = "zh") -> str:
    """`2026年3月` for a calendar month, `2026年` for a year, else the two dates."""
    month_end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if start.day == 1 and end == month_end:
        return translate("collection.period_month", lang, year=start.year, month=start.month)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return translate("collection.period_year", lang, year=start.year)
    dates = {"start": _date(start, lang), "end": _date(end, lang)}
    return translate("collection.period_range", lang, **dates)


def contents(frame: pd.DataFrame, lang: str = "zh") -> list[Section]:
    """The collection's sections: kinds in ORDER, pieces by day then id; no empty sections."""
    entries: list[Entry] = []
    for row in frame.to_dict("records"):
        kind, day = str(row["kind"]), _day(row["day"])
        label = translate(f"collection.kind.{kind}", lang)
        average = row.get("average")
        entries.append(
            Entry(
                id=int(row["id"]),
                kind=kind,
                title=_clean(row["title"])
                or translate("collection.untitled", lang, kind=label, date=_date(day, lang)),
                day=day,
                author=_clean(row["name"]),
                department=_clean(row.get("department")),
                note=_clean(row.get("note")),
                average=None if average is None or pd.isna(average) else float(average),
                text=str(row["text"] or ""),
            )
        )
    rank = {kind: i for i, kind in enumerate(ORDER)}
    entries.sort(key=lambda e: (rank.get(e.kind, len(ORDER)), e.day, e.id))
    return [
        Section(kind, translate(f"collection.kind.{kind}", lang), group)
        for kind in ORDER
        if (group := tuple(e for e in entries if e.kind == kind))
    ]


def _sections(
    store: Store, start: date, end: date, kinds: list[str] | None, lang: str
) -> list[Section]:
    if end < start:
        raise ValidationError("collection.days_reversed")
    chosen = list(ORDER) if kinds is None else list(kinds)
    if any(kind not in KINDS for kind in chosen):
        raise ValidationError("writing.kind_unknown")
    return contents(store.reviews.featured(start, end, chosen), lang)


def _byline(entry: Entry, lang: str) -> str:
    parts = [entry.author, entry.department, translate(f"collection.kind.{entry.kind}", lang),
             _date(entry.day, lang)]  # fmt: skip
    return translate("collection.separator", lang).join(p for p in parts if p)


def _count(sections: list[Section]) -> int:
    return sum(len(s.entries) for s in sections)


# ---------------------------------------------------------------- Word


def _set_fonts(rpr: Any, east_asia: str, ascii_name: str) -> None:
    """Name the font for Chinese and Latin text alike. Theme attributes are removed because Word
    lets w:eastAsiaTheme win over w:eastAsia, which would print Chinese in the theme's font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attr, name in (("w:ascii", ascii_name), ("w:hAnsi", ascii_name), ("w:cs", ascii_name),
                       ("w:eastAsia", east_asia)):  # fmt: skip
        fonts.set(qn(attr), name)
    # Quotation marks and dashes are shared by both scripts; the hint keeps them full-width.
    fonts.set(qn("w:hint"), "eastAsia")


def _style(
    doc: Any, name: str, face: tuple[str, str] = _FANGSONG, size: float = _BODY_PT,
    *, center: bool = False, single: bool = False, before: float | None = None,
    after: float | None = None,
) -> Any:  # fmt: skip
    """A paragraph style in `face` (East Asian name, Latin name) at `size` points, black, plain."""
    styles = doc.styles
    style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
    font = style.font
    font.size, font.bold, font.italic = Pt(size), False, False
    font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr(), *face)
    layout = style.paragraph_format
    if center:
        layout.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if single:  # large type would be clipped by Normal's exact line height
        layout.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if before is not None:
        layout.space_before = Pt(before)
    if after is not None:
        layout.space_after = Pt(after)
    return style


def _prepare(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(_TOP), Mm(_BOTTOM)
    section.left_margin, section.right_margin = Mm(_LEFT), Mm(_RIGHT)
    # The document defaults carry theme fonts too; naming ours there leaves no theme font anywhere.
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    defaults = rpr_default.find(qn("w:rPr"))
    _set_fonts(defaults, *_FANGSONG)
    lang = defaults.find(qn("w:lang"))
    if lang is not None:  # so Word counts 字符 and breaks lines as Chinese
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = _style(doc, "Normal", before=0, after=0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(28)  # 公文's 22 lines a page at 三号
    body = _style(doc, "Collection Body")
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = Pt(2 * _BODY_PT)
    # firstLineChars keeps the indent at two characters if a reader changes the font size.
    body.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    hei = _HEI
    # 二号 for a kind, 小二 for a piece's title, 一号 for the collection's title.
    _style(doc, "Heading 1", hei, 22, center=True, single=True, before=12, after=18)
    _style(doc, "Heading 2", hei, 18, center=True, single=True, before=12, after=18)
    _style(doc, "Collection Title", hei, 26, center=True, single=True, before=160, after=48)
    _style(doc, "Collection Centered", center=True, after=6)
    _style(doc, "Collection Byline", _KAI, 14, center=True, after=6)
    _style(doc, "Collection Group", hei)
    # Not a heading style, so the contents page does not list itself.
    _style(doc, "Collection Contents", hei, 22, center=True, single=True, after=18)
    listing = _style(doc, "Collection List")
    listing.paragraph_format.tab_stops.add_tab_stop(Mm(_TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)


def _field_run(paragraph: Any, tag: str, **attrs: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(name.replace("_", ":", 1)), value)
    paragraph.add_run()._r.append(element)
    return element


def _toc(paragraph: Any, placeholder: str) -> None:
    """A real TOC field over Heading 1–2 that Word fills with page numbers when it updates fields;
    `dirty` and the settings' updateFields ask it to do so on opening."""
    _field_run(paragraph, "w:fldChar", w_fldCharType="begin", w_dirty="true")
    instruction = _field_run(paragraph, "w:instrText", xml_space="preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    _field_run(paragraph, "w:fldChar", w_fldCharType="separate")
    paragraph.add_run(placeholder)
    _field_run(paragraph, "w:fldChar", w_fldCharType="end")


# CT_Settings is a sequence: w:updateFields must come before any of these.
_AFTER_UPDATE_FIELDS = frozenset({
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator", "docId", "defaultImageDpi",
})  # fmt: skip


def _ask_to_update_fields(doc: Any) -> None:
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings = doc.settings.element
    for child in settings:
        if child.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(update)
            return
    settings.append(update)


def collection_docx(
    store: Store,
    start: date,
    end: date,
    *,
    title: str,
    kinds: list[str] | None = None,
    lang: str = "zh",
) -> bytes:
    """The collection as a .docx: title page, contents (a TOC field and a plain list of titles and
    authors for readers who never update fields), then each piece on a new page."""
    sections = _sections(store, start, end, kinds, lang)
    period = period_label(start, end, lang)
    doc = Document()
    _prepare(doc)
    doc.core_properties.title = _clean(title)
    doc.core_properties.language = "zh-CN" if lang == "zh" else lang
    doc.add_paragraph(_clean(title), style="Collection Title")
    doc.add_paragraph(period, style="Collection Centered")
    doc.add_paragraph(translate("collection.compiled", lang, period=period, n=_count(sections)),
                      style="Collection Centered")  # fmt: skip
    if not sections:
        doc.add_paragraph(translate("collection.none", lang), style="Collection Centered")
    else:
        _contents_page(doc, sections, lang)
        _pieces(doc, sections, lang)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _contents_page(doc: Any, sections: list[Section], lang: str) -> None:
    heading = doc.add_paragraph(translate("collection.contents", lang), style="Collection Contents")
    heading.paragraph_format.page_break_before = True
    _toc(doc.add_paragraph(style="Collection List"), translate("collection.toc_placeholder", lang))
    _ask_to_update_fields(doc)
    for section in sections:
        doc.add_paragraph(section.label, style="Collection Group")
        for entry in section.entries:
            doc.add_paragraph(f"{entry.title}\t{entry.author}", style="Collection List")


def _pieces(doc: Any, sections: list[Section], lang: str) -> None:
    for section in sections:
        kind_heading = doc.add_paragraph(section.label, style="Heading 1")
        kind_heading.paragraph_format.page_break_before = True
        for i, entry in enumerate(section.entries):
            heading = doc.add_paragraph(entry.title, style="Heading 2")
            if i > 0:  # the first piece shares its kind's opening page
                heading.paragraph_format.page_break_before = True
            doc.add_paragraph(_byline(entry, lang), style="Collection Byline")
            if entry.note:
                doc.add_paragraph(translate("collection.note", lang, note=entry.note),
                                  style="Collection Byline")  # fmt: skip
            for text in paragraphs(entry.text):
                doc.add_paragraph(text, style="Collection Body")
