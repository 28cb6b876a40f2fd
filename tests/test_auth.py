"""Passwords, sign-in, lockout and sessions (DESIGN.md §5 "Sign-in")."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from conftest import PASSWORD, Office, add_person

from learnhub import auth, org
from learnhub.errors import ValidationError
from learnhub.settings import Settings

START = datetime(2026, 3, 18, 1, 30)  # 09:30 in Shanghai, as naive UTC like the store keeps


PRODUCTION_HASHER = auth._HASHER


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(auth, "utcnow", fake)
    return fake


@pytest.fixture
def strict(settings: Settings) -> Settings:
    """Small limits so the tests can reach them."""
    return replace(
        settings,
        lockout_failures=3,
        lockout_minutes=10,
        session_idle_minutes=30,
        session_absolute_hours=2,
    )


# -- hashes and password rules -------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(office: Office) -> None:
    stored = office.store.people.password_hash(office.staff_id)
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert auth.verify_password(stored, PASSWORD)
    assert not auth.verify_password(stored, PASSWORD.upper())
    # The same password hashes differently each time (salted).
    assert auth.hash_password("abc12345") != auth.hash_password("abc12345")


def test_production_hashes_use_argon2id_with_a_serious_cost() -> None:
    stored = PRODUCTION_HASHER.hash("correct-horse-9")
    variant, version, params, _salt, _digest = stored.split("$")[1:]
    assert (variant, version) == ("argon2id", "v=19")
    cost = dict(p.split("=") for p in params.split(","))
    # OWASP's floor for argon2id: 19 MiB of memory and 2 passes.
    assert int(cost["m"]) >= 19 * 1024 and int(cost["t"]) >= 2


def test_verify_refuses_missing_or_garbled_hashes() -> None:
    assert not auth.verify_password(None, "not-a-real-password")  # the dummy's own password
    assert not auth.verify_password("", "x")
    assert not auth.verify_password("$argon2id$garbage", "x")
    assert not auth.verify_password("plain-text-password", "plain-text-password")


def test_generated_passwords_are_readable_and_random() -> None:
    passwords = {auth.generate_password() for _ in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        assert len(password) == 12
        assert not set(password) & set("0O1lI")


@pytest.mark.parametrize(
    ("password", "username", "key"),
    [
        ("short7!", "zhangsan", "auth.password_too_short"),
        ("", "zhangsan", "auth.password_too_short"),
        ("Zhangsan01", "zhangsan01", "auth.password_is_username"),
        (" zhangsan01 ", "zhangsan01", "auth.password_is_username"),
    ],
)
def test_password_rules(password: str, username: str, key: str) -> None:
    with pytest.raises(ValidationError) as info:
        auth.check_password_rules(password, username)
    assert info.value.key == key
    assert info.value.message("zh") != key and info.value.message("en") != key


def test_password_rules_accept_a_decent_password() -> None:
    auth.check_password_rules("春风十里2026", "00123")
    auth.check_password_rules("12345678", "00123")  # long enough and not the username


def test_too_short_message_names_the_minimum() -> None:
    with pytest.raises(ValidationError) as info:
        auth.check_password_rules("abc", "x")
    assert str(auth.MIN_PASSWORD_LENGTH) in info.value.message("zh")
    assert str(auth.MIN_PASSWORD_LENGTH) in info.value.message("en")


# -- signing in ------------------------------------------------------------------------------


def test_sign_in_with_the_right_password(office: Office, strict: Settings) -> None:
    result = auth.sign_in(office.store, strict, "00123", PASSWORD)
    assert result.ok and result.person_id == office.staff_id and result.error is None
    # Leading and trailing spaces around the username are forgiven, leading zeros are not lost.
    assert auth.sign_in(office.store, strict, " 00123 ", PASSWORD).person_id == office.staff_id
    assert not auth.sign_in(office.store, strict, "123", PASSWORD).ok


def test_wrong_password_and_unknown_user_get_the_same_answer(
    office: Office, strict: Settings
) -> None:
    wrong = auth.sign_in(office.store, strict, "00123", "wrong-password")
    unknown = auth.sign_in(office.store, strict, "nobody", PASSWORD)
    empty = auth.sign_in(office.store, strict, "", "")
    for result in (wrong, unknown, empty):
        assert not result.ok
        assert result.error == "auth.wrong_credentials"
        assert result.minutes_locked == 0
    # Nothing in the answer tells the two apart except the failure count of that username.
    assert (wrong.person_id, wrong.error) == (unknown.person_id, unknown.error)


def test_lockout_after_repeated_failures(office: Office, strict: Settings, clock: Clock) -> None:
    store = office.store
    # Failures 1 and 2 of 3 are plain wrong passwords.
    for n in (1, 2):
        result = auth.sign_in(store, strict, "00123", "wrong")
        assert (result.error, result.failures) == ("auth.wrong_credentials", n)
    # The third locks the account for the configured 10 minutes.
    third = auth.sign_in(store, strict, "00123", "wrong")
    assert (third.error, third.minutes_locked) == ("auth.locked", 10)
    # While locked, even the right password is refused, and the minutes left count down:
    # 4½ minutes later 5½ minutes are left, shown rounded up as 6.
    assert auth.sign_in(store, strict, "00123", PASSWORD).error == "auth.locked"
    clock.advance(minutes=4, seconds=30)
    locked = auth.sign_in(store, strict, "00123", PASSWORD)
    assert (locked.ok, locked.error, locked.minutes_locked) == (False, "auth.locked", 6)
    clock.advance(minutes=5)  # 30 seconds left: still 1 minute
    assert auth.sign_in(store, strict, "00123", PASSWORD).minutes_locked == 1
    # Once the lock has run out the right password works again.
    clock.advance(seconds=31)
    assert auth.sign_in(store, strict, "00123", PASSWORD).ok
    # Another person is never affected by someone else's lock.
    assert auth.sign_in(store, strict, "00124", PASSWORD).ok


def test_counter_starts_again_after_a_lock_runs_out(
    office: Office, strict: Settings, clock: Clock
) -> None:
    for _ in range(3):
        auth.sign_in(office.store, strict, "00123", "wrong")
    clock.advance(minutes=11)
    result = auth.sign_in(office.store, strict, "00123", "wrong")
    assert (result.error, result.failures) == ("auth.wrong_credentials", 1)


def test_long_lockouts_report_all_their_minutes(
    office: Office, strict: Settings, clock: Clock
) -> None:
    # An office may lock for two days: 2 × 24 × 60 = 2880 minutes, of which 2870 are left
    # ten minutes later.
    long_lock = replace(strict, lockout_minutes=2 * 24 * 60)
    for _ in range(3):
        auth.sign_in(office.store, long_lock, "00123", "wrong")
    clock.advance(minutes=10)
    assert auth.sign_in(office.store, long_lock, "00123", PASSWORD).minutes_locked == 2870


def test_success_resets_the_failure_counter(office: Office, strict: Settings, clock: Clock) -> None:
    store = office.store
    for _ in range(2):
        auth.sign_in(store, strict, "00123", "wrong")
    assert auth.sign_in(store, strict, "00123", PASSWORD).ok
    # Two more failures: 1 and 2 again, not 3 (which would lock).
    for n in (1, 2):
        assert auth.sign_in(store, strict, "00123", "wrong").failures == n
    assert auth.sign_in(store, strict, "00123", PASSWORD).ok


def test_unknown_usernames_can_be_locked_too(office: Office, strict: Settings) -> None:
    # Otherwise the lock itself would tell an attacker which usernames exist.
    for _ in range(3):
        result = auth.sign_in(office.store, strict, "ghost", "x")
    assert result.error == "auth.locked"


def test_deactivated_people_cannot_sign_in_and_lose_their_sessions(
    office: Office, strict: Settings, clock: Clock
) -> None:
    store = office.store
    tokens = [auth.start_session(store, office.staff_id) for _ in range(2)]
    other = auth.start_session(store, office.other_staff_id)
    assert all(auth.session_person(store, strict, t) == office.staff_id for t in tokens)

    ended = org.deactivate(store, office.staff_id, actor_id=office.office_id)
    assert ended == 2
    assert all(auth.session_person(store, strict, t) is None for t in tokens)
    assert auth.session_person(store, strict, other) == office.other_staff_id
    refused = auth.sign_in(store, strict, "00123", PASSWORD)
    assert (refused.ok, refused.error) == (False, "auth.wrong_credentials")
    # Reactivated, they sign in again, but the old sessions stay ended.
    org.reactivate(store, office.staff_id, actor_id=office.office_id)
    assert auth.sign_in(store, strict, "00123", PASSWORD).ok
    assert all(auth.session_person(store, strict, t) is None for t in tokens)


# -- sessions --------------------------------------------------------------------------------


def test_sessions_store_only_a_hash_of_the_token(office: Office) -> None:
    token = auth.start_session(office.store, office.staff_id)
    assert len(token) >= 40
    stored = [r[0] for r in office.store.db.rows("SELECT token_hash FROM sessions")]
    assert stored and token not in stored


def test_unknown_or_missing_tokens_are_nobody(office: Office, strict: Settings) -> None:
    assert auth.session_person(office.store, strict, None) is None
    assert auth.session_person(office.store, strict, "") is None
    assert auth.session_person(office.store, strict, "made-up-token") is None


def test_session_ends_after_idling(office: Office, strict: Settings, clock: Clock) -> None:
    store = office.store
    token = auth.start_session(store, office.staff_id)
    # Used every 29 minutes, the 30-minute idle limit is never reached.
    for _ in range(3):
        clock.advance(minutes=29)
        assert auth.session_person(store, strict, token) == office.staff_id
    # Then 31 minutes without use: ended.
    clock.advance(minutes=31)
    assert auth.session_person(store, strict, token) is None


def test_session_ends_at_its_absolute_limit_however_busy(
    office: Office, strict: Settings, clock: Clock
) -> None:
    store = office.store
    token = auth.start_session(store, office.staff_id)
    # Used every 10 minutes for 1 h 50 min: fine. The 2-hour limit then ends it.
    for _ in range(11):
        clock.advance(minutes=10)
        assert auth.session_person(store, strict, token) == office.staff_id
    clock.advance(minutes=10, seconds=1)
    assert auth.session_person(store, strict, token) is None


def test_sign_out_revokes_only_that_session(office: Office, strict: Settings) -> None:
    store = office.store
    laptop = auth.start_session(store, office.staff_id)
    phone = auth.start_session(store, office.staff_id)
    auth.sign_out(store, laptop)
    assert auth.session_person(store, strict, laptop) is None
    assert auth.session_person(store, strict, phone) == office.staff_id
    auth.sign_out(store, None)  # signing out without a cookie is harmless
    auth.sign_out(store, laptop)  # and twice too


# -- changing and resetting passwords --------------------------------------------------------


def test_change_password_needs_the_current_one(office: Office, strict: Settings) -> None:
    store = office.store
    with pytest.raises(ValidationError) as info:
        auth.change_password(store, office.staff_id, "not-my-password", "a-new-password-1")
    assert info.value.key == "auth.current_password_wrong"
    assert auth.sign_in(store, strict, "00123", PASSWORD).ok  # unchanged

    with pytest.raises(ValidationError) as info:
        auth.change_password(store, office.staff_id, PASSWORD, PASSWORD)
    assert info.value.key == "auth.password_unchanged"

    with pytest.raises(ValidationError) as info:
        auth.change_password(store, office.staff_id, PASSWORD, "short")
    assert info.value.key == "auth.password_too_short"
    assert auth.sign_in(store, strict, "00123", PASSWORD).ok

    with pytest.raises(ValidationError) as info:
        auth.change_password(store, 9999, PASSWORD, "a-new-password-1")
    assert info.value.key == "auth.no_such_person"


def test_change_password_ends_the_other_sessions(office: Office, strict: Settings) -> None:
    store = office.store
    here = auth.start_session(store, office.staff_id)
    elsewhere = auth.start_session(store, office.staff_id)
    someone_else = auth.start_session(store, office.other_staff_id)
    auth.change_password(store, office.staff_id, PASSWORD, "a-new-password-1", keep_session=here)
    assert auth.session_person(store, strict, here) == office.staff_id
    assert auth.session_person(store, strict, elsewhere) is None
    assert auth.session_person(store, strict, someone_else) == office.other_staff_id
    assert not auth.sign_in(store, strict, "00123", PASSWORD).ok
    assert auth.sign_in(store, strict, "00123", "a-new-password-1").ok
    assert store.people.person(office.staff_id)["must_change_password"] is False


def test_password_equal_to_username_is_refused_on_change(office: Office) -> None:
    store = office.store
    person = add_person(store, "zhangsan01", "张三丰", "综合科", "staff")
    with pytest.raises(ValidationError) as info:
        auth.change_password(store, person, PASSWORD, "ZhangSan01")
    assert info.value.key == "auth.password_is_username"


def test_reset_password_gives_a_one_time_password(office: Office, strict: Settings) -> None:
    store = office.store
    session = auth.start_session(store, office.staff_id)
    one_time = auth.reset_password(store, office.staff_id, actor_id=office.office_id)
    assert auth.session_person(store, strict, session) is None
    assert not auth.sign_in(store, strict, "00123", PASSWORD).ok
    assert auth.sign_in(store, strict, "00123", one_time).ok
    assert store.people.person(office.staff_id)["must_change_password"] is True
    assert one_time not in (store.people.password_hash(office.staff_id) or "")
