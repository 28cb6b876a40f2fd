"""The Excel question template: hand-written workbooks, every error, export and round trips."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnhub.errors import ValidationError
from learnhub.i18n import catalogue
from learnhub.imports.tabular import read_table
from learnhub.questions.excel import (
    HEADERS,
    TemplateWriteError,
    parse_template,
    read_template,
)
from learnhub.questions.excel_write import template_bytes, write_template
from learnhub.questions.model import TOLERANCES, Choice, ParseResult, Question

MODULES = [
    Path(__file__).resolve().parents[1] / "learnhub/questions" / name
    for name in ("excel.py", "excel_write.py")
]
HEAD = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "解析", "分类", "标签"]
ALL = frozenset(TOLERANCES)


def xlsx(rows: list[list[object]], above: list[list[object]] | None = None) -> bytes:
    """A workbook as an office would type it: strings stay strings, never formulas."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r, values in enumerate([*(above or []), *rows], start=1):
        for c, value in enumerate(values, start=1):
            if value not in (None, ""):
                cell = sheet.cell(row=r, column=c, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse(rows: list[list[object]], above: list[list[object]] | None = None) -> ParseResult:
    return parse_template(read_template(xlsx(rows, above), "题库.xlsx"))


def row(
    kind: str, text: str, options: tuple[str, ...] = (), answer: str = "", *rest: str
) -> list[object]:
    return [kind, text, *options, *[""] * (4 - len(options)), answer, *rest]


def choices(*pairs: tuple[str, float]) -> tuple[Choice, ...]:
    return tuple(Choice(t, w) for t, w in pairs)


def test_every_type_reads() -> None:
    result = parse(
        [
            HEAD,
            row(
                "单选",
                "公文的成文日期用什么数字？",
                ("阿拉伯数字", "汉字"),
                "a",
                "解析一",
                "公文/格式",
                "公文、格式",
            ),
            row("多选题", "法定公文有？", ("决议", "简报", "纪要"), "Ａ、C"),
            row("多项选择", "三项全对？", ("甲", "乙", "丙"), "a,b c"),
            row("判断", "涉密计算机可以上网。", (), "×"),
            row("判断题", "保密是每个人的责任。", ("正确", "错误"), "A"),
            row("填空", "国家秘密分____、机密、秘密三级。", (), "绝密｜绝密级 | 一级"),
            row("简答", "简述请示与报告的区别。", (), "参考答案", "评分要点"),
            row("short", "只有解析", (), "", "要点"),
        ]
    )
    assert result.ok, result.problems
    single, two, three, false, true, fill, short, short2 = result.questions
    assert single == Question(
        type="single",
        text="公文的成文日期用什么数字？",
        choices=choices(("阿拉伯数字", 1.0), ("汉字", 0.0)),
        explanation="解析一",
        category="公文/格式",
        tags=("公文", "格式"),
        line=2,
    )
    assert two.type == "multiple" and [c.weight for c in two.choices] == [0.5, 0.0, 0.5]
    assert [c.weight for c in three.choices] == [1 / 3] * 3
    assert (false.type, false.answer, true.answer) == ("truefalse", False, True)
    assert fill.choices == choices(("绝密", 1.0), ("绝密级", 1.0), ("一级", 1.0))
    assert fill.tolerance == ALL
    assert short.choices == () and short.explanation == "参考答案\n\n评分要点"
    assert short2.explanation == "要点"
    assert [q.line for q in result.questions] == list(range(2, 10))


@pytest.mark.parametrize(
    ("answer", "expected"),
    [(w, True) for w in ("对", "正确", "√", "T", "t", "是", "true", "TRUE", "ｔｒｕｅ")]
    + [(w, False) for w in ("错", "错误", "×", "F", "否", "false", "False")],
)
def test_truefalse_words(answer: str, expected: bool) -> None:
    (question,) = parse([HEAD, row("判断", "题", (), answer)]).questions
    assert question.answer is expected


@pytest.mark.parametrize(
    ("cell", "tolerance"),
    [
        ("", ALL),
        ("是", ALL),
        ("否", frozenset()),
        ("NO", frozenset()),
        ("大小写", frozenset({"case"})),
        ("空格、全半角", frozenset({"whitespace", "width"})),
    ],
)
def test_fill_tolerance(cell: str, tolerance: frozenset[str]) -> None:
    (question,) = parse(
        [[*HEAD, "容错"], [*row("填空", "题", (), "甲"), "", "", "", cell]]
    ).questions
    assert question.tolerance == tolerance


def test_a_bar_inside_a_fill_answer_is_escaped_with_a_backslash() -> None:
    (question,) = parse([HEAD, row("填空", "题", (), r"a\|b|C:\Windows|\\|x\｜y")]).questions
    assert [c.text for c in question.choices] == ["a|b", r"C:\Windows", "\\", "x｜y"]
    (back,) = parse_template(read_template(write_template([question]), "x.xlsx")).questions
    assert back.choices == question.choices


def test_english_headers_and_extra_columns() -> None:
    head = [
        "No.",
        "type",
        "text",
        "option_a",
        "Option B",
        "answer",
        "explanation",
        "category",
        "tags",
        "difficulty",
    ]
    frame = read_table(
        xlsx([head, ["1", "single", "Q", "x", "y", "B", "", "c", "t1, t2", "易"]]), "q.xlsx"
    )
    (question,) = parse_template(frame).questions
    assert question.choices == choices(("x", 0.0), ("y", 1.0))
    assert question.tags == ("t1", "t2", "难度:易") and question.category == "c"


def test_leading_title_rows_and_row_numbers() -> None:
    above = [["2026年保密知识题库"], [], ["县委组织部机关 编"]]
    result = parse(
        [HEAD, row("单选", "题", ("甲", "乙"), "B"), row("单选", "", ("甲", "乙"), "B")], above
    )
    assert result.questions[0].line == 5
    assert [(p.line, p.key) for p in result.problems] == [(6, "qexcel.text_missing")]
    # read_table alone takes the title for the header; that is why read_template exists.
    with pytest.raises(ValidationError):
        read_table(xlsx([HEAD, row("单选", "题", ("甲", "乙"), "B")], above), "q.xlsx")


def test_an_option_named_like_a_roster_column_is_not_taken_for_the_header() -> None:
    rows = [HEAD, row("多选", "公文的主体包括？", ("标题", "正文", "日期", "姓名"), "ABC")]
    (question,) = parse(rows).questions
    assert [c.text for c in question.choices] == ["标题", "正文", "日期", "姓名"]


def test_csv_works_too() -> None:
    text = "题型,题干,选项A,选项B,答案\r\n单选,题,甲,乙,B\r\n判断,对吗,,,对\r\n"
    result = parse_template(read_template(text.encode("gb18030"), "题库.csv"))
    assert [q.type for q in result.questions] == ["single", "truefalse"]


def test_zero_led_values_stay_text() -> None:
    result = parse([HEAD, row("单选", "00", ("00", "0012"), "B"), row("填空", "007", (), "007|00")])
    single, fill = result.questions
    assert single.text == "00" and [c.text for c in single.choices] == ["00", "0012"]
    assert [c.text for c in fill.choices] == ["007", "00"]


@pytest.mark.parametrize(
    ("cells", "key"),
    [
        (row("", "题", ("甲", "乙"), "A"), "type_missing"),
        (row("问答", "题", ("甲", "乙"), "A"), "type_unknown"),
        (row("单选", "", ("甲", "乙"), "A"), "text_missing"),
        (row("单选", "题", ("甲", "乙"), ""), "answer_missing"),
        (row("单选", "题", ("甲", "乙"), "1"), "answer_invalid"),
        (row("单选", "题", ("甲", "乙"), "AB"), "single_needs_one"),
        (row("多选", "题", ("甲", "乙"), "A"), "multiple_needs_two"),
        (row("多选", "题", ("甲", "乙"), "AAB"), "answer_letter_repeated"),
        (row("单选", "题", ("甲", "乙"), "C"), "answer_option_empty"),
        (row("单选", "题", ("甲", "乙"), "Z"), "answer_option_empty"),
        (row("单选", "题", ("甲",), "A"), "options_too_few"),
        (row("单选", "题", ("甲", "", "丙"), "A"), "option_gap"),
        (row("判断", "题", (), "也许"), "truefalse_invalid"),
        (row("判断", "题", (), ""), "answer_missing"),
        (row("判断", "题", ("甲", "乙"), "A"), "truefalse_invalid"),
        (row("填空", "题", (), ""), "answer_missing"),
        (row("填空", "题", (), " | ｜ "), "answer_missing"),
        (row("填空", "题", ("甲",), "甲"), "options_not_used"),
        (row("简答", "题", ("甲",), ""), "options_not_used"),
    ],
)
def test_every_row_error(cells: list[object], key: str) -> None:
    result = parse([HEAD, row("判断", "好的一行", (), "对"), cells])
    assert [(p.line, p.key) for p in result.problems] == [(3, f"qexcel.{key}")]
    assert [q.line for q in result.questions] == [2]


def test_more_errors_in_one_row_are_all_reported() -> None:
    result = parse(
        [[*HEAD, "选项I", "容错"], [*row("填空", "", (), "甲"), "", "", "", "丁", "也许"]]
    )
    assert sorted(p.key for p in result.problems) == [
        "qexcel.option_beyond_h",
        "qexcel.text_missing",
        "qexcel.tolerance_invalid",
    ]


def test_sheet_level_problems() -> None:
    missing = parse_template(read_table(xlsx([["类型", "答案"], ["单选", "A"]]), "q.xlsx"))
    assert [(p.line, p.key) for p in missing.problems] == [(0, "qexcel.columns_missing")]
    assert missing.problems[0].params["columns"] == "题干"
    twice = parse([[*HEAD, "题目"], [*row("单选", "题", ("甲", "乙"), "A"), "", "", "", "题"]])
    assert [p.key for p in twice.problems] == ["qexcel.columns_duplicate"]
    with pytest.raises(ValidationError) as caught:
        read_template(xlsx([["随便", "什么"], ["a", "b"]]), "q.xlsx")
    assert caught.value.key == "qexcel.header_not_found"


def test_formula_like_cells_are_escaped_on_export_and_read_back() -> None:
    texts = ["=SUM(A1:A2)", "+86 电话", "-5", "@cmd", "'=已经带引号", "'普通引号"]
    question = Question(
        type="single", text="=1+1", choices=choices(*((t, 0.0) for t in texts[1:]), ("=A", 1.0))
    )
    fill = Question(
        type="fill",
        text="-2 的绝对值",
        choices=choices(("=2", 1.0)),
        tolerance=ALL,
        explanation='=HYPERLINK("http://x")',
    )
    data = write_template([question, fill])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    values = [c.value for r in sheet.iter_rows(min_row=2) for c in r if c.value is not None]
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    assert "'=1+1" in values and "'+86 电话" in values and "'''=已经带引号" not in values
    assert "''=已经带引号" in values and "''普通引号" in values and "'=2" in values
    back = parse_template(read_template(data, "x.xlsx")).questions
    assert [replace(q, line=0) for q in back] == [question, fill]


def test_template_downloads_and_parses_to_its_five_examples() -> None:
    data = template_bytes()
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["题库", "说明"]
    assert [c.value for c in book["题库"][1]] == list(HEADERS)
    notes = " ".join(str(c.value) for r in book["说明"].iter_rows() for c in r if c.value)
    for header in ("题型", "题干", "选项A…选项H", "答案", "解析", "分类", "标签", "难度", "容错"):
        assert header in notes
    # read_table alone reads it (its header is the first row): the documented path.
    result = parse_template(read_table(data, "template.xlsx"))
    assert result.ok, result.problems
    assert [q.type for q in result.questions] == [
        "single",
        "multiple",
        "truefalse",
        "fill",
        "short",
    ]
    assert all(q.explanation and q.category for q in result.questions)
    assert result.questions[3].choices == choices(("八", 1.0), ("8", 1.0))
    english = openpyxl.load_workbook(io.BytesIO(template_bytes("en")))["说明"]
    assert "How to fill in" in str(english["A1"].value)


def test_more_than_eight_options_is_refused_naming_the_question() -> None:
    many = Question(
        type="single",
        text="九个选项的题",
        choices=choices(*((str(i), float(i == 0)) for i in range(9))),
    )
    with pytest.raises(TemplateWriteError) as caught:
        write_template([many])
    assert isinstance(caught.value, ValueError)
    assert caught.value.key == "qexcel.write_too_many_options"
    assert caught.value.params["question"] == "九个选项的题"


def q(kind: str, text: str, *pairs: tuple[str, float], **more: object) -> Question:
    return Question(type=kind, text=text, choices=choices(*pairs), **more)


@pytest.mark.parametrize(
    ("question", "key"),
    [
        (q("matching", "配对"), "write_type_unknown"),
        (q("single", "一个选项", ("甲", 1.0)), "write_too_few_options"),
        (q("single", "部分得分", ("甲", 1.0), ("乙", 0.5)), "write_weights"),
        (q("multiple", "扣分", ("甲", 0.5), ("乙", 0.5), ("丙", -1.0)), "write_weights"),
        (q("multiple", "不均", ("甲", 0.7), ("乙", 0.3)), "write_weights"),
        (q("multiple", "一个对", ("甲", 1.0), ("乙", 0.0)), "write_weights"),
        (q("fill", "部分", ("甲", 1.0), ("乙", 0.5)), "write_weights"),
        (q("fill", "无答案"), "write_unfit"),
        (q("fill", "空答案", (" ", 1.0)), "write_unfit"),
        (q("truefalse", "无答案"), "write_unfit"),
        (q("truefalse", "有选项", ("对", 1.0), answer=True), "write_unfit"),
        (q("short", "有选项", ("甲", 0.0)), "write_unfit"),
        (q("short", " "), "write_unfit"),
        (q("short", "标签", tags=("a、b",)), "write_unfit"),
        (q("short", "有名称", name="q1"), "write_lossy"),
        (q("truefalse", "有反馈", answer=True, feedback_right="好"), "write_lossy"),
        (
            replace(
                q("single", "逐项", ("甲", 1.0)), choices=(Choice("甲", 1.0, "好"), Choice("乙", 0))
            ),
            "write_lossy",
        ),
    ],
)
def test_write_refuses_what_the_template_cannot_hold(question: Question, key: str) -> None:
    with pytest.raises(TemplateWriteError) as caught:
        write_template([question])
    assert caught.value.key == f"qexcel.{key}"


def test_lossy_drops_names_and_feedback_only() -> None:
    question = Question(
        type="truefalse", text="题", answer=True, name="q1", feedback_wrong="再想想"
    )
    (back,) = parse_template(
        read_template(write_template([question], lossy=True), "x.xlsx")
    ).questions
    assert back == Question(type="truefalse", text="题", answer=True, line=2)


def test_every_key_is_in_both_catalogues() -> None:
    source = "".join(m.read_text(encoding="utf-8") for m in MODULES)
    used = set(re.findall(r"\"(qexcel\.\w+)\"", source))
    used |= {f"qexcel.{k}" for k in re.findall(r"(?:problem|refuse)\(\"(\w+)\"", source)}
    helped = "type text options answer explanation category tags difficulty tolerance"
    used |= {f"qexcel.help_{k}" for k in helped.split()}
    assert len(used) >= 35
    for lang in ("zh", "en"):
        assert sorted(used - set(catalogue(lang))) == [], lang


# Round trip ------------------------------------------------------------------------------------

_CHARS = list("公文保密学习题库甲乙丙丁abcXYZ019 　\n|｜\\'=+-@:：_#")
_TEXT = st.text(st.sampled_from(_CHARS), min_size=1, max_size=15).map(str.strip).filter(bool)
_TAG = _TEXT.map(lambda t: re.sub(r"[\n、]", "", t).strip()).filter(bool)


@st.composite
def questions(draw: st.DrawFn) -> Question:
    kind = draw(st.sampled_from(["single", "multiple", "truefalse", "fill", "short"]))
    extras = {
        "explanation": draw(st.one_of(st.just(""), _TEXT)),
        "category": draw(st.one_of(st.just(""), _TEXT)),
        "tags": tuple(draw(st.lists(_TAG, max_size=3)))
        + tuple(draw(st.lists(st.sampled_from(["难度:易", "难度:难"]), max_size=1))),
    }
    if kind in ("single", "multiple"):
        texts = draw(st.lists(_TEXT, min_size=2, max_size=8))
        last = len(texts) - 1
        if kind == "single":
            right = {draw(st.integers(0, last))}
        else:
            right = draw(st.sets(st.integers(0, last), min_size=2))
        share = 1.0 / len(right)
        picked = tuple(Choice(t, share if i in right else 0.0) for i, t in enumerate(texts))
        return Question(type=kind, text=draw(_TEXT), choices=picked, **extras)
    if kind == "truefalse":
        return Question(type=kind, text=draw(_TEXT), answer=draw(st.booleans()), **extras)
    if kind == "fill":
        answers = draw(st.lists(_TEXT, min_size=1, max_size=4))
        tolerance = frozenset(draw(st.sets(st.sampled_from(TOLERANCES))))
        return Question(
            type=kind,
            text=draw(_TEXT),
            choices=tuple(Choice(a, 1.0) for a in answers),
            tolerance=tolerance,
            **extras,
        )
    return Question(type=kind, text=draw(_TEXT), **extras)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(questions(), min_size=1, max_size=6))
def test_write_read_parse_is_the_identity(generated: list[Question]) -> None:
    result = parse_template(read_template(write_template(generated), "bank.xlsx"))
    assert result.ok, result.problems
    assert [replace(q, line=0) for q in result.questions] == generated
    assert [q.line for q in result.questions] == list(range(2, len(generated) + 2))
