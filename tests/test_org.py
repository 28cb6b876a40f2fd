"""The roster: usernames, roles as offices write them, creating and deactivating people."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from conftest import TODAY, Office

from learnhub import auth, org, reading
from learnhub.errors import ValidationError
from learnhub.settings import Settings
from learnhub.store import Store


def key_of(action: Any) -> str:
    with pytest.raises(ValidationError) as info:
        action()
    return info.value.key


# -- roles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("staff", "staff"),
        ("学员", "staff"),
        ("干部", "staff"),
        ("学员；办公室", "staff;office"),  # full-width semicolon
        ("办公室;学员", "staff;office"),  # fixed order whatever the input order
        ("讲师，学员", "staff;trainer"),  # full-width comma
        ("教员、办公室", "trainer;office"),  # enumeration comma
        ("Staff / Trainer", "staff;trainer"),
        ("  OFFICE  ", "office"),
        ("admin", "office"),
        ("学员 学员", "staff"),  # repeated: once
        ("学员\t教师", "staff;trainer"),
        ("Ｓｔａｆｆ", "staff"),  # full-width Latin letters
    ],
)
def test_normalise_roles(text: str, expected: str) -> None:
    assert org.normalise_roles(text) == expected


@pytest.mark.parametrize("text", ["", "   ", None, ";；,"])
def test_roles_are_required(text: Any) -> None:
    assert key_of(lambda: org.normalise_roles(text)) == "org.roles_missing"


def test_unknown_role_is_named_in_the_error() -> None:
    with pytest.raises(ValidationError) as info:
        org.normalise_roles("学员；局长")
    assert info.value.key == "org.role_unknown"
    assert info.value.params["role"] == "局长"
    assert "局长" in info.value.message("zh") and "局长" in info.value.message("en")


# -- usernames and names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("00123", "00123"),  # leading zeros are kept
        (" 00123 ", "00123"),
        ("００１２３", "00123"),  # full-width digits from a Chinese input method
        ("zhang.san_01", "zhang.san_01"),
        ("a-b", "a-b"),
        ("x" * 64, "x" * 64),
    ],
)
def test_valid_usernames(raw: str, expected: str) -> None:
    assert org.validate_username(raw) == expected


@pytest.mark.parametrize("raw", ["张三", "-abc", ".abc", "a b", "a/b", "x" * 65, "a@b", "<b>"])
def test_invalid_usernames(raw: str) -> None:
    with pytest.raises(ValidationError) as info:
        org.validate_username(raw)
    assert info.value.key == "org.username_invalid"
    assert info.value.params["username"] == org.normalise_name(raw)


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_missing_username(raw: Any) -> None:
    assert key_of(lambda: org.validate_username(raw)) == "org.username_missing"


def test_normalise_name() -> None:
    assert org.normalise_name("  张三  ") == "张三"
    assert org.normalise_name("Li\t\tSi") == "Li Si"
    # Chinese punctuation is how offices write names; letters and digits typed full-width fold.
    assert org.normalise_name("办公室（综合科）") == "办公室（综合科）"
    assert org.normalise_name("ＡＢ１２\u3000科") == "AB12 科"
    assert org.normalise_name(None) == ""


# -- creating people -----------------------------------------------------------------------


def test_create_user_returns_a_one_time_password_that_signs_in(
    fresh_store: Store, settings: Settings
) -> None:
    person_id, password = org.create_user(
        fresh_store, "00777", name=" 王 五 ", department="综合科", roles="学员；办公室"
    )
    person = fresh_store.people.person(person_id)
    assert person["username"] == "00777"
    assert person["name"] == "王 五"
    assert person["department"] == "综合科"
    assert person["roles"] == "staff;office"
    assert person["must_change_password"] is True
    assert len(password) >= 12
    stored = fresh_store.people.password_hash(person_id)
    assert stored.startswith("$argon2id$") and password not in stored
    result = auth.sign_in(fresh_store, settings, "00777", password)
    assert result.ok and result.person_id == person_id
    assert not auth.sign_in(fresh_store, settings, "777", password).ok
    # The office's action is in the audit log.
    log = fresh_store.people.audit_log()
    assert list(log["action"]) == ["create_user"] and list(log["subject"]) == ["00777"]


def test_each_new_person_gets_their_own_password(fresh_store: Store) -> None:
    _, first = org.create_user(fresh_store, "a1", name="甲", department=None, roles="staff")
    _, second = org.create_user(fresh_store, "a2", name="乙", department=None, roles="staff")
    assert first != second


def test_create_user_refuses_bad_input_and_stores_nothing(office: Office) -> None:
    store = office.store
    before = len(store.people.people(include_inactive=True))
    cases = {
        "org.username_taken": dict(username="00123", name="重名", roles="staff"),
        "org.username_missing": dict(username=" ", name="无名", roles="staff"),
        "org.username_invalid": dict(username="张三", name="张三", roles="staff"),
        "org.name_missing": dict(username="00200", name="  ", roles="staff"),
        "org.role_unknown": dict(username="00201", name="某人", roles="局长"),
        "org.roles_missing": dict(username="00202", name="某人", roles=""),
    }
    for key, values in cases.items():
        username = values.pop("username")
        assert (
            key_of(lambda u=username, v=values: org.create_user(store, u, department="新科室", **v))
            == key
        )
    assert len(store.people.people(include_inactive=True)) == before
    assert "新科室" not in set(store.people.departments(include_inactive=True)["name"])


def test_taken_username_is_compared_after_normalising(office: Office) -> None:
    assert (
        key_of(
            lambda: org.create_user(
                office.store, "００１２３", name="某", department=None, roles="staff"
            )
        )
        == "org.username_taken"
    )


def test_people_join_an_existing_department(office: Office) -> None:
    store = office.store
    person_id, _ = org.create_user(
        store, "00300", name="周六", department=" 综合科 ", roles="staff"
    )
    departments = store.people.departments()
    assert list(departments["name"]).count("综合科") == 1
    assert store.people.person(person_id)["department"] == "综合科"


# -- changing people -----------------------------------------------------------------------


def test_update_person(office: Office) -> None:
    store = office.store
    org.update_person(
        store,
        office.staff_id,
        name="张三丰",
        department="新科室",
        roles="学员，教员",
        actor_id=office.office_id,
    )
    person = store.people.person(office.staff_id)
    assert (person["name"], person["department"], person["roles"]) == (
        "张三丰",
        "新科室",
        "staff;trainer",
    )
    assert person["username"] == "00123"
    assert (
        key_of(
            lambda: org.update_person(
                store, office.staff_id, name="", department=None, roles="staff", actor_id=None
            )
        )
        == "org.name_missing"
    )


def test_nobody_deactivates_themselves(office: Office) -> None:
    assert (
        key_of(lambda: org.deactivate(office.store, office.office_id, actor_id=office.office_id))
        == "org.cannot_deactivate_self"
    )
    assert office.store.people.person(office.office_id)["active"] is True


def test_deactivated_people_keep_their_records_and_leave_the_lists(
    office: Office, settings: Settings
) -> None:
    store = office.store
    reading.log_reading(
        store,
        settings,
        office.other_staff_id,
        reading.ReadingInput(day=TODAY, minutes=30, title="书"),
        today=TODAY,
    )
    org.deactivate(store, office.other_staff_id, actor_id=office.office_id)
    person = store.people.person(office.other_staff_id)
    assert person["active"] is False and not pd.isna(person["deactivated_at"])
    assert "00124" not in set(store.people.people()["username"])
    assert "00124" in set(store.people.people(include_inactive=True)["username"])
    assert len(store.records.entries(office.other_staff_id, TODAY, TODAY)) == 1
    org.reactivate(store, office.other_staff_id, actor_id=office.office_id)
    person = store.people.person(office.other_staff_id)
    # (The store gives a missing timestamp as NaT rather than None.)
    assert person["active"] is True and pd.isna(person["deactivated_at"])


def test_rename_department(office: Office) -> None:
    store = office.store
    departments = store.people.departments().set_index("name")
    general = int(departments.loc["综合科", "id"])
    assert (
        key_of(lambda: org.rename_department(store, general, "业务科", actor_id=None))
        == "org.department_exists"
    )
    assert (
        key_of(lambda: org.rename_department(store, general, "  ", actor_id=None))
        == "org.department_name_missing"
    )
    org.rename_department(store, general, " 综合办公室 ", actor_id=office.office_id)
    assert store.people.person(office.staff_id)["department"] == "综合办公室"
    # Renaming to its own name is not a clash.
    org.rename_department(store, general, "综合办公室", actor_id=None)
