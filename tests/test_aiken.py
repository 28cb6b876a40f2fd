"""Aiken import and export: Moodle's own fixtures, hand-written Chinese files, round trips."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnhub.i18n import catalogue
from learnhub.questions.aiken import AikenWriteError, can_write_aiken, parse_aiken, write_aiken
from learnhub.questions.model import Choice, ImportProblem, Question

# Moodle's fixtures live beside the project checkout (../shared), never copied into it.
FIXTURES = Path(__file__).resolve().parents[2] / "shared/fixtures/moodle/aiken"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason="Moodle fixtures absent")
MODULE = Path(__file__).resolve().parents[1] / "learnhub/questions/aiken.py"


def single(text: str, *choices: str, right: int = 0, line: int = 0) -> Question:
    weights = [1.0 if i == right else 0.0 for i in range(len(choices))]
    return Question(
        type="single",
        text=text,
        choices=tuple(Choice(c, w) for c, w in zip(choices, weights, strict=True)),
        line=line,
    )


def keys(problems: list[ImportProblem]) -> list[tuple[int, str]]:
    return [(p.line, p.key) for p in problems]


@needs_fixtures
def test_moodle_error_fixture_gives_what_moodle_gives() -> None:
    # Moodle's aikenformat_test: four errors (lines 3, 5, 7, 18 in its messages), two questions.
    result = parse_aiken((FIXTURES / "aiken_errors.txt").read_text(encoding="utf-8"))
    assert result.problems == [
        ImportProblem(
            1,
            "aiken.too_few_answers",
            {"question": "A question with too few answers", "answer_line": 3},
        ),
        ImportProblem(5, "aiken.not_started", {"text": "A) Question not started"}),
        ImportProblem(7, "aiken.not_started", {"text": "ANSWER: Question not started"}),
        ImportProblem(
            14,
            "aiken.not_complete",
            {"question": "A question started but not finished", "next_line": 18},
        ),
    ]
    assert result.questions == [
        single("A good question", "Correct", "Incorrect", right=0, line=9),
        single(
            "A second good question",
            "Incorrect (No space)",
            "Correct (No space)",
            right=1,
            line=18,
        ),
    ]
    assert not result.ok


@needs_fixtures
def test_moodle_question_fixture_imports_both_questions_as_plain_text() -> None:
    result = parse_aiken((FIXTURES / "questions.aiken.txt").read_text(encoding="utf-8"))
    assert result.ok and result.skipped == []
    first, second = result.questions
    assert first == single(
        "The Moodle project was started by:",
        "Petr Skoda",
        "Martin Dougiamas",
        "Eloy Lafuente",
        "Tim Hunt",
        right=1,
        line=1,
    )
    # Moodle stores this HTML-escaped because it stores HTML; the text itself is the same.
    assert second.text == (
        "Moodle's abilities include handling user input that includes "
        '<html class="cool"> & images:'
    )
    assert [(c.text, c.weight) for c in second.choices] == [("True", 1.0), ("False", 0.0)]
    assert second.type == "single" and second.line == 8


@needs_fixtures
def test_fixture_path_is_the_shared_folder() -> None:
    assert FIXTURES.parts[-4:] == ("shared", "fixtures", "moodle", "aiken")
    assert (FIXTURES.parent / "README.md").is_file()


@needs_fixtures
def test_moodle_fixture_round_trips() -> None:
    questions = parse_aiken((FIXTURES / "questions.aiken.txt").read_text("utf-8")).questions
    again = parse_aiken(write_aiken(questions))
    assert again.ok
    assert [replace(q, line=0) for q in again.questions] == [replace(q, line=0) for q in questions]


CHINESE = (
    "\ufeff以下哪一项是公文的必备要素？\r\n"
    "A. 发文机关署名\r\n"
    "B) 附件说明\r\n"
    "C.抄送机关\r\n"
    "ANSWER: A\r\n"
    "\r\n"
    "  \r\n"
    "x\r\n"  # one byte: Moodle skips lines shorter than two bytes
    "保密工作的方针是？\n"
    "A) 积极防范、突出重点、依法管理\n"
    "B) 谁主管谁负责\n"
    "ANSWER:A\n"
    "密\n"  # one Chinese character is three bytes: a question on its own
    "A) 绝密\n"
    "B) 机密\n"
    "ANSWER: B 机密\n"
)


def test_hand_written_chinese_file() -> None:
    result = parse_aiken(CHINESE)
    assert result.ok
    assert result.questions == [
        single("以下哪一项是公文的必备要素？", "发文机关署名", "附件说明", "抄送机关", line=1),
        single("保密工作的方针是？", "积极防范、突出重点、依法管理", "谁主管谁负责", line=9),
        single("密", "绝密", "机密", right=1, line=13),
    ]


def test_moodle_quirks_are_kept() -> None:
    # The letter of a choice line is not checked (choices count in order), ANSWER takes its
    # first character only, a line like "U.S." is a choice line.
    text = "题干一\nC) 甲\nA) 乙\nANSWER: BC\n"
    assert parse_aiken(text).questions == [single("题干一", "甲", "乙", right=1, line=1)]
    assert parse_aiken("U.S. history\nA) x\nANSWER: A\n").problems[0].key == "aiken.not_started"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A) 甲\n", [(1, "aiken.not_started")]),
        ("ANSWER: A\n", [(1, "aiken.not_started")]),
        ("题一\n题二\nA) 甲\nB) 乙\nANSWER: A\n", [(1, "aiken.not_complete")]),
        ("题一\nA) 甲\nB) 乙\n", [(1, "aiken.not_complete_at_end")]),
        ("题一\nA) 甲\nANSWER: A\n", [(1, "aiken.too_few_answers")]),
        ("题一\nANSWER: A\n", [(1, "aiken.too_few_answers")]),
        ("题一\nA) 甲\nB)\nANSWER: A\n", [(1, "aiken.choice_empty")]),
        ("题一\nA) 甲\nB) 乙\nANSWER: C\n", [(1, "aiken.answer_invalid")]),
        ("题一\nA) 甲\nB) 乙\nANSWER: b\n", [(1, "aiken.answer_invalid")]),
        ("题一\nA) 甲\nB) 乙\nANSWER:\n", [(1, "aiken.answer_invalid")]),
        ("题一\nA) 甲\nB) 乙\nANSWER: 甲\n", [(1, "aiken.answer_invalid")]),
    ],
)
def test_every_error_case(text: str, expected: list[tuple[int, str]]) -> None:
    result = parse_aiken(text)
    assert keys(result.problems) == expected
    # Nothing of the faulty block is kept (in the not_complete case, 题二 is a good question).
    assert [q.line for q in result.questions if q.line == 1] == []


def test_errors_keep_nothing_of_their_question_but_the_rest_is_read() -> None:
    text = "题一\nA) 甲\nANSWER: A\n\n题二\nA) 甲\nB) 乙\nANSWER: B\n"
    result = parse_aiken(text)
    assert keys(result.problems) == [(1, "aiken.too_few_answers")]
    assert result.problems[0].params == {"question": "题一", "answer_line": 3}
    assert result.questions == [single("题二", "甲", "乙", right=1, line=5)]


def test_chinese_style_markers_get_a_hint() -> None:
    text = "公文的种类有几种？\nA、十三种\nＢ．十五种\nANSWER：B\n答案：B\n"
    result = parse_aiken(text)
    hints = [p.line for p in result.problems if p.key == "aiken.not_aiken_marker"]
    assert hints == [2, 3, 4, 5]
    assert result.questions == []
    # Outside a question such a line is an ordinary question text, as for Moodle.
    fine = parse_aiken("e.g. 下列哪项正确？\nA) 甲\nB) 乙\nANSWER: A\n")
    assert fine.ok and fine.questions[0].text == "e.g. 下列哪项正确？"


def test_long_question_is_shortened_in_messages() -> None:
    text = "问" * 100 + "\nA) 甲\nANSWER: A\n"
    shown = parse_aiken(text).problems[0].params["question"]
    assert isinstance(shown, str) and len(shown) == 40 and shown.endswith("…")


def test_write_aiken_is_moodles_layout() -> None:
    text = write_aiken([single("题一", "甲", "乙", right=1), single("题二", "丙", "丁")])
    assert text == "题一\nA) 甲\nB) 乙\nANSWER: B\n\n题二\nA) 丙\nB) 丁\nANSWER: A\n"


@pytest.mark.parametrize(
    ("question", "key"),
    [
        (Question(type="truefalse", text="对吗", answer=True), "aiken.write_not_single"),
        (
            Question(type="multiple", text="多选", choices=(Choice("a", 0.5), Choice("b", 0.5))),
            "aiken.write_not_single",
        ),
        (single("只有一个选项", "甲"), "aiken.write_choice_count"),
        (single("选项太多", *[f"选项{i}" for i in range(27)]), "aiken.write_choice_count"),
        (
            Question(type="single", text="部分得分", choices=(Choice("a", 1), Choice("b", 0.5))),
            "aiken.write_weights",
        ),
        (replace(single("有解析", "甲", "乙"), explanation="因为"), "aiken.write_lossy"),
        (replace(single("有名称", "甲", "乙"), name="q1"), "aiken.write_lossy"),
        (single("两行\n题干", "甲", "乙"), "aiken.write_text_unfit"),
        (single("A. 像选项", "甲", "乙"), "aiken.write_text_unfit"),
        (single("ANSWER: 像答案", "甲", "乙"), "aiken.write_text_unfit"),
        (single("a、像选项", "甲", "乙"), "aiken.write_text_unfit"),
        (single("x", "甲", "乙"), "aiken.write_text_unfit"),
        (single("空选项", "甲", ""), "aiken.write_choice_unfit"),
        (single("两行选项", "甲", "乙\n丙"), "aiken.write_choice_unfit"),
    ],
)
def test_write_refuses_what_aiken_cannot_hold(question: Question, key: str) -> None:
    with pytest.raises(AikenWriteError) as caught:
        write_aiken([question])
    assert caught.value.key == key
    assert isinstance(caught.value, ValueError)
    assert caught.value.params["question"] == question.text[:40]
    assert not can_write_aiken(question)


def test_lossy_drops_extras_and_joins_lines_but_never_the_grading() -> None:
    question = replace(
        single("两行\n题干", "甲", "乙\n丙", right=1),
        name="q1",
        explanation="解析",
        category="保密",
        tags=("t",),
        choices=(Choice("甲", 0.0, "不对"), Choice("乙\n丙", 1.0)),
    )
    assert can_write_aiken(question, lossy=True)
    (back,) = parse_aiken(write_aiken([question], lossy=True)).questions
    assert back == single("两行 题干", "甲", "乙 丙", right=1, line=1)
    partial = Question(type="single", text="部分", choices=(Choice("a", 1), Choice("b", 0.5)))
    with pytest.raises(AikenWriteError):
        write_aiken([partial], lossy=True)


def test_every_key_is_in_both_catalogues() -> None:
    used = set(re.findall(r"\"(aiken\.\w+)\"", MODULE.read_text(encoding="utf-8")))
    assert len(used) >= 13
    for lang in ("zh", "en"):
        assert sorted(used - set(catalogue(lang))) == [], lang


_PLAIN = st.text(
    st.sampled_from(list("公文保密学习题abcXYZ019 .)、:：<>&'\"|")), min_size=1, max_size=12
)
_LINE = _PLAIN.map(str.strip).filter(bool)


@st.composite
def writable_single(draw: st.DrawFn) -> Question:
    choices = draw(st.lists(_LINE, min_size=2, max_size=6))
    right = draw(st.integers(0, len(choices) - 1))
    text = draw(_LINE.filter(lambda t: len(t.encode()) >= 2))
    return single(text, *choices, right=right)


@settings(max_examples=200)
@given(st.lists(writable_single(), max_size=5))
def test_write_then_parse_is_the_identity(questions: list[Question]) -> None:
    questions = [q for q in questions if can_write_aiken(q)]
    result = parse_aiken(write_aiken(questions))
    assert result.ok
    assert [replace(q, line=0) for q in result.questions] == questions
