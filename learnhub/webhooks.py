"""Webhook delivery to a DingTalk or WeCom group robot, configured by the office.

Message formats, as documented by the two vendors (checked against these pages, Nov 2026):

- DingTalk custom robot (自定义机器人), https://open.dingtalk.com/document/robots/custom-robot-access
  and …/document/development/robot-message-type: POST JSON
  ``{"msgtype": "markdown", "markdown": {"title": …, "text": …}}`` (or ``{"msgtype": "text",
  "text": {"content": …}}``) to ``https://oapi.dingtalk.com/robot/send?access_token=…``. With
  signing (加签) on: ``string_to_sign = timestamp + "\\n" + secret``, HmacSHA256 keyed with the
  secret, base64, URL-encoded, appended as ``&timestamp=<ms>&sign=<sign>`` (examples:
  https://blog.csdn.net/u012399690/article/details/121334258,
  https://blog.csdn.net/json_steve/article/details/102823982).
- WeCom group robot (群机器人), https://developer.work.weixin.qq.com/document/path/91770: POST JSON
  ``{"msgtype": "markdown", "markdown": {"content": …}}`` to
  ``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``
  (example: https://docs.zhuonian.xyz/api/wecom-webhook.html).

Both answer ``{"errcode": 0, "errmsg": "ok"}``; anything else, an HTTP error or a timeout is a
failure. Deliveries are queued (one per key), claimed before sending so they go out once, retried
after 1 min, 5 min, 30 min and 2 h, and given up after 5 attempts with the last error kept.
Nothing here raises into the caller: the app calls `deliver_due` from a background thread.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote_plus, urlsplit

from learnhub.errors import ValidationError
from learnhub.store import Store

__all__ = [
    "BACKOFF",
    "KINDS",
    "MAX_ATTEMPTS",
    "TIMEOUT",
    "Config",
    "Post",
    "SendResult",
    "config",
    "deliver_due",
    "enqueue",
    "escape_markdown",
    "message",
    "save_config",
    "send",
    "sign_url",
    "validate_url",
]

log = logging.getLogger(__name__)

KINDS = ("dingtalk", "wecom")
TIMEOUT = 3.0
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
)
MAX_ATTEMPTS = 5
URL_KEY, KIND_KEY, SECRET_KEY = (
    "reminders.webhook_url",
    "reminders.webhook_kind",
    "reminders.webhook_secret",
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

# post(url, body, timeout) -> (HTTP status, response text); raises on network errors.
Post = Callable[[str, bytes, float], tuple[int, str]]


# ---- configuration --------------------------------------------------------------------------
@dataclass(frozen=True)
class Config:
    url: str
    kind: str
    secret: str

    @property
    def enabled(self) -> bool:
        return bool(self.url)


def validate_url(url: str) -> str:
    """The URL stripped, if it is https (or http to this machine, for tests); else refused."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") and parts.scheme:
        raise ValidationError("webhooks.url_not_https")
    if not parts.hostname or parts.username or parts.password:
        raise ValidationError("webhooks.url_invalid")
    if parts.scheme == "https" or parts.hostname in LOCAL_HOSTS:
        return url
    raise ValidationError("webhooks.url_not_https")


def config(store: Store) -> Config:
    return Config(
        store.settings.get(URL_KEY) or "",
        store.settings.get(KIND_KEY) or "dingtalk",
        store.settings.get(SECRET_KEY) or "",
    )


def save_config(store: Store, url: str, kind: str, secret: str | None) -> Config:
    """Store the robot's URL and kind (an empty URL turns webhooks off); `secret` None keeps the
    stored one, "" removes it."""
    if kind not in KINDS:
        raise ValidationError("webhooks.kind_unknown")
    url = validate_url(url) if url.strip() else ""
    store.settings.set(URL_KEY, url)
    store.settings.set(KIND_KEY, kind)
    if secret is not None:
        store.settings.set(SECRET_KEY, secret.strip())
    return config(store)


# ---- messages -------------------------------------------------------------------------------
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_ANGLE = str.maketrans({"<": "＜", ">": "＞", "\r": " ", "\n": " "})


