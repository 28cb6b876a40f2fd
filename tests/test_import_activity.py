"""Activity import: an office's ledger of past records, checked row by row, stored whole."""

from __future__ import annotations

import io
import time
from datetime import date, datetime
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from learnhub.errors import ValidationError
from learnhub.imports.activity import apply_activity, preview_activity
from learnhub.imports.tabular import read_table
from learnhub.reports import monthly_report
from learnhub.store import Store

TODAY = date(2026, 3, 18)
HEADER = ["username", "date", "kind", "title", "minutes", "pages", "text"]


def csv_table(rows: list[list[Any]], header: list[str] = HEADER) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=header)
    return read_table(frame.to_csv(index=False).encode("utf-8-sig"), "ledger.csv")


def stored(store: Store) -> pd.DataFrame:
    return store.db.frame("SELECT * FROM records ORDER BY id")


def errors_of(preview: Any) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.key) for e in preview.errors]


def test_a_clean_ledger_is_stored_as_submitted_imported_records(office: Any) -> None:
    frame = csv_table(
        [["00123", "2026-03-02", "reading", "习近平谈治国理政", "45", "20", ""],
         ["00123", "2026-03-02", "摘抄", "人民日报", "", "", "一段摘抄"],
         ["00124", "2026-03-03", "心得", "", "", "", "本周心得"],
         ["00124", "2026-03-05", "征文", "论学习", "", "", "正文"],
         ["00123", "2026-03-06", "读完一本书", "平凡的世界", "", "", ""],
         ["00123", "2026-03-09", "调研报告", "基层调研", "", "", "报告正文"],
         ["00124", "2026-03-10", "Suggestion", "", "", "", "建议内容"]]
    )  # fmt: skip
    preview = preview_activity(office.store, frame, TODAY)
    assert preview.ok, preview.errors

    assert apply_activity(office.store, preview) == 7

    records = stored(office.store)
    assert records["kind"].tolist() == [
        "reading", "clipping", "reflection", "essay", "book_finished", "research_report",
        "suggestion",
    ]  # fmt: skip
    assert set(records["origin"]) == {"import"} and set(records["status"]) == {"submitted"}
    clipping = records.iloc[1]
    assert (clipping["source"], clipping["text"]) == ("人民日报", "一段摘抄")
    assert pd.isna(clipping["title"])
    assert records.iloc[0]["minutes"] == 45 and records.iloc[0]["pages"] == 20
    report = monthly_report(office.store, "2026-03", today=TODAY).set_index("username")
    assert report.loc["00123", ["reading_days", "clipping_days", "books_finished"]].tolist() == [
        1, 1, 1,
    ]  # fmt: skip
    assert report.loc["00124", "reflection_weeks"] == 1
    # Imported writing is writing like any other: each piece knows its period for review.
    periods = office.store.db.frame(
        "SELECT r.kind, w.period_start FROM writing_details w JOIN records r ON r.id = w.record_id"
    ).set_index("kind")["period_start"]
    assert {k: pd.Timestamp(v).date() for k, v in periods.items()} == {
        "reflection": date(2026, 3, 2),  # the week of Tuesday 3 March starts on Monday 2 March
        "essay": date(2026, 3, 1),  # 旬 1–10
        "research_report": date(2026, 3, 1),
        "suggestion": date(2026, 3, 9),
    }


def test_an_xlsx_ledger_with_real_date_and_number_cells(office: Any) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["用户名", "日期", "类型", "标题", "分钟", "页数", "内容"])
    sheet.append(["00123", datetime(2026, 3, 2), "阅读", "论持久战", 30, 12.0, None])
    sheet.append(["00124", date(2026, 3, 3), "剪贴", "求是", None, None, "摘录"])
    buffer = io.BytesIO()
    book.save(buffer)

    preview = preview_activity(office.store, read_table(buffer.getvalue(), "台账.xlsx"), TODAY)
    assert preview.ok, preview.errors
    apply_activity(office.store, preview)

    records = stored(office.store)
    days = pd.to_datetime(records["day"]).dt.strftime("%Y-%m-%d").tolist()
    assert days == ["2026-03-02", "2026-03-03"]
    assert records.iloc[0][["minutes", "pages"]].tolist() == [30, 12]


