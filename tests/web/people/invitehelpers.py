"""Helpers of the invitation tests: an app that sends e-mail to the test's SMTP server, links out of messages."""
from __future__ import annotations

import re
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import g

from courseware.extensions import db
from courseware.models import User

PUBLIC_URL = "https://training.example.com"
NEW_PASSWORD = "river-lantern-orchard"


def with_clean_globals(app):
    """Requests reuse the test's app context: forget `g` after each, as production does (see conftest `app`)."""

    @app.teardown_request
    def forget_request_globals(_error):
        for name in list(vars(g)):
            delattr(g, name)

    return app


def texts(message: EmailMessage) -> tuple[str, str]:
    """The plain text and the HTML of a message."""
    return (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content())


def link_path(message: EmailMessage) -> str:
    """The invitation link of a message (checked absolute, on PUBLIC_URL), as a path for the test client."""
    url = re.search(r"https?://\S+/invite/\S+", texts(message)[0]).group(0)
    assert url.startswith(PUBLIC_URL + "/invite/")
    return urlsplit(url).path


def by_name(username: str) -> User | None:
    db.session.expire_all()
    return db.session.query(User).filter_by(username=username).one_or_none()


def log_in_admin(client, users, username: str = "boss") -> None:
    users("admin", username=username)
    assert client.post("/login", data={"username": username, "password": "correct-horse"}).status_code == 302


def set_password(client, path: str, password: str = NEW_PASSWORD):
    return client.post(path, data={"new": password, "confirm": password})
