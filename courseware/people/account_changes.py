"""The changes to an account an admin confirms before they are saved: a staff role taken away, a deactivation."""
from __future__ import annotations

from dataclasses import dataclass, field

from courseware.models import Cohort, Role, User
from courseware.people.cohorts import trained_by


@dataclass(frozen=True)
class ChangesToConfirm:
    """What saving would take away: the staff role (new_role, None if kept), the login, a trainer's cohorts."""

    old_role: str
    new_role: str | None
    deactivate: bool
    cohorts: list[Cohort] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new_role or self.deactivate)


def changes_to_confirm(user: User, role: str, active: bool) -> ChangesToConfirm:
    """A trainer, HR or admin account given another role, or an active account deactivated (a learner promoted,
    a name or e-mail changed, need no confirmation)."""
    demoted = user.role != Role.LEARNER and role != user.role
    cohorts = trained_by(user) if demoted and user.role == Role.TRAINER else []
    return ChangesToConfirm(user.role, role if demoted else None, bool(user.active and not active), cohorts)
