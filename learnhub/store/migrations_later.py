"""Migrations 9 onward: training classes, lesson file versions, question banks and quizzes.

Kept apart from the foundation's (migrations.py) only to keep files short; the order is the
MIGRATIONS tuple's. Never edit one that has shipped: add a new one.
"""

from __future__ import annotations

from learnhub.store.migration_steps import sql_steps

# A training class (集中培训) runs its half-day sessions as study_sessions rows with class_id set,
# so sign-in codes, trainers' marks and corrections work the same as on study days
# (docs/decisions.md). Only the class's roster is expected at those sessions.
step_009_training_classes = sql_steps(
    """CREATE SEQUENCE training_class_id_seq START 1""",
    """CREATE TABLE training_classes (
        id INTEGER PRIMARY KEY DEFAULT nextval('training_class_id_seq'),
        title VARCHAR NOT NULL,
        category VARCHAR NOT NULL,
        description VARCHAR NOT NULL DEFAULT '',
        first_day DATE NOT NULL,
        last_day DATE NOT NULL,
        location VARCHAR NOT NULL DEFAULT '',
        hours_per_session DOUBLE NOT NULL,
        organiser_id INTEGER,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE TABLE class_members (
        class_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        added_by INTEGER,
        added_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (class_id, person_id)
    )""",
    """ALTER TABLE study_sessions ADD COLUMN class_id INTEGER""",
    """ALTER TABLE study_sessions ADD COLUMN credit_hours DOUBLE""",
    """CREATE SEQUENCE leave_request_id_seq START 1""",
    """CREATE TABLE leave_requests (
        id INTEGER PRIMARY KEY DEFAULT nextval('leave_request_id_seq'),
        class_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        reason VARCHAR NOT NULL,
        status VARCHAR NOT NULL DEFAULT 'pending',
        requested_at TIMESTAMP NOT NULL,
        decided_by INTEGER,
        decided_at TIMESTAMP,
        decision_note VARCHAR NOT NULL DEFAULT ''
    )""",
    """CREATE TABLE leave_request_sessions (
        request_id INTEGER NOT NULL,
        session_id INTEGER NOT NULL,
        PRIMARY KEY (request_id, session_id)
    )""",
)

# Replacing a file lesson's file keeps the one it replaces: lesson_files stays "the current file"
# (downloads and search read only it), and each earlier file moves here with who replaced it.
step_010_lesson_file_versions = sql_steps(
    """CREATE TABLE lesson_file_versions (
        lesson_id INTEGER NOT NULL,
        version INTEGER NOT NULL,
        filename VARCHAR NOT NULL,
        media_type VARCHAR NOT NULL,
        size_bytes BIGINT NOT NULL,
        data BLOB NOT NULL,
        text VARCHAR NOT NULL DEFAULT '',
        uploaded_by INTEGER,
        uploaded_at TIMESTAMP NOT NULL,
        replaced_by INTEGER,
        replaced_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (lesson_id, version)
    )""",
)

