"""The Excel question template Chinese offices use: one question a row.

Columns 题型, 题干, 选项A…选项H, 答案, 解析, 分类 and optionally 标签, 难度, 容错 (English
``type, text, option_a…option_h, answer, explanation, category, tags, difficulty, tolerance``
too). Any other column (序号, 备注) is ignored. Per type, 答案 holds:

- 单选 one letter, 多选 two or more (``AC``, ``A,C``, ``A、C``; case and full width folded);
  the right choices of a 多选 share the credit equally;
- 判断 对/错, 正确/错误, √/×, T/F, 是/否, true/false, or the letter of an option saying so;
- 填空 the accepted answers separated by ``|`` (or ``｜``); ``\\|``, ``\\｜`` and ``\\\\`` stand
  for a literal bar and backslash, so any answer can be written; 容错 (blank = 是) says whether
  case, spaces and full-width forms are forgiven, or names some of them (大小写、空格、全半角);
- 简答 an optional reference answer, which becomes the 解析 (before it, when both are given),
  as the question model has no field of its own for it.

难度 becomes the tag ``难度:<value>``: the question model has no difficulty field either.

Cells written by ``write_template`` are escaped against formulas (a leading ``'``, see
learnhub.exports); reading takes that ``'`` off again, and a text that itself starts with
``'`` is written with one more, so export → import is the identity on trimmed texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.imports import tabular
from learnhub.imports.tabular import read_table
from learnhub.questions.model import TOLERANCES, Choice, ImportProblem, ParseResult, Question

__all__ = [
    "DIFFICULTY_TAG",
    "HEADERS",
    "TemplateWriteError",
    "parse_template",
    "read_template",
]

LETTERS = "ABCDEFGH"
FIELDS = ("type", "text", *(f"option_{x.lower()}" for x in LETTERS), "answer", "explanation",
          "category", "tags", "difficulty", "tolerance")  # fmt: skip
HEADERS = ("题型", "题干", *(f"选项{x}" for x in LETTERS), "答案", "解析", "分类", "标签", "难度",
           "容错")  # fmt: skip
DIFFICULTY_TAG = "难度:"
SHEET, HELP_SHEET = "题库", "说明"

_ALIASES: dict[str, str] = dict(zip(HEADERS, FIELDS, strict=True)) | {f: f for f in FIELDS} | {
    "kind": "type", "题目类型": "type", "试题类型": "type",  # read_table turns type/类型 into kind
    "题目": "text", "试题": "text", "题目内容": "text", "试题内容": "text", "question": "text",
    "正确答案": "answer", "标准答案": "answer", "参考答案": "answer",
    "答案解析": "explanation", "试题解析": "explanation",
    "题目分类": "category", "类别": "category", "tag": "tags",
}  # fmt: skip
_OPTION_HEADER = re.compile(r"(?:选项|option)?([a-z])")
_TYPE_NAMES: dict[str, str] = {
    name: kind
    for kind, names in {
        "single": ("单选", "单选题", "单项选择", "单项选择题", "single"),
        "multiple": ("多选", "多选题", "多项选择", "多项选择题", "multiple"),
        "truefalse": ("判断", "判断题", "truefalse", "true/false"),
        "fill": ("填空", "填空题", "fill"),
        "short": ("简答", "简答题", "short"),
    }.items()
    for name in names
}
_TYPE_LABELS = {"single": "单选", "multiple": "多选", "truefalse": "判断", "fill": "填空",
                "short": "简答"}  # fmt: skip
_TRUE = frozenset({"对", "正确", "√", "✓", "✔", "t", "true", "是", "yes", "y"})
_FALSE = frozenset({"错", "错误", "×", "✗", "✘", "x", "f", "false", "否", "no", "n"})
_YES = frozenset({"", "是", "对", "√", "y", "yes", "true", "全部", "all"})
_NO = frozenset({"否", "不", "错", "×", "n", "no", "false", "无", "none"})
_TOLERANCE_NAMES = {"大小写": "case", "case": "case", "空格": "whitespace", "空白": "whitespace",
                    "whitespace": "whitespace", "全半角": "width", "全角": "width",
                    "半角": "width", "width": "width"}  # fmt: skip
_TOLERANCE_LABELS = {"case": "大小写", "whitespace": "空格", "width": "全半角"}
_LETTER_SEPARATORS = re.compile(r"[\s,;、/]+")
_TAG_SEPARATORS = re.compile(r"[,，、;；\n]")
_BAR = "|｜"
# What learnhub.exports escapes; a stored "'" before one of these (or before "'") is ours.
_ESCAPED_START = ("=", "+", "-", "@", "\t", "\r", "\x00", "'")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# read_table's frame misses the template when it mistakes a row for the header: these follow.
_MISREAD = frozenset({"imports.cells_beyond_header", "imports.column_duplicate", "imports.no_rows"})
_SHOWN = 40


class TemplateWriteError(ValidationError, ValueError):
    """A question the template cannot hold; ``params['question']`` quotes its text."""


def _fold(value: str) -> str:
    """Full width to half, lower case, no spaces: how a clerk's 题型 or 答案 is compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)).lower()


