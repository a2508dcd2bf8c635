"""Every `flask` command, one module per group; register() adds them all to the app."""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add every command group to `app.cli`."""
    from courseware.cli import content, db, demo, gift, jobs, kpi, quizzes, reminders, users

    for module in (db, demo, content, users, quizzes, gift, kpi, jobs, reminders):
        for command in module.COMMANDS:
            app.cli.add_command(command)
