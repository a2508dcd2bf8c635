"""Accounts: creating users, roles, activation, passwords, authentication."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import ROLES, Cohort, User
from courseware.services import cohorts, password_policy

# An unguessable one-time password that is still easy to type from a printout (no 0/O, 1/l).
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# A fixed hash compared when the user does not exist, so both failures take the same time.
_DUMMY = User(password_hash="scrypt:32768:8:1$x$" + "0" * 128)


class AccountError(ValueError):
    """A rule about accounts was broken; `code` says which, for a translated message."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


class TrainerHasCohorts(AccountError):
    """A trainer with cohorts would lose their role: the caller must confirm removing them from `cohorts`."""

    def __init__(self, trained: list[Cohort]):
        self.cohorts = trained
        super().__init__("trainer_has_cohorts", "the trainer still trains cohorts: " + ", ".join(c.name for c in trained))


@dataclass(frozen=True)
class NewUser:
    username: str
    display_name: str
    role: str
    email: str | None = None
    cohort_id: int | None = None
    password: str | None = None  # None: a one-time password is generated


def one_time_password(username: str = "", display_name: str = "") -> str:
    """12 random characters that also keep the password rules (a draw that breaks one is drawn again)."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        try:
            password_policy.check(password, username=username, display_name=display_name)
        except password_policy.PasswordRejected:
            continue
        return password


def find_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def authenticate(username: str, password: str) -> User | None:
    """The active user with this username and password, else None (same work either way)."""
    user = find_by_username(username)
    if user is None:
        _DUMMY.check_password(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def add_user(data: NewUser) -> tuple[User, str | None]:
    """Stage a new user in the session (no commit); returns it and its one-time password, if any."""
    if data.role not in ROLES:
        raise AccountError("unknown_role", f"unknown role '{data.role}'")
    if find_by_username(data.username):
        raise AccountError("username_taken", f"username '{data.username}' is taken")
    if data.password is not None:
        password_policy.check(data.password, username=data.username, display_name=data.display_name)
    user = User(
        username=data.username.strip(),
        display_name=data.display_name.strip(),
        email=(data.email or "").strip() or None,
        role=data.role,
        cohort_id=data.cohort_id if data.role == "learner" else None,
    )
    password = data.password or one_time_password(data.username, data.display_name)
    user.set_password(password)
    user.must_change_password = data.password is None
    db.session.add(user)
    return user, None if data.password else password


def create_user(data: NewUser) -> tuple[User, str | None]:
    """Create one user (one transaction)."""
    user, password = add_user(data)
    db.session.commit()
    return user, password


def update_user(user: User, *, display_name: str, email: str | None, role: str, active: bool, acting: User,
                leave_cohorts: bool = False) -> None:
    """Change a user's profile, role and activation; an admin cannot lock themself out. A trainer who stops being
    one leaves the cohorts they train, only with `leave_cohorts` (else TrainerHasCohorts lists them)."""
    if role not in ROLES:
        raise AccountError("unknown_role", f"unknown role '{role}'")
    if user.id == acting.id and (role != "admin" or not active):
        raise AccountError("self_lockout", "you cannot remove your own admin role or deactivate yourself")
    if user.role == "trainer" and role != "trainer":
        trained = cohorts.trained_by(user)
        if trained and not leave_cohorts:
            raise TrainerHasCohorts(trained)
        cohorts.stage_trainer_removal(user)
    user.display_name = display_name.strip()
    user.email = (email or "").strip() or None
    if role != "learner":
        user.cohort_id = None
    user.role = role
    user.active = active
    db.session.commit()


def reset_password(user: User) -> str:
    """Give the user a new one-time password, to be changed at the next login."""
    password = one_time_password(user.username, user.display_name)
    user.set_password(password)
    user.must_change_password = True
    db.session.commit()
    return password


def change_password(user: User, current: str, new: str) -> None:
    """Set the user's own password; it must keep the password rules (PasswordRejected) and differ from the current."""
    if not user.check_password(current):
        raise AccountError("wrong_current", "current password is wrong")
    password_policy.check(new, username=user.username, display_name=user.display_name)
    if new == current:
        raise AccountError("unchanged", "the new password must differ from the current one")
    user.set_password(new)
    user.must_change_password = False
    db.session.commit()


def set_language(user: User, lang: str) -> None:
    user.locale = lang
    db.session.commit()


def cohort_choices() -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).order_by(Cohort.start_date.desc(), Cohort.name)))