def escape_markdown(text: str) -> str:
    """Names and titles as plain text inside a robot's Markdown: markup characters are
    backslash-escaped, angle brackets (HTML such as WeCom's <font>) made full-width, and line
    breaks flattened so a title cannot start a heading or a quote."""
    return _SPECIAL.sub(r"\\\1", str(text).translate(_ANGLE))


def message(kind: str, title: str, markdown: str) -> dict[str, Any]:
    """The JSON body for the robot; `markdown` must already have user text escaped."""
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": f"**{title}**\n\n{markdown}"}}
    return {
        "msgtype": "markdown",
        "markdown": {"title": title, "text": f"### {title}\n\n{markdown}"},
    }


def sign_url(url: str, secret: str, timestamp_ms: int) -> str:
    """DingTalk's signed URL: &timestamp=…&sign=urlencode(base64(HmacSHA256(ts\\nsecret)))."""
    to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), to_sign, hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}timestamp={timestamp_ms}&sign={sign}"


# ---- sending --------------------------------------------------------------------------------
@dataclass(frozen=True)
class SendResult:
    ok: bool
    answer: str  # the robot's answer, or what went wrong


def urllib_post(url: str, body: bytes, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), response.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read(65536).decode("utf-8", "replace")


def send(
    url: str,
    payload: dict[str, Any] | str,
    *,
    secret: str = "",
    post: Post | None = None,
    timeout: float = TIMEOUT,
    timestamp_ms: int | None = None,
) -> SendResult:
    """POST one message; never raises. `secret` signs the URL the DingTalk way, with the real
    clock's time (the robot refuses a timestamp more than an hour off its own)."""
    try:
        url = validate_url(url)
        if secret:
            stamp = int(time.time() * 1000) if timestamp_ms is None else timestamp_ms
            url = sign_url(url, secret, stamp)
        body = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        status, text = (post or urllib_post)(url, body.encode("utf-8"), timeout)
    except ValidationError as exc:
        return SendResult(False, str(exc))
    except Exception as exc:  # timeouts, refused connections, anything the post raises
        return SendResult(False, f"{type(exc).__name__}: {exc}"[:500])
    if status != 200:
        return SendResult(False, f"HTTP {status}: {text[:300]}")
    try:
        answer = json.loads(text)
    except ValueError:
        return SendResult(False, f"not JSON: {text[:300]}")
    if not isinstance(answer, dict) or answer.get("errcode") != 0:
        return SendResult(False, text[:300])
    return SendResult(True, text[:300])


def enqueue(store: Store, key: str, title: str, markdown: str, now: datetime) -> bool:
    """Queue a message for the configured robot (once per key); False when webhooks are off or
    the key was queued before."""
    current = config(store)
    if not current.enabled:
        return False
    body = json.dumps(message(current.kind, title, markdown), ensure_ascii=False)
    return store.reminders.enqueue(key, current.url, body, now)


_DELIVERING = threading.Lock()


def deliver_due(
    store: Store, now: datetime, *, post: Post | None = None, timeout: float = TIMEOUT
) -> dict[str, int]:
    """Send the deliveries due at `now`; {"sent": …, "failed": …}. Never raises."""
    counts = {"sent": 0, "failed": 0}
    if not _DELIVERING.acquire(blocking=False):
        return counts  # another thread of this process is at it
    try:
        repo = store.reminders
        current = config(store)
        for row in repo.claim_due(now, BACKOFF, MAX_ATTEMPTS):
            # Only the robot still configured gets the signature (a secret is for its URL).
            secret = current.secret if row["url"] == current.url else ""
            result = send(
                row["url"], str(row["payload"]), secret=secret, post=post, timeout=timeout
            )
            if result.ok:
                repo.mark_delivered(int(row["id"]), now)
                counts["sent"] += 1
            else:
                repo.mark_failed(int(row["id"]), result.answer)
                counts["failed"] += 1
                log.warning(
                    "webhook %s attempt %s failed: %s", row["key"], row["attempts"], result.answer
                )
    except Exception:
        log.exception("webhook delivery failed")
    finally:
        _DELIVERING.release()
    return counts
