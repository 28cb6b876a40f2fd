"""GIFT import and export: Moodle's own fixture files, hand-written Chinese banks with every type
and every error, the shipped banks, and export → import as the identity."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from learnhub.errors import ValidationError
from learnhub.i18n import LANGUAGES, catalogue, translate
from learnhub.questions.gift import BLANK, parse_gift, write_gift
from learnhub.questions.gift_write import GRADES, tag_writable
from learnhub.questions.model import Choice, ImportProblem, ParseResult, Question, Skipped

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parents[2] / "shared/fixtures/moodle/gift"
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason="Moodle's fixture files are not next to this checkout"
)


def parse_fixture(name: str) -> ParseResult:
    return parse_gift((FIXTURES / name).read_text(encoding="utf-8"))


def by_line(result: ParseResult) -> dict[int, Question]:
    return {q.line: q for q in result.questions}


def unplaced(questions: list[Question]) -> list[Question]:
    return [replace(q, line=0) for q in questions]


# --- Moodle's fixtures: what giftformat_test.php expects of each question ------------------------


@needs_fixtures
def test_moodle_questions_fixture() -> None:
    result = parse_fixture("questions.gift.txt")
    assert result.problems == []
    # Moodle imports 9 (behat import.feature); matching and numerical are not LearnHub types.
    assert result.skipped == [
        Skipped(5, "matching", "Moodle activities"),
        Skipped(31, "numerical", "Q5"),
    ]
    assert len(result.questions) == 7
    q = by_line(result)
    # test_import_essay
    assert q[2] == Question("short", "How are you?", "Q8", line=2)
    # test_import_multichoice: fractions 1, 0, 0; the [html]/[plain] markers are dropped.
    assert q[14] == Question(
        "single",
        "What's between orange and green in the spectrum?",
        "Q2",
        (
            Choice("yellow", 1.0, "right; good!"),
            Choice("red", 0.0, "wrong, it's yellow"),
            Choice("blue", 0.0, "wrong, it's yellow"),
        ),
        line=14,
    )
    # test_import_multichoice_multi: single = 0, fractions 0.5, -1, 0.5, -1.
    assert q[22] == Question(
        "multiple",
        "What's between orange and green in the spectrum?",
        "colours",
        (
            Choice("yellow", 0.5, "right; good!"),
            Choice("red", -1.0, "wrong"),
            Choice("off-beige", 0.5, "right; good!"),
            Choice("blue", -1.0, "wrong"),
        ),
        line=22,
    )
    # test_import_shortanswer: answers Frog, Cat, * with fractions 1, 0.5, 0.
    assert q[34] == Question(
        "fill",
        "Which is the best animal?",
        "Shortanswer",
        (
            Choice("Frog", 1.0, "Good!"),
            Choice("Cat", 0.5, "What is it with Moodlers and cats?"),
            Choice("*", 0.0, "Completely wrong"),
        ),
        line=34,
    )
    # test_import_truefalse: correctanswer 0, feedbacktrue is the first (wrong) feedback. The
    # fixture ends "…reference.}\";" (left over from a PHP string), so Moodle's readquestion
    # treats it as a missing-word question and keeps the '";' after the blank.
    assert q[41] == Question(
        "truefalse",
        f'42 is the Absolute Answer to everything.{BLANK}";',
        "Q1",
        answer=False,
        feedback_wrong="42 is the Ultimate Answer.",
        feedback_right="You gave the right answer.",
        explanation="This is, of course, a Hitchiker's Guide to the Galaxy reference.",
        line=41,
    )
    # test_import_truefalse_true_answer1 / 2: {T} and {TRUE}.
    for line in (46, 49):
        assert q[line] == Question(
            "truefalse", "TSL is blablabla.", "2-08 TSL", answer=True, line=line
        )


@needs_fixtures
def test_moodle_category_fixture() -> None:
    result = parse_fixture("questions_in_category.gift.txt")
    assert result.problems == []
    # Moodle: "Importing 4 questions from file"; the matching one is skipped here.
    assert result.skipped == [Skipped(5, "matching", "Moodle activities")]
    category = "Default for New Features"  # "$course$/" names Moodle's context, not a category
    greeting, user, acronym = result.questions
    assert greeting == Question(
        "single",
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:'
        "</a><br /><br />What language is being spoken?",
        "Greeting",
        (
            Choice("English", 0.0, "Sorry, listen again."),
            Choice("French", 1.0, "Yes, well done!"),
            Choice("German", 0.0, "Sorry, listen again."),
            Choice("Spanish", 0.0, "Sorry, listen again."),
        ),
        category=category,
        line=14,
    )
    assert user == Question(
        "fill",
        "Anyone who uses Moodle is a ...",
        "Moodle user",
        (Choice("Moodler", 1.0),),
        category=category,
        line=22,
    )
    assert acronym == Question(
        "truefalse",
        'Moodle is an acronym for <span style="font-style: italic;">Modular Object-Oriented '
        "Dynamic Learning Environment</span>.",
        "Moodle acronym",
        answer=True,
        category=category,
        line=27,
    )


@needs_fixtures
def test_moodle_examples_fixture() -> None:
    result = parse_fixture("examples.txt")
    assert result.problems == []
    assert [(s.line, s.kind) for s in result.skipped] == [
        (16, "numerical"),
        (55, "matching"),
        (61, "matching"),
        (70, "numerical"),
        (72, "numerical"),
        (74, "numerical"),
        (76, "numerical"),
        (85, "numerical"),
        (175, "numerical"),
        (177, "matching"),
        (202, "numerical"),
    ]
    assert result.skipped[-1].name == "Numerical example"
    assert len(result.questions) == 32  # 43 blocks, 11 skipped
    q = by_line(result)
    # Missing word: the blank goes where the braces were.
    assert q[10].text == f"Grant is {BLANK} in Grant's tomb."
    assert [(c.text, c.weight) for c in q[10].choices] == [
        ("buried", 0.0),
        ("entombed", 1.0),
        ("living", 0.0),
    ]
    assert q[29].text == (
        f"The American holiday of Thanksgiving is celebrated on the {BLANK} Thursday of November."
    )
    assert (q[45].type, q[45].text) == ("fill", f"Two plus two equals {BLANK}.")
    assert (q[49].answer, q[51].answer) == (False, True)
    # A name, and a text over two lines.
    assert (q[90].name, q[90].text) == (
        "Kanji Origins",
        "Japanese characters originally\ncame from what country?",
    )
    assert q[108].text == "Who's buried in **Grant's tomb**?"  # [markdown] dropped
    assert q[113].feedback_wrong == "No one is buried in Grant's tomb."
    assert [c.weight for c in q[117].choices] == [0.0, 0.25, 0.5, 1.0]
    assert q[117].text == f"Jesus Christ was from {BLANK}."
    assert (q[123].type, [c.weight for c in q[123].choices]) == ("fill", [1.0, 0.75, 0.25])
    assert (q[130].type, [c.weight for c in q[130].choices]) == ("multiple", [0, 0.5, 0.5, 0])
    assert [c.weight for c in q[136].choices] == [-0.5, 0.5, 0.5, -0.5]
    assert [c.text for c in q[143].choices] == ["= 2 + 2", "= 2 + 3", "= 2 + 4"]
    control = q[148]
    assert control.name == "GIFT Control Characters"
    assert [(c.text, c.weight) for c in control.choices] == [
        ("~", 0.0),
        ("=", 0.0),
        ("#", 0.0),
        ("{", 0.0),
        ("}", 0.0),
        ("\\", 1.0),
    ]
    assert control.choices[0].feedback == "~ is a control character."
    assert control.choices[5].feedback.startswith("Correct! \\ (backslash) is not")
    assert control.choices[5].feedback.endswith("backslash\n(as shown in this example).")
    assert [c.feedback for c in q[184].choices] == [
        "No one is buried there.",
        "Right answer!",
        "We hope not!",
    ]


# --- Hand-written Chinese GIFT: every type LearnHub takes ----------------------------------------

CHINESE = r"""// 县委组织部 2026 年春季学习题库
$CATEGORY: 业务/公文

