"""The 写作设置 page through AppTest: the office sets the originality threshold, adds template
texts pasted or uploaded (a GBK .txt; a program renamed .pdf is refused), sees them listed and
indexed, edits the review rubric; refusals store nothing; a trainer is refused."""

from __future__ import annotations

from datetime import date, datetime

from conftest import Office
from pages_support import open_page, texts
from test_extract import docx_with

from learnhub import originality, review
from learnhub.i18n import translate
from learnhub.review import Criterion

NOW = datetime(2026, 3, 18, 10, 0)
TEMPLATE = (
    "与此同时，乡镇财政紧张、人员流动频繁等问题依然突出，一些好的做法还停留在试点阶段，"
    "尚未形成可复制推广的长效机制，需要在制度设计上下更大功夫，坚持以人民为中心。"
)
OWN = (
    "我所在的科室去年牵头开展了一次专题调研，走访了六个街道，发现老旧小区的停车和加装电梯"
    "最让居民操心，协调各方利益比争取资金更难，干部要有耐心。"
)
PDF = "application/pdf"


def button(at, key: str):  # type: ignore[no-untyped-def]
    label = translate(key)
    return next(b for b in at.button if b.label == label)


def by_key(items, end: str):  # type: ignore[no-untyped-def]
    return next(i for i in items if i.key and i.key.endswith(end))


def uploader(at):  # type: ignore[no-untyped-def]
    return at.get("file_uploader")[0]


def a_piece(office: Office, text: str) -> int:
    store = office.store
    values = {"kind": "essay", "title": "文章", "text": text, "status": "submitted"}
    return int(
        store.transaction(
            lambda cur: store.records.insert(cur, office.staff_id, date(2026, 3, 1), values)
        )
    )


def templates(office: Office) -> list[tuple[str, int]]:
    frame = office.store.originality.template_list()
    return list(zip(frame["title"], frame["characters"], strict=True))


