"""Question banks: bring a trainer's file in (GIFT, Aiken or the Excel template), all or nothing,
and take a bank out again in the same formats.

`read_questions` parses a file and stores nothing: the page shows its questions, its problems with
their lines and the questions of types LearnHub does not take (skipped, by name and line).
`import_questions` stores a file without problems in one transaction, into a bank it creates when
the name is new. The same file imported twice into one bank is refused: a double click or a
second upload would otherwise double every question.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pandas as pd

from learnhub.errors import ValidationError
from learnhub.i18n import translate
from learnhub.org import normalise_name
from learnhub.questions.model import Choice, ImportProblem, ParseResult, Question
from learnhub.store import Cursor, Store

__all__ = [
    "FORMATS",
    "MAX_BANK_NAME",
    "MAX_TEXT_BYTES",
    "ImportOutcome",
    "QuestionFile",
    "bank_questions",
    "describe_problem",
    "detect_format",
    "export_bank",
    "import_questions",
    "questions_by_id",
    "read_questions",
]

FORMATS = ("gift", "aiken", "excel")
# A bank of a thousand questions with explanations is ~1 MB of text.
MAX_TEXT_BYTES = 5 * 1024 * 1024
MAX_BANK_NAME = 50
_SEPARATOR = ";"


@dataclass(frozen=True)
class QuestionFile:
    filename: str
    format: str
    sha256: str
    result: ParseResult


@dataclass(frozen=True)
class ImportOutcome:
    bank_id: int
    stored: int
    skipped: int


def detect_format(filename: str, text: str | None) -> str:
    """`excel` for .xlsx/.csv; for text, Aiken when it has an `ANSWER:` line and no braces."""
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix in ("xlsx", "xls", "csv"):
        return "excel"
    if suffix == "gift" or text is None:
        return "gift"
    lines = [line.strip().upper() for line in text.splitlines()]
    has_answer = any(line.startswith("ANSWER:") or line.startswith("ANSWER ") for line in lines)
    return "aiken" if has_answer and "{" not in text else "gift"


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ValidationError("questions.not_text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("questions.encoding_unknown")


def read_questions(data: bytes, filename: str, format: str | None = None) -> QuestionFile:
    """Parse a question file; store nothing. Raises ValidationError for a file that is not one
    (too big, binary, unreadable); problems inside it are in `.result.problems`."""
    from learnhub.questions.aiken import parse_aiken
    from learnhub.questions.excel import parse_template, read_template
    from learnhub.questions.gift import parse_gift

    if not data.strip():
        raise ValidationError("questions.file_empty")
    digest = hashlib.sha256(data).hexdigest()
    if (format or detect_format(filename, None)) == "excel":
        parsed = parse_template(read_template(data, filename))
        return QuestionFile(filename, "excel", digest, parsed)
    if len(data) > MAX_TEXT_BYTES:
        raise ValidationError(
            "imports.file_too_large",
            size_mb=f"{len(data) / 2**20:.1f}",
            limit_mb=f"{MAX_TEXT_BYTES / 2**20:.0f}",
        )
    text = _decode(data)
    chosen = format or detect_format(filename, text)
    if chosen not in FORMATS:
        raise ValidationError("questions.format_unknown", format=chosen)
    result = parse_aiken(text) if chosen == "aiken" else parse_gift(text)
    return QuestionFile(filename, chosen, digest, result)


def describe_problem(problem: ImportProblem, lang: str = "zh") -> str:
    message = translate(problem.key, lang, **problem.params)
    return translate("questions.problem_at", lang, line=problem.line, message=message)


def _bank_name(name: str) -> str:
    clean = normalise_name(name)
    if not clean:
        raise ValidationError("questions.bank_name_missing")
    if len(clean) > MAX_BANK_NAME:
        raise ValidationError("questions.bank_name_too_long", n=MAX_BANK_NAME)
    return clean


def _frames(
    questions: list[Question], bank_id: int, import_id: int, first: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []
    for index, question in enumerate(questions):
        rows.append(
            {
                "bank_id": bank_id,
                "import_id": import_id,
                "position": first + index,
                "type": question.type,
                "name": question.name,
                "text": question.text,
                "answer": question.answer,
                "feedback_wrong": question.feedback_wrong,
                "feedback_right": question.feedback_right,
                "tolerance": _SEPARATOR.join(sorted(question.tolerance)),
                "explanation": question.explanation,
                "category": question.category,
                "tags": _SEPARATOR.join(question.tags),
                "source_line": question.line,
            }
        )
        for position, choice in enumerate(question.choices, start=1):
            choices.append(
                {
                    "question": index,
                    "position": position,
                    "text": choice.text,
                    "weight": float(choice.weight),
                    "feedback": choice.feedback,
                }
            )
    question_frame = pd.DataFrame(rows).astype({"answer": "object"})
    choice_frame = pd.DataFrame(
        choices, columns=["question", "position", "text", "weight", "feedback"]
    )
    return question_frame, choice_frame


def import_questions(
    store: Store, bank_name: str, file: QuestionFile, *, actor_id: int | None
) -> ImportOutcome:
    """Store every question of a file without problems, in one transaction."""
    name = _bank_name(bank_name)
    if not file.result.ok:
        raise ValidationError("questions.file_has_problems", n=len(file.result.problems))
    if not file.result.questions:
        raise ValidationError("questions.nothing_to_import")

    def work(cur: Cursor) -> ImportOutcome:
        bank_id = store.questions.bank_id(cur, name)
        if bank_id is None:
            bank_id = store.questions.insert_bank(cur, {"name": name, "owner_id": actor_id})
        else:
            before = store.questions.imported_before(cur, bank_id, file.sha256)
            if before is not None:
                raise ValidationError(
                    "questions.already_imported",
                    filename=before["filename"],
                    at=before["imported_at"].strftime("%Y-%m-%d %H:%M"),
                )
        import_id = store.questions.insert_import(
            cur,
            {
                "bank_id": bank_id,
                "filename": file.filename,
                "format": file.format,
                "sha256": file.sha256,
                "questions": len(file.result.questions),
                "skipped": len(file.result.skipped),
                "imported_by": actor_id,
            },
        )
        first = store.questions.next_position(cur, bank_id)
        questions, choices = _frames(file.result.questions, bank_id, import_id, first)
        store.questions.insert_questions(cur, questions, choices)
        return ImportOutcome(bank_id, len(file.result.questions), len(file.result.skipped))

    outcome: ImportOutcome = store.transaction(work)
    return outcome


def _split(value: Any) -> tuple[str, ...]:
    return tuple(v for v in str(value or "").split(_SEPARATOR) if v)


def _build(frame: pd.DataFrame, choices: pd.DataFrame) -> list[tuple[int, Question]]:
    by_question: dict[int, list[Choice]] = {}
    for _, row in choices.iterrows():
        by_question.setdefault(int(row["question_id"]), []).append(
            Choice(str(row["text"]), float(row["weight"]), str(row["feedback"]))
        )
    built: list[tuple[int, Question]] = []
    for _, row in frame.iterrows():
        answer = row["answer"]
        question = Question(
            type=str(row["type"]),
            text=str(row["text"]),
            name=str(row["name"]),
            choices=tuple(by_question.get(int(row["id"]), [])),
            answer=None if answer is None or pd.isna(answer) else bool(answer),
            feedback_wrong=str(row["feedback_wrong"]),
            feedback_right=str(row["feedback_right"]),
            tolerance=frozenset(_split(row["tolerance"])),
            explanation=str(row["explanation"]),
            category=str(row["category"]),
            tags=_split(row["tags"]),
            line=int(row["source_line"]),
        )
        built.append((int(row["id"]), question))
    return built


def bank_questions(store: Store, bank_id: int) -> list[Question]:
    """A bank's questions, in order, as the model every format reads and writes."""
    frame = store.questions.questions(bank_id)
    choices = store.questions.choices(bank_id)
    return [question for _, question in _build(frame, choices)]


def questions_by_id(
    store: Store, question_ids: list[int], cur: Cursor | None = None
) -> dict[int, Question]:
    """{question id: question} for the ids given, retired ones included."""
    frame, choices = store.questions.by_ids(question_ids, cur)
    return dict(_build(frame, choices))


def export_bank(store: Store, bank_id: int, format: str) -> bytes:
    """The bank as a GIFT file (UTF-8) or as the Excel template."""
    from learnhub.questions.excel_write import write_template
    from learnhub.questions.gift import write_gift

    if store.questions.bank(bank_id) is None:
        raise ValidationError("questions.bank_missing")
    questions = bank_questions(store, bank_id)
    if format == "gift":
        return write_gift(questions).encode("utf-8")
    if format == "excel":
        # The template has no column for names and per-answer feedback; what is right stays.
        return write_template(questions, lossy=True)
    raise ValidationError("questions.format_unknown", format=format)
