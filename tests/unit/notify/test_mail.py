"""E-mail goes through a real SMTP server started by the test, in both parts, with UTF-8 subjects."""
import pytest

from courseware.notify.mail import MailError, send_mail
from tests.servers.smtp import SMTPServer


def test_a_message_arrives_with_text_and_html_parts(smtp_server):
    send_mail(smtp_server.config(), "li.lei@example.com", "作业将在48小时内到期", "纯文本", "<p>网页</p>", to_name="李雷")
    [message] = smtp_server.inbox.wait_for(1)
    assert message["Subject"] == "作业将在48小时内到期"
    assert "li.lei@example.com" in message["To"]
    assert message.get_body(("plain",)).get_content().strip() == "纯文本"
    assert message.get_body(("html",)).get_content().strip() == "<p>网页</p>"


def test_an_unreachable_server_is_a_mail_error_naming_it():
    server = SMTPServer().start()
    config = server.config()
    server.stop()  # nothing listens on that port now
    with pytest.raises(MailError, match=f"127.0.0.1:{config['MAIL_PORT']}"):
        send_mail(config, "a@example.com", "s", "t")


def test_no_server_configured_is_a_mail_error():
    with pytest.raises(MailError, match="MAIL_SERVER"):
        send_mail({"MAIL_SERVER": "", "MAIL_DEFAULT_SENDER": "x@example.com"}, "a@example.com", "s", "t")
