"""File lessons: uploads checked by size and real type, stored with their text, read by staff."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import pytest
from conftest import Office, add_person
from pages_support import open_page, texts
from test_extract import CONTENT_TYPES, docx_with, pdf_with_text

from learnhub import course_admin as admin
from learnhub import lesson_files
from learnhub.courses import search_lessons
from learnhub.errors import NotAllowed, ValidationError
from learnhub.i18n import translate
from learnhub.settings import Settings
from learnhub.uploads import DOCX, PDF, check_upload, clean_filename

TRAINER = frozenset({"trainer"})
RULES = ("第一条 涉密计算机不得连接互联网。", "第二条 涉密载体应当登记造册。")


def a_course(office: Office) -> int:
    return admin.create_course(office.store, office.trainer_id, "保密常识", "综合", "")


def add(office: Office, course: int, data: bytes, settings: Settings, **changes: object) -> int:
    values: dict[str, object] = {"title": "保密守则", "credit_hours": 1.5, "filename": "守则.docx"}
    values.update(changes)
    return lesson_files.add_file_lesson(
        office.store, course, office.trainer_id, TRAINER, data=data, settings=settings, **values
    )  # type: ignore[arg-type]


def zip_bomb() -> bytes:
    """A .docx-shaped zip whose members unpack to 101 MB of zeros (written in pieces)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/padding.bin", "w") as member:
            for _ in range(101):
                member.write(bytes(1024 * 1024))
    return buffer.getvalue()


def test_a_word_file_becomes_a_lesson_with_its_text(office: Office, settings: Settings) -> None:
    course = a_course(office)
    data = docx_with(*RULES)
    lesson_id = add(office, course, data, settings)
    lesson = office.store.courses.lesson(lesson_id)
    assert lesson is not None and lesson["kind"] == "file" and float(lesson["credit_hours"]) == 1.5
    info = lesson_files.lesson_file(office.store, lesson_id)
    assert info is not None
    assert (info["filename"], info["media_type"], info["size_bytes"]) == (
        "守则.docx",
        DOCX,
        len(data),
    )
    assert info["text"] == "\n".join(RULES)
    assert lesson_files.lesson_file_data(office.store, lesson_id) == data


def test_a_pdf_becomes_a_lesson(office: Office, settings: Settings) -> None:
    course = a_course(office)
    lesson_id = add(office, course, pdf_with_text("Need to know"), settings, filename="rules.pdf")
    info = lesson_files.lesson_file(office.store, lesson_id)
    assert info is not None and (info["media_type"], info["text"]) == (PDF, "Need to know")


def not_docx() -> bytes:
    return docx_with(members={"xl/workbook.xml": "<workbook/>", "[Content_Types].xml": "<T/>"})


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "uploads.wrong_type"),
        (b"", "uploads.empty"),
        (b"%PDF-1.4\n" + bytes(1024 * 1024 + 1), "uploads.too_large"),
        (b"PK\x03\x04" + b"\xff" * 300, "uploads.corrupt"),
        (not_docx(), "uploads.not_docx"),
        (zip_bomb(), "uploads.zip_too_large"),
        (b"%PDF-1.7\nnot really a pdf", "uploads.corrupt"),
    ],
    ids=["exe-named-pdf", "empty", "too-large", "garbage-zip", "not-word", "zip-bomb", "bad-pdf"],
)
def test_a_bad_file_is_refused_and_nothing_stored(
    office: Office, settings: Settings, data: bytes, key: str
) -> None:
    course = a_course(office)
    with pytest.raises(ValidationError) as refused:
        add(office, course, data, replace(settings, upload_max_mb=1), filename="讲义.pdf")
    assert refused.value.key == key
    assert refused.value.message("zh") != key  # the catalogue has the words for it
    assert office.store.courses.lessons(course, include_unpublished=True).empty
    assert office.store.lesson_files.count() == 0


def test_a_bad_title_or_hours_stores_nothing(office: Office, settings: Settings) -> None:
    course = a_course(office)
    with pytest.raises(ValidationError) as refused:
        add(office, course, docx_with(*RULES), settings, credit_hours=0.2)
    assert refused.value.key == "course_admin.hours_invalid"
    assert office.store.lesson_files.count() == 0


