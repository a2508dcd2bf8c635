"""Group robots against a real local receiver that checks each platform's JSON and signature (tests/servers/robot_receiver.py)."""
from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from courseware.notify.robots import (
    RobotError,
    build_request,
    dingtalk_sign,
    feishu_sign,
    post,
    robot_message,
    url_problem,
)
from tests.servers.robot_receiver import dingtalk_expected_sign, feishu_expected_sign

SECRETS = {"dingtalk": "SECd8f3a1b2c4e5f60718293a4b5c6d7e8f", "feishu": "fS9kLmN0pQ2rT4vW"}


def send(receiver, kind, secret="", title="第 1 周作业", text="- 王芳：销售漏斗测验 明天 18:00 截止", **options):
    post(kind, receiver.url(kind), secret, title, text, allow_http=True, **options)
    return receiver.received[-1]


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu"])
def test_each_platform_accepts_the_payload_and_signature(robot_receiver, kind):
    robot_receiver.behavior.secrets = dict(SECRETS)
    received = send(robot_receiver, kind, SECRETS.get(kind, ""))
    assert received.platform == kind and received.verdict == "ok"


def test_the_payloads_are_the_documented_json(robot_receiver):
    robot_receiver.behavior.secrets = dict(SECRETS)
    wecom = send(robot_receiver, "wecom").body
    assert wecom == {"msgtype": "markdown", "markdown": {"content": "**第 1 周作业**\n- 王芳：销售漏斗测验 明天 18:00 截止"}}
    dingtalk = send(robot_receiver, "dingtalk", SECRETS["dingtalk"])
    assert dingtalk.body["msgtype"] == "markdown" and dingtalk.body["markdown"]["title"] == "第 1 周作业"
    assert set(dingtalk.query) == {"access_token", "timestamp", "sign"} and len(dingtalk.query["timestamp"]) == 13
    feishu = send(robot_receiver, "feishu", SECRETS["feishu"], text="请完成测验\nhttps://training.example.com/quizzes/q1").body
    assert feishu["msg_type"] == "post" and len(feishu["timestamp"]) == 10
    assert feishu["content"]["post"]["zh_cn"] == {"title": "第 1 周作业", "content": [
        [{"tag": "text", "text": "请完成测验"}],
        [{"tag": "a", "text": "https://training.example.com/quizzes/q1", "href": "https://training.example.com/quizzes/q1"}]]}


def test_signatures_match_the_documented_recipes():
    """The documentation's recipes, written out here a third time, on a fixed timestamp."""
    secret = "this is secret"
    expected = base64.b64encode(hmac.new(secret.encode(), f"1700000000000\n{secret}".encode(), hashlib.sha256).digest())
    assert dingtalk_sign(secret, 1700000000000) == expected.decode() == dingtalk_expected_sign(secret, "1700000000000")
    expected = base64.b64encode(hmac.new(f"1700000000\n{secret}".encode(), b"", hashlib.sha256).digest())
    assert feishu_sign(secret, 1700000000) == expected.decode() == feishu_expected_sign(secret, "1700000000")
    assert dingtalk_sign(secret, 1700000000000) != feishu_sign(secret, 1700000000)


@pytest.mark.parametrize("kind, code", [("dingtalk", "errcode 310000"), ("feishu", "code 19021")])
def test_a_wrong_secret_is_caught_by_the_receiver(robot_receiver, kind, code):
    robot_receiver.behavior.secrets = dict(SECRETS)
    with pytest.raises(RobotError) as caught:
        send(robot_receiver, kind, SECRETS[kind] + "x")
    assert robot_receiver.received[-1].verdict == "bad sign"
    assert caught.value.reason == "refused" and code in str(caught.value) and str(caught.value).startswith(caught.value.platform)


@pytest.mark.parametrize("kind", ["dingtalk", "feishu"])
def test_a_missing_signature_or_an_old_timestamp_is_refused(robot_receiver, kind):
    robot_receiver.behavior.secrets = dict(SECRETS)
    with pytest.raises(RobotError):
        send(robot_receiver, kind, "")
    with pytest.raises(RobotError):
        send(robot_receiver, kind, SECRETS[kind], now=datetime.now(UTC) - timedelta(hours=2))
    assert [r.verdict for r in robot_receiver.received] != ["ok", "ok"]
    assert send(robot_receiver, kind, SECRETS[kind]).verdict == "ok"


def test_without_a_secret_nothing_is_signed(robot_receiver):
    assert "sign" not in send(robot_receiver, "dingtalk").query
    assert "sign" not in send(robot_receiver, "feishu").body


