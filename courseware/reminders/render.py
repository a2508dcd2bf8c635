"""A reminder's message in the recipient's language: subject, plain text and HTML, with an absolute link."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, g
from flask_babel import format_date
from flask_babel import gettext as _

from courseware.i18n import pick
from courseware.notify.language import in_language, language_of
from courseware.reminders import reminder as r
from courseware.reminders.reminder import Reminder
from courseware.templating import show_datetime


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str


def render(reminder: Reminder) -> Message:
    """Subject, text and HTML of the reminder, written for its recipient."""
    lang = language_of(reminder.recipient)
    with in_language(lang):
        context = {**reminder.context, "recipient": reminder.recipient, "link": reminder.link, "lang": lang,
                   "text_in": lambda texts: pick(texts, lang).text, "day_of": lambda d: format_date(d, "medium")}
        env = current_app.jinja_env
        return Message(_subject(reminder.kind, context),
                       env.get_template(f"reminders/{reminder.kind}.txt").render(context).strip() + "\n",
                       env.get_template(f"reminders/{reminder.kind}.html").render(context))


def _subject(kind: str, c: dict) -> str:
    if kind == r.ASSIGNMENT_DUE:
        return _("Due soon: %(title)s", title=c["text_in"](c["title"]))
    if kind == r.ASSIGNMENT_OVERDUE:
        return _("Overdue: %(title)s", title=c["text_in"](c["title"]))
    if kind == r.FOLLOW_UP_DUE:
        return _("Your day-%(day)d follow-up is due", day=c["day"])
    if kind == r.SURVEY_PENDING:
        return _("Please rate the module: %(title)s", title=c["text_in"](c["title"]))
    if kind == r.WEEKLY_DIGEST:
        return _("Your weekly training digest (%(week)s)", week=c["week"])
    return _("Monthly training summary, %(month)s", month=c["month"])


def robot_lines(reminder: Reminder) -> tuple[str, list[str], str]:
    """A cohort's post about an assignment due soon or overdue, in the current language: title, lines, link label."""
    c = reminder.context
    title = pick(c["title"], g.language).text
    when = show_datetime(c["due_at"])
    if reminder.kind == r.ASSIGNMENT_OVERDUE:
        return (_("Overdue: %(title)s", title=title),
                [_("“%(title)s” was due on %(date)s. If you have not finished it, please do it today.", title=title,
                   date=when)], _("Open it"))
    return (_("Due soon: %(title)s", title=title),
            [_("“%(title)s” is due on %(date)s. If you have not finished it yet, please do it before then.",
               title=title, date=when)], _("Open it"))
