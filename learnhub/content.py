"""Shipped course material (`content/courses/`): reading and checking it, without a database.

Each course is a folder with `course.toml`, its lessons as Markdown files with TOML front matter
between `+++` lines, and a question bank in GIFT (`questions.gift`). The format is described in
`content/README.md`; `check_content` reports every problem with its file, so a trainer who edits
the material sees exactly what to fix, and the test suite runs it over everything shipped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "CATEGORIES",
    "ContentProblem",
    "Course",
    "Lesson",
    "check_content",
    "load_course",
]

CATEGORIES = ("政治理论", "业务", "综合")
COURSES_DIR = Path(__file__).resolve().parent.parent / "content" / "courses"
_FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n(.*)\Z", re.S)
_RAW_HTML = re.compile(r"<\s*[a-zA-Z!/]")
# A GIFT answer block: an opening brace not escaped with a backslash.
_GIFT_ANSWERS = re.compile(r"(?<!\\)\{[^}]*(?<!\\)\}", re.S)


@dataclass(frozen=True)
class ContentProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Lesson:
    file: str
    title: str
    credit_hours: float
    body: str
    link: str | None = None


@dataclass(frozen=True)
class Course:
    slug: str
    title: str
    category: str
    description: str
    lessons: tuple[Lesson, ...]
    question_bank: Path | None
    problems: tuple[ContentProblem, ...] = field(default=())


def _lesson(path: Path, problems: list[ContentProblem]) -> Lesson | None:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    if match is None:
        problems.append(ContentProblem(path, "no front matter between two '+++' lines at the top"))
        return None
    try:
        meta: dict[str, Any] = tomllib.loads(match.group(1))
    except tomllib.TOMLDecodeError as exc:
        problems.append(ContentProblem(path, f"front matter is not valid TOML: {exc}"))
        return None
    body = match.group(2).strip()
    title = str(meta.get("title", "")).strip()
    hours = meta.get("credit_hours")
    link = meta.get("link")
    if not title:
        problems.append(ContentProblem(path, "title is missing"))
    if not isinstance(hours, int | float) or not 0.5 <= hours <= 3 or (hours * 2) % 1:
        problems.append(ContentProblem(path, "credit_hours must be 0.5 to 3 in steps of 0.5"))
        hours = 0.0
    if link is not None and not str(link).startswith("https://"):
        problems.append(ContentProblem(path, "link must start with https://"))
    if not body and link is None:
        problems.append(ContentProblem(path, "the lesson has no text"))
    if _RAW_HTML.search(body):
        problems.append(ContentProblem(path, "raw HTML is not allowed; use Markdown"))
    return Lesson(path.name, title, float(hours), body, str(link) if link else None)


def _check_gift(path: Path, problems: list[ContentProblem]) -> None:
    """Enough of GIFT to catch a broken file here; the full parser imports it (issue 4)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    if not re.search(r"^\$CATEGORY:", text, re.M):
        problems.append(ContentProblem(path, "no $CATEGORY line"))
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip() and not b.strip().startswith("$")]
    blocks = [b for b in blocks if not all(line.startswith("//") for line in b.splitlines())]
    if len(blocks) < 10:
        problems.append(ContentProblem(path, f"only {len(blocks)} questions; ship at least 10"))
    for number, block in enumerate(blocks, start=1):
        if len(_GIFT_ANSWERS.findall(block)) != 1:
            problems.append(ContentProblem(path, f"question {number} needs one {{…}} answer part"))


def load_course(folder: Path) -> Course:
    problems: list[ContentProblem] = []
    meta_path = folder / "course.toml"
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        problem = ContentProblem(meta_path, f"cannot read course.toml: {exc}")
        return Course(folder.name, "", "", "", (), None, (problem,))
    for key in ("slug", "title", "category", "description", "lessons"):
        if not meta.get(key):
            problems.append(ContentProblem(meta_path, f"{key} is missing"))
    if meta.get("slug") and meta["slug"] != folder.name:
        problems.append(ContentProblem(meta_path, "slug must be the folder's name"))
    if meta.get("category") and meta["category"] not in CATEGORIES:
        problems.append(ContentProblem(meta_path, f"category must be one of {CATEGORIES}"))
    listed = [str(name) for name in meta.get("lessons", [])]
    lessons = []
    for name in listed:
        path = folder / name
        if not path.is_file():
            problems.append(ContentProblem(meta_path, f"lesson {name} does not exist"))
            continue
        lesson = _lesson(path, problems)
        if lesson is not None:
            lessons.append(lesson)
    for path in sorted(folder.glob("*.md")):
        if path.name not in listed:
            problems.append(ContentProblem(path, "not listed in course.toml's lessons"))
    bank = folder / "questions.gift"
    if bank.is_file():
        _check_gift(bank, problems)
    else:
        problems.append(ContentProblem(folder, "questions.gift is missing"))
    return Course(
        slug=str(meta.get("slug", folder.name)),
        title=str(meta.get("title", "")),
        category=str(meta.get("category", "")),
        description=str(meta.get("description", "")),
        lessons=tuple(lessons),
        question_bank=bank if bank.is_file() else None,
        problems=tuple(problems),
    )


def check_content(root: Path = COURSES_DIR) -> tuple[list[Course], list[ContentProblem]]:
    courses = [load_course(folder) for folder in sorted(root.iterdir()) if folder.is_dir()]
    return courses, [problem for course in courses for problem in course.problems]
