"""Writing the Excel question template: a bank out to the sheet offices fill in, and the blank
template with examples. Reading is learnhub.questions.excel; export → import is the identity on
trimmed texts (see there).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from learnhub.exports import escape_for_spreadsheet
from learnhub.i18n import translate
from learnhub.questions.excel import (
    _SHOWN,
    _TAG_SEPARATORS,
    _TOLERANCE_LABELS,
    _TYPE_LABELS,
    _XML_ILLEGAL,
    DIFFICULTY_TAG,
    FIELDS,
    HEADERS,
    HELP_SHEET,
    LETTERS,
    SHEET,
    TemplateWriteError,
)
from learnhub.questions.model import TOLERANCES, Question

__all__ = ["template_bytes", "write_template"]


# Writing ---------------------------------------------------------------------------------------


def _shown(question: Question) -> str:
    text = question.text
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _clean(value: str) -> str:
    """What a cell keeps of a text: read_table trims, XML cannot hold control characters."""
    return _XML_ILLEGAL.sub("", value.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _row(question: Question, lossy: bool) -> list[str]:
    """The question's cells in HEADERS order, or TemplateWriteError."""
    shown, kind = _shown(question), question.type

    def refuse(key: str, **params: object) -> TemplateWriteError:
        return TemplateWriteError(f"qexcel.{key}", question=shown, **params)

    if kind not in _TYPE_LABELS:
        raise refuse("write_type_unknown", type=kind)
    extras = [n for n, present in (
        ("name", question.name),
        ("feedback", any(c.feedback for c in question.choices) or question.feedback_wrong
         or question.feedback_right),
    ) if present]  # fmt: skip
    if extras and not lossy:
        raise refuse("write_lossy", fields=", ".join(extras))
    cells = dict.fromkeys(FIELDS, "")
    cells["type"], cells["text"] = _TYPE_LABELS[kind], _clean(question.text)
    weights = [c.weight for c in question.choices]
    right = [i for i, w in enumerate(weights) if w > 0]
    if kind in ("single", "multiple"):
        if len(weights) > len(LETTERS):
            raise refuse("write_too_many_options", count=len(weights), most=len(LETTERS))
        if len(weights) < 2:
            raise refuse("write_too_few_options", count=len(weights))
        share = 1.0 if kind == "single" else 1.0 / max(len(right), 1)
        if (len(right) != 1 if kind == "single" else len(right) < 2) or any(
            abs(w - (share if i in right else 0.0)) > 1e-9 for i, w in enumerate(weights)
        ):
            # Partial or negative credit (GIFT %50%, %-100%) would be lost: that changes grading.
            raise refuse("write_weights")
        for i, choice in enumerate(question.choices):
            cells[f"option_{LETTERS[i].lower()}"] = _clean(choice.text)
        cells["answer"] = "".join(LETTERS[i] for i in right)
    elif kind == "truefalse":
        if question.choices:
            raise refuse("write_unfit", field="选项")
        if question.answer is None:
            raise refuse("write_unfit", field="答案")
        cells["answer"] = "正确" if question.answer else "错误"
    elif kind == "fill":
        if any(abs(w - 1.0) > 1e-9 for w in weights):
            raise refuse("write_weights")
        answers = [_clean(c.text) for c in question.choices]
        if not answers or not all(answers):
            raise refuse("write_unfit", field="答案")
        cells["answer"] = "|".join(re.sub(r"([\\|｜])", r"\\\1", a) for a in answers)
        tolerance = question.tolerance
        cells["tolerance"] = ("是" if tolerance >= set(TOLERANCES) else
                              "、".join(_TOLERANCE_LABELS[t] for t in TOLERANCES
                                       if t in tolerance) or "否")  # fmt: skip
    elif question.choices:
        raise refuse("write_unfit", field="选项")
    if not cells["text"]:
        raise refuse("write_unfit", field="题干")
    cells["explanation"], cells["category"] = (
        _clean(question.explanation),
        _clean(question.category),
    )
    tags = [_clean(t) for t in question.tags]
    if any(not t or _TAG_SEPARATORS.search(t) for t in tags):
        raise refuse("write_unfit", field="标签")
    marked = [t for t in tags if t.startswith(DIFFICULTY_TAG)]
    # Read back, 难度 is appended as the last tag: only a lone last one can go there.
    if len(marked) == 1 and tags[-1] == marked[0] and len(marked[0]) > len(DIFFICULTY_TAG):
        cells["difficulty"] = tags.pop()[len(DIFFICULTY_TAG) :]
    cells["tags"] = "、".join(tags)
    return [cells[f] for f in FIELDS]


def _keep_quote(value: object) -> object:
    # A text starting with "'" gets another, so that reading can tell ours from the author's.
    return "'" + value if isinstance(value, str) and value.startswith("'") else value


