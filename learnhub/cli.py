"""The `learnhub` command (DESIGN.md §6).

The web app is the one process that writes to the database while it runs; these commands are for
when it is stopped, and say so clearly when it is not. Messages come from the catalogue in the
language of $LEARNHUB_LANG (default Chinese). Exit status: 0 done, 1 refused (nothing stored),
2 the database is in use.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from learnhub import cli_questions
from learnhub.content import COURSES_DIR
from learnhub.errors import LearnHubError, ValidationError
from learnhub.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from learnhub.imports.tabular import MAX_BYTES, RowError
from learnhub.settings import load_settings
from learnhub.store import DatabaseLockedError, Store
from learnhub.text_table import text_table

__all__ = ["main"]

DEFAULT_PORT = 8501


@dataclass
class Context:
    db: Path
    lang: str
    stores: list[Store] = field(default_factory=list)

    def t(self, key: str, **params: Any) -> str:
        return translate(key, self.lang, **params)

    def say(self, key: str, **params: Any) -> None:
        print(self.t(key, **params))

    def warn(self, key: str, **params: Any) -> None:
        print(self.t(key, **params), file=sys.stderr)

    def store(self, *, must_exist: bool = True) -> Store:
        """The database, migrated; refuses a path that holds none unless told to create it."""
        from learnhub.office import initialise
        from learnhub.store.bulk import open_in_this_process

        if must_exist and not self.db.exists():
            raise ValidationError("cli.no_database", path=str(self.db))
        already_open = self.db.exists() and open_in_this_process(self.db)
        store = initialise(self.db)
        if not already_open:
            self.stores.append(store)
        return store

    def close(self) -> None:
        # Close what this command opened, so a restore (or the app) finds the file free; a
        # database the caller had open before (a test, a notebook) stays theirs.
        for store in self.stores:
            store.db.close()
        self.stores.clear()


def main(argv: Sequence[str] | None = None) -> int:
    lang = os.environ.get("LEARNHUB_LANG", DEFAULT_LANGUAGE).strip().lower()
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    args = _parser(lang).parse_args(argv)
    db = Path(args.db or load_settings().db)
    ctx = Context(db=db, lang=lang)
    run: Callable[[argparse.Namespace, Context], int] = args.run
    try:
        return run(args, ctx)
    except DatabaseLockedError:
        ctx.warn("cli.database_locked", path=str(db))
        return 2
    except LearnHubError as exc:
        print(exc.message(lang), file=sys.stderr)
        return 1
    finally:
        ctx.close()


# -- commands ---------------------------------------------------------------------------------
def _init(args: argparse.Namespace, ctx: Context) -> int:
    existed = ctx.db.exists()
    store = ctx.store(must_exist=False)
    version = store.bulk.schema_version()
    if existed:
        ctx.say("cli.init_existing", path=str(ctx.db), version=version,
                people=store.bulk.count_people())  # fmt: skip
    else:
        ctx.say("cli.init_created", path=str(ctx.db), version=version)
    ctx.say("cli.init_next")
    return 0


def _create_user(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.org import create_user

    store = ctx.store()
    roles = ";".join(args.role or ["staff"])
    person_id, password = create_user(
        store, args.username, name=args.name, department=args.department, roles=roles
    )
    person = store.people.person(person_id)
    assert person is not None
    ctx.say("cli.user_created", username=person["username"], name=person["name"],
            roles=person["roles"])  # fmt: skip
    ctx.say("cli.one_time_password", password=password)
    ctx.say("cli.must_change_password")
    return 0


def _read_upload(ctx: Context, path: str) -> tuple[bytes, str]:
    file = Path(path)
    if not file.is_file():
        raise ValidationError("cli.file_missing", path=path)
    # Refuse a huge file before reading it into memory; read_table checks the bytes again.
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise ValidationError("imports.file_too_large", size_mb=f"{size / 2**20:.1f}",
                              limit_mb=f"{MAX_BYTES / 2**20:.1f}")  # fmt: skip
    return file.read_bytes(), file.name


def _report_errors(ctx: Context, errors: list[RowError]) -> int:
    for error in errors:
        print(error.describe(ctx.lang), file=sys.stderr)
    ctx.warn("cli.import_refused", n=len(errors))
    return 1


def _import_roster(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.imports.roster import apply_roster, preview_roster
    from learnhub.imports.tabular import read_table

    data, name = _read_upload(ctx, args.file)
    frame = read_table(data, name)
    store = ctx.store()
    preview = preview_roster(store, frame)
    counts = preview.counts()
    ctx.say("cli.roster_preview", rows=len(preview.rows), **counts)
    if not preview.ok:
        return _report_errors(ctx, preview.errors)
    if args.dry_run:
        ctx.say("cli.dry_run")
        return 0
    out = Path(args.passwords_out) if args.passwords_out else None
    if out is not None and out.exists() and counts["new"]:
        raise ValidationError("cli.file_exists", path=str(out))
    result = apply_roster(store, preview, actor_id=None)
    ctx.say("cli.roster_done", created=result.created, updated=result.updated,
            unchanged=result.unchanged, departments=result.departments_created)  # fmt: skip
    if result.passwords:
        headers = [ctx.t("cli.col_username"), ctx.t("cli.col_name"), ctx.t("cli.col_password")]
        _hand_out(ctx, headers, result.passwords, out)
    return 0


def _hand_out(
    ctx: Context, headers: list[str], rows: Sequence[Sequence[str]], out: Path | None
) -> None:
    """One-time passwords: to a private file if asked, else on screen; shown only this once."""
    if out is not None:
        import pandas as pd

        from learnhub.exports import to_csv_bytes

        _write_private(out, to_csv_bytes(pd.DataFrame(list(rows), columns=headers)))
        ctx.say("cli.passwords_written", path=str(out), n=len(rows))
    else:
        print(text_table(headers, rows))
    ctx.say("cli.passwords_once")


def _write_private(path: Path, data: bytes) -> None:
    # O_EXCL: never overwrite another list of passwords; 0600: only this account can read it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ValidationError("cli.file_exists", path=str(path)) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _import_activity(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.imports.activity import apply_activity, preview_activity
    from learnhub.imports.tabular import read_table
    from learnhub.periods import today_in

    data, name = _read_upload(ctx, args.file)
    frame = read_table(data, name)
    store = ctx.store()
    preview = preview_activity(store, frame, today_in(load_settings().timezone))
    ctx.say("cli.activity_preview", rows=len(preview.records),
            kinds=", ".join(f"{k} {n}" for k, n in preview.counts().items()) or "-")  # fmt: skip
    if not preview.ok:
        return _report_errors(ctx, preview.errors)
    if args.dry_run:
        ctx.say("cli.dry_run")
        return 0
    stored = apply_activity(store, preview)
    ctx.say("cli.activity_done", n=stored)
    return 0


def _report_monthly(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.exports import to_csv_bytes, to_xlsx_bytes
    from learnhub.periods import parse_month
    from learnhub.reports import monthly_report

    try:
        month = parse_month(args.month).label
    except ValueError:
        raise ValidationError("cli.month_invalid", month=args.month) from None
    output = Path(args.output) if args.output else None
    fmt = args.format or ("xlsx" if output and output.suffix.lower() == ".xlsx" else "csv")
    if fmt == "xlsx" and output is None:
        raise ValidationError("cli.xlsx_needs_output")
    report = monthly_report(ctx.store(), month)
    data = to_xlsx_bytes(report, month) if fmt == "xlsx" else to_csv_bytes(report)
    if output is None:
        # Bytes, BOM included, so `> report.csv` opens in Excel with Chinese intact.
        sys.stdout.flush()
        raw = getattr(sys.stdout, "buffer", None)
        if raw is None:
            sys.stdout.write(data.decode("utf-8"))
        else:
            raw.write(data)
            raw.flush()
        return 0
    output.write_bytes(data)
    ctx.say("cli.report_written", path=str(output), rows=len(report), month=month)
    return 0


def _demo(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.demo import generate_demo

    store = ctx.store(must_exist=False)
    if store.bulk.count_people():
        raise ValidationError("cli.demo_not_empty", path=str(ctx.db))
    out = Path(args.accounts_out) if args.accounts_out else None
    if out is not None and out.exists():
        raise ValidationError("cli.file_exists", path=str(out))
    office = generate_demo(store, staff=args.staff, days=args.days, seed=args.seed)
    ctx.say("cli.demo_done", staff=office.staff, records=office.records,
            seconds=f"{office.seconds:.1f}")  # fmt: skip
    # Demo passwords need no change at first sign-in, unlike real one-time passwords.
    headers = [ctx.t("cli.col_username"), ctx.t("cli.col_name"), ctx.t("cli.col_role"),
               ctx.t("cli.col_demo_password")]  # fmt: skip
    print(text_table(headers, office.accounts))
    if out is not None:
        import pandas as pd

        from learnhub.exports import to_csv_bytes

        _write_private(out, to_csv_bytes(pd.DataFrame(office.accounts, columns=headers)))
        ctx.say("cli.accounts_written", path=str(out), n=len(office.accounts))
    return 0


def _backup(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.backup import backup

    dest = backup(ctx.store(), args.dest)
    ctx.say("cli.backup_done", path=str(dest), size_mb=f"{dest.stat().st_size / 2**20:.1f}")
    return 0


def _restore(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.backup import restore

    kept = restore(args.src, ctx.db)
    ctx.say("cli.restore_done", src=args.src, path=str(ctx.db))
    if kept is not None:
        ctx.say("cli.restore_kept", path=str(kept))
    return 0


def _serve(args: argparse.Namespace, ctx: Context) -> int:
    import uvicorn

    # The app reads its settings from the environment; hand it the database chosen here.
    os.environ["LEARNHUB_DB"] = str(ctx.db)
    port = args.port or int(os.environ.get("PORT") or DEFAULT_PORT)
    ctx.say("cli.serving", host=args.host, port=port, path=str(ctx.db))
    uvicorn.run("learnhub.ui.asgi:app", host=args.host, port=port)
    return 0


def _settings(args: argparse.Namespace, ctx: Context) -> int:

    from learnhub.i18n import catalogue
    from learnhub.settings import SETTINGS_HELP

    settings = load_settings(db=str(ctx.db))
    known = catalogue(ctx.lang)
    rows = []
    for name, value in asdict(settings).items():
        key = f"cli.setting_{name}"
        help_text = known[key] if key in known else SETTINGS_HELP.get(name, "")
        rows.append((name, str(value), f"LEARNHUB_{name.upper()}", help_text))
    headers = [ctx.t("cli.col_setting"), ctx.t("cli.col_value"), ctx.t("cli.col_variable"),
               ctx.t("cli.col_help")]  # fmt: skip
    print(text_table(headers, rows))
    return 0


def _content_sync(args: argparse.Namespace, ctx: Context) -> int:
    from learnhub.courses import ContentProblems, sync_content

    try:
        result = sync_content(ctx.store(), Path(args.root))
    except ContentProblems as exc:
        for problem in exc.problems:
            ctx.warn("cli.content_problem", problem=problem)
        ctx.warn("cli.content_nothing_loaded")
        return 1
    ctx.say("cli.content_synced", **asdict(result))
    return 0


def _parser(lang: str) -> argparse.ArgumentParser:
    def t(key: str) -> str:
        return translate(key, lang)

    parser = argparse.ArgumentParser(prog="learnhub", description=t("cli.help_description"))
    parser.add_argument("--db", help=t("cli.help_db"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        group: Any, name: str, run: Callable[[argparse.Namespace, Context], int], help_key: str
    ) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = group.add_parser(name, help=t(help_key),
                                                        description=t(help_key))  # fmt: skip
        # Also accepted after the command; SUPPRESS keeps it from hiding a global --db.
        sub.add_argument("--db", default=argparse.SUPPRESS, help=t("cli.help_db"))
        sub.set_defaults(run=run)
        return sub

    command(commands, "init", _init, "cli.help_init")

    user = command(commands, "create-user", _create_user, "cli.help_create_user")
    user.add_argument("username")
    user.add_argument("--name", required=True)
    user.add_argument("--department")
    user.add_argument("--role", action="append", help=t("cli.help_role"))

    imports = commands.add_parser("import", help=t("cli.help_import"))
    kinds = imports.add_subparsers(dest="what", required=True, metavar="WHAT")
    roster = command(kinds, "roster", _import_roster, "cli.help_import_roster")
    roster.add_argument("file")
    roster.add_argument("--passwords-out", help=t("cli.help_passwords_out"))
    roster.add_argument("--dry-run", action="store_true", help=t("cli.help_dry_run"))
    activity = command(kinds, "activity", _import_activity, "cli.help_import_activity")
    activity.add_argument("file")
    activity.add_argument("--dry-run", action="store_true", help=t("cli.help_dry_run"))
    cli_questions.add_parser(command, kinds, t)

    report = commands.add_parser("report", help=t("cli.help_report"))
    reports = report.add_subparsers(dest="which", required=True, metavar="REPORT")
    monthly = command(reports, "monthly", _report_monthly, "cli.help_report_monthly")
    monthly.add_argument("--month", required=True, metavar="YYYY-MM")
    monthly.add_argument("--format", choices=["csv", "xlsx"])
    monthly.add_argument("-o", "--output", metavar="FILE", help=t("cli.help_output"))

    demo = command(commands, "demo", _demo, "cli.help_demo")
    demo.add_argument("--staff", type=int, default=40)
    demo.add_argument("--days", type=int, default=90)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--accounts-out", metavar="FILE", help=t("cli.help_accounts_out"))

    command(commands, "backup", _backup, "cli.help_backup").add_argument("dest")
    command(commands, "restore", _restore, "cli.help_restore").add_argument("src")

    serve = command(commands, "serve", _serve, "cli.help_serve")
    serve.add_argument("--port", type=int, help=t("cli.help_port"))
    serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"),
                       help=t("cli.help_host"))  # fmt: skip

    command(commands, "settings", _settings, "cli.help_settings")

    content = commands.add_parser("content", help=t("cli.help_content"))
    actions = content.add_subparsers(dest="action", required=True, metavar="ACTION")
    sync = command(actions, "sync", _content_sync, "cli.help_content_sync")
    sync.add_argument("--root", default=str(COURSES_DIR), help=t("cli.help_content_root"))
    return parser


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
