"""The evaluation pages: reaction surveys, the action plan, follow-ups, the learner's tracker, KPI import and
HR's effectiveness report."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from courseware.catalog.current import current_catalog
from courseware.clock import company_today
from courseware.core.body_limits import accepts_upload, upload_name
from courseware.core.downloads import csv_response, xlsx_response
from courseware.core.inputs import FREE_TEXT_MAX, text_message
from courseware.core.lookup import cohort_or_404, found, readable_or_404, tracked_learner_or_404
from courseware.evaluation import action_plans, follow_ups, reaction, results, tracker
from courseware.evaluation.forms import (
    KpiUploadForm,
    ObserverCommentForm,
    PostForm,
    ReportFilterForm,
    plan_shown,
    read_commitments,
    read_follow_up,
    read_survey,
    survey_shown,
)
from courseware.evaluation.report import effectiveness, glance, numbers, tiles, workbook
from courseware.evaluation.report.figures import BASES
from courseware.models import FollowUp, Role
from courseware.people import cohorts, import_log
from courseware.people.csv_import import ImportFailed, decode
from courseware.people.supervision import can_observe
from courseware.security import any_role, roles_required

bp = Blueprint("evaluation", __name__)


def _today() -> date:
    return company_today()


def _submitted(form: PostForm) -> bool:
    """True for a POST with a valid CSRF token; a POST without one is refused (400)."""
    if request.method != "POST":
        return False
    if not form.validate_on_submit():
        abort(400)
    return True


@bp.route("/learn/<module_id>/survey", methods=["GET", "POST"])
@any_role
def survey(module_id: str):
    catalog = current_catalog()
    module = found(catalog.module(module_id))
    form, existing, missing = PostForm(), reaction.find(current_user.id, module.id), []
    entered = survey_shown(existing)
    if _submitted(form):
        entered = read_survey(catalog.evaluation)
        try:
            reaction.submit(catalog, current_user, module, entered)
        except reaction.SurveyError as exc:
            if exc.code == "closed":
                flash(_("This survey is closed: answers can no longer be changed."), "error")
            missing = exc.fields
        else:
            flash(_("Thank you: your answers are saved. You can change them until your trainer closes the survey."), "success")
            return redirect(url_for("learn.dashboard"))
    return render_template("evaluation/survey.html", module=module, evaluation=catalog.evaluation,
                           values=entered.answers, recommend=entered.recommend, comments=entered.comments,
                           missing=missing, closed=reaction.is_closed(current_user, module.id), form=form,
                           existing=existing), 400 if missing else 200


@bp.route("/action-plan", methods=["GET", "POST"])
@roles_required(Role.LEARNER, Role.TRAINER, Role.ADMIN)
def action_plan():
    """The closing module's personal action plan: three or more SMART commitments."""
    catalog = current_catalog()
    form, plan, problems = PostForm(), action_plans.find(current_user.id), {}
    values = plan_shown(plan)
    if _submitted(form):
        values = read_commitments()
        try:
            action_plans.save(catalog, current_user, values, _today())
        except action_plans.PlanError as exc:
            problems = exc.problems
        else:
            flash(_("Your action plan is saved. Follow-ups are due 30, 60 and 90 days after you first saved it."), "success")
            return redirect(url_for(".action_plan"))
    return render_template("evaluation/action_plan.html", plan=plan, values=values, problems=problems, form=form,
                           items=[(i, catalog.item_section(i)) for i in catalog.items_in_order()],
                           follow_ups=follow_ups.for_learner(current_user.id), today=_today()), 400 if problems else 200


