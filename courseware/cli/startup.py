"""What the `flask` command asks of the app it loads; wsgi.py passes it to create_app as settings."""
from __future__ import annotations

import sys

import click

# `flask content check|coverage` must load the app on broken content, to report it.
CONTENT_COMMANDS = ("check", "coverage")


def command_settings() -> dict[str, bool]:
    """Settings for create_app: none under gunicorn or a test, the flask command's otherwise."""
    if click.get_current_context(silent=True) is None:
        return {}  # imported by gunicorn or a test, not by the `flask` command
    return {"CREATE_SECRET_KEY_FILE": True, "START_WITH_BROKEN_CONTENT": _content_command(sys.argv[1:])}


def _content_command(argv: list[str]) -> bool:
    # Click has consumed the sub-command's name by the time Flask loads the app, so read the command line.
    return any(argv[i] == "content" and argv[i + 1] in CONTENT_COMMANDS for i in range(len(argv) - 1))
