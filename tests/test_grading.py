"""Grading one response: every type and multiple-choice rule, fill-in tolerance and wildcards,
refused responses, JSON round trips, and points. Expected values are worked out by hand."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnhub.errors import ValidationError
from learnhub.grading import (
    MAX_FILL_CHARS,
    MULTIPLE_RULES,
    Grade,
    check_response,
    fill_matches,
    grade,
    response_from_json,
    response_to_json,
    score,
)
from learnhub.i18n import translate
from learnhub.questions.model import Choice, Question

THIRD = 0.3333333  # GIFT %33.33333%

CAPITAL = Question(
    "single",
    "我国的首都是哪座城市？",
    choices=(Choice("北京", 1.0), Choice("上海", 0.0), Choice("南京", 0.5), Choice("广州", -0.5)),
)
TWO_RIGHT = Question(
    "single",
    "“两个维护”中的第一个是？",
    choices=(Choice("坚决维护核心地位", 1.0), Choice("维护核心地位", 1.0), Choice("其他", 0.0)),
)
CITIES = Question(
    "multiple",
    "下列城市中，属于直辖市的有",
    choices=(
        Choice("北京", THIRD),
        Choice("上海", THIRD),
        Choice("天津", THIRD),
        Choice("广州", -1.0),
        Choice("杭州", -0.5),
    ),
)
TRUEFALSE = Question("truefalse", "长江是中国最长的河流。", answer=True)
FALSE_STATEMENT = Question("truefalse", "黄河是中国最长的河流。", answer=False)
COUNTRY = Question(
    "fill",
    "我国的全称是____。",
    choices=(Choice("中国", 0.5), Choice("中华人民共和国", 1.0)),
)
ESSAY = Question("short", "简述开展读书竞赛的意义。")


def fill(*answers: str, tolerance: frozenset[str] = frozenset()) -> Question:
    return Question(
        "fill", "填空", choices=tuple(Choice(a, 1.0) for a in answers), tolerance=tolerance
    )


def refused(question: Question, response: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_response(question, response)
    return caught.value


# --- single -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "fraction"),
    [((0,), 1.0), ((1,), 0.0), ((2,), 0.5), ((3,), 0.0), ((), 0.0), (None, 0.0)],
)
def test_single_earns_the_chosen_weight_clamped(response: tuple[int, ...], fraction: float) -> None:
    result = grade(CAPITAL, response)
    assert result.fraction == fraction
    assert result.correct is (fraction == 1.0)
    assert result.right_answer == (0,)


def test_single_with_two_fully_right_choices() -> None:
    assert grade(TWO_RIGHT, (0,)).correct
    assert grade(TWO_RIGHT, (1,)).correct
    assert grade(TWO_RIGHT, (2,)).fraction == 0.0
    assert grade(TWO_RIGHT, None).right_answer == (0, 1)


# --- multiple -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        # chosen                 all_or_nothing  partial  weights
        ((0, 1, 2), (1.0, 1.0, 1.0)),  # weights: 0.9999999 → 1.0
        ((0, 1), (0.0, 0.6667, 0.6667)),  # 少选: 2 of 3 right
        ((2,), (0.0, 0.3333, 0.3333)),
        ((0, 1, 2, 4), (0.0, 0.0, 0.5)),  # 错选 杭州 (−0.5): partial gives 0
        ((0, 3), (0.0, 0.0, 0.0)),  # 0.3333333 − 1 clamped to 0
        ((3, 4), (0.0, 0.0, 0.0)),
        ((), (0.0, 0.0, 0.0)),
        (None, (0.0, 0.0, 0.0)),
    ],
)
def test_multiple_under_each_rule(
    chosen: tuple[int, ...] | None, expected: tuple[float, float, float]
) -> None:
    got = tuple(grade(CITIES, chosen, multiple_rule=rule).fraction for rule in MULTIPLE_RULES)
    assert got == expected
    assert grade(CITIES, chosen).right_answer == (0, 1, 2)


def test_partial_is_the_default_rule() -> None:
    assert grade(CITIES, (0, 1)).fraction == 0.6667


def test_partial_shares_are_equal_whatever_the_weights() -> None:
    uneven = Question(
        "multiple",
        "以下属于新发展理念的是",
        choices=(Choice("创新", 0.7), Choice("协调", 0.3), Choice("守旧", 0.0)),
    )
    assert grade(uneven, (1,), multiple_rule="partial").fraction == 0.5
    assert grade(uneven, (1,), multiple_rule="weights").fraction == 0.3
    # A zero-weight choice is a wrong choice: 错选不得分.
    assert grade(uneven, (0, 1, 2), multiple_rule="partial").fraction == 0.0
    assert grade(uneven, (0, 1, 2), multiple_rule="weights").fraction == 1.0


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        grade(CITIES, (0,), multiple_rule="half")
    assert caught.value.key == "grading.rule_unknown"
    assert "half" in caught.value.message("zh")


# --- true/false ---------------------------------------------------------------------------------


def test_truefalse() -> None:
    assert grade(TRUEFALSE, True).fraction == 1.0
    assert grade(TRUEFALSE, False).fraction == 0.0
    assert grade(TRUEFALSE, None).fraction == 0.0
    assert grade(FALSE_STATEMENT, False).correct
    assert grade(FALSE_STATEMENT, True).right_answer is False


def test_a_truefalse_without_its_answer_cannot_be_graded() -> None:
    with pytest.raises(ValidationError) as caught:
        grade(Question("truefalse", "无答案"), True)
    assert caught.value.key == "grading.question_incomplete"


# --- fill ---------------------------------------------------------------------------------------


def test_fill_takes_the_best_accepted_answer() -> None:
    assert grade(COUNTRY, "中华人民共和国").fraction == 1.0
    assert grade(COUNTRY, "中国").fraction == 0.5
    assert grade(COUNTRY, "中华民国").fraction == 0.0
    assert grade(COUNTRY, "").fraction == 0.0
    assert grade(COUNTRY, None).fraction == 0.0
    assert grade(COUNTRY, "中国").right_answer == ("中华人民共和国",)
    wild_first = Question("fill", "填空", choices=(Choice("中*", 0.5), Choice("中国", 1.0)))
    assert grade(wild_first, "中国").fraction == 1.0
    assert grade(wild_first, "中东").fraction == 0.5


def test_fill_without_tolerance_only_trims() -> None:
    assert grade(COUNTRY, "  中华人民共和国\u3000").correct  # a full-width space at the end too
    assert grade(COUNTRY, "中华 人民共和国").fraction == 0.0
    assert not fill_matches("abc", "ABC")
    assert not fill_matches("abc", "ａｂｃ")
    # The same text composed or decomposed is the same text.
    assert fill_matches("café", "cafe\u0301")


@pytest.mark.parametrize(
    ("accepted", "typed", "tolerance", "matches"),
    [
        ("中华人民共和国", "中华 人民共和国", "whitespace", True),
        ("中华人民共和国", "中华\u3000人民共和国", "whitespace", True),
        ("中华人民共和国", "中 华 人 民\t共和国", "whitespace", True),
        ("中华 人民共和国", "中华人民共和国", "whitespace", True),  # removed on both sides
        ("abc", "ABC", "case", True),
        ("abc", "ＡＢＣ", "case", False),  # ａｂｃ is still full-width
        ("abc", "ＡＢＣ", "width", False),  # ABC is still upper case
        ("abc", "ＡＢＣ", "case width", True),
        ("CPU", "ＣＰＵ", "width", True),
        ("1921年", "１９２１年", "width", True),
        ("C++", "Ｃ＋＋", "width", True),
        ("第二十次全国代表大会", "第二十次全国代表大会（", "width", False),
        ("Xi Jinping Thought", "xijinpingthought", "case whitespace", True),
        (
            "Xi Jinping Thought",
            "ＸＩ　ＪＩＮＰＩＮＧ　ＴＨＯＵＧＨＴ",
            "case whitespace width",
            True,
        ),
        ("Xi Jinping Thought", "ＸＩ　ＪＩＮＰＩＮＧ　ＴＨＯＵＧＨＴ", "case whitespace", False),
        ("Straße", "STRASSE", "case", True),  # casefold, not lower
    ],
)
def test_fill_tolerance(accepted: str, typed: str, tolerance: str, matches: bool) -> None:
    forgive = frozenset(tolerance.split())
    assert fill_matches(accepted, typed, forgive) is matches
    assert grade(fill(accepted, tolerance=forgive), typed).correct is matches


@pytest.mark.parametrize(
    ("accepted", "typed", "matches"),
    [
        ("*", "随便写点什么", True),
        ("*", "", False),
        ("*", "  \u3000 ", False),
        ("北京*", "北京市", True),
        ("北京*", "北京", True),
        ("北京*", "南京市", False),
        ("第*次全国代表大会", "第二十次全国代表大会", True),
        ("第*次全国代表大会", "第二十次全国人民代表大会", False),
        ("*人民*", "中华人民共和国", True),
        ("北京**", "北京市", True),  # a run of stars is one wildcard, as in Moodle
        ("a.b", "axb", False),  # everything but * is literal
        ("(1+1)^2", "(1+1)^2", True),
        ("5\\*3", "5*3", True),  # \* is a star itself
        ("5\\*3", "5x3", False),
        ("北京＊", "北京市", False),  # a full-width star is text
        ("北京＊", "北京＊", True),
    ],
)
def test_fill_wildcard(accepted: str, typed: str, matches: bool) -> None:
    assert fill_matches(accepted, typed) is matches


def test_a_full_width_star_stays_text_under_width_tolerance() -> None:
    width = frozenset({"width"})
    assert fill_matches("北京＊", "北京*", width)
    assert not fill_matches("北京＊", "北京市", width)
    assert fill_matches("ＡＢ*", "AB Ｃ", frozenset({"width"}))


def test_wildcards_combine_with_tolerance() -> None:
    assert fill_matches("china*", "ＣＨＩＮＡ　ｔｏｄａｙ", frozenset({"case", "width"}))
    assert fill_matches("中华*共和国", "中华 人民 共和国", frozenset({"whitespace"}))


def test_short_answers_wait_for_a_person() -> None:
    result = grade(ESSAY, "读书竞赛促进了学习型机关建设。")
    assert result == Grade(None, None)
    assert not result.correct
    assert grade(ESSAY, None).fraction is None


# --- refused responses --------------------------------------------------------------------------


def test_invalid_responses_are_refused() -> None:
    error = refused(CAPITAL, (0, 2))
    assert error.key == "grading.single_one_choice" and error.params == {"n": 2}
    error = refused(CAPITAL, (4,))
    assert error.key == "grading.choice_out_of_range" and error.params == {"position": 5, "n": 4}
    assert refused(CAPITAL, (-1,)).key == "grading.choice_out_of_range"
    assert refused(CITIES, (0, 0)).key == "grading.choice_repeated"
    for question, response in [
        (CAPITAL, 0),  # a bare index instead of a tuple
        (CAPITAL, "A"),
        (CAPITAL, (True,)),  # bool is an int in Python, but not a position
        (CITIES, (0, 1.0)),
        (TRUEFALSE, 1),
        (TRUEFALSE, "对"),
        (COUNTRY, ["中国"]),
        (COUNTRY, 1),
        (ESSAY, (0,)),
    ]:
        assert refused(question, response).key == "grading.response_wrong_shape", response
    error = refused(COUNTRY, "中" * (MAX_FILL_CHARS + 1))
    assert error.key == "grading.text_too_long"
    assert check_response(COUNTRY, "中" * MAX_FILL_CHARS) == "中" * MAX_FILL_CHARS
    with pytest.raises(ValidationError):
        grade(CAPITAL, (9,))


def test_refusals_read_in_both_languages() -> None:
    error = refused(CAPITAL, (4,))
    assert "5" in error.message("zh") and "4" in error.message("zh")
    assert "5" in str(error) and "4" in str(error)
    assert translate("grading.single_one_choice", "en", n=2) != "grading.single_one_choice"


def test_an_unknown_question_type_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        grade(Question("matching", "配对"), None)
    assert caught.value.key == "grading.question_type_unknown"


def test_check_response_is_canonical() -> None:
    assert check_response(CITIES, [2, 0]) == (0, 2)
    assert check_response(CITIES, ()) == ()
    assert check_response(TRUEFALSE, None) is None


# --- JSON ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "response", "text"),
    [
        (CAPITAL, (2,), "[2]"),
        (CAPITAL, (), "[]"),
        (CITIES, (2, 0, 1), "[0,1,2]"),
        (TRUEFALSE, False, "false"),
        (COUNTRY, "中华 人民共和国", '"中华 人民共和国"'),
        (ESSAY, '第一，"学"字当头。\n第二……', '"第一，\\"学\\"字当头。\\n第二……"'),
        (ESSAY, None, "null"),
    ],
)
def test_json_round_trip(question: Question, response: object, text: str) -> None:
    saved = response_to_json(question, response)  # type: ignore[arg-type]
    assert saved == text
    assert response_from_json(question, saved) == check_response(question, response)
    assert json.loads(saved) is not None or response is None


def test_json_is_checked_on_the_way_in() -> None:
    with pytest.raises(ValidationError) as caught:
        response_from_json(CAPITAL, "[0")
    assert caught.value.key == "grading.response_not_json"
    for text in ("[0,1]", "[7]", "[0.0]", "true", '"北京"', '{"chosen":[0]}', "NaN"):
        with pytest.raises(ValidationError):
            response_from_json(CAPITAL, text)
    with pytest.raises(ValidationError):
        response_to_json(CAPITAL, (0, 1))


# --- points -------------------------------------------------------------------------------------


def test_score_adds_points_per_question() -> None:
    grades = [
        grade(CAPITAL, (0,)),
        grade(CITIES, (0, 1)),
        grade(ESSAY, "……"),
        grade(TRUEFALSE, False),
    ]
    result = score(grades, [2, 3, 5, 1.5])
    # 2 × 1, 3 × 0.6667 = 2.0001 → 2.0, ungraded, 1.5 × 0
    assert result.points == (2.0, 2.0, None, 0.0)
    assert result.total == 4.0
    assert result.max_total == 11.5
    assert result.pending == 1 and not result.final
    # Once a trainer grades the short answer at 80 %:
    graded = score([*grades[:2], 0.8, grades[3]], [2, 3, 5, 1.5])
    assert graded.points == (2.0, 2.0, 4.0, 0.0) and graded.total == 8.0 and graded.final


def test_score_rounds_halves_up_as_an_office_does() -> None:
    # 0.125 points: Python's round() gives 0.12; a clerk with a calculator writes 0.13.
    assert score([0.125]).points == (0.13,)
    assert score([0.5], 5.35).points == (2.68,)  # 2.675, which round() makes 2.67
    assert score([Grade(1.0, None)] * 3, 0.1).total == 0.3  # not 0.30000000000000004


def test_score_refuses_bad_points_and_fractions() -> None:
    with pytest.raises(ValidationError) as caught:
        score([1.0], [-1])
    assert caught.value.key == "grading.points_invalid"
    with pytest.raises(ValidationError):
        score([1.0], float("nan"))
    with pytest.raises(ValidationError) as caught:
        score([1.2])
    assert caught.value.key == "grading.fraction_invalid"
    with pytest.raises(ValueError):
        score([1.0, 1.0], [1.0])
    assert score([]).total == 0.0


# --- properties ---------------------------------------------------------------------------------

WEIGHTS = st.floats(min_value=-1, max_value=1, allow_nan=False)
TEXT = st.text(alphabet="北京中国人民 \u3000ＡＢabAB1１*\\.", max_size=8)
TOLERANCE = st.frozensets(st.sampled_from(("case", "whitespace", "width")))


@st.composite
def choice_question_and_response(draw: st.DrawFn) -> tuple[Question, tuple[int, ...]]:
    kind = draw(st.sampled_from(("single", "multiple")))
    weights = draw(st.lists(WEIGHTS, min_size=2, max_size=8))
    question = Question(
        kind, "题", choices=tuple(Choice(f"选项{i}", w) for i, w in enumerate(weights))
    )
    positions = range(len(weights))
    if kind == "single":
        chosen = draw(st.lists(st.sampled_from(positions), max_size=1))
    else:
        chosen = draw(st.lists(st.sampled_from(positions), unique=True))
    return question, tuple(chosen)


@st.composite
def valid_multiple(draw: st.DrawFn) -> Question:
    """A multiple-choice question as the importers accept it: right weights add up to 100 %."""
    right = draw(st.integers(min_value=1, max_value=6))
    if draw(st.booleans()):
        shares = [round(1 / right, 7)] * right  # Moodle's 33.33333 %, 14.28571 %, …
    else:
        cuts = sorted(
            draw(st.lists(st.integers(1, 99), min_size=right - 1, max_size=right - 1, unique=True))
        )
        shares = [(b - a) / 100 for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    wrong = draw(st.lists(st.sampled_from((0.0, -0.5, -1.0, -0.3333333)), max_size=4))
    weights = draw(st.permutations([*shares, *wrong]))
    return Question(
        "multiple", "多选", choices=tuple(Choice(f"选项{i}", w) for i, w in enumerate(weights))
    )


@given(choice_question_and_response(), st.sampled_from(MULTIPLE_RULES))
def test_fraction_is_always_within_0_and_1(
    case: tuple[Question, tuple[int, ...]], rule: str
) -> None:
    question, chosen = case
    result = grade(question, chosen, multiple_rule=rule)
    assert result.fraction is not None and 0.0 <= result.fraction <= 1.0
    assert result.correct is (result.fraction == 1.0)


@given(st.lists(st.tuples(TEXT, WEIGHTS), min_size=1, max_size=4), TEXT, TOLERANCE)
def test_fill_fraction_is_within_0_and_1(
    answers: list[tuple[str, float]], typed: str, tolerance: frozenset[str]
) -> None:
    question = Question(
        "fill", "填空", choices=tuple(Choice(t, w) for t, w in answers), tolerance=tolerance
    )
    fraction = grade(question, typed).fraction
    assert fraction is not None and 0.0 <= fraction <= 1.0


@given(valid_multiple())
def test_exactly_the_right_choices_earn_full_credit_under_every_rule(question: Question) -> None:
    right = tuple(i for i, c in enumerate(question.choices) if c.weight > 0)
    for rule in MULTIPLE_RULES:
        assert grade(question, right, multiple_rule=rule).correct, rule


@given(valid_multiple())
def test_choosing_everything_earns_nothing_under_partial(question: Question) -> None:
    everything = tuple(range(len(question.choices)))
    has_wrong = any(c.weight <= 0 for c in question.choices)
    assert grade(question, everything, multiple_rule="partial").correct is not has_wrong
    if has_wrong:
        assert grade(question, everything, multiple_rule="partial").fraction == 0.0


@given(st.lists(TEXT, min_size=1, max_size=3), TOLERANCE)
def test_every_accepted_answer_matches_itself(
    answers: list[str], tolerance: frozenset[str]
) -> None:
    question = fill(*answers, tolerance=tolerance)
    for answer in answers:
        # A literal answer (no wildcard) typed as written is right, whatever is forgiven.
        if "*" not in answer and answer.strip():
            assert grade(question, answer).correct, answer


@given(choice_question_and_response())
def test_json_round_trip_is_the_identity(case: tuple[Question, tuple[int, ...]]) -> None:
    question, chosen = case
    assert response_from_json(question, response_to_json(question, chosen)) == tuple(sorted(chosen))
