"""A cohort's group robots as an admin sets them up: add, change, turn on or off, delete, send a test message."""
from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from courseware.extensions import db
from courseware.models import CohortRobot
from courseware.notify import robots


@dataclass(frozen=True)
class RobotSettings:
    """What the admin's form says; `secret` None keeps the stored one, "" removes it."""

    kind: str
    webhook_url: str
    secret: str | None
    enabled: bool = True


def robots_of(cohort_id: int) -> list[CohortRobot]:
    """A cohort's robots, oldest first."""
    return list(db.session.scalars(select(CohortRobot).where(CohortRobot.cohort_id == cohort_id).order_by(CohortRobot.id)))


def enabled_robots(cohort_id: int) -> list[CohortRobot]:
    """The robots a cohort's reminders go to."""
    return [robot for robot in robots_of(cohort_id) if robot.enabled]


def all_enabled_robots() -> list[CohortRobot]:
    """Every enabled robot of every cohort (the reminders' channels)."""
    return list(db.session.scalars(select(CohortRobot).where(CohortRobot.enabled).order_by(CohortRobot.id)))


def get_robot(robot_id: int) -> CohortRobot | None:
    return db.session.get(CohortRobot, robot_id)


def _apply(robot: CohortRobot, settings: RobotSettings) -> None:
    if settings.kind not in robots.KINDS:
        raise ValueError(f"unknown robot kind {settings.kind!r}")
    robot.kind, robot.webhook_url, robot.enabled = settings.kind, settings.webhook_url.strip(), settings.enabled
    if settings.kind == "wecom":
        robot.secret = ""  # a WeCom group robot has no signing secret: its key is in the address
    elif settings.secret is not None:
        robot.secret = settings.secret.strip()


def add_robot(cohort_id: int, settings: RobotSettings) -> CohortRobot:
    """A new robot for the cohort (the form has checked the address)."""
    robot = CohortRobot(cohort_id=cohort_id, secret="")
    _apply(robot, settings)
    db.session.add(robot)
    db.session.commit()
    return robot


def update_robot(robot: CohortRobot, settings: RobotSettings) -> None:
    _apply(robot, settings)
    db.session.commit()


def set_enabled(robot: CohortRobot, enabled: bool) -> None:
    robot.enabled = enabled
    db.session.commit()


def delete_robot(robot: CohortRobot) -> None:
    db.session.delete(robot)
    db.session.commit()


def masked_url(url: str) -> str:
    """The address with its key hidden: scheme, host and the last four characters (the key is a credential too)."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/…{url[-4:]}"


def send_test(robot: CohortRobot, title: str, text: str, timeout: float) -> None:
    """Post one short message through the robot; RobotError when the platform does not accept it."""
    robots.post(robot.kind, robot.webhook_url, robot.secret, title, text, timeout=timeout)


def url_problem_text(problem: str) -> str:
    """A phrase of robots.url_problem in the reader's language."""
    return {
        "must start with https://": _("The address must start with https://."),
        "must not hold a user name or password": _("The address must not hold a user name or password."),
        "has no host": _("The address has no host name."),
        "must not have a #fragment": _("The address must not end with a #fragment."),
        "contains spaces or control characters": _("The address must not contain spaces."),
    }.get(problem, _("This is not a valid web address."))


def describe_error(error: robots.RobotError) -> str:
    """A RobotError in the reader's language, with the platform's own code and message kept as they came."""
    reasons = {
        "url": _("%(platform)s: the webhook address is refused. %(detail)s"),
        "http": _("%(platform)s answered with an error: %(detail)s."),
        "refused": _("%(platform)s refused the message: %(detail)s."),
        "timeout": _("%(platform)s did not answer in time."),
        "network": _("%(platform)s could not be reached: %(detail)s."),
        "answer": _("%(platform)s gave an answer that is not its JSON: %(detail)s."),
    }
    detail = url_problem_text(error.detail) if error.reason == "url" else error.detail
    return reasons.get(error.reason, reasons["answer"]) % {"platform": platform_label(error.kind), "detail": detail}


def platform_label(kind: str) -> str:
    """The platform's name in the reader's language."""
    return {"wecom": _("WeCom"), "dingtalk": _("DingTalk"), "feishu": _("Feishu/Lark")}.get(kind, kind)
