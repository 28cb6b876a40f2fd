"""Leave requests (请假) for training-class sessions.

A member asks leave for one or more sessions that have not ended yet, with a reason; the class's
organiser or the office approves or declines it (a decline says why). Approval marks those
sessions 'leave' in the attendance, in the same transaction, except a session the person attended
after all. A pending request can be withdrawn by its author. Leave after the fact is the trainer's
mark, not a request.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from learnhub.errors import NotAllowed, ValidationError
from learnhub.org import normalise_name
from learnhub.store import Cursor, Store
from learnhub.studydays import session_end
from learnhub.training import may_manage

__all__ = ["LEAVE_APPROVED", "MAX_REASON", "decide_leave", "request_leave", "withdraw_leave"]

MAX_REASON = 200
# attendance_history.reason when an approved request replaced an earlier mark (shown translated).
LEAVE_APPROVED = "leave_approved"
_ATTENDED = ("present", "late")


def _reason(value: str, key: str) -> str:
    clean = normalise_name(value)
    if not clean:
        raise ValidationError(key)
    if len(clean) > MAX_REASON:
        raise ValidationError("leave.reason_too_long", n=MAX_REASON)
    return clean


def request_leave(
    store: Store,
    class_id: int,
    person_id: int,
    session_ids: list[int],
    reason: str,
    now: datetime,
) -> int:
    clean = _reason(reason, "leave.reason_missing")
    if store.training.training_class(class_id) is None:
        raise ValidationError("training.class_missing")
    if not store.training.is_member(class_id, person_id):
        raise ValidationError("leave.not_member")
    wanted = sorted(set(session_ids))
    if not wanted:
        raise ValidationError("leave.sessions_missing")
    sessions = store.training.sessions(class_id).set_index("id")
    for session_id in wanted:
        if session_id not in sessions.index:
            raise ValidationError("studydays.session_missing")
        day = sessions.at[session_id, "day"]
        assert isinstance(day, date)
        if sessions.at[session_id, "status"] != "scheduled":
            raise ValidationError("attendance.session_cancelled")
        if session_end(day, str(sessions.at[session_id, "half_day"])) <= now:
            raise ValidationError("leave.session_over", day=day.isoformat())

    def work(cur: Cursor) -> int:
        if set(wanted) & store.training.sessions_with_open_requests(cur, person_id):
            raise ValidationError("leave.already_requested")
        for session_id in wanted:
            if store.study_days.attendance_status(cur, session_id, person_id) in _ATTENDED:
                raise ValidationError("leave.already_attended")
        values: dict[str, Any] = {
            "class_id": class_id,
            "person_id": person_id,
            "reason": clean,
            "requested_at": now,
        }
        return store.training.insert_leave_request(cur, values, wanted)

    return int(store.transaction(work))


def withdraw_leave(store: Store, request_id: int, person_id: int, now: datetime) -> None:
    def work(cur: Cursor) -> None:
        request = store.training.leave_request(cur, request_id)
        if request is None or request["person_id"] != person_id:
            raise NotAllowed("leave.not_yours")
        if request["status"] != "pending":
            raise ValidationError("leave.already_decided")
        store.training.decide(cur, request_id, "withdrawn", person_id, now, "")

    store.transaction(work)


def decide_leave(
    store: Store,
    request_id: int,
    *,
    approve: bool,
    actor_id: int,
    actor_roles: frozenset[str],
    note: str,
    now: datetime,
) -> None:
    clean = normalise_name(note)
    if len(clean) > MAX_REASON:
        raise ValidationError("leave.reason_too_long", n=MAX_REASON)
    if not approve and not clean:
        raise ValidationError("leave.decline_note_missing")

    def work(cur: Cursor) -> None:
        request = store.training.leave_request(cur, request_id)
        if request is None:
            raise ValidationError("leave.request_missing")
        may_manage(store, int(request["class_id"]), actor_id, actor_roles)
        if request["status"] != "pending":
            raise ValidationError("leave.already_decided")
        store.training.decide(
            cur, request_id, "approved" if approve else "declined", actor_id, now, clean
        )
        if approve:
            _mark_leave(store, cur, request_id, int(request["person_id"]), actor_id, now)

    store.transaction(work)


def _mark_leave(
    store: Store, cur: Cursor, request_id: int, person_id: int, actor_id: int, now: datetime
) -> None:
    for session_id in store.training.request_sessions(cur, request_id):
        before = store.study_days.attendance_status(cur, session_id, person_id)
        if before in _ATTENDED or before == "leave":
            continue
        if before is not None:
            store.study_days.add_history(
                cur, session_id, person_id, before, "leave", LEAVE_APPROVED, actor_id, now
            )
        store.study_days.put_attendance(
            cur, session_id, person_id, "leave", "leave_request", actor_id, now,
            first=before is None,
        )  # fmt: skip