@pytest.mark.parametrize("kind, words", [
    ("wecom", "WeCom: refused: errcode 45009: api freq out of limit"),
    ("dingtalk", "DingTalk: refused: errcode 130101: send too fast"),
    ("feishu", "Feishu: refused: code 11232: frequency limited psm"),
])
def test_the_platforms_error_becomes_a_robot_error(robot_receiver, kind, words):
    robot_receiver.behavior.mode = "errcode"
    with pytest.raises(RobotError, match=words):
        send(robot_receiver, kind)


def test_a_bad_webhook_key_names_the_platforms_message(robot_receiver):
    with pytest.raises(RobotError, match="WeCom: refused: errcode 93000: invalid webhook url"):
        post("wecom", robot_receiver.url("wecom") + "0", "", "t", "x", allow_http=True)


@pytest.mark.parametrize("kind", ["wecom", "feishu"])
def test_http_500_becomes_a_robot_error_with_the_status(robot_receiver, kind):
    robot_receiver.behavior.mode = "http500"
    with pytest.raises(RobotError) as caught:
        send(robot_receiver, kind)
    assert caught.value.reason == "http" and "HTTP 500" in str(caught.value) and "-1" in str(caught.value)


def test_a_slow_platform_times_out(robot_receiver):
    robot_receiver.behavior.mode = "slow"  # the receiver holds the request until it is stopped (at most 10 s)
    with pytest.raises(RobotError, match="Feishu: timeout: no answer within 0.3 s"):  # a client that waited fails
        send(robot_receiver, "feishu", timeout=0.3)
    assert [item.platform for item in robot_receiver.received] == ["feishu"]  # it arrived, and was not answered


def test_a_closed_port_is_a_network_error(robot_receiver):
    url = robot_receiver.url("wecom")
    robot_receiver.stop()
    with pytest.raises(RobotError) as caught:
        post("wecom", url, "", "t", "x", allow_http=True, timeout=2)
    assert caught.value.reason in ("network", "timeout")


@pytest.mark.parametrize("url, allow_http, problem", [
    ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", False, None),
    ("http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", False, "must start with https://"),
    ("http://127.0.0.1:8080/hook", True, None),
    ("ftp://example.com/hook", True, "must start with https://"),
    ("file:///etc/passwd", True, "must start with https://"),
    ("javascript:alert(1)", False, "must start with https://"),
    ("https://user:pass@oapi.dingtalk.com/robot/send", False, "must not hold a user name or password"),
    ("https://@oapi.dingtalk.com/robot/send", False, "must not hold a user name or password"),
    ("https:///robot/send", False, "has no host"),
    ("https://oapi.dingtalk.com:99999/x", False, "not a valid address"),
    ("https://oapi.dingtalk.com/robot send", False, "contains spaces or control characters"),
    ("https://oapi.dingtalk.com/#x", False, "must not have a #fragment"),
    ("https://e.com/" + "a" * 500, False, "longer than 500 characters"),
])
def test_url_validation(url, allow_http, problem):
    assert url_problem(url, allow_http) == problem


def test_post_refuses_a_bad_url_before_sending(robot_receiver):
    with pytest.raises(RobotError, match="DingTalk: url: must start with https://"):
        post("dingtalk", robot_receiver.url("dingtalk"), "", "t", "x", allow_http=False)
    assert robot_receiver.received == []


def test_robot_message_fits_each_platform():
    lines = ["王芳：销售漏斗测验", "截止：12 月 5 日 18:00"]
    link = "https://training.example.com/quizzes/basics"
    assert robot_message("wecom", "作业提醒", lines, link, "去完成") == (
        "作业提醒", "- 王芳：销售漏斗测验\n- 截止：12 月 5 日 18:00\n[去完成](https://training.example.com/quizzes/basics)")
    assert robot_message("dingtalk", "作业提醒", lines, link)[1].split("\n\n")[-1] == f"[{link}]({link})"
    title, text = robot_message("feishu", "作业提醒", lines, link)
    rows = build_request("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/x", "", title, text)[1]
    assert rows["content"]["post"]["zh_cn"]["content"][-1] == [{"tag": "a", "text": link, "href": link}]


def test_robot_message_keeps_peoples_text_from_making_markdown():
    title, text = robot_message("wecom", "*Q3* <font>", ["[点我](https://evil.example.com) `x`"], "https://t.example.com/a")
    assert title == "＊Q3＊ ＜font＞"
    assert text == "- ［点我］(https://evil.example.com) 'x'\n[https://t.example.com/a](https://t.example.com/a)"


def test_a_long_wecom_message_is_cut_to_its_limit(robot_receiver):
    assert send(robot_receiver, "wecom", text="销售" * 3000).verdict == "ok"
    assert len(robot_receiver.received[-1].body["markdown"]["content"].encode()) <= 4096
