"""The monthly summary leaving LearnHub: a workbook with one sheet per view (people, departments,
trend, notice), the people as CSV, and the notice as a print-ready PDF and HTML page with its
charts.

The workbook is written in openpyxl's write-only mode (10,000 people in about a second): a bold
header row that stays frozen, column widths that fit Chinese text, and every text cell escaped
(learnhub.exports). The charts of the PDF are drawn with reportlab's own graphics and those of
the HTML as inline SVG: no chart renderer (vl-convert) is installed and the page must print
without a network, so neither carries the Altair charts themselves. The PDF is set in the CID font
STSong-Light, as learnhub.collection_pdf; every user text is escaped in both.
"""

from __future__ import annotations

import html
import re
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from learnhub.collection_pdf import _FONT, _register_font, _style
from learnhub.exports import to_csv_bytes, to_xlsx_printable
from learnhub.i18n import translate
from learnhub.periods import Period
from learnhub.summary import MonthSummary

__all__ = [
    "departments_view",
    "notice_html",
    "notice_pdf",
    "people_csv",
    "people_view",
    "summary_xlsx",
    "trend_view",
]

_PEOPLE = ["username", "name", "department", "reading_days", "reading_minutes", "clippings",
           "reflections", "essays", "books", "research_reports", "suggestions",
           "study_day_attended", "study_day_sessions", "credit_hours", "quizzes_taken",
           "quiz_average", "score", "rank", "dept_rank", "points", "all_kept"]  # fmt: skip
_DEPARTMENTS = ["rank", "department", "people", "average_score", "kept_share", "reading_days",
                "reading_minutes", "clippings", "reflections", "essays", "books",
                "research_reports", "suggestions", "study_day_attended", "credit_hours",
                "quizzes_taken", "quiz_average", "points"]  # fmt: skip
_BARS_PER_DRAWING = 30