def test_the_office_sets_the_threshold(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    assert not at.exception, at.exception
    assert at.slider[0].value == 50
    at.slider[0].set_value(30)
    button(at, "writing_settings.threshold_save").click().run()
    assert not at.exception, at.exception
    assert originality.threshold(app_office.store) == 0.3
    assert translate("writing_settings.threshold_saved", percent=30) in texts(at, "success")
    assert at.slider[0].value == 30


def test_a_pasted_template_is_listed_and_indexed(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    assert translate("writing_settings.no_templates") in texts(at, "caption")
    by_key(at.text_input, "paste_title_0").set_value("范文网：基层治理心得")
    by_key(at.text_area, "paste_text_0").set_value(TEMPLATE)
    button(at, "writing_settings.add").click().run()
    assert not at.exception, at.exception
    assert templates(app_office) == [("范文网：基层治理心得", len(TEMPLATE))]
    assert "范文网：基层治理心得" in at.dataframe[0].value.to_string()
    # The form is fresh for the next one.
    assert by_key(at.text_area, "paste_text_1").value == ""
    # A piece copying it is now found.
    new = a_piece(app_office, OWN + TEMPLATE)
    result = originality.check_piece(app_office.store, new, NOW)
    assert result.score > 0 and result.matches[0].source == "template"


def test_a_too_short_template_is_refused(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    by_key(at.text_input, "paste_title_0").set_value("短文")
    by_key(at.text_area, "paste_text_0").set_value("太短。")
    button(at, "writing_settings.add").click().run()
    assert not at.exception, at.exception
    assert translate("originality.template_too_short", n=originality.K) in texts(at, "error")
    assert templates(app_office) == []
    assert app_office.store.originality.fingerprint_rows() == 0
    # What was typed is still there to correct.
    assert by_key(at.text_area, "paste_text_0").value == "太短。"


def test_an_uploaded_gbk_text_file_is_added_under_its_name(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    uploader(at).upload("基层治理范文.txt", TEMPLATE.encode("gbk"), "text/plain").run()
    assert not at.exception, at.exception
    assert texts(at, "error") == []
    button(at, "writing_settings.add_file").click().run()
    assert not at.exception, at.exception
    assert templates(app_office) == [("基层治理范文", len(TEMPLATE))]
    assert translate("writing_settings.template_added", title="基层治理范文", n=len(TEMPLATE)) in (
        texts(at, "success")
    )


def test_an_uploaded_docx_is_extracted_and_added_under_the_title_given(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    data = docx_with(TEMPLATE[:40], TEMPLATE[40:])
    uploader(at).upload("范文.docx", data, "application/octet-stream").run()
    assert not at.exception, at.exception
    assert texts(at, "error") == []
    by_key(at.text_input, "upload_title_0").set_value("网上范文一篇")
    button(at, "writing_settings.add_file").click().run()
    assert not at.exception, at.exception
    [(title, characters)] = templates(app_office)
    assert title == "网上范文一篇" and characters >= len(TEMPLATE)
    new = a_piece(app_office, OWN + TEMPLATE)
    assert originality.check_piece(app_office.store, new, NOW).score > 0


def test_a_program_renamed_pdf_is_refused(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    uploader(at).upload("范文.pdf", b"MZ\x90\x00" + bytes(100), PDF).run()
    assert not at.exception, at.exception
    assert translate("uploads.wrong_type") in texts(at, "error")
    button(at, "writing_settings.add_file").click().run()
    assert templates(app_office) == []


def test_the_rubric_is_edited_to_two_criteria(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    editor = at.data_editor[0]
    assert list(editor.value["label"]) == ["内容", "深度", "文字"]
    key = editor.key
    at.session_state[key] = {
        "edited_rows": {0: {"label": "内容与观点", "high": 10}},
        "added_rows": [],
        "deleted_rows": [2],
    }
    at.run()
    button(at, "writing_settings.rubric_save").click().run()
    assert not at.exception, at.exception
    assert texts(at, "error") == []
    assert review.rubric(app_office.store) == (
        Criterion("content", "内容与观点", 1, 10),
        Criterion("depth", "深度", 1, 5),
    )
    assert translate("writing_settings.rubric_saved", n=2) in texts(at, "success")
    # A new row gets a key of its own; the domain's range refusal stores nothing.
    key = at.data_editor[0].key
    at.session_state[key] = {
        "edited_rows": {},
        "added_rows": [{"label": "结构", "low": 0, "high": 20}],
        "deleted_rows": [],
    }
    at.run()
    button(at, "writing_settings.rubric_save").click().run()
    assert not at.exception, at.exception
    assert review.rubric(app_office.store) == (
        Criterion("content", "内容与观点", 1, 10),
        Criterion("depth", "深度", 1, 5),
        Criterion("item1", "结构", 0, 20),
    )
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": {2: {"low": 30}}, "added_rows": [], "deleted_rows": []}
    at.run()
    button(at, "writing_settings.rubric_save").click().run()
    assert translate("review.rubric_range") in texts(at, "error")
    assert len(review.rubric(app_office.store)) == 3


def test_a_template_added_twice_is_refused_and_can_be_removed(app_office: Office) -> None:
    store = app_office.store
    originality.index_template(store, "范文网：基层治理心得", TEMPLATE, app_office.office_id)
    at = open_page("writing_settings", store, app_office.office_id)
    by_key(at.text_input, "paste_title_0").set_value("同一篇")
    by_key(at.text_area, "paste_text_0").set_value(TEMPLATE)
    button(at, "writing_settings.add").click().run()
    assert not at.exception, at.exception
    assert translate("originality.template_duplicate", title="范文网：基层治理心得") in texts(
        at, "error"
    )
    assert templates(app_office) == [("范文网：基层治理心得", len(TEMPLATE))]
    # Removing needs a choice and a tick; nothing goes without both.
    remove = button(at, "writing_settings.remove")
    remove.click().run()
    assert translate("writing_settings.remove_none") in texts(at, "error")
    picker = next(s for s in at.selectbox if s.label == translate("writing_settings.remove_pick"))
    picker.set_value(int(store.originality.template_list()["id"].iloc[0]))
    button(at, "writing_settings.remove").click().run()
    assert translate("writing_settings.remove_unconfirmed") in texts(at, "error")
    assert len(templates(app_office)) == 1
    picker = next(s for s in at.selectbox if s.label == translate("writing_settings.remove_pick"))
    picker.set_value(int(store.originality.template_list()["id"].iloc[0]))
    next(c for c in at.checkbox if c.label == translate("writing_settings.remove_confirm")).check()
    button(at, "writing_settings.remove").click().run()
    assert not at.exception, at.exception
    assert templates(app_office) == []
    assert translate("writing_settings.removed", title="范文网：基层治理心得") in texts(
        at, "success"
    )
    assert translate("writing_settings.no_templates") in texts(at, "caption")
    # A piece copying it is no longer flagged against it.
    new = a_piece(app_office, OWN + TEMPLATE)
    assert originality.check_piece(store, new, NOW).matches == ()


def test_the_office_turns_blind_review_on_and_off(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.office_id)
    blind = next(c for c in at.checkbox if c.label == translate("writing_settings.blind_label"))
    assert not blind.value
    blind.check()
    button(at, "writing_settings.blind_save").click().run()
    assert not at.exception, at.exception
    assert review.blind_reports(app_office.store)
    assert translate("writing_settings.blind_on") in texts(at, "success")
    blind = next(c for c in at.checkbox if c.label == translate("writing_settings.blind_label"))
    assert blind.value
    blind.uncheck()
    button(at, "writing_settings.blind_save").click().run()
    assert not review.blind_reports(app_office.store)


def test_a_trainer_is_refused(app_office: Office) -> None:
    at = open_page("writing_settings", app_office.store, app_office.trainer_id)
    assert texts(at, "error") == [translate("gate.refused")]
    assert not at.slider and not at.data_editor
