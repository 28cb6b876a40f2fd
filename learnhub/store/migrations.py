"""Numbered schema migrations. Each one runs in a single transaction together with its record.

Never edit a migration that has shipped: add a new one. DDL is transactional in DuckDB, so a
failing migration leaves neither its tables nor its record behind.
"""

from __future__ import annotations

from learnhub.store.database import Cursor, Database
from learnhub.store.migration_steps import Migration, sql_steps
from learnhub.store.migrations_desk import (
    step_019_monthly_summary,
    step_020_annual_assessment,
    step_021_reminders,
)
from learnhub.store.migrations_later import (
    step_009_training_classes,
    step_010_lesson_file_versions,
    step_011_question_banks,
    step_012_quizzes,
    step_013_writing,
    step_014_fingerprint_lookup,
    step_015_writing_reviews,
    step_016_writing_groups,
    step_017_suggestion_states,
    step_018_competition,
)

__all__ = ["MIGRATIONS", "Migration", "applied", "migrate"]


_001_people = sql_steps(
    """CREATE SEQUENCE department_id_seq START 1""",
    """CREATE TABLE departments (
        id INTEGER PRIMARY KEY DEFAULT nextval('department_id_seq'),
        name VARCHAR NOT NULL UNIQUE,
        sort_order INTEGER NOT NULL DEFAULT 0,
        active BOOLEAN NOT NULL DEFAULT TRUE
    )""",
    """CREATE SEQUENCE person_id_seq START 1""",
    """CREATE TABLE people (
        id INTEGER PRIMARY KEY DEFAULT nextval('person_id_seq'),
        username VARCHAR NOT NULL UNIQUE,
        name VARCHAR NOT NULL,
        department_id INTEGER,
        roles VARCHAR NOT NULL,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        language VARCHAR NOT NULL DEFAULT 'zh',
        password_hash VARCHAR,
        must_change_password BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        deactivated_at TIMESTAMP
    )""",
    """CREATE TABLE audit_log (
        happened_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        actor_id INTEGER,
        action VARCHAR NOT NULL,
        subject VARCHAR,
        detail VARCHAR
    )""",
)

_002_sign_in = sql_steps(
    """CREATE TABLE sessions (
        token_hash VARCHAR PRIMARY KEY,
        person_id INTEGER NOT NULL,
        created_at TIMESTAMP NOT NULL,
        last_seen_at TIMESTAMP NOT NULL,
        revoked_at TIMESTAMP
    )""",
    """CREATE TABLE login_failures (
        username VARCHAR PRIMARY KEY,
        failures INTEGER NOT NULL,
        last_failure_at TIMESTAMP NOT NULL,
        locked_until TIMESTAMP
    )""",
)

