"""Accounts: who may log in, with which role."""
from __future__ import annotations

import enum
import secrets
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from courseware.auth.hashing import hash_password
from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow

if TYPE_CHECKING:
    from courseware.models.cohort import Cohort


class Role(enum.StrEnum):
    """The four roles of DESIGN.md; stored as their string value, and equal to it (Role.HR == "hr")."""

    LEARNER = "learner"
    TRAINER = "trainer"
    HR = "hr"
    ADMIN = "admin"


ROLES = tuple(r.value for r in Role)


def new_session_token() -> str:
    """A random value that names the user in session and remember-me cookies; a new one ends them all."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default=Role.LEARNER)
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())  # made by `flask demo`: records are demo data
    locale: Mapped[str | None] = mapped_column(String(16))
    # Optional reminder kinds the user turned off, comma-separated (reminders/opt_outs.py).
    reminders_off: Mapped[str] = mapped_column(String(200), default="", server_default="")
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    # Flask-Login's alternative id: cookies carry this token, never the row id (accounts.end_sessions).
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)

    cohort: Mapped[Cohort | None] = relationship(foreign_keys=[cohort_id], back_populates="learners")
    trains: Mapped[list[Cohort]] = relationship(
        secondary="cohort_trainers", back_populates="trainers", lazy="raise"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        """What the session and remember-me cookies store: the session token, not the row id."""
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role}>"
