"""Migrations 19 onward: the office's desk (issue 7) — the monthly summary's notice and remarks,
corrections to the annual assessment, and reminders.

Kept apart from migrations_later.py only to keep files short; the order is the MIGRATIONS tuple's.
Never edit one that has shipped: add a new one.
"""

from __future__ import annotations

from learnhub.store.migration_steps import sql_steps

# 月度小结: the notice (通报) the office drafts from the month's figures, edits and publishes,
# every saved text kept; remarks per person that the person can read.
step_019_monthly_summary = sql_steps(
    """CREATE TABLE month_notices (
        month DATE PRIMARY KEY,
        text VARCHAR NOT NULL,
        saved_by INTEGER,
        saved_at TIMESTAMP NOT NULL,
        published_by INTEGER,
        published_at TIMESTAMP
    )""",
    """CREATE SEQUENCE month_notice_version_seq START 1""",
    """CREATE TABLE month_notice_versions (
        id INTEGER PRIMARY KEY DEFAULT nextval('month_notice_version_seq'),
        month DATE NOT NULL,
        text VARCHAR NOT NULL,
        saved_by INTEGER,
        saved_at TIMESTAMP NOT NULL
    )""",
    """CREATE TABLE person_remarks (
        month DATE NOT NULL,
        person_id INTEGER NOT NULL,
        text VARCHAR NOT NULL,
        written_by INTEGER,
        written_at TIMESTAMP NOT NULL,
        PRIMARY KEY (month, person_id)
    )""",
)

# 年度考核: the year is computed from the records; what the office changes by hand is a correction
# with who and why, applied on top and never lost.
step_020_annual_assessment = sql_steps(
    """CREATE SEQUENCE assessment_correction_id_seq START 1""",
    """CREATE TABLE assessment_corrections (
        id INTEGER PRIMARY KEY DEFAULT nextval('assessment_correction_id_seq'),
        year INTEGER NOT NULL,
        person_id INTEGER NOT NULL,
        field VARCHAR NOT NULL,
        old_value VARCHAR,
        new_value VARCHAR NOT NULL,
        reason VARCHAR NOT NULL,
        corrected_by INTEGER,
        corrected_at TIMESTAMP NOT NULL
    )""",
)

# Reminders: an in-app inbox (one message per person and key, so a reminder is never sent
# twice) and webhook deliveries to a DingTalk or WeCom group robot, retried until delivered.
step_021_reminders = sql_steps(
    """CREATE SEQUENCE inbox_id_seq START 1""",
    """CREATE TABLE inbox (
        id INTEGER PRIMARY KEY DEFAULT nextval('inbox_id_seq'),
        person_id INTEGER NOT NULL,
        key VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        body VARCHAR NOT NULL DEFAULT '',
        due DATE,
        created_at TIMESTAMP NOT NULL,
        read_at TIMESTAMP,
        UNIQUE (person_id, key)
    )""",
    """CREATE SEQUENCE webhook_delivery_id_seq START 1""",
    """CREATE TABLE webhook_deliveries (
        id INTEGER PRIMARY KEY DEFAULT nextval('webhook_delivery_id_seq'),
        key VARCHAR NOT NULL UNIQUE,
        url VARCHAR NOT NULL,
        payload VARCHAR NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error VARCHAR NOT NULL DEFAULT '',
        created_at TIMESTAMP NOT NULL,
        next_attempt_at TIMESTAMP NOT NULL,
        delivered_at TIMESTAMP
    )""",
)
