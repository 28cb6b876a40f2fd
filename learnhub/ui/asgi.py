"""The web app: Streamlit plus the sign-in routes that own the session cookie.

Serve with `learnhub serve` (uvicorn on `learnhub.ui.asgi:app`). Streamlit scripts cannot set an
HttpOnly cookie, so signing in and out happens in these plain HTTP routes; the pages then read the
cookie through `st.context.cookies` and check it against the database (DESIGN.md §5).
"""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import streamlit as st
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from learnhub import auth
from learnhub.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate
from learnhub.settings import Settings
from learnhub.store import Store
from learnhub.ui.context import app_settings, app_store
from learnhub.ui.signin_html import signin_page

LANG_COOKIE = "learnhub_lang"
ROOT = Path(__file__).resolve().parents[2]


class RateLimiter:
    """At most `limit` attempts per `window` seconds per client address."""

    def __init__(self, limit: int = 20, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and now - hits[0] > self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True


_LIMITER = RateLimiter()


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LANGUAGES:
        return str(asked)
    # The office's language, not the browser's: many office PCs run an English Windows.
    return DEFAULT_LANGUAGE


def _safe_next(value: str | None) -> str:
    """Only paths on this site: an open redirect would let a phishing link borrow our name."""
    if not value or not value.startswith("/") or value.startswith("//"):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path.startswith(("/signin", "/signout")):
        return "/"
    return value


def _same_origin(request: Request) -> bool:
    """The route has no XSRF token from Streamlit: accept only posts from our own pages."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # old browsers and command-line clients send neither header
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        auth.SESSION_COOKIE,
        token,
        max_age=settings.session_absolute_hours * 3600,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
    )


async def signin_form(request: Request) -> Response:
    lang = _lang(request)
    page = signin_page(lang, next_path=_safe_next(request.query_params.get("next")))
    response = HTMLResponse(page)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


async def signin_submit(request: Request) -> Response:
    form = await request.form()
    lang = str(form.get("lang") or _lang(request))
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    next_path = _safe_next(str(form.get("next") or "/"))
    username = str(form.get("username") or "")[:100]
    password = str(form.get("password") or "")[:1000]
    if not _same_origin(request):
        return PlainTextResponse(translate("signin.cross_site", lang), status_code=403)
    client = request.client.host if request.client else "unknown"
    if not _LIMITER.allow(client):
        page = signin_page(
            lang, next_path=next_path, username=username, error=translate("signin.too_many", lang)
        )
        return HTMLResponse(page, status_code=429)

    settings = app_settings()
    store = app_store(settings)
    result = await run_in_threadpool(auth.sign_in, store, settings, username, password)
    if not result.ok:
        # Each failure in a row costs a little more time, so guessing is slow even before lockout.
        await _pause_after_failure(result.failures)
        error = translate(
            result.error or "auth.wrong_credentials", lang, minutes=result.minutes_locked
        )
        page = signin_page(lang, next_path=next_path, username=username, error=error)
        return HTMLResponse(page, status_code=401)
    assert result.person_id is not None
    token = await run_in_threadpool(auth.start_session, store, result.person_id)
    response = RedirectResponse(next_path, status_code=303)
    _set_session_cookie(response, token, settings)
    return response


async def _pause_after_failure(failures: int) -> None:
    import asyncio

    await asyncio.sleep(min(4.0, 0.25 * (2 ** max(0, failures - 1))))


def _person_language(store: Store, token: str | None) -> str | None:
    person_id = auth.session_person(store, app_settings(), token)
    person = store.people.person(person_id) if person_id is not None else None
    return str(person["language"]) if person else None


async def signout(request: Request) -> Response:
    if not _same_origin(request):
        return PlainTextResponse(translate("signin.cross_site", _lang(request)), status_code=403)
    token = request.cookies.get(auth.SESSION_COOKIE)
    store = app_store()
    lang = await run_in_threadpool(_person_language, store, token) or _lang(request)
    await run_in_threadpool(auth.sign_out, store, token)
    response = HTMLResponse(signin_page(lang, notice=translate("signin.signed_out", lang)))
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
    return response


# Streamlit's own machinery: never redirect these, the page would never load.
_PASS_THROUGH = (
    "/_stcore",
    "/static",
    "/component",
    "/media",
    "/app/static",
    "/signin",
    "/signout",
    "/favicon",
)


class SignInRedirect:
    """Send a browser that opens any page without a valid session straight to the sign-in form,
    so nobody has to click through an empty app first. Pages still check the role themselves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            path: str = scope["path"]
            request = Request(scope)
            wants_html = "text/html" in request.headers.get("accept", "")
            if wants_html and not path.startswith(_PASS_THROUGH):
                settings = app_settings()
                token = request.cookies.get(auth.SESSION_COOKIE)
                person = await run_in_threadpool(
                    auth.session_person, app_store(settings), settings, token
                )
                if person is None:
                    target = path + (
                        f"?{scope['query_string'].decode()}" if scope.get("query_string") else ""
                    )
                    response = RedirectResponse(
                        f"/signin?next={quote(_safe_next(target), safe='/')}", status_code=303
                    )
                    if token:
                        response.delete_cookie(auth.SESSION_COOKIE, path="/")
                    await response(scope, receive, send)
                    return
        await self.app(scope, receive, send)


ROUTES = [
    Route("/signin", signin_form, methods=["GET"]),
    Route("/signin", signin_submit, methods=["POST"]),
    Route("/signout", signout, methods=["POST"]),
]


@asynccontextmanager
async def background_work(_app: st.App) -> AsyncIterator[None]:
    """The server's own background threads, started once when it starts serving: the daily
    reminders and webhook deliveries, and the notebook snapshot's refresh. Neither ever blocks
    a page; both stop with the server."""
    from learnhub.ui.reminder_worker import ensure_reminder_worker, stop_reminder_workers
    from learnhub.ui.snapshot_refresher import ensure_refresher, stop_refreshers

    settings = app_settings()
    store = app_store(settings)
    ensure_reminder_worker(store, settings)
    ensure_refresher(store, settings)
    try:
        yield
    finally:
        stop_reminder_workers()
        stop_refreshers()


def build_app() -> st.App:
    from starlette.middleware import Middleware

    script = Path(os.environ.get("LEARNHUB_SCRIPT", ROOT / "streamlit_app.py"))
    return st.App(
        script,
        routes=ROUTES,
        middleware=[Middleware(SignInRedirect)],
        lifespan=background_work,
    )


app = build_app()
