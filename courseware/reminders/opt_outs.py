"""Which optional reminders a user turned off, stored on the user as a comma-separated list of kinds."""
from __future__ import annotations

from collections.abc import Iterable

from courseware.extensions import db
from courseware.models import User
from courseware.reminders.reminder import OPTIONAL


def turned_off(user: User) -> set[str]:
    """The optional kinds the user does not want (unknown names in the column are ignored)."""
    return {kind for kind in (user.reminders_off or "").split(",") if kind in OPTIONAL}


def wants(user: User, kind: str) -> bool:
    """Whether the user gets reminders of this kind: required kinds always, optional ones unless turned off."""
    return kind not in turned_off(user)


def choose(user: User, wanted: Iterable[str]) -> None:
    """Keep the optional kinds in `wanted` on and turn the other optional kinds off (one transaction)."""
    wanted = set(wanted)
    user.reminders_off = ",".join(kind for kind in OPTIONAL if kind not in wanted)
    db.session.commit()
