"""`learnhub import questions FILE --bank NAME`: a question file into a bank, all or nothing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from learnhub.errors import ValidationError

__all__ = ["import_questions_command"]


def import_questions_command(args: argparse.Namespace, ctx: Any) -> int:
    from learnhub.question_banks import describe_problem, import_questions, read_questions

    file = Path(args.file)
    if not file.is_file():
        raise ValidationError("cli.file_missing", path=args.file)
    parsed = read_questions(file.read_bytes(), file.name, args.format)
    result = parsed.result
    ctx.say("questions.cli_preview", filename=file.name, format=parsed.format,
            questions=len(result.questions), skipped=len(result.skipped),
            problems=len(result.problems))  # fmt: skip
    for skipped in result.skipped:
        ctx.say("questions.cli_skipped", line=skipped.line, kind=skipped.kind, name=skipped.name)
    if not result.ok:
        for problem in result.problems:
            print(describe_problem(problem, ctx.lang), file=sys.stderr)
        ctx.warn("questions.cli_refused", n=len(result.problems))
        return 1
    if args.dry_run:
        ctx.say("cli.dry_run")
        return 0
    outcome = import_questions(ctx.store(), args.bank, parsed, actor_id=None)
    ctx.say("questions.cli_done", bank=args.bank, stored=outcome.stored)
    return 0


def add_parser(
    command: Callable[..., argparse.ArgumentParser], kinds: Any, t: Callable[[str], str]
) -> None:
    questions = command(kinds, "questions", import_questions_command, "cli.help_import_questions")
    questions.add_argument("file")
    questions.add_argument("--bank", required=True, help=t("cli.help_bank"))
    questions.add_argument(
        "--format", choices=["gift", "aiken", "excel"], help=t("cli.help_question_format")
    )
    questions.add_argument("--dry-run", action="store_true", help=t("cli.help_dry_run"))