@bp.route("/follow-ups/<int:follow_up_id>", methods=["GET", "POST"])
@roles_required(Role.LEARNER, Role.TRAINER, Role.ADMIN, Role.HR)
def follow_up(follow_up_id: int):
    """The learner reports on their commitments; the trainer rates the behavior checklist."""
    catalog = current_catalog()
    record, learner = readable_or_404(FollowUp, follow_up_id)
    form, plan, errors = PostForm(), action_plans.find(learner.id), False
    if _submitted(form):
        try:
            follow_ups.answer(catalog, current_user, record, read_follow_up(plan, catalog.evaluation))
        except follow_ups.FollowUpError as exc:
            if exc.code == "forbidden":
                abort(403)
            errors = True
            flash(text_message(FREE_TEXT_MAX) if exc.code == "text" else _("Please answer every line."), "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for(".follow_up", follow_up_id=record.id))
    return render_template("evaluation/follow_up.html", record=record, learner=learner, plan=plan, form=form,
                           comment_form=ObserverCommentForm(), is_owner=learner.id == current_user.id,
                           can_rate=can_observe(current_user, learner),
                           reports=follow_ups.reports_of(record.id), ratings=follow_ups.ratings_of(record.id),
                           statuses=follow_ups.STATUSES, checklist=catalog.evaluation.checklist), 400 if errors else 200


@bp.get("/learners/<int:user_id>/tracker")
@any_role
def learner_tracker(user_id: int):
    """The four levels at a glance: for the learner, their trainers, HR and admin; nobody else."""
    learner = tracked_learner_or_404(user_id)
    catalog = current_catalog()
    return render_template("evaluation/tracker.html", t=tracker.build(catalog, learner, _today()), catalog=catalog,
                           today=_today())


@bp.post("/teach/cohorts/<int:cohort_id>/surveys/<module_id>/close")
@roles_required(Role.TRAINER, Role.ADMIN)
def close_survey(cohort_id: int, module_id: str):
    cohort = cohort_or_404(cohort_id, manage=True)
    found(current_catalog().module(module_id))
    if not PostForm().validate_on_submit():
        abort(400)
    reaction.close(current_user, cohort, module_id)
    flash(_("Survey closed."), "success")
    return redirect(url_for("teach.cohort", cohort_id=cohort.id))


@bp.route("/reports/kpis", methods=["GET", "POST"])
@accepts_upload
@roles_required(Role.HR, Role.ADMIN)
def kpi_upload():
    """HR's KPI upload: the same checks as `flask --app wsgi kpi import`."""
    form = KpiUploadForm()
    problems, result, replaced = [], None, []
    if form.validate_on_submit():
        upload = form.file.data
        shown = upload_name(upload.filename, "upload.csv")
        try:
            result = results.import_kpis(current_catalog(), decode(upload.read()))
        except ImportFailed as exc:
            problems = exc.lines(shown, _)
        else:
            import_log.record("kpis", shown, result.added + len(result.replaced), "web", current_user.id)
            replaced = [note.located(shown, _) for note in result.replaced]
    status = 400 if problems or (request.method == "POST" and not form.validate()) else 200
    return render_template("evaluation/kpi_upload.html", form=form, problems=problems, result=result, replaced=replaced,
                           kpis=current_catalog().evaluation.kpis), status


def _report_args() -> ReportFilterForm:
    return ReportFilterForm(request.args).checked(cohorts.in_start_order())


@bp.get("/reports/home")
@roles_required(Role.HR, Role.ADMIN)
def hr_home():
    """HR's home (read-only): one tile per cohort with completion and one figure per level from the report."""
    return render_template("evaluation/hr_home.html", tiles=tiles.build(current_catalog(), _today()),
                           catalog=current_catalog(), bases=BASES)


@bp.get("/reports/effectiveness")
@roles_required(Role.HR, Role.ADMIN)
def report():
    form = _report_args()
    result = effectiveness.build(current_catalog(), _today(), form.cohorts.data or None, form.start.data, form.end.data,
                                 page=form.page_number)
    query = {"cohorts": form.cohorts.data or [], "start": form.start.data, "end": form.end.data}  # the checked filter only
    return render_template("evaluation/report.html", report=result, form=form, catalog=current_catalog(), query=query,
                           per_page=effectiveness.PER_PAGE, bases=BASES, glance=glance.of,
                           numbers=numbers)


@bp.get("/reports/effectiveness.csv")
@roles_required(Role.HR, Role.ADMIN)
def report_csv():
    form = _report_args()
    result = effectiveness.build(current_catalog(), _today(), form.cohorts.data or None, form.start.data, form.end.data)
    body = effectiveness.to_csv(current_catalog(), result)
    name = _("training-effectiveness")
    return csv_response(body, f"{name}.csv", "training-effectiveness.csv")


@bp.get("/reports/effectiveness.xlsx")
@roles_required(Role.HR, Role.ADMIN)
def report_xlsx():
    form = _report_args()
    result = effectiveness.build(current_catalog(), _today(), form.cohorts.data or None, form.start.data, form.end.data)
    chosen = workbook.ReportFilter([name for value, name in form.cohorts.choices if value in (form.cohorts.data or [])],
                                   form.start.data, form.end.data)
    body = workbook.to_xlsx(current_catalog(), result, chosen, _today())
    name = _("training-effectiveness")
    return xlsx_response(body, f"{name}.xlsx", "training-effectiveness.xlsx")
