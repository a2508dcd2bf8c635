"""Invitations: a single-use link, valid 72 hours, e-mailed to a new user so they set their own password."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from courseware.extensions import db
from courseware.models import Invitation, User
from courseware.models.types import utcnow
from courseware.notify.mail import MailError, mail_configured, send_mail
from courseware.people import accounts, password_policy
from courseware.people.invitation_mail import invitation_message

VALID_FOR = timedelta(hours=72)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


class InvitationRefused(Exception):
    """A link that opens nothing; `kind` says why: "invalid", "used" or "expired"."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(f"invitation {kind}")


class InvitationNotSent(Exception):
    """No invitation went out; `code` says why ("no_user", "inactive", "no_email", "mail_not_configured",
    "mail_failed"), `detail` the SMTP error."""

    def __init__(self, code: str, detail: str = ""):
        self.code, self.detail = code, detail
        super().__init__(f"{code}: {detail}" if detail else code)


@dataclass(frozen=True)
class SendFailure:
    """One invitation of a batch that was not sent."""

    user_id: int
    username: str
    error: InvitationNotSent


def token_hash(token: str) -> str:
    """The SHA-256 of a link's token, in hex: what the table keeps (a stolen table opens no account)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def can_invite(config) -> bool:
    """Invitations need outgoing e-mail (MAIL_SERVER) and the site's address for the link (PUBLIC_URL)."""
    return mail_configured(config) and bool(config.get("PUBLIC_URL"))


def check_can_invite(config, email: str | None = None, *, need_email: bool = True) -> None:
    """Raise InvitationNotSent when an invitation could not go out: no e-mail set up, or (need_email) no address."""
    if not can_invite(config):
        raise InvitationNotSent("mail_not_configured")
    if need_email and not (email or "").strip():
        raise InvitationNotSent("no_email")


def send_invitation(user_id: int) -> datetime:
    """Make a new invitation for the user (the older link stops working) and e-mail it in their language; returns
    when it expires. InvitationNotSent if it could not go out: then the user holds no invitation at all."""
    config = current_app.config
    user = db.session.get(User, user_id)
    if user is None:
        raise InvitationNotSent("no_user")
    if not user.active:
        raise InvitationNotSent("inactive")  # the link would open nothing: activate the account first
    check_can_invite(config, user.email)
    token, expires_at = replace_invitation(user)
    subject, text, html = invitation_message(user, token, expires_at)
    try:
        send_mail(config, user.email, subject, text, html, to_name=user.display_name)
    except MailError as exc:
        db.session.execute(delete(Invitation).where(Invitation.token_hash == token_hash(token)))
        db.session.commit()
        raise InvitationNotSent("mail_failed", str(exc)) from exc
    return expires_at


def send_invitations(user_ids: list[int]) -> list[SendFailure]:
    """Invite each user in turn; the ones that failed, with why (the others are sent)."""
    failures = []
    for user_id in user_ids:
        try:
            send_invitation(user_id)
        except InvitationNotSent as exc:
            user = db.session.get(User, user_id)
            failures.append(SendFailure(user_id, user.username if user else str(user_id), exc))
    return failures


def replace_invitation(user: User) -> tuple[str, datetime]:
    """Store a new invitation for the user in place of any older one (one transaction); its token and expiry."""
    token, now = secrets.token_urlsafe(32), utcnow()
    db.session.execute(delete(Invitation).where(Invitation.user_id == user.id))
    db.session.add(Invitation(user_id=user.id, token_hash=token_hash(token), created_at=now,
                              expires_at=now + VALID_FOR))
    db.session.commit()
    return token, now + VALID_FOR


def find(token: str, now: datetime | None = None) -> Invitation:
    """The pending invitation a link's token names; InvitationRefused ("invalid", "used", "expired") otherwise.

    Looked up by the token's hash (an attacker controls nothing of what the index compares), then compared in
    constant time; a malformed token is "invalid" without a query."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        raise InvitationRefused("invalid")
    wanted = token_hash(token)
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == wanted))
    if invitation is None or not hmac.compare_digest(invitation.token_hash, wanted):
        raise InvitationRefused("invalid")
    status = invitation.status(now or utcnow())
    if status != "pending":
        raise InvitationRefused(status)
    return invitation


def invitee(invitation: Invitation) -> User:
    """The invited user (the relationship is never loaded lazily)."""
    return db.session.get(User, invitation.user_id)


def accept(token: str, password: str, lang: str | None = None) -> User:
    """Set the invited user's password from the link (password rules apply) and use the link up, in one
    transaction; every other session of the user ends. Two submits at once: the second is refused as "used"."""
    invitation = find(token)
    user = invitee(invitation)
    password_policy.check(password, username=user.username, display_name=user.display_name)
    user.set_password(password)  # hashed before the update below takes the write lock
    marked = db.session.execute(update(Invitation).where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
                                .values(used_at=utcnow()))
    if marked.rowcount != 1:
        db.session.rollback()
        raise InvitationRefused("used")
    user.must_change_password = False
    if user.locale is None and lang:
        user.locale = lang
    accounts.end_sessions(user)
    db.session.commit()
    return user


@dataclass(frozen=True)
class Status:
    """What the admin pages show of a user's invitation."""

    kind: str  # "pending", "used" or "expired"
    expires_at: datetime
    used_at: datetime | None


def statuses(user_ids: list[int], now: datetime | None = None) -> dict[int, Status]:
    """The invitation status of each of these users that holds one, in one query."""
    if not user_ids:
        return {}
    now = now or utcnow()
    rows = db.session.scalars(select(Invitation).where(Invitation.user_id.in_(user_ids)))
    return {row.user_id: Status(row.status(now), row.expires_at, row.used_at) for row in rows}
