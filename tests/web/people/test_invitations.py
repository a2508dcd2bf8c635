"""Invitations sent from the new-user form, the web import (checkbox) and `flask users import --invite`, through a
real SMTP server: the e-mail in the user's language, a working link, and what happens without e-mail or address."""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import Invitation, User
from tests.servers.smtp import _free_port
from tests.web.people.invitehelpers import (
    NEW_PASSWORD,
    PUBLIC_URL,
    by_name,
    link_path,
    log_in_admin,
    set_password,
    texts,
    with_clean_globals,
)

HEADER = "username,display_name,email,role,cohort\n"


@pytest.fixture
def mail_app(make_extra_app, smtp_server):
    """The app with e-mail going to the test's SMTP server and a public address for links."""
    app = with_clean_globals(make_extra_app(**smtp_server.config(), PUBLIC_URL=PUBLIC_URL))
    with app.app_context():
        yield app


def user_count() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def new_user_form(username: str, email: str = "", **extra) -> dict:
    return {"username": username, "display_name": "王芳", "email": email, "role": "learner", "cohort": "0",
            "invite": "y", **extra}


def test_invite_from_the_form_then_the_link_sets_the_password_and_logs_in(mail_app, users, smtp_server):
    admin = mail_app.test_client()
    log_in_admin(admin, users)
    response = admin.post("/admin/users/new", data=new_user_form("wangfang", "wang.fang@example.com"))
    assert response.status_code == 302 and "/admin/users/" in response.headers["Location"]
    assert "已向 wangfang（wang.fang@example.com）发送邀请" in admin.get(response.headers["Location"]).get_data(as_text=True)
    [message] = smtp_server.inbox.wait_for(1)
    assert message["To"].addresses[0].addr_spec == "wang.fang@example.com"
    assert message["Subject"] == "您在销售培训平台的账户"  # no language chosen yet: the default, Simplified Chinese
    text, html = texts(message)
    assert "wangfang" in text and "请打开以下链接设置您的密码：" in text and "（Asia/Shanghai 时间）" in text
    assert PUBLIC_URL + "/invite/" in html and "设置您的密码</a>" in html
    # Before the link is used, no password opens the account.
    invited = by_name("wangfang")
    assert invited.must_change_password
    visitor = mail_app.test_client()
    for guess in ("correct-horse", "", NEW_PASSWORD):
        assert visitor.post("/login", data={"username": "wangfang", "password": guess}).status_code in (400, 401)
    path = link_path(message)
    page = visitor.get(path)
    assert page.status_code == 200 and "设置您的密码" in page.get_data(as_text=True)
    done = set_password(visitor, path)
    assert done.status_code == 302 and done.headers["Location"].endswith("/")
    assert visitor.get("/").status_code == 200  # logged in
    assert not by_name("wangfang").must_change_password
    fresh = mail_app.test_client()
    assert fresh.post("/login", data={"username": "wangfang", "password": NEW_PASSWORD}).status_code == 302
    used = fresh.get(path)
    assert used.status_code == 410 and "此邀请已被使用" in used.get_data(as_text=True)


def test_the_e_mail_is_in_the_users_language_and_resending_voids_the_older_link(mail_app, users, smtp_server):
    users("learner", username="tom", email="tom@example.com", locale="en")
    admin = mail_app.test_client()
    log_in_admin(admin, users)
    tom = by_name("tom")
    for _ in range(2):
        assert admin.post(f"/admin/users/{tom.id}/invite").status_code == 302
    first, second = smtp_server.inbox.wait_for(2)
    assert second["Subject"] == "Your account on the sales training platform"
    assert "Open this link to choose your password:" in texts(second)[0] and "Hello" in texts(second)[1]
    assert re.search(r"The link works once, until \w+ \d+, \d{4} \d+:\d\d\s[AP]M \(Asia/Shanghai time\)", texts(second)[0])
    stale = mail_app.test_client().get(link_path(first))
    assert stale.status_code == 404 and "此邀请链接无效" in stale.get_data(as_text=True)
    assert set_password(mail_app.test_client(), link_path(second)).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 1


