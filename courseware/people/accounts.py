"""Accounts: creating users, roles, activation, passwords, authentication."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from courseware.auth import hashing
from courseware.extensions import db
from courseware.models import ROLES, Cohort, Role, User
from courseware.models.user import hash_password, new_session_token
from courseware.people import cohorts, password_policy

# An unguessable one-time password that is still easy to type from a printout (no 0/O, 1/l).
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


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
    invite: bool = False  # True: no password to hand over; an invitation e-mail lets them choose it (invitations.py)


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
        hashing.check_against_nothing(password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def user_for_session(token: str) -> User | None:
    """The active user whose session token a cookie carries (Flask-Login's user loader), else None."""
    if not token:
        return None
    return db.session.scalar(select(User).where(User.session_token == token, User.active.is_(True)))


def end_sessions(user: User) -> None:
    """Give the user a new session token (no commit): every session and remember-me cookie made before is refused.

    The one place sessions end: logout, "log out everywhere", a password change or reset, deactivation and a
    role change all come here.
    """
    user.session_token = new_session_token()


def log_out_everywhere(user: User) -> None:
    """End the user's sessions on every device (the logout button and the account page's button)."""
    end_sessions(user)
    db.session.commit()


@dataclass(frozen=True)
class Credentials:
    """A new user's password, hashed ahead: hashing is slow, and a bulk import does it before its transaction."""

    password_hash: str
    one_time_password: str | None  # to hand over; None when the password was chosen (NewUser.password)
    invited: bool = False  # an unusable random password: the account opens only through an invitation link


def credentials_for(data: NewUser) -> Credentials:
    """Hash the chosen password (it must keep the password rules), a new one-time password, or (invited) a random
    secret nobody is told, so that no password opens the account (no database access)."""
    if data.invite:
        return Credentials(hash_password(secrets.token_urlsafe(32)), None, invited=True)
    if data.password is not None:
        password_policy.check(data.password, username=data.username, display_name=data.display_name)
    password = data.password or one_time_password(data.username, data.display_name)
    return Credentials(hash_password(password), None if data.password else password)


def add_user(data: NewUser, credentials: Credentials | None = None) -> tuple[User, str | None]:
    """Stage a new user in the session (no commit); returns it and its one-time password, if any.

    `credentials` from credentials_for(data), when hashed ahead; otherwise they are made here."""
    if find_by_username(data.username):
        raise AccountError("username_taken", f"username '{data.username}' is taken")
    credentials = credentials or credentials_for(data)
    user = new_user(data, credentials)
    db.session.add(user)
    return user, credentials.one_time_password


def new_user(data: NewUser, credentials: Credentials) -> User:
    """The User row for `data` (not added to the session; the username must have been checked free)."""
    if data.role not in ROLES:
        raise AccountError("unknown_role", f"unknown role '{data.role}'")
    user = User(
        username=data.username.strip(),
        display_name=data.display_name.strip(),
        email=(data.email or "").strip() or None,
        role=data.role,
        cohort_id=data.cohort_id if data.role == Role.LEARNER else None,
    )
    user.password_hash = credentials.password_hash
    user.must_change_password = credentials.one_time_password is not None or credentials.invited
    return user


def create_user(data: NewUser) -> tuple[User, str | None]:
    """Create one user (one transaction)."""
    user, password = add_user(data)
    db.session.commit()
    return user, password


UNCHANGED = "unchanged"  # update_user's cohort_id when the cohort is not part of the change


def update_user(user: User, *, display_name: str, email: str | None, role: str, active: bool, acting: User,
                leave_cohorts: bool = False, cohort_id: int | None | str = UNCHANGED) -> None:
    """Change a user's profile, role, activation and (a learner's) cohort, in one transaction; an admin cannot lock
    themself out. A trainer who stops being one leaves the cohorts they train, only with `leave_cohorts` (else
    TrainerHasCohorts lists them)."""
    if role not in ROLES:
        raise AccountError("unknown_role", f"unknown role '{role}'")
    if user.id == acting.id and (role != Role.ADMIN or not active):
        raise AccountError("self_lockout", "you cannot remove your own admin role or deactivate yourself")
    if user.role == Role.TRAINER and role != Role.TRAINER:
        trained = cohorts.trained_by(user)
        if trained and not leave_cohorts:
            raise TrainerHasCohorts(trained)
        cohorts.stage_trainer_removal(user)
    if role != user.role or active != user.active:
        end_sessions(user)  # a new role or a (de)activation: nobody keeps a session made under the old one
    user.display_name = display_name.strip()
    user.email = (email or "").strip() or None
    if role != Role.LEARNER:
        user.cohort_id = None
    elif cohort_id != UNCHANGED:
        user.cohort_id = cohort_id
    user.role = role
    user.active = active
    db.session.commit()


def reset_password(user: User) -> str:
    """Give the user a new one-time password, to be changed at the next login."""
    password = one_time_password(user.username, user.display_name)
    user.set_password(password)
    user.must_change_password = True
    end_sessions(user)
    db.session.commit()
    return password


def change_password(user: User, current: str, new: str) -> None:
    """Set the user's own password: it must keep the password rules (PasswordRejected) and differ from the
    current one; every session of theirs ends."""
    if not user.check_password(current):
        raise AccountError("wrong_current", "current password is wrong")
    password_policy.check(new, username=user.username, display_name=user.display_name)
    if new == current:
        raise AccountError("unchanged", "the new password must differ from the current one")
    user.set_password(new)
    user.must_change_password = False
    end_sessions(user)
    db.session.commit()


def set_language(user: User, lang: str) -> None:
    user.locale = lang
    db.session.commit()


def cohort_choices() -> list[Cohort]:
    return list(db.session.scalars(select(Cohort).order_by(Cohort.start_date.desc(), Cohort.name)))
