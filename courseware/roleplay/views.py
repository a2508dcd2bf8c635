"""Role plays: the scenario list, playing a run, the debrief, role cards, observations, competency profiles."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from courseware.catalog.current import current_catalog
from courseware.catalog.scenarios import COMPETENCIES
from courseware.clock import company_today
from courseware.core.inputs import parse_int
from courseware.core.lookup import found, own_or_404, readable_or_404, tracked_learner_or_404
from courseware.i18n import pick
from courseware.models import Role, ScenarioRun
from courseware.people.supervision import observable_learners
from courseware.roleplay import observations, radar
from courseware.roleplay import profile as competency_profile
from courseware.roleplay import runs as roleplay
from courseware.roleplay.forms import ChoiceForm, ObservationForm, StartRunForm
from courseware.security import any_role, roles_required

bp = Blueprint("roleplay", __name__)


def _scenario_or_404(scenario_id: str):
    return found(current_catalog().scenario(scenario_id))


def _own_run_or_404(run_id: int) -> ScenarioRun:
    return own_or_404(ScenarioRun, run_id)


@bp.get("/roleplays")
@any_role
def scenario_list():
    catalog = current_catalog()
    summary = roleplay.summaries(roleplay.runs_of(current_user.id))
    scenarios = sorted(catalog.scenarios.values(), key=lambda s: (s.module, s.id))
    items = {s.id: roleplay.practiced_items(catalog, s) for s in scenarios}
    return render_template("roleplay/list.html", scenarios=scenarios, summary=summary, catalog=catalog, items=items)


@bp.get("/roleplays/<scenario_id>")
@any_role
def scenario(scenario_id: str):
    scenario = _scenario_or_404(scenario_id)
    return render_template("roleplay/scenario.html", scenario=scenario, form=StartRunForm(),
                           open_run=roleplay.open_run(current_user.id, scenario.id),
                           runs=roleplay.runs_of(current_user.id, scenario.id),
                           module=current_catalog().module_by_order(scenario.module), rubric=current_catalog().rubric,
                           items=roleplay.practiced_items(current_catalog(), scenario))


@bp.post("/roleplays/<scenario_id>/start")
@any_role
def start(scenario_id: str):
    scenario = _scenario_or_404(scenario_id)
    form = StartRunForm()
    if not form.validate_on_submit():
        abort(400)
    run = roleplay.start(current_user.id, scenario, restart=form.restart.data)
    return redirect(url_for(".run", run_id=run.id))


@bp.get("/runs/<int:run_id>")
@any_role
def run(run_id: int):
    run = _own_run_or_404(run_id)
    if not run.is_open:
        return redirect(url_for(".debrief", run_id=run.id))
    scenario = _scenario_or_404(run.scenario_id)
    form = ChoiceForm(formdata=None, step=run.step, node=run.current_node)
    return render_template("roleplay/run.html", scenario=scenario, run=run, node=scenario.nodes[run.current_node], form=form)


@bp.post("/runs/<int:run_id>/choose")
@any_role
def choose(run_id: int):
    run = _own_run_or_404(run_id)
    form = ChoiceForm()
    step = parse_int(form.step.data)
    if not form.validate_on_submit() or step is None:
        abort(400)
    if run.is_open:
        scenario = _scenario_or_404(run.scenario_id)
        try:
            roleplay.choose(scenario, run, step, form.node.data, form.choice.data or "")
        except roleplay.RunError:
            abort(400)
    return redirect(url_for(".run", run_id=run.id, _anchor="now"))


@bp.get("/runs/<int:run_id>/debrief")
@any_role
def debrief(run_id: int):
    run, owner = readable_or_404(ScenarioRun, run_id)
    if run.is_open:
        if owner.id == current_user.id:
            return redirect(url_for(".run", run_id=run.id))
        abort(404)
    scenario = current_catalog().scenario(run.scenario_id)
    return render_template("roleplay/debrief.html", result=roleplay.debrief(scenario, run), scenario=scenario,
                           owner=owner, rubric=current_catalog().rubric, form=StartRunForm())


@bp.get("/roleplays/<scenario_id>/cards")
@roles_required(Role.TRAINER, Role.ADMIN, Role.HR)
def cards(scenario_id: str):
    """Printable role cards for the classroom: salesperson, customer, observer (with the rubric)."""
    scenario = _scenario_or_404(scenario_id)
    return render_template("roleplay/cards.html", scenario=scenario, rubric=current_catalog().rubric)


@bp.route("/teach/observations/new", methods=["GET", "POST"])
@roles_required(Role.TRAINER, Role.ADMIN)
def observe():
    """Rate a learner's role play 1-5 per competency, with the rubric's anchored descriptions."""
    catalog = current_catalog()
    form = ObservationForm().offer(catalog, observable_learners(current_user), company_today())
    ratings = form.ratings(catalog)
    if form.validate_on_submit() and not ratings.missing:
        try:
            observations.record(catalog, current_user, form.observation(ratings))
        except observations.ObservationError:
            abort(404)
        flash(_("Observation saved."), "success")
        return redirect(url_for(".profile", user_id=form.learner.data))
    return render_template("roleplay/observe.html", form=form, rubric=catalog.rubric, ratings=ratings.given,
                           missing=ratings.missing, competencies=COMPETENCIES)


@bp.get("/learners/<int:user_id>/competencies")
@any_role
def profile(user_id: int):
    """The competency profile: a radar of simulated runs and observed ratings, and the months behind it."""
    learner, rubric = tracked_learner_or_404(user_id), current_catalog().rubric
    profile = competency_profile.build(learner.id)
    labels = {c: pick(rubric[c].name).text if c in rubric else c for c in COMPETENCIES}
    return render_template(
        "roleplay/profile.html", learner=learner, profile=profile, rubric=rubric, competencies=COMPETENCIES,
        observations=observations.for_learner(learner.id), runs=roleplay.runs_of(learner.id), catalog=current_catalog(),
        radar=radar.draw(labels, {"sim": profile.simulated, "obs": profile.observed}),
    )
