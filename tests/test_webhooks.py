"""Webhook delivery against a local HTTP server standing in for the DingTalk / WeCom robot:
the documented payload shapes, DingTalk's signature, retries with backoff for a failing robot
(HTTP 500, errcode ≠ 0, timeout) that never raise, one delivery however often deliver_due runs,
a slow robot that never holds the caller longer than the timeout, and https only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest
from conftest import Office

from learnhub import reminders, webhooks
from learnhub.errors import ValidationError
from learnhub.store.reminders import RemindersRepo

NOW = datetime(2026, 3, 20, 8, 5)


class Robot:
    """Records every request; answers with the next behaviour queued (then "ok")."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.behaviours: list[str] = []
        self.sleep = 2.0
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                parts = urlsplit(self.path)
                robot.requests.append(
                    {
                        "path": parts.path,
                        "query": parts.query,
                        "json": json.loads(body),
                        "type": self.headers.get("Content-Type"),
                    }
                )
                behaviour = robot.behaviours.pop(0) if robot.behaviours else "ok"
                status, answer = 200, {"errcode": 0, "errmsg": "ok"}
                if behaviour == "500":
                    status, answer = 500, {"error": "boom"}
                elif behaviour == "errcode":
                    answer = {"errcode": 310000, "errmsg": "keywords not in content"}
                elif behaviour == "sleep":
                    time.sleep(robot.sleep)
                try:
                    data = json.dumps(answer).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout): nothing to answer

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def robot() -> Iterator[Robot]:
    found = Robot()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


def delivery(office: Office, key: str) -> dict[str, Any]:
    found = RemindersRepo(office.store.db).delivery(key)
    assert found is not None
    return found


