"""The store: the only part of LearnHub that talks to DuckDB.

Domain functions take a `Store` and call its repositories; each repository holds the SQL of one
area. Keep the SQL close to what PostgreSQL also accepts (DESIGN.md §8).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from learnhub.store.assessment import AssessmentRepo
from learnhub.store.bulk import BulkRepo
from learnhub.store.competition import CompetitionRepo
from learnhub.store.courses import CoursesRepo
from learnhub.store.database import (
    Cursor,
    Database,
    DatabaseLockedError,
    is_unique_violation,
    shared_database,
)
from learnhub.store.group_commit import BatchWriter
from learnhub.store.lesson_files import LessonFilesRepo
from learnhub.store.library import BooksRepo, CalendarRepo, SchemesRepo, SettingsRepo
from learnhub.store.migrations import MIGRATIONS, Migration, migrate
from learnhub.store.originality import OriginalityRepo
from learnhub.store.people import PeopleRepo
from learnhub.store.questions import QuestionsRepo
from learnhub.store.quizzes import QuizzesRepo
from learnhub.store.record_batches import Outcome, PendingRecord, save_records
from learnhub.store.records import RecordsRepo
from learnhub.store.reminders import RemindersRepo
from learnhub.store.reviews import ReviewsRepo
from learnhub.store.sessions import SessionsRepo
from learnhub.store.studydays import StudyDaysRepo
from learnhub.store.suggestions import SuggestionsRepo
from learnhub.store.summary import SummaryRepo
from learnhub.store.training import TrainingRepo
from learnhub.store.writing import WritingRepo
from learnhub.store.writing_groups import WritingGroupsRepo

__all__ = [
    "MIGRATIONS",
    "Cursor",
    "Database",
    "DatabaseLockedError",
    "Migration",
    "Outcome",
    "PendingRecord",
    "Store",
    "is_unique_violation",
    "migrate",
    "open_store",
]


class Store:
    """Every repository, bound to one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.people = PeopleRepo(db)
        self.sessions = SessionsRepo(db)
        self.records = RecordsRepo(db)
        self.books = BooksRepo(db)
        self.calendar = CalendarRepo(db)
        self.schemes = SchemesRepo(db)
        self.settings = SettingsRepo(db)
        self.bulk = BulkRepo(db)
        self.courses = CoursesRepo(db)
        self.study_days = StudyDaysRepo(db)
        self.lesson_files = LessonFilesRepo(db)
        self.training = TrainingRepo(db)
        self.questions = QuestionsRepo(db)
        self.quizzes = QuizzesRepo(db)
        self.writing = WritingRepo(db)
        self.reviews = ReviewsRepo(db)
        self.writing_groups = WritingGroupsRepo(db)
        self.suggestions = SuggestionsRepo(db)
        self.originality = OriginalityRepo(db)
        self.competition = CompetitionRepo(db)
        self.summary = SummaryRepo(db)
        self.reminders = RemindersRepo(db)
        self.assessment = AssessmentRepo(db)

    def save_records(self, pending: PendingRecord) -> Outcome:
        """Store one record through the group-committing writer (see record_batches.py)."""
        writer = self.db.writer("records", lambda db: BatchWriter(db, save_records))
        return writer.submit(pending)  # type: ignore[no-any-return]

    def transaction(self, work: Any) -> Any:
        return self.db.transaction(work)


def open_store(path: str | Path, *, read_only: bool = False, **kwargs: Any) -> Store:
    """The process's store for `path`, migrated to the current schema."""
    if read_only:
        return Store(Database(path, read_only=True, **kwargs))
    db = shared_database(path, **kwargs)
    migrate(db)
    return Store(db)
