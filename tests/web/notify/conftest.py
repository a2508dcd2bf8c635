"""Reminder tests: the app sends e-mail to the test's SMTP server, with links under PUBLIC_URL."""
from __future__ import annotations

import pytest

PUBLIC_URL = "https://training.example.com"


@pytest.fixture
def mail(app, smtp_server):
    """The test's SMTP server, with the app's MAIL_* settings pointing at it."""
    app.config.update(smtp_server.config(), PUBLIC_URL=PUBLIC_URL)
    return smtp_server


@pytest.fixture
def smtp_server_factory():
    """Start more SMTP servers during a test (a server "back" after a failure); all are stopped after."""
    from tests.servers.smtp import SMTPServer

    started = []

    def start() -> SMTPServer:
        started.append(SMTPServer().start())
        return started[-1]

    yield start
    for server in started:
        server.stop()