# Question banks (issue 4). A question's choices are rows of their own so that a quiz can shuffle
# and grade them by position; an import's file name and hash are kept so the office can see where
# questions came from and re-importing the same file can be refused.
step_011_question_banks = sql_steps(
    """CREATE SEQUENCE question_bank_id_seq START 1""",
    """CREATE TABLE question_banks (
        id INTEGER PRIMARY KEY DEFAULT nextval('question_bank_id_seq'),
        name VARCHAR NOT NULL UNIQUE,
        description VARCHAR NOT NULL DEFAULT '',
        owner_id INTEGER,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE SEQUENCE question_import_id_seq START 1""",
    """CREATE TABLE question_imports (
        id INTEGER PRIMARY KEY DEFAULT nextval('question_import_id_seq'),
        bank_id INTEGER NOT NULL,
        filename VARCHAR NOT NULL,
        format VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        questions INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        imported_by INTEGER,
        imported_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE SEQUENCE question_id_seq START 1""",
    """CREATE TABLE questions (
        id INTEGER PRIMARY KEY DEFAULT nextval('question_id_seq'),
        bank_id INTEGER NOT NULL,
        import_id INTEGER,
        position INTEGER NOT NULL,
        type VARCHAR NOT NULL,
        name VARCHAR NOT NULL DEFAULT '',
        text VARCHAR NOT NULL,
        answer BOOLEAN,
        feedback_wrong VARCHAR NOT NULL DEFAULT '',
        feedback_right VARCHAR NOT NULL DEFAULT '',
        tolerance VARCHAR NOT NULL DEFAULT '',
        explanation VARCHAR NOT NULL DEFAULT '',
        category VARCHAR NOT NULL DEFAULT '',
        tags VARCHAR NOT NULL DEFAULT '',
        source_line INTEGER NOT NULL DEFAULT 0,
        retired BOOLEAN NOT NULL DEFAULT FALSE,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE INDEX questions_bank ON questions (bank_id)""",
    """CREATE TABLE question_choices (
        question_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        weight DOUBLE NOT NULL,
        feedback VARCHAR NOT NULL DEFAULT '',
        PRIMARY KEY (question_id, position)
    )""",
)

