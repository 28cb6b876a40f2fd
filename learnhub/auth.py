"""Passwords, sign-in and sessions.

Passwords are argon2id hashes. A session is a random token kept by the browser in an HttpOnly
cookie; the database holds only its SHA-256, so a copy of the database cannot sign anyone in.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from learnhub.errors import ValidationError
from learnhub.settings import Settings
from learnhub.store import Store

__all__ = [
    "SESSION_COOKIE",
    "SignIn",
    "change_password",
    "check_password_rules",
    "generate_password",
    "hash_password",
    "reset_password",
    "session_person",
    "sign_in",
    "sign_out",
    "start_session",
    "verify_password",
]

SESSION_COOKIE = "learnhub_session"
MIN_PASSWORD_LENGTH = 8
_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified against when the username is unknown, so both paths take the same time.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")
# Readable one-time passwords: no 0/O, 1/l/I.
_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def generate_password(length: int = 12) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def check_password_rules(password: str, username: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError("auth.password_too_short", n=MIN_PASSWORD_LENGTH)
    if password.strip().lower() == username.strip().lower():
        raise ValidationError("auth.password_is_username")


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt. `error` is a catalogue key when it failed."""

    person_id: int | None
    error: str | None = None
    minutes_locked: int = 0
    failures: int = 0

    @property
    def ok(self) -> bool:
        return self.person_id is not None


def sign_in(store: Store, settings: Settings, username: str, password: str) -> SignIn:
    username = username.strip()
    now = utcnow()
    failures = store.sessions.failures(username)
    if failures and failures["locked_until"] and failures["locked_until"] > now:
        remaining = failures["locked_until"] - now
        minutes_left = math.ceil(remaining.total_seconds() / 60)
        return SignIn(None, "auth.locked", minutes_locked=max(1, minutes_left))
    person = store.people.person_by_username(username) if username else None
    password_hash = store.people.password_hash(person["id"]) if person else None
    valid = verify_password(password_hash, password)
    if not (valid and person and person["active"]):
        count = store.sessions.record_failure(
            username,
            now,
            lock_after=settings.lockout_failures,
            locked_until=now + timedelta(minutes=settings.lockout_minutes),
        )
        if count >= settings.lockout_failures:
            return SignIn(None, "auth.locked", minutes_locked=settings.lockout_minutes)
        return SignIn(None, "auth.wrong_credentials", failures=count)
    store.sessions.clear_failures(username)
    return SignIn(int(person["id"]))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, person_id: int) -> str:
    """A new session token for the cookie; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    store.sessions.create(_token_hash(token), person_id, utcnow())
    return token


def session_person(store: Store, settings: Settings, token: str | None) -> int | None:
    """The person a session cookie belongs to, or None if it is unknown, ended or expired."""
    if not token:
        return None
    token_hash = _token_hash(token)
    session = store.sessions.get(token_hash)
    if session is None or session["revoked_at"] is not None or not session["active"]:
        return None
    now = utcnow()
    if now - session["created_at"] > timedelta(hours=settings.session_absolute_hours):
        return None
    if now - session["last_seen_at"] > timedelta(minutes=settings.session_idle_minutes):
        return None
    # Writing on every rerun would make every click a write; a minute's precision is plenty.
    if now - session["last_seen_at"] > timedelta(minutes=1):
        store.sessions.touch(token_hash, now)
    return int(session["person_id"])


def sign_out(store: Store, token: str | None) -> None:
    if token:
        store.sessions.revoke(_token_hash(token), utcnow())


def change_password(
    store: Store, person_id: int, current: str, new: str, *, keep_session: str | None = None
) -> None:
    person = store.people.person(person_id)
    if person is None:
        raise ValidationError("auth.no_such_person")
    if not verify_password(store.people.password_hash(person_id), current):
        raise ValidationError("auth.current_password_wrong")
    if new == current:
        raise ValidationError("auth.password_unchanged")
    check_password_rules(new, person["username"])
    new_hash = hash_password(new)
    store.transaction(
        lambda cur: store.people.set_password_hash(cur, person_id, new_hash, must_change=False)
    )
    # Someone who knew the old password may still be signed in elsewhere.
    store.sessions.revoke_person(
        person_id, utcnow(), keep=_token_hash(keep_session) if keep_session else None
    )


def reset_password(store: Store, person_id: int, actor_id: int | None) -> str:
    """A new one-time password, to be changed at first sign-in; ends the person's sessions."""
    password = generate_password()
    password_hash = hash_password(password)

    def work(cur: object) -> None:
        store.people.set_password_hash(cur, person_id, password_hash, must_change=True)  # type: ignore[arg-type]
        store.people.audit(cur, actor_id, "reset_password", str(person_id))  # type: ignore[arg-type]

    store.transaction(work)
    store.sessions.revoke_person(person_id, utcnow())
    return password