// [tag:公文] [tag:基础]
::GW01::[html]党政机关公文的种类共有多少种？{
	=15 种#对，条例规定了 15 种。
	~12 种#不对，少算了。
	~%-50%18 种
	####解析：见《党政机关公文处理工作条例》第八条。
}

::GW02::属于公文版头的有（多选）{
	~%50%份号
	~%50%签发人
	~%-100%抄送机关#抄送机关属于版记
}

::GW03::报告中可以夹带请示事项。{F#报告不得夹带请示事项。#回答正确。####见条例第十五条。}

::GW04::向上级机关行文，原则上主送一个上级机关。{TRUE}

::GW05::国家秘密的密级分为绝密、机密和{=秘密#正确 =%50%秘密级#意思对，但多了“级”}三级。

::GW06::请结合工作实际，谈谈如何提高公文质量。{####要点：格式规范、内容准确。}

$CATEGORY: $course$/top/业务/保密

::BM01::涉密文件的\{份号\}标注在哪里？{=左上角 =版头左上角}

::BM02::[markdown]下列说法\: \= 号和 \# 号要转义，对吗？{
=是
~否
}

::PP01::把文种和行文方向配对。{
=请示 -> 上行文
=批复 -> 下行文
}

::SZ01::《党政机关公文格式》国家标准发布于哪一年？{#2012}

::SM01::以下为公文写作部分的题目。
"""


def test_chinese_bank_every_type() -> None:
    result = parse_gift(CHINESE)
    assert result.problems == []
    assert result.skipped == [
        Skipped(35, "matching", "PP01"),
        Skipped(40, "numerical", "SZ01"),
        Skipped(42, "description", "SM01"),
    ]
    gw01, gw02, gw03, gw04, gw05, gw06, bm01, bm02 = result.questions
    公文 = "业务/公文"
    assert gw01 == Question(
        "single",
        "党政机关公文的种类共有多少种？",
        "GW01",
        (
            Choice("15 种", 1.0, "对，条例规定了 15 种。"),
            Choice("12 种", 0.0, "不对，少算了。"),
            Choice("18 种", -0.5),
        ),
        explanation="解析：见《党政机关公文处理工作条例》第八条。",
        category=公文,
        tags=("公文", "基础"),
        line=5,
    )
    assert gw02 == Question(
        "multiple",
        "属于公文版头的有（多选）",
        "GW02",
        (
            Choice("份号", 0.5),
            Choice("签发人", 0.5),
            Choice("抄送机关", -1.0, "抄送机关属于版记"),
        ),
        category=公文,
        line=12,
    )
    assert gw03 == Question(
        "truefalse",
        "报告中可以夹带请示事项。",
        "GW03",
        answer=False,
        feedback_wrong="报告不得夹带请示事项。",
        feedback_right="回答正确。",
        explanation="见条例第十五条。",
        category=公文,
        line=18,
    )
    assert (gw04.type, gw04.answer, gw04.line) == ("truefalse", True, 20)
    assert gw05 == Question(
        "fill",
        f"国家秘密的密级分为绝密、机密和{BLANK}三级。",
        "GW05",
        (Choice("秘密", 1.0, "正确"), Choice("秘密级", 0.5, "意思对，但多了“级”")),
        category=公文,
        line=22,
    )
    assert gw06 == Question(
        "short",
        "请结合工作实际，谈谈如何提高公文质量。",
        "GW06",
        explanation="要点：格式规范、内容准确。",
        category=公文,
        line=24,
    )
    assert bm01 == Question(
        "fill",
        "涉密文件的{份号}标注在哪里？",
        "BM01",
        (Choice("左上角", 1.0), Choice("版头左上角", 1.0)),
        category="业务/保密",
        line=28,
    )
    assert (bm02.type, bm02.text) == ("single", "下列说法: = 号和 # 号要转义，对吗？")
    assert [(c.text, c.weight) for c in bm02.choices] == [("是", 1.0), ("否", 0.0)]


def test_layout_details() -> None:
    # BOM, Windows line ends, a full-width space kept (PHP's trim leaves it), comments inside
    # a question, a category path with spaces, \n in a text, a question without a name.
    text = (
        "\ufeff$CATEGORY:  政治理论 / 学习日 \r\n\r\n"
        "// 第一题\r\n\u3000两个学习日是\\n哪两天？{\r\n// 行内注释\r\n=周一和周五\r\n}\r\n"
    )
    result = parse_gift(text)
    assert result.questions == [
        Question(
            "fill",
            "\u3000两个学习日是\n哪两天？",
            choices=(Choice("周一和周五", 1.0),),
            category="政治理论/学习日",
            line=4,
        )
    ]
    # An old Mac file (carriage returns only) and PHP's empty("0"): a "0" line separates.
    mac = parse_gift("::A::甲{T}\r0\r::B::乙{F}")
    assert [(q.name, q.line) for q in mac.questions] == [("A", 1), ("B", 3)]
    # A comment-only block is nothing; a question after a problem still counts.
    mixed = parse_gift("// 只有注释\n\n::坏::题目{=甲\n\n::好::题目{T}\n")
    assert mixed.problems == [ImportProblem(3, "gift.brace_missing", {})]
    assert [q.name for q in mixed.questions] == ["好"]


# --- Every error: the question's first line, a catalogue key, its parameters ---------------------

ERRORS = [
    ("::E::题目{=答案", "gift.brace_missing", {}),
    ("::E::题目=答案}", "gift.brace_missing", {}),
    ("::E::第一题{=甲}\n::F::第二题{=乙}", "gift.brace_extra", {}),  # no blank line between
    ("::E::题目}{=答案", "gift.brace_extra", {}),
    ("::E::题目{=甲 {乙}", "gift.brace_extra", {}),
    ("::E::题目｛=答案｝", "gift.fullwidth_braces", {}),
    ("$CATEGORY: 业务\n::E::题目{T}", "gift.category_not_alone", {}),
    ("::E::{T}", "gift.empty_text", {}),
    ("::E::[html]{}", "gift.empty_text", {}),
    ("::E::题目{~只有一个选项}", "gift.too_few_answers", {"min": 2}),
    ("::E::题目{=对的 ~  }", "gift.too_few_answers", {"min": 2}),
    ("::E::题目{0}", "gift.too_few_answers", {"min": 1}),
    ("::E::题目{~%--50%甲 =乙}", "gift.weight_invalid", {"weight": "--50"}),
    ("::E::题目{~%33%甲 =乙}", "gift.weight_not_allowed", {"weight": "33"}),
    ("::E::题目{~%150%甲 ~乙}", "gift.weight_not_allowed", {"weight": "150"}),
    ("::E::题目{=甲 =%12%乙}", "gift.weight_not_allowed", {"weight": "12"}),
    ("::E::题目{~甲 ~乙 ~丙}", "gift.weights_not_100", {"total": "0"}),
    ("::E::题目{~%50%甲 ~%50%乙 ~%50%丙}", "gift.weights_not_100", {"total": "150"}),
    ("::E::题目{= ~甲 ~乙}", "gift.single_no_right", {}),
    ("::E::题目{=%50%甲 =%25%乙}", "gift.fill_no_full_answer", {"max": "50"}),
    ("::E::题目{=甲 =%50%#只有反馈}", "gift.blank_answer", {}),
    ("::E::题目{=}", "gift.blank_answer", {}),
    ("::E::题目{对}", "gift.truefalse_value", {"value": "对"}),
    ("::E::题目{true}", "gift.truefalse_value", {"value": "true"}),
    ("::E::题目{True#反馈}", "gift.truefalse_value", {"value": "True"}),
    ("::E::题目{×}", "gift.truefalse_value", {"value": "×"}),
    ("::E::配对{=甲 -> 1 =乙}", "gift.matching_format", {}),
    ("::E::配对{=甲 -> 1}", "gift.too_few_answers", {"min": 2}),
    ("::E::数值{#}", "gift.numerical_no_answers", {}),
    ("::E::数值{#~#全错}", "gift.numerical_no_answers", {}),
    ("::E::数值{#5:abc}", "gift.numerical_not_number", {"value": "5:abc"}),
    ("::E::数值{#1..x}", "gift.numerical_not_number", {"value": "1..x"}),
    ("::E::数值{#=%33%5}", "gift.weight_not_allowed", {"weight": "33"}),
]


@pytest.mark.parametrize(("gift", "key", "params"), ERRORS)
def test_every_error(gift: str, key: str, params: dict[str, object]) -> None:
    # A good question before it, and a comment line the reported line must skip.
    text = "::好::正确的题目{T}\n\n// 这一题有错\n" + gift + "\n\n::后::后面的题目{F}\n"
    result = parse_gift(text)
    assert result.problems == [ImportProblem(4, key, params)]
    assert [q.name for q in result.questions] == ["好", "后"]
    assert result.skipped == []


def test_what_moodle_accepts_is_not_an_error() -> None:
    # Moodle's quirks that still give a usable question are kept, not refused.
    tf_like_fill = parse_gift("::A::题目{=对}").questions[0]
    assert (tf_like_fill.type, tf_like_fill.choices) == ("fill", (Choice("对", 1.0),))
    # Text before the first ~ is one more (wrong) choice in Moodle.
    extra = parse_gift("::B::题目{甲 ~乙 =丙}").questions[0]
    assert [(c.text, c.weight) for c in extra.choices] == [("甲", 0), ("乙", 0), ("丙", 1)]
    # Two fully right choices in a single-choice question; weights written 100 and 50.0.
    two = parse_gift("::C::题目{=甲 ~%100%乙 ~%50.0%丙}").questions[0]
    assert (two.type, [c.weight for c in two.choices]) == ("single", [1.0, 1.0, 0.5])
    # A name with no closing "::": Moodle drops the opening one and takes no name.
    nameless = parse_gift("::题目{T}").questions[0]
    assert (nameless.name, nameless.text) == ("", "题目")
    # Moodle never checks a numerical answer itself, only the margin.
    assert parse_gift("::D::数值{#abc}").skipped == [Skipped(1, "numerical", "D")]


def test_messages_exist_in_both_languages_with_their_parameters() -> None:
    cases = [(key, params) for _, key, params in ERRORS]
    cases.append(("gift.cannot_write", {"number": 3, "name": "GW01"}))
    keys = {key for key in catalogue("zh") if key.startswith("gift.")}
    assert keys == {key for key in catalogue("en") if key.startswith("gift.")}
    assert {key for key, _ in cases} == keys  # every message is produced somewhere
    for key, params in cases:
        for lang in LANGUAGES:
            message = translate(key, lang, **params)
            assert message != key
            assert all(str(value) in message for value in params.values())


# --- The shipped banks ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(REPO.glob("content/courses/*/questions.gift")), ids=str)
def test_shipped_banks_parse_cleanly(path: Path) -> None:
    result = parse_gift(path.read_text(encoding="utf-8"))
    assert result.problems == [] and result.skipped == []
    assert len(result.questions) == 15
    assert {q.type for q in result.questions} == {"single", "multiple", "truefalse", "fill"}
    assert all(q.explanation and q.name and q.category for q in result.questions)
    assert unplaced(parse_gift(write_gift(result.questions)).questions) == unplaced(
        result.questions
    )


def test_there_are_shipped_banks() -> None:
    assert len(list(REPO.glob("content/courses/*/questions.gift"))) >= 2


# --- Writing -------------------------------------------------------------------------------------


def test_written_as_moodle_writes() -> None:
    # Moodle's test_export_* expectations, without the "// question: id" comment line.
    questions = [
        Question("short", "How are you?", "Q8"),
        Question(
            "single",
            "What's between orange and green in the spectrum?",
            "Q8",
            (
                Choice("yellow", 1.0, "right; good!"),
                Choice("red", 0.0, "wrong, it's yellow"),
                Choice("blue", 0.0, "wrong, it's yellow"),
            ),
        ),
        Question(
            "multiple",
            "What's between orange and green in the spectrum?",
            "Q8",
            (
                Choice("yellow", 1.0, "right; good!"),
                Choice("red", -0.5, "wrong, it's yellow"),
                Choice("blue", -0.5, "wrong, it's yellow"),
            ),
        ),
        Question(
            "fill",
            "Which is the best animal?",
            "Shortanswer",
            (
                Choice("Frog", 1.0, "Good!"),
                Choice("Cat", 0.5, "What is it with Moodlers and cats?"),
                Choice("*", 0.0, "Completely wrong"),
            ),
            explanation="Here is some general feedback!",
        ),
        Question(
            "truefalse",
            "42 is the Absolute Answer to everything.",
            "Q1",
            answer=True,
            feedback_wrong="42 is the Ultimate Answer.",
            feedback_right="You gave the right answer.",
        ),
        Question("short", "A \\ B \\\\ C", "backslash"),
    ]
    assert write_gift(questions) == (
        "::Q8::How are you?{}\n\n"
        "::Q8::What's between orange and green in the spectrum?{\n"
        "\t=yellow#right; good!\n\t~red#wrong, it's yellow\n\t~blue#wrong, it's yellow\n}\n\n"
        "::Q8::What's between orange and green in the spectrum?{\n"
        "\t~%100%yellow#right; good!\n\t~%-50%red#wrong, it's yellow\n"
        "\t~%-50%blue#wrong, it's yellow\n}\n\n"
        "::Shortanswer::Which is the best animal?{\n"
        "\t=Frog#Good!\n\t=%50%Cat#What is it with Moodlers and cats?\n"
        "\t=%0%*#Completely wrong\n\t####Here is some general feedback!\n}\n\n"
        "::Q1::42 is the Absolute Answer to everything."
        "{TRUE#42 is the Ultimate Answer.#You gave the right answer.}\n\n"
        "::backslash::A \\\\ B \\\\\\\\ C{}\n\n"
    )


def test_written_escapes_categories_and_tags() -> None:
    questions = [
        Question(
            "truefalse",
            "a~b=c#d{e}f:g\nh",
            "名:称",
            answer=False,
            feedback_right="#对#",
            category="业务/公文",
            tags=("公文", "a]b", "<坏>", " 空格 "),
        ),
        Question("short", "//不是注释", category="业务/公文"),
        Question("short", "[html]不是格式", category="top/旧题"),
        Question("short", "没有分类"),
    ]
    text = write_gift(questions)
    assert text == (
        "$CATEGORY: 业务/公文\n\n"
        "// [tag:公文] [tag:a\\]b] [tag:空格]\n"
        "::名\\:称::a\\~b\\=c\\#d\\{e\\}f\\:g\\nh{FALSE##\\#对\\#}\n\n"
        ":::://不是注释{}\n\n"
        "$CATEGORY: $course$/top/top/旧题\n\n"
        "[moodle][html]不是格式{}\n\n"
        "$CATEGORY: $course$/top\n\n"
        "没有分类{}\n\n"
    )
    back = parse_gift(text)
    assert back.problems == []
    assert back.questions[0].tags == ("公文", "a]b", "空格")  # "<坏>" Moodle cannot read back
    assert [q.category for q in back.questions] == ["业务/公文", "业务/公文", "top/旧题", ""]
    assert [q.text for q in back.questions[1:]] == ["//不是注释", "[html]不是格式", "没有分类"]


def test_written_edge_cases_come_back() -> None:
    questions = [
        # A fill-in answer with "->" (no "=", or Moodle reads matching), and one that says TRUE.
        Question("fill", "箭头", choices=(Choice("甲->乙", 1.0, "x->y"),)),
        Question("fill", "真", choices=(Choice("TRUE", 1.0),)),
        # A single-choice question with two fully right choices, and "%" starting a choice.
        Question(
            "single",
            "题目",
            choices=(Choice("甲", 1.0), Choice("乙", 1.0), Choice("%50%丙", 0.0)),
        ),
        Question("multiple", "题目", choices=(Choice("%5%甲", 1.0), Choice("乙", -1.0))),
        Question("fill", "题目", choices=(Choice("%甲", 1.0),)),
        Question(
            "truefalse", "题目", answer=True, feedback_right="只有对的反馈", explanation="解析"
        ),
    ]
    assert unplaced(parse_gift(write_gift(questions)).questions) == questions


def test_what_gift_cannot_carry_is_dropped_or_refused() -> None:
    # Tolerance has no GIFT syntax; texts are trimmed; weights snap to Moodle's grades.
    fill = Question(
        "fill",
        "  题目\r\n ",
        choices=(Choice(" 甲 ", 1.0), Choice("乙", 1 / 3), Choice("  ", 0.0)),
        tolerance=frozenset({"case", "width"}),
        line=7,
    )
    assert parse_gift(write_gift([fill])).questions == [
        Question("fill", "题目", choices=(Choice("甲", 1.0), Choice("乙", 0.3333333)), line=1)
    ]
    refused = [
        Question("single", "没有正确答案", choices=(Choice("甲", 0.5), Choice("乙", 0.0))),
        Question("single", "分值不对", choices=(Choice("甲", 1.0), Choice("乙", 0.33))),
        Question("multiple", "合计不到", choices=(Choice("甲", 0.5), Choice("乙", 0.0))),
        Question("multiple", "只有一个", choices=(Choice("甲", 1.0),)),
        Question("fill", "箭头", choices=(Choice("甲->乙", 1.0), Choice("丙", 1.0))),
        Question("fill", "没有答案"),
        Question("truefalse", "没有答案"),
        Question("short", ""),
        Question("matching", "不支持的题型"),
        Question("short", "有选项", choices=(Choice("甲", 1.0),)),
    ]
    for number, question in enumerate(refused, 2):
        with pytest.raises(ValidationError) as caught:
            write_gift([Question("short", "前一题"), question])
        assert caught.value.key == "gift.cannot_write"
        assert caught.value.params["number"] == 2, number


# --- Export → import is the identity ------------------------------------------------------------

_CHARS = "ab 中文题目答案~=#{}:\\\n[]%->/_TF*$0"
_RIGHT_SPLITS = [
    [1.0],
    [0.5, 0.5],
    [0.75, 0.25],
    [0.6, 0.4],
    [0.3333333] * 3,
    [0.25] * 4,
]
_PARTIAL = [g for g in GRADES if 0 < g < 1]
_WRONG = [g for g in GRADES if g <= 0]


def _texts(min_size: int = 1) -> st.SearchStrategy[str]:
    return (
        st.text(alphabet=_CHARS, max_size=12)
        .map(lambda t: t.strip(" \n"))
        .filter(lambda t: len(t) >= min_size)
    )


def _choices(weights: list[float]) -> st.SearchStrategy[tuple[Choice, ...]]:
    one = [st.builds(Choice, _texts(), st.just(w), _texts(0)) for w in weights]
    return st.tuples(*one).flatmap(lambda cs: st.permutations(cs)).map(tuple)


@st.composite
def _questions(draw: st.DrawFn) -> Question:
    kind = draw(st.sampled_from(["single", "multiple", "truefalse", "fill", "short"]))
    common = {
        "text": draw(_texts()),
        "name": draw(_texts(0)),
        "explanation": draw(_texts(0)),
        "category": draw(st.sampled_from(["", "业务/学习日课程", "top/旧题", "$course$/x", "x"])),
        "tags": tuple(draw(st.lists(_texts().filter(tag_writable), max_size=2))),
    }
    if kind == "single":
        others = draw(st.lists(st.sampled_from(_PARTIAL + _WRONG), min_size=1, max_size=3))
        return Question(kind, choices=draw(_choices([1.0, *others])), **common)
    if kind == "multiple":
        right = draw(st.sampled_from(_RIGHT_SPLITS))
        wrong = draw(st.lists(st.sampled_from(_WRONG), min_size=max(0, 2 - len(right)), max_size=2))
        return Question(kind, choices=draw(_choices(right + wrong)), **common)
    if kind == "fill":
        others = draw(st.lists(st.sampled_from([*_PARTIAL, 0.0]), max_size=3))
        choices = draw(_choices([1.0, *others]))
        # Moodle reads "=" answers with "->" in them as a matching question.
        assume(len(choices) == 1 or not any("->" in c.text + c.feedback for c in choices))
        return Question(kind, choices=choices, **common)
    if kind == "truefalse":
        return Question(
            kind,
            answer=draw(st.booleans()),
            feedback_wrong=draw(_texts(0)),
            feedback_right=draw(_texts(0)),
            **common,
        )
    return Question(kind, **common)


@settings(max_examples=300, deadline=None)
@given(st.lists(_questions(), max_size=6))
def test_export_then_import_is_the_identity(questions: list[Question]) -> None:
    result = parse_gift(write_gift(questions))
    assert result.problems == [] and result.skipped == []
    assert unplaced(result.questions) == questions
