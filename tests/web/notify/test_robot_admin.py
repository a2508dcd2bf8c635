"""The admin's group-robot pages of a cohort: add, edit, turn on or off, delete, test message; secrets stay masked."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from courseware.extensions import db
from courseware.models import CohortRobot

SECRET = "SECd8f3a1b2c4e5f60718293a4b5c6d7e8f9a0b"


@pytest.fixture
def cohort(users, auth):
    users("admin", username="boss")
    auth.login("boss")
    return users.cohort("2026 秋季")


def robots() -> list[CohortRobot]:
    db.session.expire_all()
    return list(db.session.scalars(select(CohortRobot).order_by(CohortRobot.id)))


def add(client, cohort_id: int, kind="dingtalk", url="https://oapi.dingtalk.com/robot/send?access_token=abc123tok9", secret=SECRET):
    return client.post(f"/admin/cohorts/{cohort_id}/robots",
                       data={"kind": kind, "webhook_url": url, "secret": secret, "enabled": "y"})


def flashes(page: str) -> str:
    return " ".join(re.findall(r'class="flash[^"]*"[^>]*>(.*?)<', page, re.S))


def test_add_a_robot_shows_it_with_the_secret_and_key_masked(client, cohort):
    assert "群机器人" in client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    response = add(client, cohort.id)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "机器人已添加。" in page and "钉钉" in page
    assert "••••9a0b" in page and SECRET not in page and SECRET[:-4] not in page
    assert "abc123tok9" not in page and "https://oapi.dingtalk.com/…tok9" in page
    [robot] = robots()
    assert (robot.cohort_id, robot.kind, robot.secret, robot.enabled) == (cohort.id, "dingtalk", SECRET, True)


@pytest.mark.parametrize("url, message", [
    ("http://oapi.dingtalk.com/robot/send?access_token=x", "地址必须使用 HTTPS。"),
    ("ftp://oapi.dingtalk.com/robot/send", "地址必须使用 HTTPS。"),
    ("https://user:pw@oapi.dingtalk.com/robot/send", "地址中不能包含用户名或密码。"),
    ("https://oapi.dingtalk.com/robot send", "地址中不能有空格。"),
    ("", "This field is required"),
])
def test_a_bad_address_is_refused_in_chinese_and_nothing_is_saved(make_extra_app, users, url, message):
    production = make_extra_app(ROBOTS_ALLOW_HTTP=False)
    client = production.test_client()
    with production.app_context():
        users("admin", username="boss")
        cohort = users.cohort("A")
        cohort_id = cohort.id
    client.post("/login", data={"username": "boss", "password": "correct-horse"})
    response = add(client, cohort_id, url=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "field__error" in page
    assert message in page or message == "This field is required"
    assert robots() == []


def test_a_secret_with_control_characters_or_too_long_is_refused(client, cohort):
    for secret in ("SEC\x00abc", "S" * 201):
        response = add(client, cohort.id, secret=secret)
        assert response.status_code == 200 and "field__error" in response.get_data(as_text=True)
    assert robots() == []


def test_wecom_keeps_no_secret_and_an_unknown_kind_is_refused(client, cohort):
    add(client, cohort.id, kind="wecom", url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a", secret="ignored")
    assert [(r.kind, r.secret) for r in robots()] == [("wecom", "")]
    response = add(client, cohort.id, kind="slack")
    assert response.status_code == 200 and "field__error" in response.get_data(as_text=True) and len(robots()) == 1


def test_edit_keeps_replaces_or_removes_the_secret(client, cohort):
    add(client, cohort.id)
    robot = robots()[0]
    page = client.get(f"/admin/robots/{robot.id}").get_data(as_text=True)
    assert "••••9a0b" in page and SECRET not in page and "https://oapi.dingtalk.com/robot/send" in page
    url = "https://oapi.dingtalk.com/robot/send?access_token=new"
    client.post(f"/admin/robots/{robot.id}", data={"kind": "dingtalk", "webhook_url": url, "secret": "", "enabled": "y"})
    assert (robots()[0].webhook_url, robots()[0].secret) == (url, SECRET)
    client.post(f"/admin/robots/{robot.id}", data={"kind": "dingtalk", "webhook_url": url, "secret": "SECnew1234"})
    assert (robots()[0].secret, robots()[0].enabled) == ("SECnew1234", False)
    client.post(f"/admin/robots/{robot.id}", data={"kind": "feishu", "webhook_url": url, "clear_secret": "y", "enabled": "y"})
    assert (robots()[0].kind, robots()[0].secret, robots()[0].enabled) == ("feishu", "", True)


def test_turn_off_and_on(client, cohort):
    add(client, cohort.id)
    robot_id = robots()[0].id
    page = client.post(f"/admin/robots/{robot_id}/enabled", follow_redirects=True).get_data(as_text=True)
    assert "机器人已停用。" in page and robots()[0].enabled is False
    client.post(f"/admin/robots/{robot_id}/enabled")
    assert robots()[0].enabled is True


def test_delete_asks_first(client, cohort):
    add(client, cohort.id)
    robot_id = robots()[0].id
    page = client.get(f"/admin/robots/{robot_id}/delete").get_data(as_text=True)
    assert "删除这个机器人？" in page and SECRET not in page and len(robots()) == 1
    page = client.post(f"/admin/robots/{robot_id}/delete", follow_redirects=True).get_data(as_text=True)
    assert "机器人已删除。" in page and robots() == []
    assert client.get(f"/admin/robots/{robot_id}").status_code == 404


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu"])
def test_a_test_message_reaches_the_group(client, cohort, robot_receiver, kind):
    secret = {"wecom": "", "dingtalk": SECRET, "feishu": "fS9kLmN0pQ2rT4vW"}[kind]
    robot_receiver.behavior.secrets[kind] = secret
    add(client, cohort.id, kind=kind, url=robot_receiver.url(kind), secret=secret)
    page = client.post(f"/admin/robots/{robots()[0].id}/test", follow_redirects=True).get_data(as_text=True)
    assert "测试消息已送达。" in page
    [received] = robot_receiver.received
    assert received.verdict == "ok" and "培训平台测试消息" in str(received.body)


def test_a_failed_test_message_says_why_in_the_pages_language(client, cohort, robot_receiver):
    robot_receiver.behavior.secrets["dingtalk"] = SECRET
    add(client, cohort.id, url=robot_receiver.url("dingtalk"), secret="SECwrong")
    robot_id = robots()[0].id
    page = client.post(f"/admin/robots/{robot_id}/test", follow_redirects=True).get_data(as_text=True)
    assert "钉钉拒绝了消息：errcode 310000: sign not match。" in flashes(page)
    assert robot_receiver.received[-1].verdict == "bad sign"
    client.post("/language", data={"lang": "en"})
    page = client.post(f"/admin/robots/{robot_id}/test", follow_redirects=True).get_data(as_text=True)
    assert "DingTalk refused the message: errcode 310000: sign not match." in flashes(page)
    robot_receiver.stop()  # nothing listens any more
    page = client.post(f"/admin/robots/{robot_id}/test", follow_redirects=True).get_data(as_text=True)
    assert "DingTalk could not be reached" in flashes(page)


def test_a_test_message_times_out(make_extra_app, users, robot_receiver):
    impatient = make_extra_app(ROBOTS_TIMEOUT=0.3)
    client = impatient.test_client()
    with impatient.app_context():
        users("admin", username="boss")
        cohort = users.cohort("A")
        cohort_id = cohort.id
    client.post("/login", data={"username": "boss", "password": "correct-horse"})
    robot_receiver.behavior.mode = "slow"
    add(client, cohort_id, kind="wecom", url=robot_receiver.url("wecom"), secret="")
    page = client.post(f"/admin/robots/{robots()[0].id}/test", follow_redirects=True).get_data(as_text=True)
    assert "企业微信未在规定时间内响应。" in flashes(page)


@pytest.mark.parametrize("role", ["learner", "trainer", "hr"])
def test_only_admins_reach_the_robot_pages(app, users, role):
    cohort = users.cohort("A")
    robot = CohortRobot(cohort_id=cohort.id, kind="wecom", webhook_url="https://qyapi.weixin.qq.com/x?key=k", secret="")
    db.session.add(robot)
    db.session.commit()
    users(role, username="someone")
    client = app.test_client()
    client.post("/login", data={"username": "someone", "password": "correct-horse"})
    for method, url in [("GET", f"/admin/cohorts/{cohort.id}/robots"), ("POST", f"/admin/cohorts/{cohort.id}/robots"),
                        ("GET", f"/admin/robots/{robot.id}"), ("POST", f"/admin/robots/{robot.id}/enabled"),
                        ("POST", f"/admin/robots/{robot.id}/test"), ("POST", f"/admin/robots/{robot.id}/delete")]:
        assert client.open(url, method=method).status_code == 403, url
    assert len(robots()) == 1 and robots()[0].enabled


def test_unknown_cohort_or_robot_is_404(client, cohort):
    assert client.get("/admin/cohorts/9999/robots").status_code == 404
    assert client.post("/admin/robots/9999/test").status_code == 404
    assert client.get("/admin/robots/9999/delete").status_code == 404


def test_every_robot_form_needs_its_csrf_token(make_extra_app, users):
    strict = make_extra_app(WTF_CSRF_ENABLED=True)
    client = strict.test_client()
    with strict.app_context():
        users("admin", username="boss")
        cohort = users.cohort("A")
        robot = CohortRobot(cohort_id=cohort.id, kind="wecom", webhook_url="https://qyapi.weixin.qq.com/x?key=k", secret="")
        db.session.add(robot)
        db.session.commit()
        robot_id, cohort_id = robot.id, cohort.id
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"username": "boss", "password": "correct-horse", "csrf_token": token})
    for url in (f"/admin/cohorts/{cohort_id}/robots", f"/admin/robots/{robot_id}", f"/admin/robots/{robot_id}/enabled",
                f"/admin/robots/{robot_id}/delete"):
        response = client.post(url, data={"kind": "feishu", "webhook_url": "https://open.feishu.cn/x", "enabled": ""})
        assert response.status_code == 400, url
    assert [(r.kind, r.enabled) for r in robots()] == [("wecom", True)]