def _field(header: object) -> str | None:
    key = re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", str(header)).lower())
    if key in _ALIASES:
        return _ALIASES[key]
    option = _OPTION_HEADER.fullmatch(key)
    return f"option_{option.group(1)}" if option else None


def _fields(columns: Iterable[object]) -> tuple[dict[str, object], list[str]]:
    """Field → frame column, and the fields named by more than one column."""
    found: dict[str, object] = {}
    twice: list[str] = []
    for column in columns:
        name = _field(column)
        if name is None:
            continue
        if name in found:
            twice.append(str(column))
        found.setdefault(name, column)
    return found, twice


def read_template(data: bytes, filename: str) -> pd.DataFrame:
    """``read_table``, also when it cannot find the template's header by itself.

    read_table recognises a header only by the roster and ledger names it knows, so above a
    Chinese template header it takes a title row (“2026年保密知识题库”) for the header, and in
    the first rows it may take a question whose option reads 日期 or 标题 for one. Then the
    header is looked for here, the rows above it are blanked (row numbers stay Excel's) and its
    cells are renamed to names read_table knows. Drop this once read_table takes header names.
    """
    try:
        frame = read_table(data, filename)
    except ValidationError as exc:
        if exc.key not in _MISREAD:
            raise
    else:
        if {"type", "text"} <= _fields(frame.columns)[0].keys():
            return frame
    # The file already passed read_table's size and type checks above.
    if filename.lower().endswith(".csv"):
        grid = tabular._read_csv(data)
    else:
        grid = tabular._read_xlsx(data, tabular.MAX_UNZIPPED_BYTES)
    cells = grid.fillna("").astype(str)
    for position in range(min(len(cells), tabular.HEADER_SEARCH_ROWS)):
        names = [_field(v) for v in cells.iloc[position]]
        if {"type", "text"} <= set(names):
            break
    else:
        raise ValidationError("qexcel.header_not_found")
    cells.iloc[:position] = ""
    cells.iloc[position] = [n or v for n, v in zip(names, cells.iloc[position], strict=True)]
    return tabular._tidy(cells)


def _unescape(value: str) -> str:
    if len(value) > 1 and value[0] == "'" and value[1:].startswith(_ESCAPED_START):
        return value[1:]
    return value


def parse_template(frame: pd.DataFrame) -> ParseResult:
    """Questions from a frame of ``read_table``/``read_template``; problems by spreadsheet row.

    A problem with line 0 concerns the whole sheet (a missing or doubled column).
    """
    result = ParseResult()
    fields, twice = _fields(frame.columns)
    if twice:
        result.problems.append(
            ImportProblem(0, "qexcel.columns_duplicate", {"columns": ", ".join(twice)})
        )
    missing = [h for f, h in (("type", "题型"), ("text", "题干")) if f not in fields]
    if missing:
        found = ", ".join(str(c) for c in frame.columns) or "-"
        params: dict[str, object] = {"columns": ", ".join(missing), "found": found}
        result.problems.append(ImportProblem(0, "qexcel.columns_missing", params))
    if result.problems:
        return result
    names = list(fields)
    rows = frame[[fields[n] for n in names]].itertuples(index=True, name=None)
    for number, *values in rows:
        cells = {n: _unescape(str(v)) for n, v in zip(names, values, strict=True)}
        outcome = _parse_row(int(number), cells)
        if isinstance(outcome, Question):
            result.questions.append(outcome)
        else:
            result.problems.extend(outcome)
    return result


