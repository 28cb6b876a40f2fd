"""The main journeys in a real browser: Debian's Chromium driven by Playwright against the real
server (uvicorn serving Streamlit plus the sign-in routes), on a database prepared here."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import PASSWORD, add_person
from playwright.sync_api import expect

from learnhub.i18n import translate
from learnhub.office import initialise

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "test-artifacts"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
# A loaded CI machine can take a while to rerun a page; assertions wait for the page to settle.
expect.set_options(timeout=20_000)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    # The server's output goes to a file beside the database, never to a pipe nobody reads: a
    # full pipe (64 KB of request logs) blocks the server mid-page.
    log = (db.parent / "server.log").open("wb")
    env = {**os.environ, "LEARNHUB_DB": str(db)}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "learnhub.ui.asgi:app", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    log.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/_stcore/health", timeout=2
            ) as response:
                if response.read() == b"ok":
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    pytest.fail(f"server did not start: {(db.parent / 'server.log').read_text()[-3000:]}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        # Open browser tabs keep websockets that can hold a graceful shutdown.
        process.kill()
        process.wait(timeout=10)


def make_database(folder: Path) -> Path:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs it with apt-get")
    db = folder / "learnhub.duckdb"
    store = initialise(db)
    add_person(store, "00123", "张三", "综合科", "staff")
    add_person(store, "office1", "赵主任", "办公室", "office")
    store.transaction(lambda cur: store.books.insert(cur, "习近平谈治国理政", "", 500))
    store.db.close()  # the server must be the only process holding the file
    return db


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = make_database(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    process = start_server(database, port)
    yield f"http://127.0.0.1:{port}"
    stop_server(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()


def settle(page: object) -> None:
    page.wait_for_selector(IDLE, timeout=30_000)  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def choose(page: object, widget: object, option: object) -> None:
    """Pick `option` (text or pattern) in a Streamlit 1.67 selectbox or multiselect: a react-aria
    combo box whose list opens on ArrowDown. On a loaded machine the first ArrowDown can land
    before the widget is ready, so the list is opened again until the option shows."""
    from playwright.sync_api import TimeoutError as NotYet

    wanted = page.get_by_role("option").filter(has_text=option).first  # type: ignore[attr-defined]
    for _ in range(4):
        widget.locator("input").click()  # type: ignore[attr-defined]
        page.keyboard.press("ArrowDown")  # type: ignore[attr-defined]
        try:
            wanted.wait_for(state="visible", timeout=5_000)
            break
        except NotYet:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
    wanted.click()


def sign_in(page: object, base: str, username: str, path: str = "/") -> None:
    page.goto(f"{base}{path}")  # type: ignore[attr-defined]
    page.fill("#username", username)  # type: ignore[attr-defined]
    page.fill("#password", PASSWORD)  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    settle(page)


def test_staff_journey_sign_in_reload_check_in_progress_sign_out(server: str, page) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.goto(f"{server}/check_in")
    assert "/signin" in page.url, "an unsigned visitor is sent to the sign-in form"
    sign_in(page, server, "00123", "/check_in")
    expect(page.locator("h1").first).to_have_text("今日打卡")

    cookie = next(c for c in page.context.cookies() if c["name"] == "learnhub_session")
    assert cookie["httpOnly"], "the session cookie must be out of reach of page scripts"
    page.reload()
    settle(page)
    expect(page.locator("h1").first).to_have_text("今日打卡")

    # Log 40 minutes of reading with a note that tries to be HTML.
    page.get_by_label("书名或文章标题").first.fill("人民日报评论员文章")
    page.get_by_label("阅读时长（分钟）").first.fill("40")
    page.get_by_label("简短笔记（选填）").first.fill("<script>alert('x')</script><b>读后</b>")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.get_by_role("button", name="保存阅读记录").click()
    settle(page)
    expect(page.get_by_text("已记录阅读 40 分钟。")).to_be_visible()
    expect(page.locator("[data-testid='stMetric']").first).to_contain_text("40 / 30 分钟")

    page.get_by_role("tab", name="摘抄").click()
    page.get_by_label("摘抄内容").fill("学而不思则罔，思而不学则殆。")
    page.get_by_label("出处").fill("《论语·为政》")
    page.get_by_role("button", name="保存摘抄").click()
    settle(page)
    expect(page.get_by_text("摘抄已保存。")).to_be_visible()
    page.screenshot(path=str(SHOTS / "check-in.png"), full_page=True)
    assert dialogs == [], "script in a note must never run"

    page.get_by_role("link", name="我的学习").click()
    settle(page)
    expect(page.locator("h1").first).to_have_text("我的学习")
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    page.locator(
        "[data-testid='stVegaLiteChart'] svg, [data-testid='stVegaLiteChart'] canvas"
    ).first.wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / "my-progress.png"), full_page=True)
    week = page.locator("[data-testid='stMetric']").filter(has_text="本周阅读")
    expect(week).to_contain_text("40 分钟")  # today's reading shows on my progress

    page.locator("[data-testid=signout]").click()
    page.wait_for_load_state()
    expect(page.get_by_text("您已安全退出。")).to_be_visible()
    page.goto(f"{server}/my_progress")
    assert "/signin" in page.url, "after sign-out a reload asks to sign in again"


def test_staff_opening_an_office_page_sees_a_refusal(server: str, page) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, server, "00123", "/people")
    expect(page.get_by_text("您没有权限查看此页面")).to_be_visible()
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    assert page.get_by_text("赵主任").count() == 0, "no office data may leak"
    page.screenshot(path=str(SHOTS / "refused.png"), full_page=True)


def test_wrong_password_is_refused_with_a_message(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/signin")
    page.fill("#username", "00123")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit]")
    assert page.locator("[data-testid=signin-error]").inner_text() == translate(
        "auth.wrong_credentials"
    )


def test_a_session_survives_a_server_restart_and_ends_on_sign_out(
    tmp_path: Path,
    page,  # type: ignore[no-untyped-def]
) -> None:
    # Its own database: only one server process may hold a database file.
    database = make_database(tmp_path)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(database, port)
    try:
        sign_in(page, base, "00123", "/my_progress")
        expect(page.locator("h1").first).to_have_text("我的学习")
        stop_server(process)
        process = start_server(database, port)
        page.reload()
        settle(page)
        expect(page.locator("h1").first).to_have_text("我的学习")

        cookie = next(c for c in page.context.cookies() if c["name"] == "learnhub_session")
        page.locator("[data-testid=signout]").click()
        page.wait_for_load_state()
        # Someone who copied the cookie before sign-out gets nothing with it afterwards.
        page.context.add_cookies([cookie])
        page.goto(f"{base}/my_progress")
        assert "/signin" in page.url
    finally:
        stop_server(process)
