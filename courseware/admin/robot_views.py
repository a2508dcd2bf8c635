"""Admin pages for a cohort's group robots: list, add, edit, turn on or off, delete, send a test message."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from courseware.admin.robot_forms import EditRobotForm, RobotActionForm, RobotForm
from courseware.models import CohortRobot, Role
from courseware.notify import robot_config
from courseware.notify.robots import RobotError
from courseware.people import cohorts
from courseware.security import roles_required

bp = Blueprint("robots", __name__, url_prefix="/admin")
admin_only = roles_required(Role.ADMIN)


def _robot_or_404(robot_id: int) -> CohortRobot:
    return robot_config.get_robot(robot_id) or abort(404)


def _back(robot: CohortRobot):
    return redirect(url_for(".cohort_robots", cohort_id=robot.cohort_id))


@bp.route("/cohorts/<int:cohort_id>/robots", methods=["GET", "POST"])
@admin_only
def cohort_robots(cohort_id: int):
    cohort = cohorts.get_cohort(cohort_id) or abort(404)
    form = RobotForm()
    if form.validate_on_submit():
        robot_config.add_robot(cohort.id, form.settings())
        flash(_("Robot added."), "success")
        return redirect(url_for(".cohort_robots", cohort_id=cohort.id))
    return render_template("admin/robots.html", cohort=cohort, form=form, robots=robot_config.robots_of(cohort.id),
                           action_form=RobotActionForm(), masked_url=robot_config.masked_url,
                           platform_label=robot_config.platform_label)


@bp.route("/robots/<int:robot_id>", methods=["GET", "POST"])
@admin_only
def edit_robot(robot_id: int):
    robot = _robot_or_404(robot_id)
    form = EditRobotForm(obj=robot)
    if form.validate_on_submit():
        robot_config.update_robot(robot, form.settings())
        flash(_("Robot saved."), "success")
        return _back(robot)
    return render_template("admin/robot_edit.html", robot=robot, form=form, cohort=cohorts.get_cohort(robot.cohort_id))


@bp.post("/robots/<int:robot_id>/enabled")
@admin_only
def toggle_robot(robot_id: int):
    robot = _robot_or_404(robot_id)
    if RobotActionForm().validate_on_submit():
        robot_config.set_enabled(robot, not robot.enabled)
        flash(_("Robot turned on.") if robot.enabled else _("Robot turned off."), "success")
    return _back(robot)


@bp.route("/robots/<int:robot_id>/delete", methods=["GET", "POST"])
@admin_only
def delete_robot(robot_id: int):
    robot = _robot_or_404(robot_id)
    form = RobotActionForm()
    if form.validate_on_submit():
        cohort_id = robot.cohort_id
        robot_config.delete_robot(robot)
        flash(_("Robot deleted."), "success")
        return redirect(url_for(".cohort_robots", cohort_id=cohort_id))
    return render_template("admin/robot_delete.html", robot=robot, form=form, cohort=cohorts.get_cohort(robot.cohort_id),
                           masked_url=robot_config.masked_url, platform_label=robot_config.platform_label)


@bp.post("/robots/<int:robot_id>/test")
@admin_only
def test_robot(robot_id: int):
    robot = _robot_or_404(robot_id)
    if RobotActionForm().validate_on_submit():
        try:
            robot_config.send_test(robot, _("Test message from the training platform"),
                                   _("This group will receive the training reminders."),
                                   timeout=current_app.config["ROBOTS_TIMEOUT"])
        except RobotError as error:
            flash(robot_config.describe_error(error), "error")
        else:
            flash(_("The test message was delivered."), "success")
    return _back(robot)
