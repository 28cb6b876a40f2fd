"""The office's course categories: add, rename (carrying everything filed under the name),
reorder and remove; trainers may not; the 课程管理 page's section for the office."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Office
from pages_support import open_page, texts
from test_courses import copy_content

from learnhub import course_admin as admin
from learnhub import course_categories as categories
from learnhub.courses import catalogue, sync_content
from learnhub.errors import NotAllowed, ValidationError
from learnhub.i18n import translate
from learnhub.store import Store

OFFICE = frozenset({"office"})
TRAINER = frozenset({"trainer"})
SEEDED = ["政治理论", "业务", "综合"]


def names(store: Store) -> list[str]:
    return list(categories.categories(store)["name"])


def category_of(store: Store, table: str) -> list[str]:
    return [str(r[0]) for r in store.db.rows(f"SELECT category FROM {table} ORDER BY id")]


def a_course(office: Office, title: str, category: str) -> int:
    course = admin.create_course(office.store, office.trainer_id, title, category, "")
    admin.add_lesson(
        office.store, course, office.trainer_id, TRAINER,
        title="第一课", credit_hours=1, body="正文",
    )  # fmt: skip
    admin.set_course_published(office.store, course, office.trainer_id, TRAINER, True)
    return course


def filed_under_business(office: Office) -> None:
    """Two courses, a study-day session and a training class filed under 业务 (the seeded
    business study-day rule already is)."""
    a_course(office, "公文写作", "业务")
    a_course(office, "保密常识", "业务")
    office.store.db.execute(
        """INSERT INTO study_sessions (day, half_day, category)
           VALUES (DATE '2026-03-20', 'pm', '业务')"""
    )
    office.store.db.execute(
        """INSERT INTO training_classes (title, category, first_day, last_day, hours_per_session)
           VALUES ('业务培训班', '业务', DATE '2026-04-01', DATE '2026-04-03', 3)"""
    )


def test_the_seeded_categories_come_in_their_order(office: Office) -> None:
    frame = categories.categories(office.store)
    assert list(frame["name"]) == SEEDED
    assert list(frame["courses"]) == [0, 0, 0]


def test_the_office_adds_a_category_at_the_end(office: Office) -> None:
    added = categories.add_category(office.store, office.office_id, OFFICE, "  ＡＩ　素养 ")
    assert added == "AI 素养"  # full-width letters and the ideographic space folded
    assert names(office.store) == [*SEEDED, "AI 素养"]
    # Trainers can file a course under it at once.
    a_course(office, "人工智能入门", "AI 素养")
    assert list(catalogue(office.store)["category"]) == ["AI 素养"]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("   ", "course_categories.name_missing"),
        ("", "course_categories.name_missing"),
        ("很" * 21, "course_categories.name_too_long"),
        ("业务", "course_categories.name_taken"),
        (" 业务\u3000", "course_categories.name_taken"),
    ],
    ids=["blank", "empty", "too-long", "duplicate", "duplicate-after-normalising"],
)
def test_a_bad_name_is_refused_and_nothing_stored(office: Office, name: str, key: str) -> None:
    with pytest.raises(ValidationError) as refused:
        categories.add_category(office.store, office.office_id, OFFICE, name)
    assert refused.value.key == key
    for lang in ("zh", "en"):
        assert refused.value.message(lang) != key  # both catalogues have the words for it
    assert names(office.store) == SEEDED


def test_a_name_differing_only_in_letter_case_or_width_is_a_duplicate(office: Office) -> None:
    categories.add_category(office.store, office.office_id, OFFICE, "IT")
    with pytest.raises(ValidationError) as refused:
        categories.add_category(office.store, office.office_id, OFFICE, "ｉｔ")
    assert refused.value.key == "course_categories.name_taken"
    assert "IT" in refused.value.message("zh")


def test_twenty_characters_are_enough(office: Office) -> None:
    categories.add_category(office.store, office.office_id, OFFICE, "长" * 20)
    assert names(office.store)[-1] == "长" * 20


def test_a_rename_carries_everything_filed_under_the_name(office: Office) -> None:
    filed_under_business(office)
    moved = categories.rename_category(office.store, office.office_id, OFFICE, "业务", " 业务知识 ")
    assert moved == 2
    store = office.store
    assert names(store) == ["政治理论", "业务知识", "综合"]  # keeps its place
    assert category_of(store, "courses") == ["业务知识", "业务知识"]
    assert category_of(store, "study_day_rules") == ["政治理论", "业务知识"]
    assert category_of(store, "study_sessions") == ["业务知识"]
    assert category_of(store, "training_classes") == ["业务知识"]
    assert set(catalogue(store)["category"]) == {"业务知识"}  # staff still see both courses
    assert len(catalogue(store)) == 2


def test_a_rename_is_one_transaction(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    filed_under_business(office)

    def fail(*args: object) -> None:
        raise RuntimeError("the disk is full")

    # The audit line is written after every table was renamed: failing there must undo them all.
    monkeypatch.setattr(office.store.people, "audit", fail)
    with pytest.raises(RuntimeError):
        categories.rename_category(office.store, office.office_id, OFFICE, "业务", "业务知识")
    assert names(office.store) == SEEDED
    for table in ("courses", "study_sessions", "training_classes"):
        assert category_of(office.store, table) == ["业务"] * (2 if table == "courses" else 1)
    assert category_of(office.store, "study_day_rules") == ["政治理论", "业务"]


@pytest.mark.parametrize(
    ("new", "key"),
    [
        (" ", "course_categories.name_missing"),
        ("名" * 21, "course_categories.name_too_long"),
        ("综合", "course_categories.name_taken"),
    ],
)
def test_a_bad_rename_changes_nothing(office: Office, new: str, key: str) -> None:
    filed_under_business(office)
    with pytest.raises(ValidationError) as refused:
        categories.rename_category(office.store, office.office_id, OFFICE, "业务", new)
    assert refused.value.key == key
    assert names(office.store) == SEEDED
    assert category_of(office.store, "courses") == ["业务", "业务"]


def test_renaming_to_itself_or_in_another_letter_case_is_allowed(office: Office) -> None:
    categories.add_category(office.store, office.office_id, OFFICE, "it")
    assert categories.rename_category(office.store, office.office_id, OFFICE, "it", "it") == 0
    categories.rename_category(office.store, office.office_id, OFFICE, "it", "IT")
    assert names(office.store) == [*SEEDED, "IT"]


def test_an_unknown_category_is_refused(office: Office) -> None:
    for action in (
        lambda: categories.rename_category(office.store, office.office_id, OFFICE, "无", "有"),
        lambda: categories.remove_category(office.store, office.office_id, OFFICE, "无"),
        lambda: categories.move_category(office.store, office.office_id, OFFICE, "无", 1),
    ):
        with pytest.raises(ValidationError) as refused:
            action()
        assert refused.value.key == "course_categories.no_such"
    assert names(office.store) == SEEDED


def test_categories_move_up_and_down_and_staff_see_that_order(office: Office) -> None:
    a_course(office, "党章学习", "政治理论")
    a_course(office, "综合素养", "综合")
    categories.move_category(office.store, office.office_id, OFFICE, "综合", -1)
    assert names(office.store) == ["政治理论", "综合", "业务"]
    categories.move_category(office.store, office.office_id, OFFICE, "政治理论", 1)
    assert names(office.store) == ["综合", "政治理论", "业务"]
    categories.move_category(office.store, office.office_id, OFFICE, "综合", -1)  # already first
    categories.move_category(office.store, office.office_id, OFFICE, "业务", 1)  # already last
    assert names(office.store) == ["综合", "政治理论", "业务"]
    assert list(catalogue(office.store)["category"]) == ["综合", "政治理论"]


def test_a_category_in_use_is_not_removed(office: Office) -> None:
    filed_under_business(office)
    with pytest.raises(ValidationError) as refused:
        categories.remove_category(office.store, office.office_id, OFFICE, "业务")
    assert refused.value.key == "course_categories.in_use"
    assert refused.value.params == {"name": "业务", "n": 2}
    assert "2" in refused.value.message("zh") and "2" in refused.value.message("en")
    assert names(office.store) == SEEDED


def test_an_unused_category_is_removed(office: Office) -> None:
    categories.remove_category(office.store, office.office_id, OFFICE, "综合")
    assert names(office.store) == ["政治理论", "业务"]
    with pytest.raises(ValidationError):
        admin.create_course(office.store, office.trainer_id, "综合素养", "综合", "")


def test_trainers_may_not_change_the_list(office: Office) -> None:
    store, trainer = office.store, office.trainer_id
    for action in (
        lambda: categories.add_category(store, trainer, TRAINER, "党史"),
        lambda: categories.rename_category(store, trainer, TRAINER, "业务", "业务知识"),
        lambda: categories.move_category(store, trainer, TRAINER, "综合", -1),
        lambda: categories.remove_category(store, trainer, TRAINER, "综合"),
    ):
        with pytest.raises(NotAllowed) as refused:
            action()
        assert refused.value.key == "course_categories.office_only"
    assert names(store) == SEEDED


def test_every_change_is_in_the_audit_log(office: Office) -> None:
    categories.add_category(office.store, office.office_id, OFFICE, "党史")
    categories.rename_category(office.store, office.office_id, OFFICE, "党史", "党史学习")
    categories.remove_category(office.store, office.office_id, OFFICE, "党史学习")
    actions = list(office.store.people.audit_log()["action"])
    assert {"add_course_category", "rename_course_category", "remove_course_category"} <= set(
        actions
    )


def test_content_sync_never_hides_a_shipped_course(fresh_store: Store, tmp_path: Path) -> None:
    office_id = 0
    # Renamed before the first sync: the shipped course brings its category back.
    categories.rename_category(fresh_store, office_id, OFFICE, "政治理论", "理论学习")
    sync_content(fresh_store)
    assert set(catalogue(fresh_store)["slug"]) == {"business", "political-theory"}
    # Renamed after: the course moves with it, and an unchanged sync does not bring it back.
    categories.rename_category(fresh_store, office_id, OFFICE, "业务", "业务知识")
    assert not sync_content(fresh_store).changed
    assert "业务" not in names(fresh_store)
    business = catalogue(fresh_store).set_index("slug").loc["business"]
    assert business["category"] == "业务知识"
    # A changed course.toml names its category again, and the course stays visible.
    root = copy_content(tmp_path)
    toml = root / "business" / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    sync_content(fresh_store, root)
    assert set(catalogue(fresh_store)["slug"]) == {"business", "political-theory"}
    assert "业务" in names(fresh_store)


def category_expander(at):  # type: ignore[no-untyped-def]
    return [e for e in at.expander if e.label == "课程类别"]


def test_the_office_adds_renames_and_removes_a_category_on_the_page(app_office: Office) -> None:
    a_course(app_office, "公文写作", "业务")
    at = open_page("course_admin", app_office.store, app_office.office_id)
    assert category_expander(at)
    next(i for i in at.text_input if i.label == "新类别名称").set_value("党史学习")
    next(b for b in at.button if b.label == "添加类别").click().run()
    assert texts(at, "success") == [translate("course_categories.added", name="党史学习")]
    assert names(app_office.store) == [*SEEDED, "党史学习"]

    next(s for s in at.selectbox if s.label == "选择类别").set_value("业务")
    next(i for i in at.text_input if i.label == "改名为").set_value("业务知识")
    next(b for b in at.button if b.label == "改名").click().run()
    assert texts(at, "success") == [
        translate("course_categories.renamed", old="业务", new="业务知识", n=1)
    ]
    assert category_of(app_office.store, "courses") == ["业务知识"]

    # A category in use is refused with the number of its courses.
    next(s for s in at.selectbox if s.label == "选择类别").set_value("业务知识")
    next(b for b in at.button if b.label == "删除类别").click().run()
    assert texts(at, "error") == [translate("course_categories.in_use", name="业务知识", n=1)]
    next(s for s in at.selectbox if s.label == "选择类别").set_value("党史学习")
    next(b for b in at.button if b.label == "删除类别").click().run()
    assert texts(at, "success") == [translate("course_categories.removed", name="党史学习")]
    assert names(app_office.store) == ["政治理论", "业务知识", "综合"]

    next(s for s in at.selectbox if s.label == "选择类别").set_value("综合")
    next(b for b in at.button if b.label == "上移类别").click().run()
    assert names(app_office.store) == ["政治理论", "综合", "业务知识"]
    assert not at.exception


def test_a_duplicate_name_is_explained_on_the_page(app_office: Office) -> None:
    at = open_page("course_admin", app_office.store, app_office.office_id)
    next(i for i in at.text_input if i.label == "新类别名称").set_value(" 综合 ")
    next(b for b in at.button if b.label == "添加类别").click().run()
    assert texts(at, "error") == [translate("course_categories.name_taken", name="综合")]
    assert names(app_office.store) == SEEDED


def test_a_trainer_does_not_see_the_category_section(app_office: Office) -> None:
    a_course(app_office, "公文写作", "业务")
    at = open_page("course_admin", app_office.store, app_office.trainer_id)
    assert not at.exception
    assert category_expander(at) == []
    labels = {w.label for w in [*at.text_input, *at.selectbox, *at.button]}
    assert not labels & {"新类别名称", "选择类别", "改名为", "添加类别", "删除类别"}
