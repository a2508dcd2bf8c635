"""A local HTTP server that plays WeCom, DingTalk and Feishu robots: it checks each request's JSON and signature with
its own code, written from the platforms' documentation (docs/robots.md), answers as the platform does, and keeps
every request for the test."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIGN_WINDOW = 3600  # both platforms refuse a timestamp more than one hour from their clock


@dataclass
class Received:
    """One request as the receiver saw it, and what it made of it."""

    platform: str
    path: str
    query: dict[str, str]
    body: dict | None
    verdict: str  # "ok" or the reason it was refused


@dataclass
class Behavior:
    """How the receiver answers: "ok", "errcode" (the platform's error code), "http500" or "slow"."""

    mode: str = "ok"
    secrets: dict[str, str] = field(default_factory=dict)  # platform -> the secret the robot was set up with
    keys: dict[str, str] = field(default_factory=dict)  # platform -> the key/token its webhook address holds


def dingtalk_expected_sign(secret: str, timestamp: str) -> str:
    """From DingTalk's 加签 page: HmacSHA256(key=secret, message=timestamp + "\\n" + secret), then Base64."""
    mac = hmac.new(secret.encode("utf-8"), (timestamp + "\n" + secret).encode("utf-8"), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def feishu_expected_sign(secret: str, timestamp: str) -> str:
    """From Feishu's custom-bot page: HmacSHA256 keyed by timestamp + "\\n" + secret over empty data, then Base64."""
    mac = hmac.new((timestamp + "\n" + secret).encode("utf-8"), b"", hashlib.sha256)
    return base64.b64encode(mac.digest()).decode("ascii")


def _fresh(timestamp: str, per_second: int) -> bool:
    return timestamp.isdigit() and abs(int(timestamp) / per_second - time.time()) <= SIGN_WINDOW


def check_wecom(query: dict, body: dict, behavior: Behavior) -> tuple[str, dict]:
    if query.get("key") != behavior.keys.get("wecom"):
        return "bad key", {"errcode": 93000, "errmsg": "invalid webhook url"}
    kind = body.get("msgtype")
    part = body.get(kind) if kind in ("markdown", "text") else None
    if not isinstance(part, dict) or not isinstance(part.get("content"), str) or not part["content"]:
        return "bad shape", {"errcode": 40008, "errmsg": "invalid message type"}
    if len(part["content"].encode()) > (4096 if kind == "markdown" else 2048):
        return "too long", {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
    return "ok", {"errcode": 0, "errmsg": "ok"}


def check_dingtalk(query: dict, body: dict, behavior: Behavior) -> tuple[str, dict]:
    if query.get("access_token") != behavior.keys.get("dingtalk"):
        return "bad token", {"errcode": 300001, "errmsg": "token is not exist"}
    secret = behavior.secrets.get("dingtalk")
    if secret:
        timestamp, sign = query.get("timestamp", ""), query.get("sign", "")
        if not _fresh(timestamp, 1000):
            return "stale timestamp", {"errcode": 310000, "errmsg": "invalid timestamp"}
        if not hmac.compare_digest(sign, dingtalk_expected_sign(secret, timestamp)):
            return "bad sign", {"errcode": 310000, "errmsg": "sign not match"}
    markdown = body.get("markdown") if body.get("msgtype") == "markdown" else None
    if not isinstance(markdown, dict) or not all(isinstance(markdown.get(k), str) and markdown[k] for k in ("title", "text")):
        return "bad shape", {"errcode": 40035, "errmsg": "缺少参数 markdown"}
    return "ok", {"errcode": 0, "errmsg": "ok"}


def _feishu_post_ok(content) -> bool:
    post = content.get("post") if isinstance(content, dict) else None
    language = next(iter(post.values()), None) if isinstance(post, dict) and post else None
    rows = language.get("content") if isinstance(language, dict) else None
    return isinstance(rows, list) and all(
        isinstance(row, list) and all(isinstance(item, dict) and item.get("tag") in ("text", "a") for item in row)
        for row in rows)


def check_feishu(query: dict, body: dict, behavior: Behavior) -> tuple[str, dict]:
    secret = behavior.secrets.get("feishu")
    if secret:
        timestamp, sign = body.get("timestamp"), body.get("sign")
        if not isinstance(timestamp, str) or not isinstance(sign, str) or not _fresh(timestamp, 1) or \
                not hmac.compare_digest(sign, feishu_expected_sign(secret, timestamp)):
            return "bad sign", {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
    kind, content = body.get("msg_type"), body.get("content")
    if not (kind == "text" and isinstance(content, dict) and isinstance(content.get("text"), str)) and \
            not (kind == "post" and _feishu_post_ok(content)):
        return "bad shape", {"code": 9499, "msg": "Bad Request"}
    return "ok", {"code": 0, "msg": "success", "data": {}}


CHECKS = {"wecom": check_wecom, "dingtalk": check_dingtalk, "feishu": check_feishu}
ERRORS = {"wecom": {"errcode": 45009, "errmsg": "api freq out of limit"},
          "dingtalk": {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"},
          "feishu": {"code": 11232, "msg": "frequency limited psm"}}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args) -> None:  # quiet: the test reads `received`
        pass

    def do_POST(self) -> None:  # noqa: N802 (http.server's hook name)
        parts = urllib.parse.urlsplit(self.path)
        platform = parts.path.strip("/").split("/")[0]
        query = dict(urllib.parse.parse_qsl(parts.query))
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
        behavior = self.server.behavior
        if platform not in CHECKS or not isinstance(body, dict):
            verdict, answer = "not json", {"errcode": 40000, "errmsg": "invalid json"}
        else:
            verdict, answer = CHECKS[platform](query, body, behavior)
        self.server.record(Received(platform, parts.path, query, body, verdict))
        if behavior.mode == "slow":
            self.server.release.wait(10)  # released when the test stops the receiver
        if behavior.mode == "http500":
            return self._answer(500, {"errcode": -1, "errmsg": "system busy"} if platform != "feishu" else {"code": -1, "msg": "internal error"})
        if behavior.mode == "errcode" and verdict == "ok":
            answer = ERRORS[platform]
        self._answer(200, answer)

    def _answer(self, status: int, answer: dict) -> None:
        data = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, behavior: Behavior) -> None:
        super().__init__(address, _Handler)
        self.behavior, self.received, self.release, self.lock = behavior, [], threading.Event(), threading.Lock()

    def handle_error(self, request, client_address) -> None:  # a client that gave up (the timeout test)
        pass

    def record(self, item: Received) -> None:
        with self.lock:
            self.received.append(item)


class RobotReceiver:
    """`start()` on a free local port; `url(platform)` is a webhook address; `received` what arrived."""

    def __init__(self) -> None:
        self.behavior = Behavior(keys={"wecom": "wk-693a91f6", "dingtalk": "dt-token-1", "feishu": "fs-hook-1"})
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.server = _Server(("127.0.0.1", self.port), self.behavior)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> RobotReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    @property
    def received(self) -> list[Received]:
        with self.server.lock:
            return list(self.server.received)

    def url(self, platform: str) -> str:
        """The webhook address as each platform hands it out, on this receiver."""
        base, key = f"http://127.0.0.1:{self.port}/{platform}", self.behavior.keys[platform]
        return {"wecom": f"{base}/cgi-bin/webhook/send?key={key}",
                "dingtalk": f"{base}/robot/send?access_token={key}",
                "feishu": f"{base}/open-apis/bot/v2/hook/{key}"}[platform]
