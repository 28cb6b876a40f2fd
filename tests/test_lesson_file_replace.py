"""Replacing a file lesson's file: the same checks as a new upload, the old file kept, the new one
downloaded and searched; only the course's owner and the office may; the 课程管理 page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from conftest import Office, add_person
from pages_support import open_page, texts
from test_extract import docx_with, pdf_with_text
from test_uploads import zip_bomb

from learnhub import course_admin as admin
from learnhub import lesson_files
from learnhub.courses import mark_studied, search_lessons
from learnhub.errors import NotAllowed, ValidationError
from learnhub.i18n import translate
from learnhub.settings import Settings
from learnhub.uploads import DOCX, PDF

TRAINER = frozenset({"trainer"})
OFFICE = frozenset({"office"})
OLD = "Old rules of secrecy"
NEW = "Revised rules of secrecy"


def a_pdf_lesson(office: Office, settings: Settings) -> tuple[int, int, bytes]:
    """A published course with one PDF lesson; returns (course, lesson, the PDF's bytes)."""
    course = admin.create_course(office.store, office.trainer_id, "保密常识", "综合", "")
    data = pdf_with_text(OLD)
    lesson = lesson_files.add_file_lesson(
        office.store, course, office.trainer_id, TRAINER, title="保密守则", credit_hours=1.5,
        filename="rules-2025.pdf", data=data, settings=settings,
    )  # fmt: skip
    admin.set_course_published(office.store, course, office.trainer_id, TRAINER, True)
    return course, lesson, data


def replace_with(
    office: Office, lesson: int, data: bytes, settings: Settings, **changes: object
) -> int:
    values: dict[str, object] = {"filename": "rules-2026.pdf", "actor_id": office.trainer_id}
    values.update(changes)
    actor = values.pop("actor_id")
    roles = values.pop("roles", TRAINER)
    return lesson_files.replace_lesson_file(
        office.store, lesson, actor, roles,  # type: ignore[arg-type]
        data=data, settings=settings, **values,  # type: ignore[arg-type]
    )  # fmt: skip


def test_the_new_file_is_served_and_the_old_one_kept(office: Office, settings: Settings) -> None:
    _, lesson, old = a_pdf_lesson(office, settings)
    mark_studied(office.store, office.staff_id, lesson)
    new = pdf_with_text(NEW)
    assert replace_with(office, lesson, new, settings) == 1
    assert lesson_files.lesson_file_data(office.store, lesson) == new
    info = lesson_files.lesson_file(office.store, lesson)
    assert info is not None
    assert (info["filename"], info["media_type"], info["size_bytes"], info["text"]) == (
        "rules-2026.pdf", PDF, len(new), NEW,
    )  # fmt: skip
    earlier = lesson_files.earlier_files(office.store, lesson, office.trainer_id, TRAINER)
    assert list(earlier["version"]) == [1]
    assert (earlier.iloc[0]["filename"], earlier.iloc[0]["replaced_by"]) == (
        "rules-2025.pdf", "王老师",
    )  # fmt: skip
    assert lesson_files.earlier_file_data(office.store, lesson, 1, office.trainer_id, TRAINER) == (
        old
    )
    # The lesson itself is unchanged, and so is who studied it.
    stored = office.store.courses.lesson(lesson)
    assert stored is not None
    assert (stored["kind"], stored["title"], float(stored["credit_hours"])) == (
        "file",
        "保密守则",
        1.5,
    )
    assert lesson in {int(i) for i in office.store.courses.studied(office.staff_id)["lesson_id"]}


def test_search_finds_the_new_files_words_only(office: Office, settings: Settings) -> None:
    _, lesson, _ = a_pdf_lesson(office, settings)
    assert list(search_lessons(office.store, "Old rules")["id"]) == [lesson]
    replace_with(office, lesson, docx_with("第一条 涉密载体应当登记造册。"), settings,
                 filename="守则.docx")  # fmt: skip
    assert list(search_lessons(office.store, "登记造册")["id"]) == [lesson]
    assert search_lessons(office.store, "Old rules").empty
    info = lesson_files.lesson_file(office.store, lesson)
    assert info is not None and (info["filename"], info["media_type"]) == ("守则.docx", DOCX)


def test_every_replacement_keeps_its_predecessor(office: Office, settings: Settings) -> None:
    _, lesson, _ = a_pdf_lesson(office, settings)
    replace_with(office, lesson, pdf_with_text("Second"), settings, filename="second.pdf")
    assert replace_with(office, lesson, pdf_with_text("Third"), settings, filename="third.pdf") == 2
    earlier = lesson_files.earlier_files(office.store, lesson, office.trainer_id, TRAINER)
    assert list(zip(earlier["version"], earlier["filename"], strict=True)) == [
        (2, "second.pdf"),
        (1, "rules-2025.pdf"),
    ]
    assert lesson_files.lesson_file_data(office.store, lesson) == pdf_with_text("Third")
    assert office.store.lesson_files.count() == 1  # still one current file per lesson


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "uploads.wrong_type"),
        (b"", "uploads.empty"),
        (b"%PDF-1.4\n" + bytes(1024 * 1024 + 1), "uploads.too_large"),
        (zip_bomb(), "uploads.zip_too_large"),
        (b"%PDF-1.7\nnot really a pdf", "uploads.corrupt"),
    ],
    ids=["exe-named-pdf", "empty", "too-large", "zip-bomb", "bad-pdf"],
)
def test_a_bad_replacement_is_refused_and_nothing_changes(
    office: Office, settings: Settings, data: bytes, key: str
) -> None:
    _, lesson, old = a_pdf_lesson(office, settings)
    before = lesson_files.lesson_file(office.store, lesson)
    with pytest.raises(ValidationError) as refused:
        replace_with(office, lesson, data, replace(settings, upload_max_mb=1))
    assert refused.value.key == key
    assert lesson_files.lesson_file(office.store, lesson) == before
    assert lesson_files.lesson_file_data(office.store, lesson) == old
    assert lesson_files.earlier_files(office.store, lesson, office.trainer_id, TRAINER).empty


