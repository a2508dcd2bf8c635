"""A reminder as plain data: its kind, the event it is about, who gets it, and what its message says."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l

from courseware.models import User

ASSIGNMENT_DUE = "assignment_due"
ASSIGNMENT_OVERDUE = "assignment_overdue"
FOLLOW_UP_DUE = "follow_up_due"
SURVEY_PENDING = "survey_pending"
WEEKLY_DIGEST = "weekly_digest"
MONTHLY_SUMMARY = "monthly_summary"
KINDS = (ASSIGNMENT_DUE, ASSIGNMENT_OVERDUE, FOLLOW_UP_DUE, SURVEY_PENDING, WEEKLY_DIGEST, MONTHLY_SUMMARY)
# Kinds a user may turn off on their account page; overdue work and follow-ups due always reach them.
OPTIONAL = (ASSIGNMENT_DUE, SURVEY_PENDING, WEEKLY_DIGEST, MONTHLY_SUMMARY)
KIND_LABELS = {
    ASSIGNMENT_DUE: _l("Assignment due within 48 hours"),
    ASSIGNMENT_OVERDUE: _l("Assignment overdue"),
    FOLLOW_UP_DUE: _l("Follow-up due (30, 60 or 90 days)"),
    SURVEY_PENDING: _l("Survey to answer after reading a module"),
    WEEKLY_DIGEST: _l("Weekly digest for trainers"),
    MONTHLY_SUMMARY: _l("Monthly summary for HR"),
}


@dataclass(frozen=True, eq=False)
class Reminder:
    """One message to send: `event_key` names the event (with its due date, week or month) so it fires once."""

    kind: str
    event_key: str
    recipient: User
    path: str  # the page where the work is done, e.g. /follow-ups/3
    cohort_id: int | None = None
    context: dict = field(default_factory=dict)  # what the kind's templates show

    @property
    def recipient_key(self) -> str:
        return f"user:{self.recipient.id}"

    @property
    def link(self) -> str:
        """The absolute link: PUBLIC_URL and the path (the path alone when PUBLIC_URL is not set)."""
        return current_app.config.get("PUBLIC_URL", "").rstrip("/") + self.path


def path_for(endpoint: str, **values) -> str:
    """The path of a route, built without a request (SERVER_NAME is not set: PUBLIC_URL gives the host)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)