# Quizzes (issue 4). An attempt keeps its own questions, their order and each one's choice order,
# so a reload shows the same paper and grading never depends on what the bank holds later.
step_012_quizzes = sql_steps(
    """CREATE SEQUENCE quiz_id_seq START 1""",
    """CREATE TABLE quizzes (
        id INTEGER PRIMARY KEY DEFAULT nextval('quiz_id_seq'),
        title VARCHAR NOT NULL,
        description VARCHAR NOT NULL DEFAULT '',
        kind VARCHAR NOT NULL DEFAULT 'quiz',
        owner_id INTEGER,
        time_limit_minutes INTEGER,
        attempts_allowed INTEGER,
        opens_at TIMESTAMP,
        closes_at TIMESTAMP,
        pass_percent DOUBLE NOT NULL DEFAULT 60,
        shuffle_questions BOOLEAN NOT NULL DEFAULT FALSE,
        shuffle_choices BOOLEAN NOT NULL DEFAULT FALSE,
        review VARCHAR NOT NULL DEFAULT 'after_submit',
        multiple_rule VARCHAR NOT NULL DEFAULT 'partial',
        published BOOLEAN NOT NULL DEFAULT FALSE,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
        updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    # Either one fixed question, or `count` drawn at random from a bank (optionally one category).
    """CREATE TABLE quiz_items (
        quiz_id INTEGER NOT NULL,
        position INTEGER NOT NULL,
        question_id INTEGER,
        bank_id INTEGER,
        category VARCHAR,
        count INTEGER NOT NULL DEFAULT 1,
        points DOUBLE NOT NULL DEFAULT 1,
        PRIMARY KEY (quiz_id, position)
    )""",
    """CREATE SEQUENCE attempt_id_seq START 1""",
    """CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY DEFAULT nextval('attempt_id_seq'),
        quiz_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        number INTEGER NOT NULL,
        day DATE NOT NULL,
        for_record BOOLEAN NOT NULL DEFAULT TRUE,
        started_at TIMESTAMP NOT NULL,
        deadline TIMESTAMP,
        submitted_at TIMESTAMP,
        closed_by VARCHAR,
        status VARCHAR NOT NULL DEFAULT 'open',
        score DOUBLE,
        max_score DOUBLE NOT NULL,
        UNIQUE (quiz_id, person_id, number)
    )""",
    """CREATE INDEX quiz_attempts_person ON quiz_attempts (person_id)""",
    """CREATE TABLE attempt_questions (
        attempt_id INTEGER NOT NULL,
        slot INTEGER NOT NULL,
        question_id INTEGER NOT NULL,
        points DOUBLE NOT NULL,
        choice_order VARCHAR NOT NULL DEFAULT '[]',
        response VARCHAR,
        saved_at TIMESTAMP,
        fraction DOUBLE,
        graded_by INTEGER,
        graded_at TIMESTAMP,
        comment VARCHAR NOT NULL DEFAULT '',
        PRIMARY KEY (attempt_id, slot)
    )""",
    """CREATE TABLE daily_quiz_banks (bank_id INTEGER PRIMARY KEY)""",
    """CREATE TABLE wrong_answers (
        person_id INTEGER NOT NULL,
        question_id INTEGER NOT NULL,
        times_wrong INTEGER NOT NULL DEFAULT 1,
        last_wrong_at TIMESTAMP NOT NULL,
        cleared_at TIMESTAMP,
        PRIMARY KEY (person_id, question_id)
    )""",
)

# Writing (issue 5). A piece of writing is a `records` row of its kind (reflection, essay,
# research_report, suggestion), so the scheme counts it like any imported one; what only writing
# has lives beside it. records.status: draft, submitted, under_review, reviewed, returned,
# rejected, withdrawn (only submitted-or-later, and not returned/rejected/withdrawn, counts).
step_013_writing = sql_steps(
    """CREATE TABLE writing_details (
        record_id BIGINT PRIMARY KEY,
        period_start DATE NOT NULL,
        topic VARCHAR NOT NULL DEFAULT '',
        suggestion_category VARCHAR,
        study_session_id INTEGER,
        attachment_name VARCHAR,
        attachment_type VARCHAR,
        attachment BLOB,
        attachment_text VARCHAR NOT NULL DEFAULT '',
        submitted_at TIMESTAMP,
        withdrawn_at TIMESTAMP,
        saved_at TIMESTAMP NOT NULL
    )""",
    # Originality: fingerprints (winnowed character shingles) of every submitted piece and of the
    # template texts the office uploads, looked up by hash.
    """CREATE SEQUENCE template_text_id_seq START 1""",
    """CREATE TABLE template_texts (
        id INTEGER PRIMARY KEY DEFAULT nextval('template_text_id_seq'),
        title VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        uploaded_by INTEGER,
        uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE TABLE text_fingerprints (
        source VARCHAR NOT NULL,
        source_id BIGINT NOT NULL,
        hash BIGINT NOT NULL,
        position INTEGER NOT NULL
    )""",
    """CREATE TABLE originality_results (
        record_id BIGINT PRIMARY KEY,
        checked_at TIMESTAMP NOT NULL,
        score DOUBLE NOT NULL,
        matches VARCHAR NOT NULL DEFAULT '[]'
    )""",
)

# Review and exhibition (issue 5). One row per (piece, reviewer): research reports may have
# several; a piece's decision is its latest reviewer's. Feedback reaches the writer once released.
step_015_writing_reviews = sql_steps(
    """CREATE TABLE writing_reviews (
        record_id BIGINT NOT NULL,
        reviewer_id INTEGER NOT NULL,
        scores VARCHAR NOT NULL,
        total DOUBLE NOT NULL,
        feedback VARCHAR NOT NULL DEFAULT '',
        decision VARCHAR NOT NULL,
        reviewed_at TIMESTAMP NOT NULL,
        released_at TIMESTAMP,
        PRIMARY KEY (record_id, reviewer_id)
    )""",
    """CREATE TABLE featured_writing (
        record_id BIGINT PRIMARY KEY,
        featured_by INTEGER,
        featured_at TIMESTAMP NOT NULL,
        note VARCHAR NOT NULL DEFAULT ''
    )""",
)

# Writing mutual-help groups (写作互助组, issue 5): groups of 3–5 for a span of days, and the
# comments members leave on each other's drafts.
step_016_writing_groups = sql_steps(
    """CREATE SEQUENCE writing_group_id_seq START 1""",
    """CREATE TABLE writing_groups (
        id INTEGER PRIMARY KEY DEFAULT nextval('writing_group_id_seq'),
        name VARCHAR NOT NULL,
        first_day DATE NOT NULL,
        last_day DATE NOT NULL,
        created_by INTEGER,
        created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    )""",
    """CREATE TABLE writing_group_members (
        group_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        PRIMARY KEY (group_id, person_id)
    )""",
    """CREATE SEQUENCE writing_comment_id_seq START 1""",
    """CREATE TABLE writing_comments (
        id INTEGER PRIMARY KEY DEFAULT nextval('writing_comment_id_seq'),
        record_id BIGINT NOT NULL,
        author_id INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL
    )""",
)

# Suggestions (建议, issue 5) go through their own states with a reply to the proposer; each
# change is kept. The month's best suggestion is marked on the piece.
step_017_suggestion_states = sql_steps(
    # Changes in one second keep their order by id.
    """CREATE SEQUENCE suggestion_state_id_seq START 1""",
    """CREATE TABLE suggestion_states (
        id INTEGER PRIMARY KEY DEFAULT nextval('suggestion_state_id_seq'),
        record_id BIGINT NOT NULL,
        state VARCHAR NOT NULL,
        reply VARCHAR NOT NULL DEFAULT '',
        changed_by INTEGER,
        changed_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE best_suggestions (
        month DATE PRIMARY KEY,
        record_id BIGINT NOT NULL,
        chosen_by INTEGER,
        chosen_at TIMESTAMP NOT NULL,
        note VARCHAR NOT NULL DEFAULT ''
    )""",
)

# Originality (issue 5): a check looks a new piece's shingle hashes up among millions of rows.
# Measured on the large office (12 M rows, docs/benchmarks.md): 48 hashes matching nothing take
# 1.5–2 ms with this index against 21 ms scanning a table kept in hash order (zone maps) and
# 57 ms scanning one in arrival order; the bulk rebuild also writes in hash order, which helps
# when many rows match and the index is not used.
step_014_fingerprint_lookup = sql_steps(
    """CREATE INDEX text_fingerprints_hash ON text_fingerprints (hash)""",
)

# The competition engine (issue 6): exemptions take periods out of a person's denominators; a
# publication freezes a month's results (一月一公示), and a correction is a new version of it
# with a reason. Scheme versions stay in `schemes` (migration 4): a version's definition is JSON.
step_018_competition = sql_steps(
    """CREATE SEQUENCE exemption_id_seq START 1""",
    """CREATE TABLE exemptions (
        id INTEGER PRIMARY KEY DEFAULT nextval('exemption_id_seq'),
        person_id INTEGER NOT NULL,
        first_day DATE NOT NULL,
        last_day DATE NOT NULL,
        reason VARCHAR NOT NULL,
        created_by INTEGER,
        created_at TIMESTAMP NOT NULL,
        removed_by INTEGER,
        removed_at TIMESTAMP
    )""",
    """CREATE SEQUENCE publication_id_seq START 1""",
    """CREATE TABLE publications (
        id INTEGER PRIMARY KEY DEFAULT nextval('publication_id_seq'),
        month DATE NOT NULL,
        version INTEGER NOT NULL,
        scheme_name VARCHAR NOT NULL,
        scheme_version INTEGER NOT NULL,
        reason VARCHAR NOT NULL DEFAULT '',
        published_by INTEGER,
        published_at TIMESTAMP NOT NULL,
        UNIQUE (month, version)
    )""",
    # Each person's frozen line: quotas holds {quota key: {rate, met, missed, exempt}} as JSON.
    """CREATE TABLE publication_people (
        publication_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        username VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        department VARCHAR,
        score DOUBLE,
        rank INTEGER,
        dept_rank INTEGER,
        points DOUBLE NOT NULL,
        all_kept BOOLEAN NOT NULL,
        quotas VARCHAR NOT NULL,
        PRIMARY KEY (publication_id, person_id)
    )""",
    """CREATE TABLE publication_departments (
        publication_id INTEGER NOT NULL,
        department VARCHAR NOT NULL,
        people INTEGER NOT NULL,
        average_score DOUBLE,
        meeting_share DOUBLE,
        points_per_head DOUBLE NOT NULL,
        rank INTEGER,
        PRIMARY KEY (publication_id, department)
    )""",
    """CREATE TABLE publication_milestones (
        publication_id INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        kind VARCHAR NOT NULL,
        detail VARCHAR NOT NULL DEFAULT ''
    )""",
)
