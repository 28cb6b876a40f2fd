"""The `learnhub` command end to end, as an office clerk at a terminal would use it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from learnhub.auth import sign_in
from learnhub.cli import main
from learnhub.scoring import MONTHLY_COLUMNS
from learnhub.settings import SETTINGS_HELP, Settings
from learnhub.store import open_store


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEARNHUB_LANG", "en")
    monkeypatch.delenv("LEARNHUB_DB", raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "office.duckdb"
    assert main(["--db", str(path), "init"]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(textwrap.dedent(text).lstrip().encode(encoding))
    return path


def test_init_creates_then_reports_an_existing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "office.duckdb"
    code, out, _ = run(capsys, "--db", str(path), "init")
    assert code == 0 and "Created the database" in out and path.exists()
    code, out, _ = run(capsys, "init", "--db", str(path))  # --db also after the command
    assert code == 0 and "already exists" in out and "0 people" in out


def test_create_user_prints_a_one_time_password_that_signs_in(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(db), "create-user", "00123", "--name", "张三",
                       "--department", "办公室", "--role", "staff", "--role", "office")  # fmt: skip
    assert code == 0
    assert "must be changed at first sign-in" in out
    password = next(line for line in out.splitlines() if "password:" in line).split(": ")[1]
    store = open_store(db)
    try:
        assert sign_in(store, Settings(db=str(db)), "00123", password).ok
        person = store.people.person_by_username("00123")
        assert person is not None
        assert person["roles"] == "staff;office" and person["must_change_password"]
    finally:
        store.db.close()


def test_create_user_with_a_bad_role_says_why(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(db), "create-user", "00123", "--name", "张三",
                       "--role", "boss")  # fmt: skip
    assert code == 1 and "Unknown role “boss”" in err


def test_commands_refuse_a_database_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNHUB_DB", str(tmp_path / "typo.duckdb"))
    code, _, err = run(capsys, "report", "monthly", "--month", "2026-03")
    assert code == 1 and "learnhub init" in err
    assert not (tmp_path / "typo.duckdb").exists()


def test_roster_import_with_errors_lists_every_row_and_stores_nothing(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = write(tmp_path / "roster.csv", """
        username,name,department,roles
        00123,张三,综合科,staff
        00123,李四,综合科,staff
        00125,,综合科,boss
    """)  # fmt: skip
    code, _, err = run(capsys, "--db", str(db), "import", "roster", str(roster))

    assert code == 1
    assert "row 3, username: The username “00123” already appears in row 2" in err
    assert "row 4, name: The name is missing" in err
    assert "row 4, roles: Unknown role “boss”" in err
    assert "nothing was imported" in err
    assert main(["--db", str(db), "init"]) == 0
    assert "0 people" in capsys.readouterr().out


def test_roster_import_writes_passwords_to_a_private_csv(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = write(tmp_path / "roster.csv", """
        用户名,姓名,科室,角色
        00123,张三,综合科,学员
        00124,李四,业务科,学员；办公室
    """, encoding="gbk")  # fmt: skip
    out_file = tmp_path / "passwords.csv"
    code, out, _ = run(capsys, "--db", str(db), "import", "roster", str(roster),
                       "--passwords-out", str(out_file))  # fmt: skip

    assert code == 0 and "2 new" in out
    data = out_file.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("username,name") and lines[1].startswith("00123,张三,")
    assert lines[1].split(",")[2] not in out  # the passwords went to the file only
    assert os.stat(out_file).st_mode & 0o077 == 0
    more = write(tmp_path / "more.csv", "username,name,department\n00125,王五,综合科\n")
    code, _, err = run(capsys, "--db", str(db), "import", "roster", str(more),
                       "--passwords-out", str(out_file))  # fmt: skip
    assert code == 1 and "will not be overwritten" in err
    assert out_file.read_bytes() == data


def seed_office(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = write(tmp_path / "roster.csv", """
        username,name,department,roles
        00123,张三,综合科,staff
        00124,=1+2,业务科,staff
    """)  # fmt: skip
    ledger = write(tmp_path / "ledger.csv", """
        username,date,kind,title,minutes,pages,text
        00123,2026-03-02,reading,论持久战,45,,
        00123,2026/3/3,摘抄,人民日报,,,一段摘抄
    """)  # fmt: skip
    assert main(["--db", str(db), "import", "roster", str(roster)]) == 0
    assert main(["--db", str(db), "import", "activity", str(ledger)]) == 0
    assert "Imported 2 learning records" in capsys.readouterr().out


def test_monthly_report_as_csv_on_stdout_opens_in_excel(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_office(db, tmp_path, capsys)
    code, out, _ = run(capsys, "--db", str(db), "report", "monthly", "--month", "2026-03")

    assert code == 0
    assert out.startswith("\ufeff")
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0].split(",") == list(MONTHLY_COLUMNS)
    assert lines[1].startswith("2026-03,00123,张三,综合科,1,1,")
    assert ",'=1+2," in lines[2]


def test_monthly_report_as_xlsx_keeps_chinese_zeros_and_defuses_formulas(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_office(db, tmp_path, capsys)
    target = tmp_path / "小结.xlsx"
    code, out, _ = run(capsys, "--db", str(db), "report", "monthly", "--month", "2026-03",
                       "-o", str(target))  # fmt: skip

    assert code == 0 and "2 people" in out
    sheet = openpyxl.load_workbook(target).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == list(MONTHLY_COLUMNS)
    assert rows[1][:4] == ["2026-03", "00123", "张三", "综合科"]
    assert rows[2][2] == "'=1+2" and sheet.cell(3, 3).data_type == "s"


def test_monthly_report_refuses_a_bad_month(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(db), "report", "monthly", "--month", "March")
    assert code == 1 and "YYYY-MM" in err


@pytest.fixture
def app_holding(db: Path) -> Iterator[Path]:
    """Another process holding the database read-write, as the running web app does."""
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); "
         "sys.stdin.read()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield db
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)


def test_a_database_held_by_the_running_app_gets_a_clear_message(
    app_holding: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = write(tmp_path / "roster.csv", "username,name,department\n00123,张三,综合科\n")
    code, _, err = run(capsys, "--db", str(app_holding), "import", "roster", str(roster))
    assert code == 2
    assert "in use by the running LearnHub app" in err and "Stop the app first" in err
    code, _, err = run(capsys, "--db", str(app_holding), "restore", str(roster))
    assert code == 1  # not a backup: refused before touching the database


def test_the_locked_message_is_in_chinese_by_default(
    app_holding: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEARNHUB_LANG")
    code, _, err = run(capsys, "--db", str(app_holding), "backup", str(app_holding) + ".bak")
    assert code == 2 and "正被运行中的 LearnHub 应用使用" in err


def test_backup_and_restore_from_the_command_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db), "create-user", "00123", "--name", "张三", "--role", "staff"]) == 0
    copy = tmp_path / "backup.duckdb"
    code, out, _ = run(capsys, "--db", str(db), "backup", str(copy))
    assert code == 0 and "Backed up to" in out
    assert main(["--db", str(db), "create-user", "00124", "--name", "李四", "--role", "staff"]) == 0
    code, _, err = run(capsys, "--db", str(db), "backup", str(copy))
    assert code == 1 and "will not overwrite" in err

    code, out, _ = run(capsys, "--db", str(db), "restore", str(copy))

    assert code == 0 and "previous database is kept" in out
    store = open_store(db)
    try:
        assert store.people.people()["username"].tolist() == ["00123"]
    finally:
        store.db.close()


def test_demo_fills_an_empty_database_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.duckdb"
    accounts = tmp_path / "accounts.csv"
    code, out, _ = run(capsys, "--db", str(path), "demo", "--staff", "3", "--days", "5",
                       "--accounts-out", str(accounts))  # fmt: skip
    assert code == 0 and "3 staff" in out
    assert "00001" in out and accounts.read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, err = run(capsys, "--db", str(path), "demo")
    assert code == 1 and "already has people" in err


def test_settings_lists_every_setting_with_its_value(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNHUB_LOCKOUT_MINUTES", "30")
    code, out, _ = run(capsys, "settings")
    assert code == 0
    for name in SETTINGS_HELP:
        assert f"LEARNHUB_{name.upper()}" in out
    assert any(line.startswith("lockout_minutes") and " 30 " in line for line in out.splitlines())


def test_serve_runs_the_app_on_the_chosen_database_and_port(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kw: calls.append({"app": app, **kw}))
    monkeypatch.setenv("PORT", "9000")
    monkeypatch.setenv("LEARNHUB_DB", "elsewhere.duckdb")

    assert main(["serve", "--db", str(db)]) == 0

    assert calls == [{"app": "learnhub.ui.asgi:app", "host": "127.0.0.1", "port": 9000}]
    assert os.environ["LEARNHUB_DB"] == str(db)
    assert "http://127.0.0.1:9000/" in capsys.readouterr().out


def test_help_is_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNHUB_LANG", "zh")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "导入名册或学习记录" in capsys.readouterr().out


def test_exported_cells_cannot_run_as_formulas_but_numbers_stay_numbers() -> None:
    import pandas as pd

    from learnhub.exports import escape_for_spreadsheet, to_xlsx_bytes

    frame = pd.DataFrame(
        {"text": ["=SUM(A1)", "+1", "-1", "@cmd", "\tx", "ok", "张三"], "n": [-5, 1, 2, 3, 4, 5, 6]}
    )
    escaped = escape_for_spreadsheet(frame)
    assert escaped["text"].tolist() == ["'=SUM(A1)", "'+1", "'-1", "'@cmd", "'\tx", "ok", "张三"]
    assert escaped["n"].tolist() == frame["n"].tolist()
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, "小结"))).active
    assert sheet.title == "小结"
    assert [c.data_type for c in sheet["A"][1:]] == ["s"] * 7
    assert sheet["B2"].value == -5