def _named(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    out = frame[columns].copy()
    out.columns = pd.Index([translate(f"summary.col.{c}", lang) for c in columns])
    return out


def people_view(summary: MonthSummary, lang: str = "zh") -> pd.DataFrame:
    """The people table with headers in `lang` (all_kept as 是/否)."""
    frame = summary.people.copy()
    frame["all_kept"] = frame["all_kept"].map(
        {True: translate("summary.yes", lang), False: translate("summary.no", lang)}
    )
    return _named(frame, _PEOPLE, lang)


def departments_view(summary: MonthSummary, lang: str = "zh") -> pd.DataFrame:
    """The sections table with headers in `lang`; the share keeping every quota in percent."""
    frame = summary.departments.copy()
    frame["kept_share"] = (frame["kept_share"] * 100).round(1)
    return _named(frame, _DEPARTMENTS, lang)


def trend_view(trend: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    frame = trend.copy()
    frame["department"] = frame["department"].where(
        frame["department"] != "", translate("summary.office", lang)
    )
    frame["published"] = frame["published"].map(
        {True: translate("summary.yes", lang), False: translate("summary.no", lang)}
    )
    return _named(frame, ["month", "department", "people", "average_score", "published"], lang)


def notice_paragraphs(text: str) -> list[str]:
    """The notice's paragraphs: blocks separated by blank lines, single line breaks kept."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [b.strip() for b in blocks if b.strip()]


# -- workbook and CSV -------------------------------------------------------------------------
def summary_xlsx(
    summary: MonthSummary, trend: pd.DataFrame, notice_text: str, lang: str = "zh"
) -> bytes:
    """人员, 科室, 趋势 and 通报 (a paragraph a row, wrapped) in one workbook."""
    sheet = "summary.sheet."
    paragraphs = pd.DataFrame({translate("summary.col.paragraph", lang):
                               notice_paragraphs(notice_text)})  # fmt: skip
    notice = translate(sheet + "notice", lang)
    return to_xlsx_printable(
        [
            (translate(sheet + "people", lang), people_view(summary, lang)),
            (translate(sheet + "departments", lang), departments_view(summary, lang)),
            (translate(sheet + "trend", lang), trend_view(trend, lang)),
            (notice, paragraphs),
        ],
        wrapped=frozenset({notice}),
    )


def people_csv(summary: MonthSummary, lang: str = "zh") -> bytes:
    """The people view as CSV with a UTF-8 BOM (Excel opens the Chinese intact)."""
    return to_csv_bytes(people_view(summary, lang))


# -- the notice as PDF ------------------------------------------------------------------------
_BODY = _style("summary-body", 14, 25, firstLineIndent=28)
_TITLE = _style("summary-title", 20, alignment=1, spaceAfter=18)
_CAPTION = _style("summary-caption", 12, alignment=1, spaceBefore=12, spaceAfter=4)


def _office_trend(trend: pd.DataFrame) -> pd.DataFrame:
    whole = trend[trend["department"] == ""]
    return whole.dropna(subset=["average_score"]).reset_index(drop=True)


def _bars(labels: list[str], values: list[float], *, horizontal: bool) -> Drawing:
    width = 150 * mm
    height = max(60.0, 16.0 * len(labels) + 30) if horizontal else 70 * mm
    drawing = Drawing(width, height)
    chart: Any = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y = (45 * mm, 15) if horizontal else (12 * mm, 20)
    chart.width = width - chart.x - 10
    chart.height = height - chart.y - 10
    chart.data = [values or [0.0]]
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = _FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = _FONT
    chart.bars[0].fillColor = colors.HexColor("#4c78a8")
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = _FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 8
    if horizontal:
        chart.categoryAxis.reverseDirection = 1
        chart.categoryAxis.labels.boxAnchor = "e"
    drawing.add(chart)
    drawing.add(String(0, 0, "", fontName=_FONT, fontSize=1))
    return drawing


def notice_pdf(
    month: Period, text: str, departments: pd.DataFrame, trend: pd.DataFrame, lang: str = "zh"
) -> bytes:
    """The notice on A4: its paragraphs (the first as the title), then the departments' average
    scores and the office's 12-month trend as bar charts."""
    _register_font()
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, topMargin=30 * mm, bottomMargin=25 * mm,
                            leftMargin=25 * mm, rightMargin=25 * mm, title=month.label,
                            author="", creator="LearnHub")  # fmt: skip
    paragraphs = notice_paragraphs(text)
    story: list[Any] = []
    for i, block in enumerate(paragraphs):
        body = "<br/>".join(escape(line) for line in block.split("\n"))
        story.append(Paragraph(body, _TITLE if i == 0 else _BODY))
    ranked = departments.dropna(subset=["average_score"])
    if not ranked.empty:
        story += [Spacer(1, 6), Paragraph(escape(translate("summary.pdf.departments", lang)),
                                          _CAPTION),
                  ]  # fmt: skip
        # A drawing cannot break across pages: a large office's departments go in slices.
        for first in range(0, len(ranked), _BARS_PER_DRAWING):
            part = ranked.iloc[first : first + _BARS_PER_DRAWING]
            labels = [str(d) for d in part["department"]]
            values = [float(v) for v in part["average_score"]]
            story.append(_bars(labels, values, horizontal=True))
    whole = _office_trend(trend)
    if not whole.empty:
        story += [Paragraph(escape(translate("summary.pdf.trend", lang)), _CAPTION),
                  _bars(list(whole["month"]), [float(v) for v in whole["average_score"]],
                        horizontal=False)]  # fmt: skip

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(_FONT, 10)
        canvas.drawCentredString(
            A4[0] / 2, 12 * mm, translate("summary.pdf.page", lang, n=canvas.getPageNumber())
        )
        canvas.restoreState()  # fmt: skip

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


# -- the notice as HTML -----------------------------------------------------------------------
_CSS = """
@page { size: A4; margin: 30mm 25mm 25mm 25mm; }
html { font-family: "FangSong", "STFangsong", "仿宋", "Noto Serif CJK SC", serif; font-size: 14pt;
       line-height: 1.8; color: #000; background: #fff; }
body { max-width: 160mm; margin: 0 auto; }
h1 { font-size: 20pt; text-align: center; font-weight: normal; }
p.text { text-indent: 2em; margin: 0 0 0.4em 0; }
figure { margin: 1.2em 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { text-align: center; font-size: 12pt; }
svg text { font-size: 10px; font-family: sans-serif; }
@media screen { body { padding: 2em 1em; } }
"""


def _svg_bars(labels: list[str], values: list[float]) -> str:
    """Horizontal bars (0–100) as inline SVG; labels escaped."""
    row, left, width = 20, 190, 330
    height = row * len(labels) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 50}" '
             f'height="{height}" role="img">']  # fmt: skip
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + i * row
        bar = max(0.0, min(100.0, value)) / 100 * width
        parts += [
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{html.escape(label)}</text>',
            f'<rect x="{left}" y="{y + 2}" width="{bar:.1f}" height="{row - 6}" fill="#4c78a8"/>',
            f'<text x="{left + bar + 4:.1f}" y="{y + 13}">{value:.1f}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def notice_html(
    month: Period, text: str, departments: pd.DataFrame, trend: pd.DataFrame, lang: str = "zh"
) -> str:
    """The notice as one standalone, print-ready HTML page with the same charts as the PDF as
    inline SVG; every text escaped."""
    e = html.escape
    paragraphs = notice_paragraphs(text)
    title = paragraphs[0] if paragraphs else month.label
    out = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else e(lang)}">',
           '<head><meta charset="utf-8">', f"<title>{e(title)}</title>",
           f"<style>{_CSS}</style></head>", "<body>"]  # fmt: skip
    for i, block in enumerate(paragraphs):
        body = "<br>".join(e(line) for line in block.split("\n"))
        out.append(f"<h1>{body}</h1>" if i == 0 else f'<p class="text">{body}</p>')
    ranked = departments.dropna(subset=["average_score"])
    if not ranked.empty:
        out += ["<figure>", _svg_bars([str(d) for d in ranked["department"]],
                                      [float(v) for v in ranked["average_score"]]),
                f"<figcaption>{e(translate('summary.pdf.departments', lang))}</figcaption>",
                "</figure>"]  # fmt: skip
    whole = _office_trend(trend)
    if not whole.empty:
        out += ["<figure>", _svg_bars(list(whole["month"]),
                                      [float(v) for v in whole["average_score"]]),
                f"<figcaption>{e(translate('summary.pdf.trend', lang))}</figcaption>",
                "</figure>"]  # fmt: skip
    return "\n".join([*out, "</body>", "</html>", ""])
