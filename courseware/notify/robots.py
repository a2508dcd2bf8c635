"""Group robots (WeCom, DingTalk, Feishu/Lark): each platform's signed JSON message to a webhook, over HTTPS."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime

KINDS = ("wecom", "dingtalk", "feishu")
PLATFORM_NAMES = {"wecom": "WeCom", "dingtalk": "DingTalk", "feishu": "Feishu"}
URL_MAX = 500
WECOM_MARKDOWN_MAX_BYTES = 4096  # the WeCom markdown content limit (docs/robots.md)
DINGTALK_MAX_BYTES = 20000  # kept under the platforms' 20 KB request-body limit
FEISHU_MAX_BYTES = 18000


class RobotError(Exception):
    """A robot message was not delivered; `platform`, `reason` (url, http, refused, timeout, network, answer) and
    `detail` (the platform's own code and message, the HTTP status) say why; str() is one English line."""

    def __init__(self, kind: str, reason: str, detail: str = "") -> None:
        self.kind, self.platform, self.reason, self.detail = kind, PLATFORM_NAMES.get(kind, kind), reason, detail
        super().__init__(f"{self.platform}: {reason}: {detail}" if detail else f"{self.platform}: {reason}")


def url_problem(url: str, allow_http: bool = False) -> str | None:
    """Why a webhook address is refused (a short English phrase), or None when it is acceptable."""
    if len(url) > URL_MAX:
        return f"longer than {URL_MAX} characters"
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "contains spaces or control characters"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 (raises ValueError on a bad port)
    except ValueError:
        return "not a valid address"
    if parts.scheme not in (("https", "http") if allow_http else ("https",)):
        return "must start with https://"
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "must not hold a user name or password"
    if not parts.hostname:
        return "has no host"
    if parts.fragment:
        return "must not have a #fragment"
    return None


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签: HMAC-SHA256 keyed by the secret over "timestamp\\nsecret", base64 (URL-encoded by the caller)."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu's signature: "timestamp\\nsecret" is the HMAC-SHA256 KEY over an empty message, base64."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _clip(text: str, max_bytes: int) -> str:
    """`text` cut to at most `max_bytes` of UTF-8, never inside a character."""
    data = text.encode()
    return text if len(data) <= max_bytes else data[: max_bytes - 3].decode(errors="ignore") + "…"


def _wecom(url: str, secret: str, title: str, text: str, now: datetime) -> tuple[str, dict]:
    content = _clip(f"**{title}**\n{text}" if title else text, WECOM_MARKDOWN_MAX_BYTES)
    return url, {"msgtype": "markdown", "markdown": {"content": content}}


def _dingtalk(url: str, secret: str, title: str, text: str, now: datetime) -> tuple[str, dict]:
    if secret:
        timestamp = int(now.timestamp() * 1000)
        query = urllib.parse.urlencode({"timestamp": timestamp, "sign": dingtalk_sign(secret, timestamp)})
        url = f"{url}{'&' if urllib.parse.urlsplit(url).query else '?'}{query}"
    body = f"#### {title}\n\n{text}" if title else text
    return url, {"msgtype": "markdown", "markdown": {"title": title or text[:40], "text": _clip(body, DINGTALK_MAX_BYTES)}}


def _feishu_line(line: str) -> list[dict]:
    if line.startswith(("https://", "http://")) and " " not in line:
        return [{"tag": "a", "text": line, "href": line}]
    return [{"tag": "text", "text": line}]


def _feishu(url: str, secret: str, title: str, text: str, now: datetime) -> tuple[str, dict]:
    paragraphs = [_feishu_line(line) for line in _clip(text, FEISHU_MAX_BYTES).splitlines() if line.strip()]
    payload: dict = {"msg_type": "post", "content": {"post": {"zh_cn": {"title": title, "content": paragraphs}}}}
    if secret:
        timestamp = int(now.timestamp())
        payload = {"timestamp": str(timestamp), "sign": feishu_sign(secret, timestamp), **payload}
    return url, payload


BUILDERS = {"wecom": _wecom, "dingtalk": _dingtalk, "feishu": _feishu}


def build_request(kind: str, webhook_url: str, secret: str | None, title: str, text: str,
                  now: datetime | None = None) -> tuple[str, dict]:
    """The address (with DingTalk's signature in its query) and the JSON body one message is posted with."""
    if kind not in BUILDERS:
        raise RobotError(kind, "url", f"unknown robot kind {kind!r}")
    return BUILDERS[kind](webhook_url, (secret or "").strip(), title, text, now or datetime.now(UTC))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A webhook answers itself: a redirect could lead anywhere (even to plain http), so it is an error."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _allow_http_setting() -> bool:
    from flask import current_app, has_app_context

    return bool(has_app_context() and current_app.config.get("ROBOTS_ALLOW_HTTP"))


def post(kind: str, webhook_url: str, secret: str | None, title: str, text: str, timeout: float = 10,
         now: datetime | None = None, allow_http: bool | None = None) -> None:
    """Send one message to a group robot; RobotError says which platform refused it and why."""
    problem = url_problem(webhook_url, _allow_http_setting() if allow_http is None else allow_http)
    if problem:
        raise RobotError(kind, "url", problem)
    url, payload = build_request(kind, webhook_url, secret, title, text, now)
    request = urllib.request.Request(url, data=json.dumps(payload, ensure_ascii=False).encode(), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status, raw = response.status, response.read(65536)
    except urllib.error.HTTPError as error:
        raise RobotError(kind, "http", f"HTTP {error.code}{_answer_text(error.read(4096))}") from None
    except TimeoutError:
        raise RobotError(kind, "timeout", f"no answer within {timeout:g} s") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            raise RobotError(kind, "timeout", f"no answer within {timeout:g} s") from None
        raise RobotError(kind, "network", str(reason)) from None
    _check_answer(kind, status, raw)


def _answer_text(raw: bytes) -> str:
    """The platform's code and message from an error answer's JSON, when it has them."""
    code, message = _code_and_message(raw)
    return f": {code} {message}".rstrip() if code is not None else ""


def _code_and_message(raw: bytes) -> tuple[object, str]:
    try:
        answer = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, ""
    if not isinstance(answer, dict):
        return None, ""
    if "errcode" in answer:  # WeCom and DingTalk
        return answer["errcode"], str(answer.get("errmsg", ""))
    if "code" in answer:  # Feishu
        return answer["code"], str(answer.get("msg", ""))
    if "StatusCode" in answer:  # Feishu's older answer fields
        return answer["StatusCode"], str(answer.get("StatusMessage", ""))
    return None, ""


def _check_answer(kind: str, status: int, raw: bytes) -> None:
    """Success is HTTP 2xx with errcode 0 (WeCom, DingTalk) or code 0 (Feishu)."""
    code, message = _code_and_message(raw)
    if code is None:
        raise RobotError(kind, "answer", f"HTTP {status}, not the platform's JSON answer: {raw[:200]!r}")
    if code != 0:
        field = "code" if kind == "feishu" else "errcode"
        raise RobotError(kind, "refused", f"{field} {code}: {message}".strip())


def robot_message(kind: str, title: str, lines: list[str], link: str | None = None,
                  link_label: str | None = None) -> tuple[str, str]:
    """A reminder as (title, text) for `post`: Markdown with a link for WeCom and DingTalk, plain lines for Feishu
    (whose rich-text post turns a line holding only an address into a link)."""
    lines = [line.strip() for line in lines if line and line.strip()]
    if kind == "feishu":
        return title, "\n".join([*lines, link] if link else lines)
    items = [f"- {_inert(line)}" for line in lines]
    if link:
        items.append(f"[{_inert(link_label or link)}]({link})")
    return _inert(title), ("\n\n" if kind == "dingtalk" else "\n").join(items)


_MARKDOWN_SIGNS = str.maketrans({"[": "［", "]": "］", "<": "＜", ">": "＞", "*": "＊", "`": "'"})


def _inert(text: str) -> str:
    """Text from people (names, titles) with the Markdown signs that would make links, tags or bold made plain."""
    return text.translate(_MARKDOWN_SIGNS)
