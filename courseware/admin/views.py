"""Admin pages: users (create, invite, edit, deactivate, reset password), cohorts (create, trainers, learners)
and failed reminder deliveries (retry)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from courseware.admin.forms import (
    CohortForm,
    EditUserForm,
    ImportUsersForm,
    InviteForm,
    MoveLearnerForm,
    NewUserForm,
    ResetPasswordForm,
    TrainersForm,
)
from courseware.admin.invitation_messages import invitation_error, send_and_flash
from courseware.auth.passwords import rejection_message, rules_hint
from courseware.catalog.current import current_catalog
from courseware.core import health
from courseware.core.body_limits import accepts_upload, upload_name
from courseware.core.inputs import parse_int, search_text
from courseware.core.lookup import record_or_404
from courseware.extensions import db
from courseware.i18n import ROLE_LABELS
from courseware.models import Cohort, Delivery, Role, User
from courseware.people import accounts, cohorts, import_log, invitations, overview, users_import
from courseware.people.account_changes import changes_to_confirm
from courseware.people.csv_import import ImportFailed, decode
from courseware.people.password_policy import PasswordRejected
from courseware.reminders import deliveries, dispatch
from courseware.reminders.forms import RetryForm
from courseware.reminders.reminder import KIND_LABELS
from courseware.security import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
admin_only = roles_required(Role.ADMIN)


def _cohort_choices(none_label: str):
    return [(0, none_label)] + [(c.id, c.name) for c in accounts.cohort_choices()]


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/home")
@admin_only
def home():
    """The admin's home: users by role, accounts added lately, what the health check sees, failed reminders."""
    catalog = current_catalog()
    database = health.database_status(current_app.config["HEALTHZ_TIMEOUT"], current_app.config["SQLITE_BUSY_TIMEOUT"])
    return render_template("admin/home.html", counts=overview.counts(), batches=overview.recent_batches(),
                           database=database, catalog=catalog, failed_reminders=deliveries.failure_count(),
                           imports=import_log.recent())


@bp.get("/users")
@admin_only
def users():
    query = select(User).options(selectinload(User.cohort)).order_by(User.role, User.username)
    role = request.args.get("role", "")
    if role in ROLE_LABELS:
        query = query.where(User.role == role)
    text = search_text(request.args.get("q", ""))
    if text:
        like = f"%{text.lower()}%"
        query = query.where(or_(func.lower(User.username).like(like), func.lower(User.display_name).like(like)))
    found = db.session.scalars(query).all()
    return render_template("admin/users.html", users=found, role=role, q=text, role_labels=ROLE_LABELS,
                           invitation_status=invitations.statuses([u.id for u in found]))


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    form = NewUserForm()
    form.cohort.choices = _cohort_choices(_("(none)"))
    if form.validate_on_submit():
        response = _create_user(form)
        if response is not None:
            return response
    return render_template("admin/user_new.html", form=form, rules_hint=rules_hint())


def _create_user(form: NewUserForm):
    """Create the user of a valid form: their one-time password page, or their page once the invitation went out
    (or failed: they can resend it there). None, with the form's errors set, when nothing was created."""
    data = accounts.NewUser(
        username=form.username.data, display_name=form.display_name.data, role=form.role.data,
        email=form.email.data, cohort_id=form.cohort.data or None, password=form.password.data or None,
        invite=form.invite.data,
    )
    try:
        if data.invite:
            invitations.check_can_invite(current_app.config, data.email)
        user, password = accounts.create_user(data)
    except invitations.InvitationNotSent as exc:
        (form.email if exc.code == "no_email" else form.invite).errors.append(invitation_error(exc))
    except PasswordRejected as exc:
        form.password.errors.append(rejection_message(exc))
    except accounts.AccountError:
        form.username.errors.append(_("This username is taken."))
    else:
        if password:
            return _one_time_password_page(user, password, created=True)
        if not data.invite or send_and_flash(user):
            flash(_("User %(user)s created.", user=user.username), "success")
        return redirect(url_for(".edit_user", user_id=user.id))
    return None