def test_web_import_with_the_checkbox_invites_everyone(mail_app, users, smtp_server):
    admin = mail_app.test_client()
    log_in_admin(admin, users)
    csv = HEADER + "wangfang,王芳,wang@example.com,learner,\nlilei,李雷,li@example.com,trainer,\n"
    response = admin.post("/admin/users/import", data={"file": (io.BytesIO(csv.encode()), "intake.csv"), "invite": "y"},
                          content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "已导入 2 位用户；已发送 2 份邀请" in page and "<th scope=\"col\">一次性密码</th>" not in page  # no password table
    messages = smtp_server.inbox.wait_for(2)
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == ["li@example.com", "wang@example.com"]
    lilei = next(m for m in messages if m["To"].addresses[0].addr_spec == "li@example.com")
    assert set_password(mail_app.test_client(), link_path(lilei)).status_code == 302
    listing = admin.get("/admin/users").get_data(as_text=True)
    assert "邀请已于" in listing and "邀请待接受，有效期至" in listing  # lilei used his; wangfang's is pending


def test_cli_invite_sends_the_invitations(mail_app, users, smtp_server, tmp_path):
    path = tmp_path / "intake.csv"
    path.write_text(HEADER + "wangfang,王芳,wang@example.com,learner,\n", encoding="utf-8")
    result = mail_app.test_cli_runner().invoke(args=["users", "import", str(path), "--invite"])
    assert result.exit_code == 0, result.output
    assert "Imported 1 user(s); invitations sent to 1 (valid 72 hours)." in result.output
    assert "one_time_password" not in result.output
    [message] = smtp_server.inbox.wait_for(1)
    visitor = mail_app.test_client()
    assert set_password(visitor, link_path(message)).status_code == 302 and visitor.get("/").status_code == 200


def test_an_invitation_without_an_e_mail_address_changes_nothing(mail_app, users, tmp_path, smtp_server):
    admin = mail_app.test_client()
    log_in_admin(admin, users)
    before = user_count()
    response = admin.post("/admin/users/new", data=new_user_form("nomail"))
    assert response.status_code == 200
    assert "邀请通过电子邮件发送：请填写用户的电子邮件地址。" in response.get_data(as_text=True)
    path = tmp_path / "intake.csv"
    path.write_text(HEADER + "a1,甲,a1@example.com,learner,\nb2,乙,,learner,\n", encoding="utf-8")
    result = mail_app.test_cli_runner().invoke(args=["users", "import", str(path), "--invite"])
    assert result.exit_code == 1 and f"{path}:3: missing field 'email'" in result.output
    upload = {"file": (io.BytesIO(path.read_bytes()), "intake.csv"), "invite": "y"}
    page = admin.post("/admin/users/import", data=upload, content_type="multipart/form-data")
    assert page.status_code == 400 and "intake.csv:3: 缺少字段“email”" in page.get_data(as_text=True)
    assert user_count() == before and smtp_server.inbox.messages == []


def test_without_mail_settings_invitations_are_refused_before_anything_is_created(make_extra_app, users, tmp_path):
    app = with_clean_globals(make_extra_app(PUBLIC_URL=PUBLIC_URL))  # no MAIL_SERVER
    with app.app_context():
        admin = app.test_client()
        log_in_admin(admin, users)
        before = user_count()
        page = admin.post("/admin/users/new", data=new_user_form("wangfang", "wang@example.com"))
        assert page.status_code == 200 and "邀请需要电子邮件" in page.get_data(as_text=True)
        csv = HEADER + "wangfang,王芳,wang@example.com,learner,\n"
        upload = {"file": (io.BytesIO(csv.encode()), "intake.csv"), "invite": "y"}
        page = admin.post("/admin/users/import", data=upload, content_type="multipart/form-data")
        assert page.status_code == 400 and "邀请需要电子邮件" in page.get_data(as_text=True)
        path = tmp_path / "intake.csv"
        path.write_text(csv, encoding="utf-8")
        result = app.test_cli_runner().invoke(args=["users", "import", str(path), "--invite"])
        assert result.exit_code == 1 and "invitations need e-mail" in result.output
        assert "Traceback" not in result.output and user_count() == before


def test_smtp_down_lists_the_failures_and_a_resend_works(make_extra_app, users, smtp_server, tmp_path):
    down = with_clean_globals(make_extra_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port(), PUBLIC_URL=PUBLIC_URL,
                                             MAIL_TIMEOUT=2))
    with down.app_context():
        admin = down.test_client()
        log_in_admin(admin, users)
        csv = HEADER + "wangfang,王芳,wang@example.com,learner,\n"
        upload = {"file": (io.BytesIO(csv.encode()), "intake.csv"), "invite": "y"}
        page = admin.post("/admin/users/import", data=upload, content_type="multipart/form-data").get_data(as_text=True)
        assert "以下邀请未能发送" in page and "邮件未能发出（127.0.0.1:" in page
        wang_id = by_name("wangfang").id
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
        assert "尚未发送邀请。" in admin.get(f"/admin/users/{wang_id}").get_data(as_text=True)
        created = admin.post("/admin/users/new", data=new_user_form("lilei", "li@example.com"), follow_redirects=True)
        assert "未向 lilei 发送邀请：邮件未能发出" in created.get_data(as_text=True) and by_name("lilei") is not None
        path = tmp_path / "intake.csv"
        path.write_text(HEADER + "hanmei,韩梅梅,han@example.com,learner,\n", encoding="utf-8")
        result = down.test_cli_runner().invoke(args=["users", "import", str(path), "--invite"])
        assert result.exit_code == 1 and "hanmei: invitation not sent: the e-mail could not be sent (127.0.0.1:" in result.output
        assert "Traceback" not in result.output
    up = with_clean_globals(make_extra_app(**smtp_server.config(), PUBLIC_URL=PUBLIC_URL))
    with up.app_context():
        admin = up.test_client()
        assert admin.post("/login", data={"username": "boss", "password": "correct-horse"}).status_code == 302
        assert admin.post(f"/admin/users/{wang_id}/invite").status_code == 302
        [message] = smtp_server.inbox.wait_for(1)
        assert set_password(up.test_client(), link_path(message)).status_code == 302