def _escaped(rows: list[list[str]], columns: Iterable[str]) -> Iterator[list[str | None]]:
    frame = pd.DataFrame(rows, columns=list(columns), dtype=object).map(_keep_quote)
    for values in escape_for_spreadsheet(frame).itertuples(index=False, name=None):
        yield [v if v else None for v in values]


def _workbook(rows: list[list[str]], lang: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one
    sheet.title = SHEET
    sheet.append(HEADERS)
    for values in _escaped(rows, HEADERS):
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJKLMNOP", (8, 48, *(18,) * 8, 10, 36, 14, 14, 8, 8),
                             strict=True):  # fmt: skip
        sheet.column_dimensions[letter].width = width
    # A warning, not a refusal: 单选题, 单项选择 and the English names are accepted too.
    kinds = DataValidation(type="list", formula1='"' + ",".join(_TYPE_LABELS.values()) + '"',
                           allow_blank=True, errorStyle="warning")  # fmt: skip
    kinds.add(f"A2:A{max(len(rows) + 1, 1000)}")
    sheet.add_data_validation(kinds)
    notes = book.create_sheet(HELP_SHEET)
    lines = [
        [translate("qexcel.help_intro", lang), ""],
        [translate("qexcel.help_column", lang), translate("qexcel.help_meaning", lang)],
    ]
    for header, field in zip(HEADERS, FIELDS, strict=True):
        if not field.startswith("option_") or field == "option_a":
            key = "options" if field == "option_a" else field
            label = "选项A…选项H" if field == "option_a" else header
            lines.append([label, translate(f"qexcel.help_{key}", lang)])
    for values in _escaped(lines, ("column", "meaning")):
        notes.append(values)
    notes.column_dimensions["A"].width = 14
    notes.column_dimensions["B"].width = 100
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_template(
    questions: Iterable[Question], *, lossy: bool = False, lang: str = "zh"
) -> bytes:
    """An .xlsx of the template that ``read_template`` + ``parse_template`` read back unchanged.

    Texts are trimmed, ``\\r\\n`` becomes ``\\n`` and control characters are dropped, as a cell
    would anyway. Raises TemplateWriteError (a ValueError) for what the template cannot hold:
    more than 8 options, partial or negative credit, an unknown type, an empty text, option or
    answer, a tag containing a separator. Names and per-answer feedback have no column: they
    raise too, unless ``lossy=True`` drops them. ``lang`` is the language of the 说明 sheet.
    """
    return _workbook([_row(q, lossy) for q in questions], lang)


# The downloadable template's examples, as a county organisation department would write them.
_EXAMPLES = (
    ("单选", "根据《党政机关公文格式》，公文成文日期中的数字应当使用（　）。",
     ("阿拉伯数字", "汉字小写数字", "汉字大写数字", "罗马数字"), "A",
     "成文日期用阿拉伯数字将年、月、日标全，年份应标全称，月、日不编虚位（GB/T 9704—2012）。",
     "公文写作", "公文格式", "易", ""),
    ("多选", "下列属于《党政机关公文处理工作条例》规定的公文种类的有（　）。",
     ("决议", "通报", "简报", "纪要", "工作总结"), "ABD",
     "条例规定的公文种类共15种：决议、决定、命令（令）、公报、公告、通告、意见、通知、通报、报告、"
     "请示、批复、议案、函、纪要。简报、总结不是法定公文种类。",
     "公文写作", "公文种类", "中", ""),
    ("判断", "涉密计算机只要不存储绝密级信息，就可以连接互联网。", (), "错误",
     "涉密计算机严禁直接或间接连接互联网及其他公共信息网络，与存储何种密级的信息无关。",
     "保密知识", "涉密载体、计算机", "易", ""),
    ("填空", "2012年12月，中共中央政治局审议通过了关于改进工作作风、密切联系群众的____项规定。",
     (), "八|8", "即中央八项规定，是全面从严治党的切入口和第一步。",
     "党纪法规", "作风建设", "易", "是"),
    ("简答", "简述“请示”与“报告”的主要区别。", (), "",
     "参考要点：①行文目的不同，请示用于请求指示、批准，报告用于汇报工作、反映情况；②请示须事前"
     "行文；③请示应当一文一事，报告中不得夹带请示事项；④请示需要上级批复，报告一般不需要答复。",
     "公文写作", "公文种类", "难", ""),
)  # fmt: skip


def template_bytes(lang: str = "zh") -> bytes:
    """The blank template offices download: the header, one example per type, a 说明 sheet."""
    rows = [
        [kind, text, *options, *[""] * (len(LETTERS) - len(options)), *rest]
        for kind, text, options, *rest in _EXAMPLES
    ]
    return _workbook(rows, lang)