@bp.route("/users/import", methods=["GET", "POST"])
@accepts_upload
@admin_only
def import_users():
    """The CSV onboarding of `flask --app wsgi users import`, as a page: all rows valid or nothing imported; with
    the checkbox, each new user gets an invitation, and the invitations that failed are listed."""
    form = ImportUsersForm()
    problems, result, failures = [], None, []
    if form.validate_on_submit() and _invitations_possible(form):
        upload = form.file.data
        shown = upload_name(upload.filename, "users.csv")
        try:
            result = users_import.import_users(decode(upload.read()), create_cohorts=form.create_cohorts.data,
                                               invite=form.invite.data)
        except ImportFailed as exc:
            problems = exc.lines(shown, _)
        else:
            import_log.record("users", shown, len(result.created), "web", current_user.id)
            failures = invitations.send_invitations(result.user_ids) if result.invited else []
    status = 400 if problems or form.errors else 200
    return render_template("admin/users_import.html", form=form, problems=problems, result=result,
                           failures=failures, invitation_error=invitation_error), status


def _invitations_possible(form: ImportUsersForm) -> bool:
    """Without e-mail set up, an import with invitations is refused before it creates anyone."""
    try:
        if form.invite.data:
            invitations.check_can_invite(current_app.config, need_email=False)
    except invitations.InvitationNotSent as exc:
        form.invite.errors.append(invitation_error(exc))
        return False
    return True


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: int):
    user = _user_or_404(user_id)
    form = EditUserForm(obj=user if request.method == "GET" else None)
    form.cohort.choices = _cohort_choices(_("(none)"))
    if request.method == "GET":
        form.cohort.data = user.cohort_id or 0
    if form.validate_on_submit():
        pending = changes_to_confirm(user, form.role.data, form.active.data)
        if pending and form.confirmed.data != "y":  # nothing is saved yet: the page that asks, with what would change
            return render_template("admin/user_leave_cohorts.html", user=user, form=form, pending=pending,
                                   cohorts=pending.cohorts)
        saved = _save_user(user, form)
        if saved is not None:
            return saved
    return render_template("admin/user_edit.html", user=user, form=form, reset_form=ResetPasswordForm(),
                           invite_form=InviteForm(), invitation=invitations.statuses([user.id]).get(user.id))


