"""Loading the shipped course material, idempotently and all or nothing; who studied what."""

from __future__ import annotations

import shutil
import tomllib
from datetime import date
from pathlib import Path

import pytest
from conftest import Office

from learnhub.cli import main
from learnhub.content import COURSES_DIR
from learnhub.courses import ContentProblems, credit_hours_in_year, mark_studied, sync_content
from learnhub.errors import ValidationError
from learnhub.store import Store


def copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "courses"
    shutil.copytree(COURSES_DIR, root)
    return root


def counts(store: Store) -> tuple[int, int]:
    row = store.db.one(
        "SELECT (SELECT count(*) FROM courses), (SELECT count(*) FROM lessons WHERE published)"
    )
    assert row is not None
    return int(row[0]), int(row[1])


def test_sync_loads_the_shipped_courses_once(fresh_store: Store) -> None:
    first = sync_content(fresh_store)
    assert first.courses_created == 2 and first.lessons_created == 10
    catalogue = fresh_store.courses.published_courses()
    assert list(catalogue["category"]) == ["政治理论", "业务"]  # in the categories' order
    again = sync_content(fresh_store)
    assert not again.changed
    assert counts(fresh_store) == (2, 10)


def test_a_changed_lesson_is_updated_and_a_removed_one_retired(
    fresh_store: Store, tmp_path: Path
) -> None:
    root = copy_content(tmp_path)
    sync_content(fresh_store, root)
    lesson = root / "business" / "01-gongwen-zhonglei.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    course_toml = root / "political-theory" / "course.toml"
    meta = tomllib.loads(course_toml.read_text(encoding="utf-8"))
    last = meta["lessons"][-1]
    listed = ", ".join(f'"{name}"' for name in meta["lessons"][:-1])
    course_toml.write_text(
        f'slug = "political-theory"\ntitle = "{meta["title"]}"\ncategory = "政治理论"\n'
        f'description = "{meta["description"]}"\nlessons = [{listed}]\n',
        encoding="utf-8",
    )
    (root / "political-theory" / last).unlink()
    result = sync_content(fresh_store, root)
    assert (result.lessons_updated, result.lessons_retired, result.lessons_created) == (1, 1, 0)
    assert result.courses_updated == 1
    assert counts(fresh_store) == (2, 9)


def test_broken_material_loads_nothing(fresh_store: Store, tmp_path: Path) -> None:
    root = copy_content(tmp_path)
    (root / "business" / "02-gongwen-geshi.md").write_text("没有 front matter\n", encoding="utf-8")
    with pytest.raises(ContentProblems) as refused:
        sync_content(fresh_store, root)
    assert "02-gongwen-geshi.md" in refused.value.problems[0]
    assert counts(fresh_store) == (0, 0)


def test_studying_a_lesson_counts_its_hours_once(office: Office) -> None:
    sync_content(office.store)
    lessons = office.store.courses.lessons(int(office.store.courses.published_courses().id[0]))
    first = int(lessons.id[0])
    assert mark_studied(office.store, office.staff_id, first) is True
    assert mark_studied(office.store, office.staff_id, first) is False
    year = date.today().year
    expected = float(lessons.credit_hours[0])
    assert credit_hours_in_year(office.store, office.staff_id, year) == pytest.approx(expected)
    assert credit_hours_in_year(office.store, office.staff_id, year - 1) == 0
    with pytest.raises(ValidationError):
        mark_studied(office.store, office.staff_id, 999_999)


def test_content_sync_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.duckdb")
    assert main(["--db", db, "init"]) == 0
    assert main(["--db", db, "content", "sync"]) == 0
    assert "2" in capsys.readouterr().out
    root = copy_content(tmp_path)
    (root / "business" / "questions.gift").unlink()
    assert main(["--db", db, "content", "sync", "--root", str(root)]) == 1
    assert "questions.gift" in capsys.readouterr().err
