"""Reminder tests: the app sends e-mail to the test's SMTP server, with links under PUBLIC_URL."""
from __future__ import annotations

import pytest

PUBLIC_URL = "https://training.example.com"


@pytest.fixture
def mail(app, smtp_server):
    """The test's SMTP server, with the app's MAIL_* settings pointing at it."""
    app.config.update(smtp_server.config(), PUBLIC_URL=PUBLIC_URL)
    return smtp_server
