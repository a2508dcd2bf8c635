"""The channels a reminder travels through, behind one small interface: e-mail, and each cohort's group robots.

A channel has a `name` (stored with each delivery), says which reminders it `accepts` and under which
`recipient_key` it delivers them, and `send`s one (ChannelError on failure). channels_for() is the registry."""
from __future__ import annotations

from typing import Protocol

from flask import current_app

from courseware.languages import DEFAULT_LANGUAGE, LANGUAGES
from courseware.models import CohortRobot
from courseware.notify.language import in_language
from courseware.notify.mail import MailError, mail_configured, send_mail
from courseware.notify.robot_config import all_enabled_robots
from courseware.notify.robots import RobotError, post, robot_message
from courseware.reminders import reminder as r
from courseware.reminders.reminder import Reminder
from courseware.reminders.render import render, robot_lines


class ChannelError(Exception):
    """The channel could not deliver the message; the text says why (kept as the delivery's last error)."""


class Channel(Protocol):
    name: str

    def accepts(self, reminder: Reminder) -> bool: ...

    def recipient_key(self, reminder: Reminder) -> str: ...

    def recipient_name(self, reminder: Reminder) -> str: ...

    def send(self, reminder: Reminder) -> None: ...


class EmailChannel:
    """E-mail over SMTP to the recipient's address, in their language, plain text and HTML."""

    name = "email"

    @staticmethod
    def configured() -> bool:
        return mail_configured(current_app.config)

    def accepts(self, reminder: Reminder) -> bool:
        return bool(reminder.recipient.email)

    def recipient_key(self, reminder: Reminder) -> str:
        return reminder.recipient_key

    def recipient_name(self, reminder: Reminder) -> str:
        return reminder.recipient.display_name

    def send(self, reminder: Reminder) -> None:
        message = render(reminder)
        try:
            send_mail(current_app.config, reminder.recipient.email, message.subject, message.text, message.html,
                      to_name=reminder.recipient.display_name)
        except MailError as error:
            raise ChannelError(str(error)) from error


class RobotChannel:
    """A cohort's group robot (WeCom, DingTalk, Feishu): the cohort's assignments due soon and overdue, one post
    per assignment and due date. The learners' reminders of one event share its event key, so the robot's
    delivery row (channel, "cohort-robot:<id>", event) is claimed once, by the first of them. The post names no
    learner: a group chat is no place for who is behind."""

    KINDS = (r.ASSIGNMENT_DUE, r.ASSIGNMENT_OVERDUE)

    def __init__(self, robot: CohortRobot) -> None:
        self.robot = robot
        self.name = robot.kind

    def accepts(self, reminder: Reminder) -> bool:
        return reminder.kind in self.KINDS and reminder.cohort_id == self.robot.cohort_id

    def recipient_key(self, reminder: Reminder) -> str:
        return f"cohort-robot:{self.robot.id}"

    def recipient_name(self, reminder: Reminder) -> str:
        return f"{self.robot.kind} robot of cohort {self.robot.cohort_id}"

    def send(self, reminder: Reminder) -> None:
        language = current_app.config["ROBOTS_LANGUAGE"]
        with in_language(language if language in LANGUAGES else DEFAULT_LANGUAGE):
            title, lines, label = robot_lines(reminder)
        title, text = robot_message(self.robot.kind, title, lines, reminder.link, label)
        try:
            post(self.robot.kind, self.robot.webhook_url, self.robot.secret, title, text,
                 timeout=current_app.config["ROBOTS_TIMEOUT"])
        except RobotError as error:
            raise ChannelError(str(error)) from error


def configured_channels() -> list[Channel]:
    """Every channel set up in this deployment: e-mail when MAIL_SERVER is set, and every enabled group robot."""
    email: list[Channel] = [EmailChannel()] if EmailChannel.configured() else []
    return email + [RobotChannel(robot) for robot in all_enabled_robots()]


def channels_for(reminder: Reminder, channels: list[Channel] | None = None) -> list[Channel]:
    """The configured channels that carry this reminder."""
    return [c for c in (configured_channels() if channels is None else channels) if c.accepts(reminder)]