def _parse_row(row: int, cells: Mapping[str, str]) -> Question | list[ImportProblem]:
    problems: list[ImportProblem] = []

    def problem(key: str, **params: object) -> None:
        problems.append(ImportProblem(row, f"qexcel.{key}", params))

    kind_cell, text, answer = cells.get("type", ""), cells.get("text", ""), cells.get("answer", "")
    kind = _TYPE_NAMES.get(_fold(kind_cell))
    if not kind_cell:
        problem("type_missing")
    elif kind is None:
        problem("type_unknown", value=kind_cell)
    if not text:
        problem("text_missing")
    options = [cells.get(f"option_{x.lower()}", "") for x in LETTERS]
    beyond = sorted(f for f, v in cells.items() if f.startswith("option_") and v
                    and f[-1].upper() not in LETTERS)  # fmt: skip
    if beyond:
        problem("option_beyond_h", letter=beyond[0][-1].upper())
    used = [i for i, o in enumerate(options) if o]
    gaps = [LETTERS[i] for i in range(used[-1]) if not options[i]] if used else []
    if gaps:
        problem("option_gap", letter=gaps[0])
    choices: tuple[Choice, ...] = ()
    truth: bool | None = None
    tolerance: frozenset[str] = frozenset()
    explanation = cells.get("explanation", "")
    if kind in ("single", "multiple"):
        choices = _choices(kind, options, answer, problem)
    elif kind == "truefalse":
        truth = _truth(answer, options, problem)
    elif kind in ("fill", "short") and used:
        problem("options_not_used", type=kind_cell)
    if kind == "fill":
        choices = tuple(Choice(a, 1.0) for a in _split_answers(answer))
        if not choices:
            problem("answer_missing")
        found = _tolerance(cells.get("tolerance", ""))
        if found is None:
            problem("tolerance_invalid", value=cells.get("tolerance", ""))
        tolerance = found or frozenset()
    elif kind == "short" and answer:
        explanation = f"{answer}\n\n{explanation}" if explanation else answer
    tags = [t.strip() for t in _TAG_SEPARATORS.split(cells.get("tags", "")) if t.strip()]
    if cells.get("difficulty") and DIFFICULTY_TAG + cells["difficulty"] not in tags:
        tags.append(DIFFICULTY_TAG + cells["difficulty"])
    if problems or kind is None:
        return problems
    return Question(type=kind, text=text, choices=choices, answer=truth, tolerance=tolerance,
                    explanation=explanation, category=cells.get("category", ""),
                    tags=tuple(tags), line=row)  # fmt: skip


def _choices(
    kind: str, options: list[str], answer: str, problem: Callable[..., None]
) -> tuple[Choice, ...]:
    filled = [o for o in options if o]
    if len(filled) < 2:
        problem("options_too_few", count=len(filled))
    letters = _LETTER_SEPARATORS.sub("", unicodedata.normalize("NFKC", answer).upper())
    if not letters:
        problem("answer_missing")
        return ()
    if not letters.isascii() or not letters.isalpha():
        problem("answer_invalid", value=answer)
        return ()
    repeated = sorted({x for x in letters if letters.count(x) > 1})
    chosen = set(letters)
    if repeated:
        problem("answer_letter_repeated", letter=repeated[0])
    for letter in dict.fromkeys(letters):
        index = ord(letter) - ord("A")
        if index >= len(options) or not options[index]:
            problem("answer_option_empty", letter=letter)
    if kind == "single" and len(chosen) != 1:
        problem("single_needs_one", value=answer)
    if kind == "multiple" and len(chosen) < 2:
        problem("multiple_needs_two", value=answer)
    weight = 1.0 / len(chosen)
    return tuple(Choice(o, weight if LETTERS[i] in chosen else 0.0)
                 for i, o in enumerate(options) if o)  # fmt: skip


def _truth(answer: str, options: list[str], problem: Callable[..., None]) -> bool | None:
    word = _fold(answer)
    if not word:
        problem("answer_missing")
        return None
    # Some templates list 选项A 正确 / 选项B 错误 and answer with the letter.
    if word not in _TRUE | _FALSE and len(word) == 1 and "a" <= word <= "h":
        word = _fold(options[ord(word) - ord("a")])
    if word in _TRUE | _FALSE:
        return word in _TRUE
    problem("truefalse_invalid", value=answer)
    return None


def _split_answers(value: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    characters = iter(value)
    for character in characters:
        if character == "\\":
            following = next(characters, "")
            if following and following in _BAR + "\\":
                current.append(following)
            else:
                # Not an escape: a backslash in a hand-written answer (C:\Windows) is itself.
                current.append(character + following)
        elif character in _BAR:
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _tolerance(value: str) -> frozenset[str] | None:
    word = _fold(value)
    if word in _YES:
        return frozenset(TOLERANCES)
    if word in _NO:
        return frozenset()
    names = {_TOLERANCE_NAMES.get(p) for p in re.split(r"[,;、|/+]+", word) if p}
    if not names or None in names:
        return None
    return frozenset(n for n in names if n)
