"""Trainer pages: cohorts, assignments, the gradebook and its CSV and Excel exports, grants, quiz item statistics."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from courseware.catalog.current import current_catalog
from courseware.clock import company_today
from courseware.core.downloads import csv_response, xlsx_response
from courseware.core.lookup import cohort_or_404, found, record_or_404
from courseware.evaluation import reaction
from courseware.i18n import current_language
from courseware.models import Assignment, Cohort, Role
from courseware.models.types import utcnow
from courseware.people.supervision import can_manage_cohort, readable_cohorts, statistics_scope
from courseware.quizzes import assignments, attempts, gradebook, gradebook_view, item_statistics, review_rules
from courseware.security import roles_required
from courseware.teach import home as teach_home
from courseware.teach.forms import DeleteForm, cohort_forms, gradebook_query, statistics_query

bp = Blueprint("teach", __name__, url_prefix="/teach")
staff = roles_required(Role.TRAINER, Role.HR, Role.ADMIN)
managers = roles_required(Role.TRAINER, Role.ADMIN)


def _cohort_for(cohort_id: int, manage: bool = False) -> Cohort:
    """The cohort if the user may read it (or manage it); otherwise 404, so ids reveal nothing."""
    return cohort_or_404(cohort_id, manage)


def _forms(cohort: Cohort):
    return cohort_forms(current_catalog(), cohort)


@bp.get("/home")
@managers
def home():
    """The trainer's home: their cohorts and what needs them today, each item linked to where it is done."""
    page = teach_home.build(current_catalog(), current_user, utcnow(), company_today())
    return render_template("teach/home.html", home=page, catalog=current_catalog())


@bp.get("/")
@staff
def cohorts():
    return render_template("teach/cohorts.html", cohorts=readable_cohorts(current_user))


def _cohort_page(cohort: Cohort, assign, grant, status: int = 200):
    return render_template("teach/cohort.html", cohort=cohort, assignments=assignments.for_cohort(cohort.id),
                           assign_form=assign, grant_form=grant, delete_form=DeleteForm(),
                           can_manage=can_manage_cohort(current_user, cohort), catalog=current_catalog(),
                           closed_surveys=reaction.closed_modules(cohort.id)), status


@bp.get("/cohorts/<int:cohort_id>")
@staff
def cohort(cohort_id: int):
    from courseware.people.cohorts import get_cohort

    cohort = get_cohort(_cohort_for(cohort_id).id)
    return _cohort_page(cohort, *_forms(cohort))


@bp.post("/cohorts/<int:cohort_id>/assignments")
@managers
def create_assignment(cohort_id: int):
    """Assign work; a form error (a due date in the past not confirmed, ...) shows the page again with its message."""
    from courseware.people.cohorts import get_cohort

    cohort = get_cohort(_cohort_for(cohort_id, manage=True).id)
    form, grant_form = _forms(cohort)
    if not form.validate_on_submit():
        return _cohort_page(cohort, form, grant_form, 400)
    try:
        assignments.create(current_catalog(), current_user, form.assignment(cohort.id))
    except assignments.AssignmentError:
        flash(_("The assignment could not be created: choose work and learners from the lists."), "error")
    else:
        flash(_("Assigned."), "success")
    return redirect(url_for(".cohort", cohort_id=cohort.id))


@bp.post("/assignments/<int:assignment_id>/delete")
@managers
def delete_assignment(assignment_id: int):
    """Remove an assignment once confirmed; without the confirmation, the page that asks (nothing changes)."""
    assignment, form = record_or_404(Assignment, assignment_id), DeleteForm()
    if not form.validate_on_submit():
        abort(404)
    if form.confirmed.data != "1":
        return render_template("teach/assignment_remove.html", assignment=assignment, form=form, catalog=current_catalog(),
                               cohort=_cohort_for(assignment.cohort_id, manage=True))
    cohort_id = assignment.cohort_id
    try:
        assignments.delete(current_user, assignment)
    except assignments.AssignmentError:
        abort(404)
    flash(_("Assignment removed."), "success")
    return redirect(url_for(".cohort", cohort_id=cohort_id))


@bp.post("/cohorts/<int:cohort_id>/grants")
@managers
def grant(cohort_id: int):
    from courseware.people.cohorts import get_cohort

    cohort = get_cohort(_cohort_for(cohort_id, manage=True).id)
    _assign, form = _forms(cohort)
    if not form.validate_on_submit() or not (form.extra_attempts.data or form.extra_minutes.data):
        flash(_("Choose a learner, a quiz, and extra attempts or minutes."), "error")
        return redirect(url_for(".cohort", cohort_id=cohort.id))
    quiz = current_catalog().quiz(form.quiz.data)
    learner = next(u for u in cohort.learners if u.id == form.learner.data)
    if form.extra_attempts.data and form.confirmed.data != "1" and review_rules.key_shown(current_catalog(), learner, quiz):
        return render_template("teach/grant_confirm.html", cohort=cohort, form=form, learner=learner, quiz=quiz)
    attempts.grant(learner.id, quiz, form.extra_attempts.data, form.extra_minutes.data, current_user.id)
    flash(_("Granted."), "success")
    return redirect(url_for(".gradebook_page", cohort_id=cohort.id))


@bp.get("/cohorts/<int:cohort_id>/gradebook")
@staff
def gradebook_page(cohort_id: int):
    cohort, catalog = _cohort_for(cohort_id), current_catalog()
    book, query = gradebook.build(catalog, cohort), gradebook_query(catalog)
    return render_template("teach/gradebook.html", book=book, query=query, summaries=gradebook_view.summaries(book),
                           learners=gradebook_view.shown_learners(book, query.show, query.quiz),
                           can_manage=can_manage_cohort(current_user, cohort))


@bp.get("/cohorts/<int:cohort_id>/gradebook.csv")
@staff
def gradebook_csv(cohort_id: int):
    cohort = _cohort_for(cohort_id)
    body = gradebook.to_csv(gradebook.build(current_catalog(), cohort), current_language())
    name = _("gradebook")
    return csv_response(body, f"{name}-{cohort.name}.csv", f"gradebook-cohort-{cohort.id}.csv")


@bp.get("/cohorts/<int:cohort_id>/gradebook.xlsx")
@staff
def gradebook_xlsx(cohort_id: int):
    cohort = _cohort_for(cohort_id)
    body = gradebook.to_xlsx(gradebook.build(current_catalog(), cohort), current_language())
    name = _("gradebook")
    return xlsx_response(body, f"{name}-{cohort.name}.xlsx", f"gradebook-cohort-{cohort.id}.xlsx")


@bp.get("/quizzes/<quiz_id>/statistics")
@staff
def statistics(quiz_id: str):
    quiz = found(current_catalog().quiz(quiz_id))
    cohorts, query = readable_cohorts(current_user), statistics_query()
    if query.cohort is not None and query.cohort not in {c.id for c in cohorts}:
        abort(404)
    result = item_statistics.report(quiz, statistics_scope(current_user, cohorts, query.cohort), query.attempts)
    return render_template("teach/statistics.html", report=result, cohorts=cohorts, chosen=query.cohort,
                           low=item_statistics.LOW_DISCRIMINATION)
