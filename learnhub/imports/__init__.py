"""Bringing an office's existing tables in: the roster and a ledger of past learning records.

Each import reads a table (`read_table`), previews it (every row's fate and every problem, with
spreadsheet row numbers) and applies a clean preview all or nothing.
"""

from learnhub.imports.activity import ActivityPreview, apply_activity, preview_activity
from learnhub.imports.roster import RosterPreview, RosterResult, apply_roster, preview_roster
from learnhub.imports.tabular import RowError, read_table

__all__ = [
    "ActivityPreview",
    "RosterPreview",
    "RosterResult",
    "RowError",
    "apply_activity",
    "apply_roster",
    "preview_activity",
    "preview_roster",
    "read_table",
]