def _save_user(user: User, form: EditUserForm):
    """Save the edit form; a redirect once saved, the confirmation page for a trainer's cohorts, None on an error."""
    try:
        accounts.update_user(
            user, display_name=form.display_name.data, email=form.email.data, role=form.role.data,
            active=form.active.data, acting=current_user, leave_cohorts=form.leave_cohorts.data == "y",
            cohort_id=form.cohort.data or None,
        )
    except accounts.TrainerHasCohorts as exc:
        # Nothing is saved yet: the same form comes back with the cohorts the trainer would leave.
        return render_template("admin/user_leave_cohorts.html", user=user, form=form, cohorts=exc.cohorts, pending=None)
    except accounts.AccountError:
        form.role.errors.append(_("You cannot remove your own admin role or deactivate yourself."))
        return None
    flash(_("Saved."), "success")
    return redirect(url_for(".edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-password")
@admin_only
def reset_password(user_id: int):
    user = _user_or_404(user_id)
    if not ResetPasswordForm().validate_on_submit():
        abort(400)
    return _one_time_password_page(user, accounts.reset_password(user), created=False)


@bp.post("/users/<int:user_id>/invite")
@admin_only
def send_invitation(user_id: int):
    """Send the user a new invitation (an older link stops working)."""
    user = _user_or_404(user_id)
    if not InviteForm().validate_on_submit():
        abort(400)
    send_and_flash(user)
    return redirect(url_for(".edit_user", user_id=user.id))


def _one_time_password_page(user: User, password: str, created: bool):
    """The one-time password, in this response only: never flashed, since a flash travels in the session cookie
    (signed, not encrypted). The page is not cached (no-store on every HTML page)."""
    return render_template("admin/one_time_password.html", user=user, password=password, created=created)


@bp.get("/cohorts")
@admin_only
def cohort_list():
    return render_template("admin/cohorts.html", cohorts=cohorts.list_cohorts())


@bp.route("/cohorts/new", methods=["GET", "POST"])
@admin_only
def new_cohort():
    form = CohortForm()
    form.trainers.choices = [(t.id, t.display_name) for t in cohorts.trainer_choices()]
    if form.validate_on_submit():
        try:
            cohort = cohorts.create_cohort(form.name.data, form.start_date.data, form.trainers.data or [])
        except cohorts.CohortError:
            form.name.errors.append(_("A cohort with this name exists."))
        else:
            flash(_("Cohort created."), "success")
            return redirect(url_for(".cohort", cohort_id=cohort.id))
    return render_template("admin/cohort_new.html", form=form)


@bp.get("/cohorts/<int:cohort_id>")
@admin_only
def cohort(cohort_id: int):
    cohort = cohorts.get_cohort(cohort_id)
    if cohort is None:
        abort(404)
    return render_template("admin/cohort.html", cohort=cohort, **_cohort_forms(cohort))


def _cohort_forms(cohort: Cohort) -> dict:
    trainers_form = TrainersForm(formdata=None, trainers=[t.id for t in cohort.trainers])
    trainers_form.trainers.choices = [(t.id, t.display_name) for t in cohorts.trainer_choices()]
    move_form = MoveLearnerForm(formdata=None, cohort=cohort.id)
    move_form.learner.choices = [(u.id, f"{u.display_name} ({u.username})") for u in cohorts.learner_choices()]
    move_form.cohort.choices = _cohort_choices(_("(no cohort)"))
    return {"trainers_form": trainers_form, "move_form": move_form}


@bp.post("/cohorts/<int:cohort_id>/trainers")
@admin_only
def cohort_trainers(cohort_id: int):
    cohort = cohorts.get_cohort(cohort_id) or abort(404)
    form = TrainersForm()
    form.trainers.choices = [(t.id, t.display_name) for t in cohorts.trainer_choices()]
    if form.validate_on_submit():
        cohorts.set_trainers(cohort, form.trainers.data or [])
        flash(_("Trainers saved."), "success")
    else:
        flash(_("Choose trainers from the list."), "error")
    return redirect(url_for(".cohort", cohort_id=cohort_id))


@bp.post("/cohorts/move")
@admin_only
def move_learner():
    form = MoveLearnerForm()
    form.learner.choices = [(u.id, u.username) for u in cohorts.learner_choices()]
    form.cohort.choices = _cohort_choices("")
    back = parse_int(request.form.get("back"))
    if form.validate_on_submit():
        learner = _user_or_404(form.learner.data)
        target = db.session.get(Cohort, form.cohort.data) if form.cohort.data else None
        cohorts.move_learner(learner, target)
        flash(_("%(user)s moved to %(cohort)s.", user=learner.display_name,
                cohort=target.name if target else _("no cohort")), "success")
    else:
        flash(_("Choose a learner and a cohort from the lists."), "error")
    return redirect(url_for(".cohort", cohort_id=back) if back else url_for(".cohort_list"))


@bp.get("/reminders")
@admin_only
def delivery_failures():
    """Reminders that failed (waiting for their next try) or were given up, with a retry button each."""
    return render_template("admin/deliveries.html", rows=deliveries.failures(), form=RetryForm(), kind_labels=KIND_LABELS)


@bp.post("/reminders/<int:delivery_id>/retry")
@admin_only
def retry_delivery(delivery_id: int):
    delivery = record_or_404(Delivery, delivery_id)
    if not RetryForm().validate_on_submit():
        abort(400)
    _report_retry(dispatch.retry([delivery.id]))
    return redirect(url_for(".delivery_failures"))


@bp.post("/reminders/retry-all")
@admin_only
def retry_all_deliveries():
    if not RetryForm().validate_on_submit():
        abort(400)
    _report_retry(dispatch.retry(None))
    return redirect(url_for(".delivery_failures"))


def _report_retry(sent) -> None:
    from courseware.models.types import utcnow
    from courseware.reminders.quiet_hours import is_quiet

    if is_quiet(utcnow()):
        flash(_("Quiet hours: the retried reminders go out after the quiet hours end."), "info")
    elif sent:
        flash(_("%(n)d message(s) sent.", n=sum(sent.values())), "success")
    else:
        flash(_("Nothing was sent: see the last error of each delivery."), "error")
