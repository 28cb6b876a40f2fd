"""The 互助组 and 互助组管理 pages through AppTest on a fixed office clock: the office forms a
group by hand and generates groups; a group mate reads a draft as text and comments on it; the
writer sees the comment beside the text; someone outside the group sees neither the draft nor a
comment form, also when the piece id is in the address."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from conftest import Office, add_person
from pages_support import open_page, texts

from learnhub import attendance, writing, writing_groups
from learnhub.i18n import translate

NOW = datetime(2026, 3, 18, 20, 5)
FIRST, LAST = date(2026, 3, 1), date(2026, 3, 31)
OFFICE = frozenset({"office", "staff"})
DRAFT = "<b>读书心得</b><script>alert(1)</script>" + "对调查研究的论述体会很深。" * 20
COMMENT = "第二段可以举个本科室的例子"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attendance, "office_now", lambda timezone: NOW)


@pytest.fixture
def third(app_office: Office) -> int:
    return add_person(app_office.store, "00125", "王五", "业务科", "staff")


def button(at, key: str):  # type: ignore[no-untyped-def]
    label = translate(key)
    return next(b for b in at.button if b.label == label)


def group(office: Office, *members: int) -> int:
    return writing_groups.create_group(
        office.store, "第一组", list(members), first_day=FIRST, last_day=LAST,
        actor_id=office.office_id, actor_roles=OFFICE,
    )  # fmt: skip


def a_draft(office: Office, text: str = DRAFT) -> int:
    return writing.save_draft(
        office.store, office.staff_id, "reflection", text=text, today=NOW.date(), now=NOW
    )


def comment_box(at):  # type: ignore[no-untyped-def]
    return next(a for a in at.text_area if a.key.startswith("groups_page.comment_text.mate."))


def test_the_office_forms_a_group_by_hand(app_office: Office, clock: None, third: int) -> None:
    at = open_page("writing_groups_admin", app_office.store, app_office.office_id)
    assert not at.exception, at.exception
    assert translate("groups_page.no_groups") in texts(at, "caption")
    members = next(m for m in at.multiselect if m.key.endswith("_members"))
    name = next(i for i in at.text_input if i.key.endswith("_name"))
    # Two people: the domain's refusal, nothing stored.
    name.set_value("第一组")
    members.set_value([app_office.staff_id, app_office.other_staff_id])
    button(at, "groups_page.create").click().run()
    assert translate("groups.size", low=3, high=5) in texts(at, "error")
    assert app_office.store.writing_groups.groups(FIRST, LAST).empty

    members = next(m for m in at.multiselect if m.key.endswith("_members"))
    members.set_value([app_office.staff_id, app_office.other_staff_id, third])
    button(at, "groups_page.create").click().run()
    assert not at.exception, at.exception
    groups = app_office.store.writing_groups.groups(FIRST, LAST)
    assert list(groups["name"]) == ["第一组"] and list(groups["size"]) == [3]
    assert translate("groups_page.created", name="第一组", n=3) in texts(at, "success")
    assert "张三、李四、王五" in at.dataframe[0].value.to_string()
    # The form is fresh: a second group with the same people is refused by the domain.
    name = next(i for i in at.text_input if i.key.endswith("_name"))
    assert name.value == ""


def test_the_office_generates_groups(app_office: Office, clock: None, third: int) -> None:
    at = open_page("writing_groups_admin", app_office.store, app_office.office_id)
    button(at, "groups_page.generate").click().run()
    assert not at.exception, at.exception
    groups = app_office.store.writing_groups.groups(FIRST, LAST)
    # Four staff (张三, 李四, 王五 and the clerk who also studies): one group of four.
    assert list(groups["size"]) == [4]
    assert translate("groups_page.generated", groups=1, people=4) in texts(at, "success")
    assert translate("groups_page.made_title") in "".join(texts(at, "markdown"))
    # Nobody is left to group: the domain says so.
    button(at, "groups_page.generate").click().run()
    assert translate("groups.too_few", n=3) in texts(at, "error")


def test_staff_page_without_a_group(app_office: Office, clock: None) -> None:
    at = open_page("writing_group", app_office.store, app_office.staff_id)
    assert not at.exception, at.exception
    assert translate("groups_page.no_group") in texts(at, "info")


def test_a_group_mate_reads_the_draft_as_text_and_comments(
    app_office: Office, clock: None, third: int
) -> None:
    group(app_office, app_office.staff_id, app_office.other_staff_id, third)
    draft = a_draft(app_office)
    at = open_page("writing_group", app_office.store, app_office.other_staff_id)
    assert not at.exception, at.exception
    shown = texts(at, "text")
    assert DRAFT in shown  # the HTML is shown as typed, as text
    assert not any("<script>" in m for m in texts(at, "markdown"))
    assert not any("alert(1)" in str(h.proto) for h in at.get("html"))
    comment_box(at).set_value(COMMENT)
    button(at, "groups_page.comment_send").click().run()
    assert not at.exception, at.exception
    assert list(app_office.store.writing_groups.comments(draft)["text"]) == [COMMENT]
    assert translate("groups_page.comment_saved") in texts(at, "success")
    assert COMMENT in texts(at, "text")
    progress = at.dataframe[0].value.set_index(translate("groups_page.col_name"))
    assert progress.loc["李四", translate("groups_page.col_commented")] == translate(
        "groups_page.yes"
    )
    assert progress.loc["张三", translate("groups_page.col_written")] == translate(
        "groups_page.yes"
    )

    # The writer sees the comment beside the text.
    mine = open_page("writing_group", app_office.store, app_office.staff_id)
    assert not mine.exception, mine.exception
    assert DRAFT in texts(mine, "text") and COMMENT in texts(mine, "text")


def test_a_comment_after_submission_is_refused(app_office: Office, clock: None, third: int) -> None:
    group(app_office, app_office.staff_id, app_office.other_staff_id, third)
    draft = a_draft(app_office)
    at = open_page("writing_group", app_office.store, app_office.other_staff_id)
    writing.submit(app_office.store, app_office.staff_id, draft, today=NOW.date(), now=NOW)
    comment_box(at).set_value(COMMENT)
    button(at, "groups_page.comment_send").click().run()
    assert not at.exception, at.exception
    assert translate("groups.comment_drafts_only") in texts(at, "error")
    assert app_office.store.writing_groups.comments(draft).empty


def test_outside_the_group_neither_draft_nor_form(
    app_office: Office, clock: None, third: int
) -> None:
    outsider = add_person(app_office.store, "00126", "赵六", "综合科", "staff")
    group(app_office, app_office.staff_id, app_office.other_staff_id, third)
    draft = a_draft(app_office)
    writing_groups.add_comment(
        app_office.store, draft, app_office.other_staff_id, frozenset({"staff"}), COMMENT, now=NOW
    )
    at = open_page("writing_group", app_office.store, outsider)
    assert not at.exception, at.exception
    assert DRAFT not in texts(at, "text") and COMMENT not in texts(at, "text")
    assert not [a for a in at.text_area if a.key.startswith("groups_page.comment_text.mate.")]

    # The piece id in the address: a refusal and no text.
    at.query_params["piece"] = str(draft)
    at.run()
    assert not at.exception, at.exception
    assert translate("groups_page.refused") in texts(at, "error")
    assert DRAFT not in texts(at, "text") and COMMENT not in texts(at, "text")
    assert not at.text_area

    # A group mate following the same address reads it.
    mate = open_page("writing_group", app_office.store, third)
    mate.query_params["piece"] = str(draft)
    mate.run()
    assert DRAFT in texts(mate, "text")
    assert translate("groups_page.refused") not in texts(mate, "error")


def test_the_pages_check_roles(app_office: Office, clock: None) -> None:
    at = open_page("writing_groups_admin", app_office.store, app_office.staff_id)
    assert translate("gate.refused") in texts(at, "error")
    at = open_page("writing_group", app_office.store, app_office.trainer_id)
    assert translate("gate.refused") in texts(at, "error")


def test_both_pages_read_in_english(app_office: Office, clock: None, third: int) -> None:
    group(app_office, app_office.staff_id, app_office.other_staff_id, third)
    a_draft(app_office)
    app_office.store.transaction(lambda cur: cur.execute("UPDATE people SET language = 'en'"))
    at = open_page("writing_groups_admin", app_office.store, app_office.office_id)
    assert not at.exception, at.exception
    assert translate("groups_page.list_count", "en", n=1) in texts(at, "caption")
    at = open_page("writing_group", app_office.store, app_office.other_staff_id)
    assert not at.exception, at.exception
    assert translate("groups_page.group_title", "en", name="第一组") in texts(at, "subheader")
    assert DRAFT in texts(at, "text")
