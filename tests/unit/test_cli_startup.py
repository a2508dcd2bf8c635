"""What the `flask` command asks of the app: settings passed to create_app, which never reads the command line."""
from __future__ import annotations

import click

from courseware.cli import startup


def test_gunicorn_or_a_test_gets_no_settings():
    assert startup.command_settings() == {}


def test_the_flask_command_makes_the_key_file_and_only_content_commands_start_on_broken_content(monkeypatch):
    with click.Context(click.Command("flask")):
        monkeypatch.setattr(startup.sys, "argv", ["flask", "--app", "wsgi", "content", "check"])
        assert startup.command_settings() == {"CREATE_SECRET_KEY_FILE": True, "START_WITH_BROKEN_CONTENT": True}
        monkeypatch.setattr(startup.sys, "argv", ["flask", "--app", "wsgi", "routes"])
        assert startup.command_settings() == {"CREATE_SECRET_KEY_FILE": True, "START_WITH_BROKEN_CONTENT": False}