def test_only_the_owner_and_the_office_may_replace(office: Office, settings: Settings) -> None:
    _, lesson, old = a_pdf_lesson(office, settings)
    other = add_person(office.store, "t002", "孙老师", "综合科", "trainer")
    with pytest.raises(NotAllowed):
        replace_with(office, lesson, pdf_with_text(NEW), settings, actor_id=other)
    with pytest.raises(NotAllowed):
        lesson_files.earlier_file_data(office.store, lesson, 1, other, TRAINER)
    assert lesson_files.lesson_file_data(office.store, lesson) == old
    replace_with(office, lesson, pdf_with_text(NEW), settings,
                 actor_id=office.office_id, roles=OFFICE)  # fmt: skip
    assert lesson_files.lesson_file_data(office.store, lesson) == pdf_with_text(NEW)


def test_only_a_file_lesson_has_a_file_to_replace(office: Office, settings: Settings) -> None:
    course, _, _ = a_pdf_lesson(office, settings)
    text_lesson = admin.add_lesson(
        office.store, course, office.trainer_id, TRAINER, title="导读", credit_hours=1, body="正文"
    )
    with pytest.raises(ValidationError) as refused:
        replace_with(office, text_lesson, pdf_with_text(NEW), settings)
    assert refused.value.key == "uploads.not_a_file_lesson"
    with pytest.raises(ValidationError) as missing:
        replace_with(office, 9999, pdf_with_text(NEW), settings)
    assert missing.value.key == "course_admin.no_such_lesson"
    assert office.store.lesson_files.count() == 1


def test_an_unknown_earlier_version_is_refused(office: Office, settings: Settings) -> None:
    _, lesson, _ = a_pdf_lesson(office, settings)
    with pytest.raises(ValidationError) as refused:
        lesson_files.earlier_file_data(office.store, lesson, 7, office.trainer_id, TRAINER)
    assert refused.value.key == "uploads.no_such_version"


def test_the_preview_stands_in_only_for_the_same_bytes(office: Office, settings: Settings) -> None:
    _, lesson, _ = a_pdf_lesson(office, settings)
    checked = lesson_files.check_file("a.pdf", pdf_with_text("What was previewed"), settings)
    replace_with(office, lesson, pdf_with_text(NEW), settings, checked=checked)
    info = lesson_files.lesson_file(office.store, lesson)
    assert info is not None and info["text"] == NEW
    # A preview of these very bytes is used as it is (no second extraction), limit still checked.
    same = pdf_with_text("Fourth")
    checked = lesson_files.check_file("fourth.pdf", same, settings)
    replace_with(office, lesson, same, settings, checked=replace(checked, text="from preview"))
    info = lesson_files.lesson_file(office.store, lesson)
    assert info is not None and info["text"] == "from preview"


# -- the page ---------------------------------------------------------------------------------


def uploader(at):  # type: ignore[no-untyped-def]
    label = translate("uploads.replace_file")
    return next(u for u in at.get("file_uploader") if u.proto.label == label)


def test_a_trainer_replaces_a_pdf_and_staff_download_the_new_one(
    app_office: Office, downloads: dict[str, Callable[[], object]]
) -> None:
    _, lesson, old = a_pdf_lesson(app_office, Settings(db=app_office.store.db.path))
    at = open_page("course_admin", app_office.store, app_office.trainer_id)
    new = pdf_with_text(NEW)
    uploader(at).upload("rules-2026.pdf", new, PDF).run()
    assert NEW in [str(x.value) for x in at.get("text")]  # the preview, before anything is saved
    assert lesson_files.lesson_file_data(app_office.store, lesson) == old
    next(b for b in at.button if b.label == "用新文件替换").click().run()
    assert texts(at, "success") == [
        translate("uploads.replaced", filename="rules-2026.pdf", version=1)
    ]
    assert uploader(at).value is None  # ready for another file
    assert downloads["rules-2025.pdf"]() == old  # the earlier file, offered on the admin page

    staff = open_page("courses", app_office.store, app_office.staff_id)
    button = staff.get("download_button")[0]
    assert button.proto.label == translate("uploads.download", filename="rules-2026.pdf")
    assert downloads["rules-2026.pdf"]() == new
    assert NEW in [str(x.value) for x in staff.get("text")]


def test_an_exe_renamed_pdf_is_refused_as_a_replacement(app_office: Office) -> None:
    _, lesson, old = a_pdf_lesson(app_office, Settings(db=app_office.store.db.path))
    at = open_page("course_admin", app_office.store, app_office.trainer_id)
    uploader(at).upload("新版守则.pdf", b"MZ\x90\x00" + bytes(100), PDF).run()
    assert texts(at, "error") == [translate("uploads.wrong_type")]
    next(b for b in at.button if b.label == "用新文件替换").click().run()
    assert texts(at, "error") == [translate("uploads.wrong_type")]
    assert texts(at, "success") == []
    assert lesson_files.lesson_file_data(app_office.store, lesson) == old
    assert lesson_files.earlier_files(
        app_office.store, lesson, app_office.trainer_id, TRAINER
    ).empty