def test_every_bad_row_is_reported_and_nothing_is_stored(office: Any) -> None:
    rows = [
        ["00123", "2026-03-02", "reading", "论持久战", "30", "", ""],  # 2: fine
        ["99999", "2026-03-02", "reading", "论持久战", "30", "", ""],  # 3
        ["00123", "2026-02-30", "reading", "论持久战", "30", "", ""],  # 4
        ["00123", "03/01/2026", "reading", "论持久战", "30", "", ""],  # 5
        ["00123", "2026-03-19", "reading", "论持久战", "30", "", ""],  # 6: tomorrow
        ["00123", "2026-03-02", "napping", "", "", "", ""],  # 7
        ["00123", "2026-03-02", "reading", "论持久战", "abc", "", ""],  # 8
        ["00123", "2026-03-02", "reading", "论持久战", "30.5", "", ""],  # 9
        ["00123", "2026-03-02", "reading", "论持久战", "0", "", ""],  # 10
        ["00123", "2026-03-02", "reading", "论持久战", "241", "", ""],  # 11
        ["00123", "2026-03-02", "reading", "论持久战", "", "", ""],  # 12
        ["00123", "2026-03-02", "reading", "论持久战", "30", "-3", ""],  # 13
        ["00123", "2026-03-02", "clipping", "人民日报", "", "", ""],  # 14
        ["00123", "2026-03-02", "book_finished", "", "", "", "好书"],  # 15
        ["00123", "2026-03-02", "reading", "", "30", "", ""],  # 16
        ["", "", "", "", "", "", "一段没有类型的文字"],  # 17
    ]
    preview = preview_activity(office.store, csv_table(rows), TODAY)

    assert errors_of(preview) == [
        (3, "username", "imports.username_unknown"),
        (4, "date", "imports.date_invalid"),
        (5, "date", "imports.date_invalid"),
        (6, "date", "imports.date_future"),
        (7, "kind", "imports.kind_unknown"),
        (8, "minutes", "imports.minutes_not_whole"),
        (9, "minutes", "imports.minutes_not_whole"),
        (10, "minutes", "imports.minutes_out_of_range"),
        (11, "minutes", "imports.minutes_out_of_range"),
        (12, "minutes", "imports.minutes_missing"),
        (13, "pages", "imports.pages_negative"),
        (14, "text", "imports.text_missing"),
        (15, "title", "imports.title_missing"),
        (16, "title", "imports.title_missing"),
        (17, "username", "imports.username_missing"),
        (17, "date", "imports.date_invalid"),
        (17, "kind", "imports.kind_missing"),
    ]
    assert preview.errors[0].describe("en") == (
        "row 3, username: No one has the username “99999”; import the roster first"
    )
    assert "2026-03-18" in preview.errors[3].message("zh")
    with pytest.raises(ValidationError):
        apply_activity(office.store, preview)
    assert stored(office.store).empty


def test_missing_required_columns_are_named(office: Any) -> None:
    frame = csv_table([["00123", "30"]], header=["username", "minutes"])
    with pytest.raises(ValidationError) as refused:
        preview_activity(office.store, frame, TODAY)
    assert refused.value.key == "imports.columns_missing"
    assert "date, kind" in refused.value.message("en")


def test_importing_the_same_ledger_twice_is_refused(office: Any) -> None:
    rows = [["00123", "2026-03-02", "reading", "论持久战", "30", "", ""],
            ["00124", "2026-03-02", "心得", "", "", "", "心得"]]  # fmt: skip
    apply_activity(office.store, preview_activity(office.store, csv_table(rows), TODAY))

    again = preview_activity(office.store, csv_table(rows), TODAY)

    assert errors_of(again) == [
        (2, "", "imports.already_stored"),
        (3, "", "imports.already_stored"),
    ]
    assert again.errors[0].describe("en").startswith("row 2: This record is already stored")
    assert len(stored(office.store)) == 2


def test_implausibly_fast_reading_is_stored_but_flagged(office: Any) -> None:
    rows = [["00123", "2026-03-02", "reading", "论持久战", "10", "300", ""]]
    apply_activity(office.store, preview_activity(office.store, csv_table(rows), TODAY))
    assert stored(office.store).iloc[0]["flag"] == "fast_pace"


def test_a_hundred_thousand_rows_import_in_seconds(office: Any) -> None:
    n = 100_000
    rng = np.random.default_rng(7)
    ledger = pd.DataFrame(
        {
            "username": rng.choice(["00123", "00124"], n),
            "date": pd.Series(pd.date_range("2026-01-01", "2026-03-17"))
            .sample(n, replace=True, random_state=7)
            .dt.strftime("%Y-%m-%d")
            .to_numpy(),
            "kind": rng.choice(["reading", "阅读", "clipping"], n),
            "title": "论持久战",
            "minutes": rng.integers(1, 240, n),
            "pages": rng.integers(0, 20, n),
            "text": "摘录",
        }
    )
    data = ledger.to_csv(index=False).encode()
    started = time.perf_counter()

    preview = preview_activity(office.store, read_table(data, "big.csv"), TODAY)
    stored_count = apply_activity(office.store, preview)

    assert stored_count == n
    assert time.perf_counter() - started < 15
