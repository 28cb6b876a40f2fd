"""Roster import: what an office uploads (.xlsx, .csv in UTF-8 or GBK), and what it gets back."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pandas as pd
import pytest

from learnhub.auth import sign_in
from learnhub.errors import ValidationError
from learnhub.imports.roster import apply_roster, preview_roster
from learnhub.imports.tabular import read_table
from learnhub.org import create_user
from learnhub.settings import Settings
from learnhub.store import Store

HEADER = ["username", "name", "department", "roles"]


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(",".join(str(c) for c in row) for row in rows).encode(encoding)


def people(store: Store) -> pd.DataFrame:
    return store.people.people(include_inactive=True).set_index("username")


def errors_of(preview: Any) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.key) for e in preview.errors]


def test_csv_roster_creates_people_who_can_sign_in_with_their_one_time_password(
    fresh_store: Store, settings: Settings
) -> None:
    data = csv_bytes(
        [HEADER, ["00123", "张三", "综合科", "staff"], ["00124", "李四", "业务科", ""]]
    )
    preview = preview_roster(fresh_store, read_table(data, "roster.csv"))
    assert preview.ok and preview.counts() == {"new": 2, "update": 0, "unchanged": 0}

    result = apply_roster(fresh_store, preview, actor_id=None)

    assert (result.created, result.departments_created) == (2, 2)
    assert [(u, n) for u, n, _ in result.passwords] == [("00123", "张三"), ("00124", "李四")]
    stored = people(fresh_store)
    assert stored.loc["00124", "roles"] == "staff"  # a blank roles cell means staff
    assert stored["must_change_password"].all()
    username, _, password = result.passwords[0]
    assert sign_in(fresh_store, settings, username, password).ok


def test_xlsx_roster_keeps_leading_zeros_and_tidies_names(fresh_store: Store) -> None:
    data = xlsx_bytes(
        [["Username ", " NAME", "Department", "Roles"],
         ["00123", "  欧阳　 娜娜 ", " 综合科", "Staff; Office"],
         [None, None, None, None],
         ["007", "Ｗａｎｇ Wu", "业务科", "trainer"]]
    )  # fmt: skip
    frame = read_table(data, "名册.xlsx")
    preview = preview_roster(fresh_store, frame)

    assert preview.ok, preview.errors
    assert preview.rows["row"].tolist() == [2, 4]  # the blank row is skipped, numbering kept
    apply_roster(fresh_store, preview, actor_id=None)
    stored = people(fresh_store)
    assert stored.loc["00123", "name"] == "欧阳 娜娜"
    assert stored.loc["00123", "department"] == "综合科"
    assert stored.loc["00123", "roles"] == "staff;office"
    assert stored.loc["007", "name"] == "Wang Wu"


def test_chinese_headers_and_roles_from_a_gbk_csv_saved_by_excel(fresh_store: Store) -> None:
    data = csv_bytes(
        [["工号", "姓名", "部门", "角色"],
         ["00123", "张三", "综合科", "学员、办公室"],
         ["00125", "王五", "业务科", "教员；学员"]],
        encoding="gbk",
    )  # fmt: skip
    preview = preview_roster(fresh_store, read_table(data, "roster.csv"))

    assert preview.ok, preview.errors
    assert preview.rows["roles"].tolist() == ["staff;office", "staff;trainer"]
    assert preview.rows["name"].tolist() == ["张三", "王五"]


def test_a_title_row_above_the_header_is_skipped_and_rows_keep_their_numbers(
    fresh_store: Store,
) -> None:
    data = xlsx_bytes(
        [["2026年综合科花名册", None, None, None], HEADER, ["00123", "", "综合科", "staff"]]
    )
    preview = preview_roster(fresh_store, read_table(data, "roster.xlsx"))
    assert errors_of(preview) == [(3, "name", "imports.name_missing")]


def test_reimport_updates_changed_people_and_leaves_the_rest(fresh_store: Store) -> None:
    first = csv_bytes(
        [HEADER, ["00123", "张三", "综合科", "staff"], ["00124", "李四", "业务科", ""]]
    )
    apply_roster(fresh_store, preview_roster(fresh_store, read_table(first, "a.csv")), None)
    second = csv_bytes(
        [HEADER, ["00123", "张三", "研究室", "staff;office"], ["00124", "李四", "业务科", "staff"]]
    )

    preview = preview_roster(fresh_store, read_table(second, "b.csv"))
    assert preview.rows.set_index("username")["action"].to_dict() == {
        "00123": "update", "00124": "unchanged",
    }  # fmt: skip
    result = apply_roster(fresh_store, preview, actor_id=None)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert result.passwords == []  # existing people keep their password
    stored = people(fresh_store)
    assert stored.loc["00123", ["department", "roles"]].tolist() == ["研究室", "staff;office"]


def test_every_bad_row_is_reported_with_its_row_and_nothing_is_stored(fresh_store: Store) -> None:
    data = csv_bytes(
        [HEADER,
         ["00123", "张三", "综合科", "staff"],
         ["张 三", "张三", "综合科", "staff"],
         ["00123", "张三丰", "综合科", "staff"],
         ["00126", "", "综合科", "staff"],
         ["00127", "赵六", "", "staff"],
         ["00128", "钱七", "综合科", "boss"],
         ["00129", "孙八", "综合科", "staff"]]
    )  # fmt: skip
    preview = preview_roster(fresh_store, read_table(data, "roster.csv"))

    assert errors_of(preview) == [
        (3, "username", "org.username_invalid"),
        (4, "username", "imports.username_duplicate"),
        (5, "name", "imports.name_missing"),
        (6, "department", "imports.department_missing"),
        (7, "roles", "org.role_unknown"),
    ]
    assert "row 4, username" in preview.errors[1].describe("en")
    assert "第 2 行" in preview.errors[1].message("zh")  # where the username first appeared
    with pytest.raises(ValidationError) as refused:
        apply_roster(fresh_store, preview, actor_id=None)
    assert refused.value.key == "imports.has_errors"
    assert fresh_store.people.people(include_inactive=True).empty
    assert fresh_store.people.departments(include_inactive=True).empty


def test_an_unquoted_comma_that_shifts_a_row_is_caught_with_its_row() -> None:
    data = "花名册\nusername,name,department\n00123,张三,综合科\n00124,李,四,业务科\n".encode()
    with pytest.raises(ValidationError) as refused:
        read_table(data, "roster.csv")
    assert refused.value.key == "imports.cells_beyond_header"
    assert refused.value.params == {"row": 4}


def test_a_missing_column_is_one_clear_error(fresh_store: Store) -> None:
    data = csv_bytes([["username", "name"], ["00123", "张三"]])
    with pytest.raises(ValidationError) as refused:
        preview_roster(fresh_store, read_table(data, "roster.csv"))
    assert refused.value.key == "imports.columns_missing"
    assert "department" in refused.value.message("en")


def test_someone_created_between_preview_and_apply_stops_the_whole_import(
    fresh_store: Store,
) -> None:
    data = csv_bytes(
        [HEADER, ["00123", "张三", "综合科", "staff"], ["00124", "李四", "业务科", ""]]
    )
    preview = preview_roster(fresh_store, read_table(data, "roster.csv"))
    create_user(fresh_store, "00124", name="李四", department="业务科", roles="staff")

    with pytest.raises(ValidationError) as refused:
        apply_roster(fresh_store, preview, actor_id=None)
    assert refused.value.key == "imports.roster_changed"
    assert people(fresh_store).index.tolist() == ["00124"]


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "filename", "key"),
    [
        (PNG, "roster.xlsx", "imports.not_xlsx"),
        (PNG, "roster.csv", "imports.not_csv"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "roster.xls", "imports.old_xls"),
        (b"username,name\n", "roster.pdf", "imports.file_type_unsupported"),
        (b"", "roster.csv", "imports.file_empty"),
        (b"username,name,department\n\n", "roster.csv", "imports.no_rows"),
        (b"PK\x03\x04 not really a zip", "roster.xlsx", "imports.not_xlsx"),
    ],
    ids=["png-as-xlsx", "png-as-csv", "old-xls", "pdf-name", "empty", "header-only", "broken-zip"],
)
def test_files_that_are_not_tables_are_refused(data: bytes, filename: str, key: str) -> None:
    with pytest.raises(ValidationError) as refused:
        read_table(data, filename)
    assert refused.value.key == key


def test_a_zip_without_a_workbook_is_not_an_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ValidationError) as refused:
        read_table(buffer.getvalue(), "roster.xlsx")
    assert refused.value.key == "imports.not_xlsx"


def test_an_oversized_file_is_refused_before_parsing() -> None:
    data = b"username,name,department\n" + b"0" * (10 * 1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        read_table(data, "roster.csv")
    assert refused.value.key == "imports.file_too_large"
    assert "10.0" in refused.value.message("en")


def test_a_workbook_that_unpacks_to_a_huge_size_is_refused_unopened() -> None:
    buffer = io.BytesIO(xlsx_bytes([HEADER, ["00123", "张三", "综合科", "staff"]]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * (101 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # small on the wire, like a zip bomb

    with pytest.raises(ValidationError) as refused:
        read_table(data, "roster.xlsx")
    assert refused.value.key == "imports.xlsx_too_large_unzipped"


def test_a_workbook_with_an_xml_entity_bomb_is_refused() -> None:
    buffer = io.BytesIO(xlsx_bytes([HEADER, ["00123", "张三", "综合科", "staff"]]))
    entities = (
        '<!DOCTYPE workbook [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(buffer) as original, zipfile.ZipFile(rebuilt, "w") as archive:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/workbook.xml":
                content = entities.encode() + content
            archive.writestr(item, content)

    with pytest.raises(ValidationError) as refused:
        read_table(rebuilt.getvalue(), "roster.xlsx")
    assert refused.value.key == "imports.xlsx_unreadable"


def test_a_dtd_hidden_behind_a_long_comment_is_refused_too() -> None:
    buffer = io.BytesIO(xlsx_bytes([HEADER, ["00123", "张三", "综合科", "staff"]]))
    hidden = b"<!--" + b" " * 200_000 + b'--><!DOCTYPE workbook [<!ENTITY x "x">]>'
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(buffer) as original, zipfile.ZipFile(rebuilt, "w") as archive:
        for item in original.infolist():
            content = original.read(item.filename)
            if item.filename == "xl/workbook.xml":
                if content.startswith(b"<?xml"):
                    declaration, rest = content.split(b"?>", 1)
                    content = declaration + b"?>" + hidden + rest
                else:
                    content = hidden + content
            archive.writestr(item, content)
    with pytest.raises(ValidationError) as refused:
        read_table(rebuilt.getvalue(), "roster.xlsx")
    assert refused.value.key == "imports.xlsx_unreadable"