def test_dingtalk_markdown_with_signature(office: Office, robot: Robot) -> None:
    url = f"{robot.url}/robot/send?access_token=abc"
    webhooks.save_config(office.store, url, "dingtalk", "SECtest")
    payload = webhooks.message("dingtalk", "每日摘要", "内容")
    result = webhooks.send(url, payload, secret="SECtest", timestamp_ms=1700000000000)
    assert result.ok and json.loads(result.answer) == {"errcode": 0, "errmsg": "ok"}
    [request] = robot.requests
    assert request["path"] == "/robot/send"
    assert request["json"] == {
        "msgtype": "markdown",
        "markdown": {"title": "每日摘要", "text": "### 每日摘要\n\n内容"},
    }
    assert request["type"].startswith("application/json")
    query = parse_qs(request["query"])
    assert query["access_token"] == ["abc"] and query["timestamp"] == ["1700000000000"]
    expected = base64.b64encode(
        hmac.new(b"SECtest", b"1700000000000\nSECtest", hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]
    # URL-encoded in the address: base64's + / = never travel raw.
    raw_sign = request["query"].split("sign=")[1]
    assert unquote_plus(raw_sign) == expected and "/" not in raw_sign and "=" not in raw_sign


def test_wecom_markdown(office: Office, robot: Robot) -> None:
    url = f"{robot.url}/cgi-bin/webhook/send?key=k-1"
    result = webhooks.send(url, webhooks.message("wecom", "每日摘要", "内容"))
    assert result.ok
    [request] = robot.requests
    assert request["path"] == "/cgi-bin/webhook/send" and parse_qs(request["query"]) == {
        "key": ["k-1"]
    }
    assert request["json"] == {
        "msgtype": "markdown",
        "markdown": {"content": "**每日摘要**\n\n内容"},
    }


def test_user_text_is_escaped_for_the_robot() -> None:
    hostile = '张*三*_[链接](http://x)\n# 标题 <font color="warning">红</font>'
    escaped = webhooks.escape_markdown(hostile)
    assert "\n" not in escaped and "<" not in escaped and ">" not in escaped
    for mark in "*_[]()#":
        assert f"\\{mark}" in escaped
    assert webhooks.escape_markdown("张三") == "张三"


def test_a_failing_robot_is_retried_with_backoff_and_given_up(office: Office, robot: Robot) -> None:
    webhooks.save_config(office.store, f"{robot.url}/robot/send?access_token=a", "dingtalk", "")
    assert webhooks.enqueue(office.store, "digest:2026-03-20", "摘要", "内容", NOW)
    assert not webhooks.enqueue(office.store, "digest:2026-03-20", "摘要", "内容", NOW)
    robot.behaviours = ["500", "errcode", "sleep", "500", "500"]
    robot.sleep = 1.5
    assert webhooks.deliver_due(office.store, NOW) == {"sent": 0, "failed": 1}
    row = delivery(office, "digest:2026-03-20")
    assert row["attempts"] == 1 and "HTTP 500" in row["last_error"]
    assert row["next_attempt_at"] == NOW + timedelta(minutes=1)
    # Not yet due: nothing sent.
    assert webhooks.deliver_due(office.store, NOW + timedelta(seconds=50)) == {
        "sent": 0,
        "failed": 0,
    }
    assert len(robot.requests) == 1
    at = NOW + timedelta(minutes=1)
    webhooks.deliver_due(office.store, at)
    row = delivery(office, "digest:2026-03-20")
    assert row["attempts"] == 2 and "310000" in row["last_error"]
    assert row["next_attempt_at"] == at + timedelta(minutes=5)
    at += timedelta(minutes=5)
    webhooks.deliver_due(office.store, at, timeout=0.3)
    row = delivery(office, "digest:2026-03-20")
    assert row["attempts"] == 3 and "timed out" in row["last_error"].lower()
    assert row["next_attempt_at"] == at + timedelta(minutes=30)
    at += timedelta(minutes=30)
    webhooks.deliver_due(office.store, at)
    assert delivery(office, "digest:2026-03-20")["next_attempt_at"] == at + timedelta(hours=2)
    at += timedelta(hours=2)
    webhooks.deliver_due(office.store, at)
    row = delivery(office, "digest:2026-03-20")
    assert row["attempts"] == 5 and row["delivered_at"] is None and "HTTP 500" in row["last_error"]
    # Given up: never tried again, the last error kept.
    assert webhooks.deliver_due(office.store, at + timedelta(days=2)) == {"sent": 0, "failed": 0}
    assert len(robot.requests) == 5


def test_a_post_that_raises_never_reaches_the_caller(office: Office) -> None:
    webhooks.save_config(
        office.store, "https://oapi.dingtalk.com/robot/send?access_token=a", "dingtalk", ""
    )
    webhooks.enqueue(office.store, "k", "摘要", "内容", NOW)

    def broken(url: str, body: bytes, timeout: float) -> tuple[int, str]:
        raise RuntimeError("network down")

    assert webhooks.deliver_due(office.store, NOW, post=broken) == {"sent": 0, "failed": 1}
    assert "network down" in delivery(office, "k")["last_error"]


def test_delivered_once_even_if_deliver_due_runs_twice(office: Office, robot: Robot) -> None:
    webhooks.save_config(office.store, f"{robot.url}/send?key=x", "wecom", None)
    webhooks.enqueue(office.store, "once", "摘要", "内容", NOW)
    assert webhooks.deliver_due(office.store, NOW) == {"sent": 1, "failed": 0}
    assert webhooks.deliver_due(office.store, NOW + timedelta(hours=3)) == {"sent": 0, "failed": 0}
    assert len(robot.requests) == 1
    assert delivery(office, "once")["delivered_at"] == NOW
    # Two runners at once (two threads) still send a new one once.
    webhooks.enqueue(office.store, "twice", "摘要", "内容", NOW)
    runners = [
        threading.Thread(target=webhooks.deliver_due, args=(office.store, NOW)) for _ in range(2)
    ]
    for runner in runners:
        runner.start()
    for runner in runners:
        runner.join()
    assert len(robot.requests) == 2


def test_a_slow_robot_never_holds_the_caller(office: Office, robot: Robot) -> None:
    assert webhooks.TIMEOUT == 3.0
    webhooks.save_config(office.store, f"{robot.url}/send?key=x", "wecom", None)
    webhooks.enqueue(office.store, "slow", "摘要", "内容", NOW)
    robot.behaviours, robot.sleep = ["sleep", "sleep"], 5.0
    started = time.monotonic()
    assert webhooks.deliver_due(office.store, NOW, timeout=0.5) == {"sent": 0, "failed": 1}
    assert time.monotonic() - started < 1.5
    started = time.monotonic()
    result = webhooks.send(f"{robot.url}/send?key=x", {"msgtype": "text"}, timeout=0.5)
    assert not result.ok and time.monotonic() - started < 1.5


def test_only_https_robots(office: Office) -> None:
    ok = "https://oapi.dingtalk.com/robot/send?access_token=a"
    assert webhooks.validate_url(f"  {ok} ") == ok
    assert webhooks.validate_url("http://127.0.0.1:8080/send") == "http://127.0.0.1:8080/send"
    assert webhooks.validate_url("http://localhost/send") == "http://localhost/send"
    for bad in (
        "http://oapi.dingtalk.com/robot/send",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "http://127.0.0.1.evil.example/x",
    ):
        with pytest.raises(ValidationError) as why:
            webhooks.validate_url(bad)
        assert why.value.key == "webhooks.url_not_https"
    for bad in ("not a url", "https://", "https://user:pw@example.com/x"):
        with pytest.raises(ValidationError) as why:
            webhooks.validate_url(bad)
        assert why.value.key == "webhooks.url_invalid"
    with pytest.raises(ValidationError):
        webhooks.save_config(office.store, "http://example.com/hook", "wecom", None)
    assert not webhooks.config(office.store).enabled
    result = webhooks.send("http://example.com/hook", {"msgtype": "text"})
    assert not result.ok and "https" in result.answer


def test_the_daily_digest_goes_to_the_robot_once(office: Office, robot: Robot) -> None:
    webhooks.save_config(office.store, f"{robot.url}/send?key=x", "wecom", None)
    office.store.people.people()  # the office exists
    friday = date(2026, 3, 20)
    first = reminders.run_reminders(office.store, friday, NOW)
    assert first["webhook"] == 1
    assert reminders.run_reminders(office.store, friday, NOW + timedelta(hours=1))["webhook"] == 0
    webhooks.deliver_due(office.store, NOW)
    webhooks.deliver_due(office.store, NOW + timedelta(hours=1))
    [request] = robot.requests
    content = request["json"]["markdown"]["content"]
    assert content.startswith("**每日摘要") and "李四" in content and "本周心得" in content
