"""The shipped course material is well-formed, and the checker names every kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnhub.content import CATEGORIES, check_content, load_course


def test_every_shipped_course_is_well_formed() -> None:
    courses, problems = check_content()
    assert [str(p) for p in problems] == []
    assert {c.category for c in courses} >= {"政治理论", "业务"}
    for course in courses:
        assert 4 <= len(course.lessons) <= 6, course.slug
        assert course.question_bank is not None
        assert all(len(lesson.body) >= 300 for lesson in course.lessons), course.slug


def write_course(folder: Path, lessons: dict[str, str], gift: str | None = None) -> Path:
    folder.mkdir()
    names = ", ".join(f'"{name}"' for name in lessons)
    (folder / "course.toml").write_text(
        f'slug = "{folder.name}"\ntitle = "测试课程"\ncategory = "综合"\n'
        f'description = "用于测试"\nlessons = [{names}]\n',
        encoding="utf-8",
    )
    for name, text in lessons.items():
        (folder / name).write_text(text, encoding="utf-8")
    questions = "\n\n".join(f"::Q{i}:: 问题{i} {{T}}" for i in range(10))
    (folder / "questions.gift").write_text(
        gift if gift is not None else "$CATEGORY: 测试\n\n" + questions, encoding="utf-8"
    )
    return folder


GOOD = '+++\ntitle = "第一课"\ncredit_hours = 1.5\n+++\n\n## 正文\n\n内容。\n'


def problems_of(tmp_path: Path, lessons: dict[str, str], gift: str | None = None) -> list[str]:
    course = load_course(write_course(tmp_path / "c", lessons, gift))
    return [problem.message for problem in course.problems]


def test_a_good_course_has_no_problems(tmp_path: Path) -> None:
    assert problems_of(tmp_path, {"01.md": GOOD}) == []
    course = load_course(tmp_path / "c")
    assert course.lessons[0].title == "第一课" and course.lessons[0].credit_hours == 1.5
    assert course.category in CATEGORIES


@pytest.mark.parametrize(
    ("lesson", "expected"),
    [
        ("## 没有 front matter\n", "no front matter"),
        ('+++\ntitle = "x"\ncredit_hours = 0.7\n+++\n正文\n', "credit_hours"),
        ('+++\ntitle = "x"\ncredit_hours = 1\n+++\n<script>alert(1)</script>\n', "raw HTML"),
        ('+++\ntitle = "x"\ncredit_hours = 1\n+++\n', "no text"),
        ("+++\ncredit_hours = 1\n+++\n正文\n", "title is missing"),
        ('+++\ntitle = "x\ncredit_hours = 1\n+++\n正文\n', "not valid TOML"),
    ],
)
def test_a_broken_lesson_is_named(tmp_path: Path, lesson: str, expected: str) -> None:
    assert any(expected in message for message in problems_of(tmp_path, {"01.md": lesson}))


def test_an_unlisted_lesson_and_a_broken_bank_are_named(tmp_path: Path) -> None:
    folder = write_course(tmp_path / "c", {"01.md": GOOD}, gift="::Q1:: 没有答案\n")
    (folder / "02.md").write_text(GOOD, encoding="utf-8")
    messages = [p.message for p in load_course(folder).problems]
    assert any("not listed" in m for m in messages)
    assert any("no $CATEGORY" in m for m in messages)
    assert any("answer part" in m for m in messages)
