"""The admin's home: users by role, inactive accounts, and the accounts added lately grouped by when."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import ROLES, User

RECENT = 50  # accounts looked at for "added lately"


@dataclass(frozen=True)
class Batch:
    """Accounts created within the same minute: one import, or one by one from the form."""

    minute: datetime
    users: list[User]


@dataclass
class UserCounts:
    active: dict[str, int] = field(default_factory=dict)  # role -> active accounts
    inactive: int = 0

    @property
    def total(self) -> int:
        return sum(self.active.values()) + self.inactive


def counts() -> UserCounts:
    """Active accounts per role and inactive accounts (one query)."""
    result = UserCounts({role: 0 for role in ROLES})
    for role, active, n in db.session.execute(select(User.role, User.active, func.count()).group_by(User.role, User.active)):
        if active:
            result.active[role] = n
        else:
            result.inactive += n
    return result


def recent_batches(limit: int = RECENT) -> list[Batch]:
    """The last `limit` accounts created, grouped by the minute they were created in, newest first."""
    batches: list[Batch] = []
    for user in db.session.scalars(select(User).order_by(User.created_at.desc(), User.id.desc()).limit(limit)):
        minute = user.created_at.replace(second=0, microsecond=0)
        if batches and batches[-1].minute == minute:
            batches[-1].users.append(user)
        else:
            batches.append(Batch(minute, [user]))
    return batches
