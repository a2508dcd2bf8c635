"""Who can receive reminders: active accounts with an e-mail address, by role."""
from __future__ import annotations

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Role, User


def reachable(role: Role, user_ids: set[int] | None = None) -> list[User]:
    """Active users of the role with an e-mail address (only those of `user_ids` when given), by id."""
    query = select(User).where(User.role == role, User.active.is_(True), User.email.is_not(None), User.email != "")
    if user_ids is not None:
        query = query.where(User.id.in_(user_ids or {-1}))
    return list(db.session.scalars(query.order_by(User.id)))
