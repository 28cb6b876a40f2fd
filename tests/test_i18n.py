"""The message catalogue: both languages complete, every key the code raises present, no clashes."""

from __future__ import annotations

import ast
import re
import string
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from learnhub.errors import ValidationError
from learnhub.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalogue, translate

PACKAGE = Path(__file__).resolve().parent.parent / "learnhub"
LOCALES = PACKAGE / "locales"
SOURCES = sorted(PACKAGE.rglob("*.py"))

ERROR_CALL = re.compile(r"\b(?:ValidationError|NotAllowed|LearnHubError)\(\s*[\"']([\w.]+)[\"']")
# Keys of the areas whose texts live in checkin/auth/org.toml, wherever they are written in the
# domain code (also when passed on to a helper, e.g. _clean(text, 200, "checkin.title_too_long")).
AREA_KEY = re.compile(r"[\"']((?:checkin|auth|org)\.[a-z0-9_]+)[\"']")
DOMAIN_MODULES = ["reading.py", "auth.py", "org.py", "progress.py"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def flat(data: dict, prefix: str = "") -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            items.extend(flat(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", value))
    return items


def file_keys(lang: str) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for path in sorted((LOCALES / lang).glob("*.toml")):
        with path.open("rb") as fh:
            out[path.name] = flat(tomllib.load(fh))
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def error_keys() -> dict[str, list[str]]:
    """Every catalogue key the package raises, with the files that use it."""
    found: dict[str, list[str]] = {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        keys = set(ERROR_CALL.findall(text))
        if path.parent == PACKAGE and path.name in DOMAIN_MODULES:
            keys |= set(AREA_KEY.findall(text))
        for key in keys:
            found.setdefault(key, []).append(str(path.relative_to(PACKAGE)))
    return found


def error_calls() -> list[tuple[str, str, set[str]]]:
    """(file, key, keyword names) of every ValidationError/NotAllowed call with a literal key."""
    calls = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("ValidationError", "NotAllowed", "LearnHubError")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                names = {k.arg for k in node.keywords if k.arg}
                if any(k.arg is None for k in node.keywords):
                    continue  # **params: cannot tell statically
                calls.append((path.name, node.args[0].value, names))
    return calls


def test_the_scan_finds_what_it_should() -> None:
    # Guards the regexes themselves: these keys are certainly raised by the package.
    keys = error_keys()
    for key in (
        "checkin.minutes_too_many",  # ValidationError("…", …)
        "checkin.title_too_long",  # passed to a helper
        "checkin.due_reading",  # today's card
        "auth.wrong_credentials",  # a sign-in outcome
        "org.role_unknown",
    ):
        assert key in keys
    assert len(error_calls()) >= 30


def test_every_language_has_the_same_keys() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    assert sorted(set(zh) - set(en)) == [], "missing in English"
    assert sorted(set(en) - set(zh)) == [], "missing in Chinese"


def test_every_language_has_the_same_files() -> None:
    names = {lang: set(file_keys(lang)) for lang in LANGUAGES}
    assert names["zh"] == names["en"]
    for name in names["zh"]:
        zh = [k for k, _ in file_keys("zh")[name]]
        en = [k for k, _ in file_keys("en")[name]]
        assert sorted(zh) == sorted(en), name


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_key_is_defined_twice(lang: str) -> None:
    counts = Counter(k for items in file_keys(lang).values() for k, _ in items)
    assert [k for k, n in counts.items() if n > 1] == []
    catalogue.cache_clear()
    assert len(catalogue(lang)) == sum(counts.values())


def test_every_raised_key_is_in_the_catalogue() -> None:
    missing = {
        lang: sorted(k for k in error_keys() if k not in catalogue(lang)) for lang in LANGUAGES
    }
    assert missing == {lang: [] for lang in LANGUAGES}


def test_texts_use_only_the_parameters_the_code_passes() -> None:
    problems = []
    for where, key, names in error_calls():
        for lang in LANGUAGES:
            text = catalogue(lang).get(key)
            if text is not None and not placeholders(text) <= names:
                problems.append((where, key, lang, sorted(placeholders(text) - names)))
    assert problems == []


def test_both_languages_use_the_same_placeholders() -> None:
    zh, en = catalogue("zh"), catalogue("en")
    different = [k for k in zh if k in en and placeholders(zh[k]) != placeholders(en[k])]
    assert different == []


@pytest.mark.parametrize("area", ["checkin", "auth", "org"])
def test_messages_are_in_their_language(area: str) -> None:
    # The messages of checkin/auth/org.toml are whole sentences shown to staff and clerks.
    for key, text in file_keys("zh")[f"{area}.toml"]:
        assert CJK.search(text), key
    for key, text in file_keys("en")[f"{area}.toml"]:
        assert not CJK.search(text), key
        assert text[0].isupper() or text[0] in "“{", key


def test_translate_formats_and_falls_back() -> None:
    assert translate("checkin.minutes_too_many", "zh", n=240, minutes=300) == (
        "单次阅读不能超过 240 分钟（填写的是 300 分钟），请分成几次记录或检查数字"
    )
    english = translate("checkin.minutes_too_many", "en", n=240, minutes=300)
    assert "240" in english and "300" in english
    # An unknown language falls back to Chinese; an unknown key shows itself.
    assert (
        translate("auth.wrong_credentials", "fr")
        == catalogue(DEFAULT_LANGUAGE)["auth.wrong_credentials"]
    )
    assert translate("no.such_key", "en") == "no.such_key"


def test_errors_read_in_the_persons_language() -> None:
    error = ValidationError("org.username_taken", username="00123")
    assert "00123" in error.message("zh") and CJK.search(error.message("zh"))
    assert "00123" in str(error) and not CJK.search(str(error))  # str() is English, for logs
