"""The featured-writing collection as a print-ready HTML page: escaped text, A4 pages with the
margins of 党政机关公文格式, each piece on its own page (see learnhub.collection for the .docx)."""

from __future__ import annotations

import html
from datetime import date

from learnhub.collection import (
    _BOTTOM,
    _HEI_CSS,
    _KAI_CSS,
    _LEFT,
    _RIGHT,
    _SERIF_CSS,
    _TEXT_WIDTH_MM,
    _TOP,
    _byline,
    _clean,
    _count,
    _sections,
    paragraphs,
    period_label,
)
from learnhub.i18n import translate
from learnhub.store import Store

__all__ = ["collection_html"]


_CSS = f"""
@page {{ size: A4; margin: {_TOP}mm {_RIGHT}mm {_BOTTOM}mm {_LEFT}mm; }}
html {{ font-family: {_SERIF_CSS}; font-size: 16pt; line-height: 1.75; color: #000;
        background: #fff; }}
body {{ max-width: {_TEXT_WIDTH_MM}mm; margin: 0 auto; }}
h1, h2, h3, .group {{ font-family: {_HEI_CSS}; font-weight: normal; text-align: center; }}
h1 {{ font-size: 26pt; margin-top: 40mm; }}
h2 {{ font-size: 22pt; break-after: avoid; page-break-after: avoid; }}
h3 {{ font-size: 18pt; break-after: avoid; page-break-after: avoid; }}
.cover {{ text-align: center; break-after: page; page-break-after: always; }}
.byline {{ font-family: {_KAI_CSS}; font-size: 14pt; text-align: center; margin: 0.3em 0; }}
nav.contents ol {{ list-style: none; padding: 0; }}
nav.contents .group {{ text-align: left; margin-top: 0.8em; }}
nav.contents a {{ color: inherit; text-decoration: none; display: flex; gap: 1em; }}
nav.contents a .author {{ margin-left: auto; }}
article.piece {{ break-before: page; page-break-before: always; }}
section.kind > h2 + article.piece {{ break-before: auto; page-break-before: auto; }}
section.kind {{ break-before: page; page-break-before: always; }}
article.piece p.text {{ text-indent: 2em; margin: 0; text-align: justify; }}
@media screen {{ body {{ padding: 2em 1em; }} }}
@media print {{
  /* Paged-media engines (WeasyPrint, Prince) print the page numbers; browsers drop the rule. */
  nav.contents a::after {{ content: leader(".") target-counter(attr(href), page); }}
}}
"""


def collection_html(
    store: Store,
    start: date,
    end: date,
    *,
    title: str,
    kinds: list[str] | None = None,
    lang: str = "zh",
) -> str:
    """The collection as one standalone, print-ready HTML page; every text is escaped."""
    sections = _sections(store, start, end, kinds, lang)
    period = period_label(start, end, lang)
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else e(lang)}">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_clean(title))}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        f'<header class="cover"><h1>{e(_clean(title))}</h1>',
        f"<p>{e(period)}</p>",
        f"<p>{e(translate('collection.compiled', lang, period=period, n=_count(sections)))}</p>",
    ]
    if not sections:
        out += [f'<p class="none">{e(translate("collection.none", lang))}</p>', "</header>"]
        return "\n".join([*out, "</body>", "</html>", ""])
    out += ["</header>", f'<nav class="contents"><h2>{e(translate("collection.contents", lang))}'
            "</h2>"]  # fmt: skip
    for section in sections:
        out.append(f'<p class="group">{e(section.label)}</p><ol>')
        out += [
            f'<li><a href="#{entry.anchor}"><span class="title">{e(entry.title)}</span>'
            f'<span class="author">{e(entry.author)}</span></a></li>'
            for entry in section.entries
        ]
        out.append("</ol>")
    out.append("</nav>")
    for section in sections:
        out.append(f'<section class="kind kind-{e(section.kind)}"><h2>{e(section.label)}</h2>')
        for entry in section.entries:
            out += [f'<article class="piece" id="{entry.anchor}">', f"<h3>{e(entry.title)}</h3>",
                    f'<p class="byline">{e(_byline(entry, lang))}</p>']  # fmt: skip
            if entry.note:
                note = translate("collection.note", lang, note=entry.note)
                out.append(f'<p class="byline note">{e(note)}</p>')
            out += [f'<p class="text">{e(text)}</p>' for text in paragraphs(entry.text)]
            out.append("</article>")
        out.append("</section>")
    return "\n".join([*out, "</body>", "</html>", ""])
