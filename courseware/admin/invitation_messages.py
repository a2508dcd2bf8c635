"""What the admin pages say about invitations, in the admin's language."""
from __future__ import annotations

from flask import flash
from flask_babel import format_datetime
from flask_babel import gettext as _

from courseware.models import User
from courseware.people import invitations


def invitation_error(exc: invitations.InvitationNotSent) -> str:
    """Why an invitation was not sent, said to the admin."""
    if exc.code == "mail_not_configured":
        return _("Invitations need e-mail: the server has no MAIL_SERVER or PUBLIC_URL set. Nothing was created; "
                 "ask whoever runs the server, or create the account with a one-time password.")
    if exc.code == "no_email":
        return _("An invitation is sent by e-mail: enter the user's e-mail address.")
    if exc.code == "no_user":
        return _("This user no longer exists.")
    if exc.code == "inactive":
        return _("The account is deactivated: activate it first.")
    return _("The e-mail could not be sent (%(detail)s).", detail=exc.detail)


def send_and_flash(user: User) -> bool:
    """Send the user a new invitation and say how it went; whether it was sent."""
    username = user.username
    try:
        expires_at = invitations.send_invitation(user.id)
    except invitations.InvitationNotSent as exc:
        flash(_("No invitation was sent to %(user)s: %(reason)s You can send one from this page.", user=username,
                reason=invitation_error(exc)), "error")
        return False
    flash(_("Invitation sent to %(user)s (%(email)s); the link is valid until %(expires)s.", user=username,
            email=user.email, expires=format_datetime(expires_at, "short")), "success")
    return True
