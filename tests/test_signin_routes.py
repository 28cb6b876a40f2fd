"""The sign-in routes and the redirect in front of the pages, over HTTP (Starlette's test client).

They are mounted here on a bare Starlette app with a stand-in for Streamlit, so each test is fast
and sees exactly what a browser would get back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import PASSWORD, Office
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from learnhub import auth
from learnhub.i18n import translate
from learnhub.settings import load_settings
from learnhub.ui import asgi
from learnhub.ui.context import forget_stores

SAME_SITE = {"sec-fetch-site": "same-origin"}


async def streamlit_stand_in(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"app page {request.url.path}")


@pytest.fixture
def client(office: Office, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("LEARNHUB_DB", office.store.db.path)
    monkeypatch.setattr(asgi, "_LIMITER", asgi.RateLimiter(limit=5, window=60))

    async def no_pause(failures: int) -> None:
        return None

    monkeypatch.setattr(asgi, "_pause_after_failure", no_pause)
    app = Starlette(
        routes=[*asgi.ROUTES, Route("/{path:path}", streamlit_stand_in)],
        middleware=[Middleware(asgi.SignInRedirect)],
    )
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client
    forget_stores()


def html_get(client: TestClient, path: str) -> object:
    return client.get(path, headers={"accept": "text/html"})


def test_a_page_without_a_session_redirects_to_the_sign_in_form(client: TestClient) -> None:
    response = html_get(client, "/check_in?tab=1")
    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["location"] == "/signin?next=/check_in%3Ftab%3D1"  # type: ignore[attr-defined]
    form = client.get("/signin?next=/check_in")
    assert 'name="next" value="/check_in"' in form.text
    assert "用户名（工号）" in form.text


def test_signing_in_sets_an_httponly_cookie_and_returns_to_the_page(
    client: TestClient, office: Office
) -> None:
    response = client.post(
        "/signin",
        data={"username": "00123", "password": PASSWORD, "next": "/my_progress"},
        headers=SAME_SITE,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/my_progress"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{auth.SESSION_COOKIE}=")
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    token = response.cookies[auth.SESSION_COOKIE]
    assert auth.session_person(office.store, load_settings(), token) == office.staff_id
    page = html_get(client, "/my_progress")
    assert page.text == "app page /my_progress"  # type: ignore[attr-defined]


def test_a_wrong_password_says_so_and_sets_no_cookie(client: TestClient) -> None:
    response = client.post(
        "/signin", data={"username": "00123", "password": "nope"}, headers=SAME_SITE
    )
    assert response.status_code == 401
    assert translate("auth.wrong_credentials") in response.text
    assert auth.SESSION_COOKIE not in response.cookies
    assert 'value="00123"' in response.text, "the username stays filled in"


def test_another_site_cannot_post_to_the_form(client: TestClient) -> None:
    response = client.post(
        "/signin",
        data={"username": "00123", "password": PASSWORD},
        headers={"sec-fetch-site": "cross-site"},
    )
    assert response.status_code == 403
    assert auth.SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/signout"])
def test_next_never_leaves_the_site(client: TestClient, target: str) -> None:
    response = client.post(
        "/signin",
        data={"username": "00123", "password": PASSWORD, "next": target},
        headers=SAME_SITE,
    )
    assert response.headers["location"] == "/"


def test_too_many_attempts_from_one_address_are_turned_away(client: TestClient) -> None:
    codes = [
        client.post(
            "/signin", data={"username": "x", "password": "y"}, headers=SAME_SITE
        ).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]


def test_signing_out_ends_the_session_on_the_server(client: TestClient, office: Office) -> None:
    client.post("/signin", data={"username": "00123", "password": PASSWORD}, headers=SAME_SITE)
    token = client.cookies[auth.SESSION_COOKIE]
    response = client.post("/signout", headers=SAME_SITE)
    assert response.status_code == 200
    assert "您已安全退出" in response.text
    assert auth.session_person(office.store, load_settings(), token) is None
    client.cookies.set(auth.SESSION_COOKIE, token)
    assert html_get(client, "/check_in").status_code == 303  # type: ignore[attr-defined]
