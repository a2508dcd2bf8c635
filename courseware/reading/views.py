"""The course reader: dashboard, module pages, section pages, progress, glossary."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, send_from_directory, url_for
from flask_login import current_user

from courseware.catalog.current import current_catalog
from courseware.clock import company_today
from courseware.core.urls import home_url
from courseware.evaluation import action_plans, follow_ups, reaction
from courseware.i18n import current_language
from courseware.models import Role
from courseware.quizzes import assignments, attempts
from courseware.reading import glossary as glossary_terms
from courseware.reading import next_steps
from courseware.reading import progress as reading
from courseware.reading.forms import MarkReadForm, glossary_query
from courseware.security import any_role

bp = Blueprint("learn", __name__)


def _module_or_404(module_id: str):
    module = current_catalog().module(module_id)
    if module is None:
        abort(404)
    return module


@bp.get("/")
@any_role
def dashboard():
    """Where each role lands: staff go to their home, learners stay on the course dashboard."""
    if current_user.role != Role.LEARNER:
        return redirect(home_url(current_user.role))
    return _course_page()


@bp.get("/course")
@any_role
def course():
    """The course dashboard, for staff reading the course too."""
    return _course_page()


def _course_page():
    catalog = current_catalog()
    progress = reading.course_progress(catalog, current_user.id)
    pretest = next((q for q in catalog.quizzes.values() if q.kind == "pretest"), None)
    pretest_attempts = attempts.attempts_so_far(current_user.id, pretest) if pretest else []
    today = company_today()
    return render_template(
        "learn/dashboard.html", progress=progress, work=assignments.learner_work(catalog, current_user, progress=progress),
        pretest=pretest, pretest_attempts=pretest_attempts, catalog=catalog, surveys_due=reaction.pending(catalog, current_user, progress),
        follow_ups_due=follow_ups.due_for_learner(current_user, today),
        trainer_follow_ups=follow_ups.due_for_trainer(current_user, today) if current_user.role in (Role.TRAINER, Role.ADMIN) else [],
        plan_missing=action_plans.is_due(current_user.id, progress),
        next_step=None if progress.resume else next_steps.after_reading(catalog, current_user, progress),
    )


@bp.get("/learn/<module_id>/")
@any_role
def module(module_id: str):
    module = _module_or_404(module_id)
    progress = reading.reading_progress(current_catalog(), current_user.id)
    return render_template("learn/module.html", module=module, progress=progress.of(module.id), course=progress)


@bp.get("/learn/<module_id>/<section_id>")
@any_role
def section(module_id: str, section_id: str):
    module = _module_or_404(module_id)
    section = module.section(section_id)
    if section is None:
        abort(404)
    reading.record_visit(current_user.id, module.id, section.id)
    progress = reading.reading_progress(current_catalog(), current_user.id)
    previous, following = module.neighbours(section.id)
    end = None if following else next_steps.module_end(current_catalog(), current_user, module)
    return render_template(
        "learn/section.html", module=module, section=section, previous=previous, following=following, end=end,
        position=module.sections.index(section) + 1, progress=progress.of(module.id), course=progress, form=MarkReadForm(),
    )


@bp.post("/learn/<module_id>/<section_id>/read")
@any_role
def mark_read(module_id: str, section_id: str):
    """Mark a section read (or unread again), then go on to the next section or back to it."""
    module = _module_or_404(module_id)
    if module.section(section_id) is None:
        abort(404)
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    if form.undo.data:
        reading.mark_unread(current_user.id, module.id, section_id)
        return redirect(url_for(".section", module_id=module.id, section_id=section_id))
    reading.mark_read(current_user.id, module.id, section_id)
    _, following = module.neighbours(section_id)
    if following and form.go_next.data:
        return redirect(url_for(".section", module_id=module.id, section_id=following.id))
    if form.go_next.data:
        return redirect(url_for(".module", module_id=module.id))
    return redirect(url_for(".section", module_id=module.id, section_id=section_id))


@bp.get("/learn/<module_id>/images/<path:filename>")
@any_role
def image(module_id: str, filename: str):
    """A picture the module's Markdown uses; nothing else in the content folder is served."""
    module = _module_or_404(module_id)
    if f"images/{filename}" not in module.images:
        abort(404)
    response = send_from_directory(module.path / "images", filename, max_age=3600)
    # SVG can carry script: forbid it, in case someone opens the file directly.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/glossary")
@any_role
def glossary():
    catalog, query = current_catalog(), glossary_query()
    return render_template("learn/glossary.html", terms=glossary_terms.terms(catalog, current_language(), query),
                           modules={m.order: m for m in catalog.modules}, query=query)
