"""Logging in and out (here or on every device), changing a password (required after a one-time password), and
setting one from an invitation link, and the account's reminder choices."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from courseware.auth.forms import ChangePasswordForm, LoginForm, SetPasswordForm, login_rate_key
from courseware.auth.passwords import rejection_message, rules_hint
from courseware.core.urls import home_url, is_safe_path
from courseware.extensions import limiter
from courseware.people import accounts, invitations
from courseware.people.password_policy import PasswordRejected
from courseware.reminders import opt_outs
from courseware.reminders.forms import ReminderChoicesForm
from courseware.reminders.reminder import KIND_LABELS, KINDS, OPTIONAL
from courseware.security import any_role, public

bp = Blueprint("auth", __name__)

# Views a user with a one-time password may still reach before choosing their own.
_ALLOWED_WITH_ONE_TIME_PASSWORD = {"auth.change_password", "auth.logout", "auth.logout_everywhere", "static",
                                   "core.set_language", "core.healthz", "auth.accept_invitation"}


@bp.before_app_request
def require_own_password():
    # The endpoint is checked first: stylesheets, pictures and the health check then never load the user.
    if (
        request.endpoint not in _ALLOWED_WITH_ONE_TIME_PASSWORD
        and current_user.is_authenticated
        and current_user.must_change_password
    ):
        return redirect(url_for("auth.change_password"))
    return None


def _login_failed(response) -> bool:
    """Only a refused password counts against the login limits: a room of new hires behind one address gets in."""
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=login_rate_key, deduct_when=_login_failed,
               error_message="Too many failed logins for this account.")
@limiter.limit("30 per minute", methods=["POST"], deduct_when=_login_failed,
               error_message="Too many failed logins from this address.")
@public
def login():
    form = LoginForm()
    status = 400 if request.method == "POST" else 200
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated:
        return redirect(home_url(current_user.role))
    if form.validate_on_submit():
        user = accounts.authenticate(form.username.data, form.password.data)
        if user is None:
            # One message for an unknown user, a wrong password and a deactivated account.
            flash(_("Wrong username or password."), "error")
            status = 401
        else:
            lang = session.get("lang")
            session.clear()  # a new session id at login: no session fixation
            if user.locale is None and lang:
                accounts.set_language(user, lang)
            login_user(user, remember=form.remember.data)
            target = form.next.data
            return redirect(target if is_safe_path(target) else home_url(user.role))
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@any_role
def logout():
    # A new session token: this cookie, and any copy of it or of the remember-me cookie, opens nothing again.
    return _log_out(_("You are logged out."))


@bp.post("/account/logout-everywhere")
@any_role
def logout_everywhere():
    return _log_out(_("You are logged out on every device."))


def _log_out(message: str):
    accounts.log_out_everywhere(current_user)
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(message, "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@any_role
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.new.data)
        except PasswordRejected as exc:
            form.new.errors.append(rejection_message(exc))
        except accounts.AccountError as exc:
            form.new.errors.append(_password_error(exc.code))
        else:
            # The change ended every session (accounts.end_sessions); this browser logs in again with the new token.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
            login_user(current_user._get_current_object(), remember=remembered)
            flash(_("Your password is changed; your other devices are logged out."), "success")
            return redirect(url_for("learn.dashboard"))
    return render_template("auth/change_password.html", form=form, rules_hint=rules_hint())


@bp.route("/account/reminders", methods=["GET", "POST"])
@any_role
def reminder_choices():
    """The user turns optional reminders on or off; required ones are listed as such."""
    form = ReminderChoicesForm(wanted=[k for k in OPTIONAL if opt_outs.wants(current_user, k)])
    if form.validate_on_submit():
        opt_outs.choose(current_user, form.wanted.data)
        flash(_("Your reminder choices are saved."), "success")
        return redirect(url_for("auth.reminder_choices"))
    required = [KIND_LABELS[k] for k in KINDS if k not in OPTIONAL]
    quiet = [f"{current_app.config[name]:02d}:00" for name in ("QUIET_HOURS_START", "QUIET_HOURS_END")]
    return render_template("auth/reminders.html", form=form, required=required, quiet=quiet), 400 if form.errors else 200


def _password_error(code: str) -> str:
    if code == "wrong_current":
        return _("The current password is wrong.")
    return _("The new password must differ from the current one.")


def _invitation_refused(response) -> bool:
    """A link that opens nothing, or a refused password, counts against the limits; opening a good link does not."""
    return response.status_code in (400, 404, 410)


def invitation_rate_key() -> str:
    """Rate-limit key per invitation link, whatever the address."""
    return "invite:" + str((request.view_args or {}).get("token", ""))[:64]


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=invitation_rate_key, deduct_when=_invitation_refused,
               error_message="Too many tries for this invitation.")
@limiter.limit("30 per minute", deduct_when=_invitation_refused, error_message="Too many tries from this address.")
@public
def accept_invitation(token: str):
    """The invitation link: a form to choose one's password; once set, the invitee is logged in."""
    try:
        invitation = invitations.find(token)
    except invitations.InvitationRefused as exc:
        return _invitation_refused_page(exc.kind)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = invitations.accept(token, form.new.data, lang=session.get("lang"))
        except PasswordRejected as exc:
            form.new.errors.append(rejection_message(exc))
        except invitations.InvitationRefused as exc:
            return _invitation_refused_page(exc.kind)
        else:
            return _log_in_invited(user)
    status = 400 if request.method == "POST" else 200
    return render_template("auth/invitation.html", form=form, user=invitations.invitee(invitation),
                           rules_hint=rules_hint()), status


def _invitation_refused_page(kind: str):
    """Why the link opens nothing (not valid, used or expired) and what to do; 404 or 410 (gone)."""
    return render_template("auth/invitation_refused.html", kind=kind), 404 if kind == "invalid" else 410


def _log_in_invited(user):
    """A fresh session for the invitee (whoever was logged in in this browser is logged out)."""
    lang = session.get("lang")
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    login_user(user)
    flash(_("Your password is set. Welcome!"), "success")
    return redirect(url_for("learn.dashboard"))