def test_only_the_courses_owner_may_add_a_file(office: Office, settings: Settings) -> None:
    course = a_course(office)
    other = add_person(office.store, "t002", "孙老师", "综合科", "trainer")
    with pytest.raises(NotAllowed):
        lesson_files.add_file_lesson(
            office.store, course, other, TRAINER, title="x", credit_hours=1,
            filename="a.docx", data=docx_with("x"), settings=settings,
        )  # fmt: skip
    assert office.store.lesson_files.count() == 0


def test_the_preview_is_reused_only_for_the_same_bytes(office: Office, settings: Settings) -> None:
    course = a_course(office)
    checked = lesson_files.check_file("a.docx", docx_with("预览的文字"), settings)
    lesson_id = add(office, course, docx_with("真正上传的文字"), settings, checked=checked)
    info = lesson_files.lesson_file(office.store, lesson_id)
    assert info is not None and info["text"] == "真正上传的文字"


def test_the_type_comes_from_the_content_not_the_name() -> None:
    assert check_upload(docx_with("x"), max_mb=20) == DOCX
    assert clean_filename("C:\\Users\\王\\../讲义.pdf", DOCX) == "讲义.docx"
    assert clean_filename("../../etc/passwd", PDF) == "passwd.pdf"
    assert clean_filename("", PDF) == "lesson.pdf"


def test_editing_a_file_lesson_changes_only_title_and_hours(
    office: Office, settings: Settings
) -> None:
    course = a_course(office)
    lesson_id = add(office, course, docx_with(*RULES), settings)
    admin.update_lesson(
        office.store,
        lesson_id,
        office.trainer_id,
        TRAINER,
        title="保密守则（修订）",
        credit_hours=2,
    )
    lesson = office.store.courses.lesson(lesson_id)
    assert lesson is not None and (lesson["kind"], lesson["title"]) == ("file", "保密守则（修订）")


def test_search_finds_words_inside_the_file(office: Office, settings: Settings) -> None:
    course = a_course(office)
    add(office, course, docx_with(*RULES), settings)
    admin.set_course_published(office.store, course, office.trainer_id, TRAINER, True)
    assert list(search_lessons(office.store, "登记造册")["title"]) == ["保密守则"]
    assert search_lessons(office.store, "登记造册 不存在的词").empty


def test_trainer_uploads_a_word_lesson_that_staff_download_and_study(app_office: Office) -> None:
    course = a_course(app_office)
    at = open_page("course_admin", app_office.store, app_office.trainer_id)
    next(r for r in at.radio if r.label == "课的形式").set_value("file").run()
    at.get("file_uploader")[0].upload("保密守则.docx", docx_with(*RULES), DOCX).run()
    assert [c.value for c in at.get("text") if RULES[1] in str(c.value)]  # the preview
    next(i for i in at.text_input if i.key and i.key.startswith("file_title_")).set_value(
        "保密守则"
    )
    next(b for b in at.button if b.label == "保存这一课").click().run()
    assert texts(at, "success") == [translate("course_admin.lesson_added", title="保密守则")]
    assert at.get("file_uploader")[0].value is None  # ready for the next file
    admin.set_course_published(app_office.store, course, app_office.trainer_id, TRAINER, True)

    staff = open_page("courses", app_office.store, app_office.staff_id)
    assert staff.subheader[0].value == "保密守则"
    download = staff.get("download_button")[0]
    assert download.proto.label == translate("uploads.download", filename="保密守则.docx")
    assert "\n".join(RULES) in [str(x.value) for x in staff.get("text")]
    next(b for b in staff.button if b.label == "我已学完这一课").click().run()
    assert texts(staff, "success") == [
        translate("courses.marked", hours="1"),
        translate("courses.studied"),
    ]


def test_a_refused_upload_is_explained_on_the_page(app_office: Office) -> None:
    a_course(app_office)
    at = open_page("course_admin", app_office.store, app_office.trainer_id)
    next(r for r in at.radio if r.label == "课的形式").set_value("file").run()
    at.get("file_uploader")[0].upload("程序.pdf", b"MZ" + bytes(100), PDF).run()
    assert texts(at, "error") == [translate("uploads.wrong_type")]
    next(b for b in at.button if b.label == "保存这一课").click().run()
    assert app_office.store.lesson_files.count() == 0