_003_reading = sql_steps(
    """CREATE SEQUENCE book_id_seq START 1""",
    """CREATE TABLE books (
        id INTEGER PRIMARY KEY DEFAULT nextval('book_id_seq'),
        title VARCHAR NOT NULL,
        author VARCHAR,
        pages INTEGER,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE SEQUENCE record_id_seq START 1""",
    # One table for every kind of learning record: the monthly report is then one scan.
    """CREATE TABLE records (
        id BIGINT PRIMARY KEY DEFAULT nextval('record_id_seq'),
        person_id INTEGER NOT NULL,
        day DATE NOT NULL,
        kind VARCHAR NOT NULL,
        title VARCHAR,
        book_id INTEGER,
        minutes INTEGER,
        page_from INTEGER,
        page_to INTEGER,
        pages INTEGER,
        text VARCHAR,
        source VARCHAR,
        status VARCHAR NOT NULL DEFAULT 'submitted',
        flag VARCHAR,
        origin VARCHAR NOT NULL DEFAULT 'web',
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE TABLE record_history (
        record_id BIGINT NOT NULL,
        changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        changed_by INTEGER,
        previous VARCHAR NOT NULL
    )""",
    # A Save button's form carries a key; a second click with the same key stores nothing.
    """CREATE TABLE form_submissions (
        key VARCHAR PRIMARY KEY,
        record_id BIGINT NOT NULL,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
)

_004_calendar_and_schemes = sql_steps(
    """CREATE TABLE calendar_overrides (
        day DATE PRIMARY KEY,
        is_working BOOLEAN NOT NULL,
        note VARCHAR
    )""",
    """CREATE TABLE schemes (
        name VARCHAR NOT NULL,
        version INTEGER NOT NULL,
        valid_from DATE NOT NULL,
        definition VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (name, version)
    )""",
    """CREATE TABLE settings (
        key VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
)

# Records arrive day by day, so one person's year is spread over every row group; an index on
# the person keeps their progress page fast as the table grows (2 ms instead of 5 ms for a year
# at 4 M rows, measured in docs/benchmarks.md).
_005_records_by_person = sql_steps("CREATE INDEX records_person ON records (person_id)")

_006_courses = sql_steps(
    """CREATE TABLE course_categories (
        name VARCHAR PRIMARY KEY,
        sort_order INTEGER NOT NULL
    )""",
    """INSERT INTO course_categories VALUES ('政治理论', 1), ('业务', 2), ('综合', 3)""",
    """CREATE SEQUENCE course_id_seq START 1""",
    """CREATE TABLE courses (
        id INTEGER PRIMARY KEY DEFAULT nextval('course_id_seq'),
        slug VARCHAR NOT NULL UNIQUE,
        title VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        description VARCHAR NOT NULL DEFAULT '',
        owner_id INTEGER,
        published BOOLEAN NOT NULL DEFAULT TRUE,
        origin VARCHAR NOT NULL DEFAULT 'web',
        content_hash VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE SEQUENCE lesson_id_seq START 1""",
    """CREATE TABLE lessons (
        id INTEGER PRIMARY KEY DEFAULT nextval('lesson_id_seq'),
        course_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        kind VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        body VARCHAR NOT NULL DEFAULT '',
        link VARCHAR,
        credit_hours DECIMAL(4, 1) NOT NULL,
        published BOOLEAN NOT NULL DEFAULT TRUE,
        source_name VARCHAR,
        content_hash VARCHAR,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE TABLE lesson_studies (
        lesson_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        studied_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (lesson_id, person_id)
    )""",
)

# Files live in the database so that one file holds everything to back up.
_007_lesson_files = sql_steps(
    """CREATE TABLE lesson_files (
        lesson_id INTEGER PRIMARY KEY,
        filename VARCHAR NOT NULL,
        media_type VARCHAR NOT NULL,
        size_bytes BIGINT NOT NULL,
        data BLOB NOT NULL,
        text VARCHAR NOT NULL DEFAULT '',
        uploaded_by INTEGER,
        uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
)

_008_study_days = sql_steps(
    """CREATE SEQUENCE study_rule_id_seq START 1""",
    # A recurring study day: weekly (weekday 0 = Monday) or monthly (day of the month).
    """CREATE TABLE study_day_rules (
        id INTEGER PRIMARY KEY DEFAULT nextval('study_rule_id_seq'),
        name VARCHAR NOT NULL,
        cadence VARCHAR NOT NULL,
        weekday INTEGER,
        month_day INTEGER,
        half_day VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        valid_from DATE NOT NULL,
        valid_to DATE,
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """INSERT INTO study_day_rules (name, cadence, weekday, half_day, category, valid_from)
       VALUES ('政治理论学习日', 'weekly', 0, 'pm', '政治理论', DATE '2000-01-01'),
              ('业务学习日', 'weekly', 4, 'pm', '业务', DATE '2000-01-01')""",
    """CREATE SEQUENCE study_session_id_seq START 1""",
    """CREATE TABLE study_sessions (
        id INTEGER PRIMARY KEY DEFAULT nextval('study_session_id_seq'),
        rule_id INTEGER,
        day DATE NOT NULL,
        half_day VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        topic VARCHAR NOT NULL DEFAULT '',
        lecturer_id INTEGER,
        location VARCHAR NOT NULL DEFAULT '',
        status VARCHAR NOT NULL DEFAULT 'scheduled',
        status_reason VARCHAR,
        signin_secret VARCHAR,
        signin_opened_at TIMESTAMP,
        signin_closes_at TIMESTAMP,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE TABLE session_lessons (
        session_id INTEGER NOT NULL,
        lesson_id INTEGER NOT NULL,
        PRIMARY KEY (session_id, lesson_id)
    )""",
    """CREATE TABLE attendance (
        session_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        status VARCHAR NOT NULL,
        method VARCHAR NOT NULL,
        marked_by INTEGER,
        marked_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (session_id, person_id)
    )""",
    """CREATE TABLE attendance_history (
        session_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        previous_status VARCHAR,
        new_status VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        changed_by INTEGER,
        changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "people_and_departments", _001_people),
    Migration(2, "sign_in_sessions", _002_sign_in),
    Migration(3, "reading_records", _003_reading),
    Migration(4, "calendar_schemes_settings", _004_calendar_and_schemes),
    Migration(5, "records_by_person", _005_records_by_person),
    Migration(6, "courses_and_lessons", _006_courses),
    Migration(7, "lesson_files", _007_lesson_files),
    Migration(8, "study_days", _008_study_days),
    Migration(9, "training_classes", step_009_training_classes),
    Migration(10, "lesson_file_versions", step_010_lesson_file_versions),
    Migration(11, "question_banks", step_011_question_banks),
    Migration(12, "quizzes", step_012_quizzes),
    Migration(13, "writing_and_originality", step_013_writing),
    Migration(14, "fingerprint_lookup", step_014_fingerprint_lookup),
    Migration(15, "writing_reviews", step_015_writing_reviews),
    Migration(16, "writing_groups", step_016_writing_groups),
    Migration(17, "suggestion_states", step_017_suggestion_states),
    Migration(18, "competition", step_018_competition),
    Migration(19, "monthly_summary", step_019_monthly_summary),
    Migration(20, "annual_assessment", step_020_annual_assessment),
    Migration(21, "reminders", step_021_reminders),
)


def applied(db: Database) -> list[int]:
    with db.cursor() as cur:
        cur.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                number INTEGER PRIMARY KEY, name VARCHAR NOT NULL,
                applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"""
        )
        return [
            r[0] for r in cur.execute("SELECT number FROM schema_migrations ORDER BY 1").fetchall()
        ]


def migrate(db: Database, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply what is missing, in order; return the numbers applied now."""
    done = set(applied(db))
    now_applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.number):
        if migration.number in done:
            continue

        def run(cur: Cursor, m: Migration = migration) -> None:
            m.apply(cur)
            cur.execute(
                "INSERT INTO schema_migrations (number, name) VALUES (?, ?)", [m.number, m.name]
            )

        db.transaction(run, attempts=1)
        now_applied.append(migration.number)
    return now_applied
