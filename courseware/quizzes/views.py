"""Quizzes for learners: the list, a quiz's page, taking an attempt, submitting, reviewing."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from courseware.catalog.current import current_catalog
from courseware.core.inputs import parse_int
from courseware.core.lookup import found, own_or_404, readable_or_404
from courseware.models import Attempt
from courseware.quizzes import assignments, attempts, review_rules
from courseware.quizzes import pages as quiz_pages
from courseware.quizzes.forms import AttemptPageForm, StartForm, SubmitForm, posted_page, read_answers
from courseware.security import any_role

bp = Blueprint("quizzes", __name__)


def _quiz_or_404(quiz_id: str):
    return found(current_catalog().quiz(quiz_id))


def _own_attempt_or_404(attempt_id: int) -> Attempt:
    return own_or_404(Attempt, attempt_id)


def _status(quiz, user=None):
    user = user or current_user
    return attempts.status(user.id, quiz, assignments.due_date(user, "quiz", quiz.id))


@bp.get("/quizzes")
@any_role
def quiz_list():
    catalog = current_catalog()
    statuses = attempts.statuses(current_user.id, list(catalog.quizzes.values()),
                                 assignments.due_dates(current_user, "quiz"))
    return render_template("quizzes/list.html", statuses=statuses, catalog=catalog)


@bp.get("/quizzes/<quiz_id>")
@any_role
def quiz(quiz_id: str):
    quiz = _quiz_or_404(quiz_id)
    return render_template("quizzes/quiz.html", status=_status(quiz), form=StartForm(),
                           module=current_catalog().module_by_order(quiz.module))


@bp.post("/quizzes/<quiz_id>/start")
@any_role
def start(quiz_id: str):
    quiz = _quiz_or_404(quiz_id)
    if not StartForm().validate_on_submit():
        abort(400)
    try:
        attempt = attempts.start(current_catalog(), current_user.id, quiz)
    except attempts.QuizError:
        flash(_("You have no attempts left on this quiz."), "error")
        return redirect(url_for(".quiz", quiz_id=quiz.id))
    return redirect(url_for(".attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@any_role
def attempt(attempt_id: int):
    """Answer the questions of one page; every navigation saves the page's answers first."""
    attempt = _own_attempt_or_404(attempt_id)
    quiz = _quiz_or_404(attempt.quiz_id)
    if attempts.ran_out(attempt):  # it reads as submitted; the next write records it (quizzes/expiry.py)
        flash(_("Time is up: your attempt was submitted with the answers saved so far."), "info")
    if not attempt.is_open or attempts.ran_out(attempt):
        return redirect(url_for(".review", attempt_id=attempt.id))
    pages, form = quiz_pages.page_count(quiz, attempt), AttemptPageForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        page = form.page_number(pages)
        answers = read_answers(quiz, attempt, page)
        try:
            attempts.save_answers(attempt, answers.responses)
        except attempts.QuizError:
            flash(_("Time is up: your attempt was submitted with the answers saved so far."), "info")
            return redirect(url_for(".review", attempt_id=attempt.id))
        if answers.problems:  # the readable answers are saved; the page comes back with what to correct
            return _answer_page(quiz, attempt, form, page, pages, answers.problems), 400
        if form.finish.data:
            return redirect(url_for(".summary", attempt_id=attempt.id))
        return redirect(url_for(".attempt", attempt_id=attempt.id, page=form.target_page(page, pages)))
    return _answer_page(quiz, attempt, form, min(parse_int(request.args.get("page"), 0), pages - 1), pages)


def _answer_page(quiz, attempt: Attempt, form: AttemptPageForm, page: int, pages: int, problems=None) -> str:
    slots = quiz_pages.slots_on_page(quiz, attempt, page)
    answers = attempts.answers_by_slot(attempt)
    form.page.data = page
    return render_template(
        "quizzes/attempt.html", quiz=quiz, attempt=attempt, form=form, page=page, pages=pages,
        questions=quiz_pages.answering_view(attempt, slots, answers, problems),
        answered={slot for slot, a in answers.items() if a.response is not None},
        per_page=quiz.per_page or len(attempt.snapshot),
    )


@bp.post("/attempts/<int:attempt_id>/save")
@any_role
def autosave(attempt_id: int):
    """Save the answers on the page as the learner goes (called by quiz.js; CSRF token in a header)."""
    attempt = _own_attempt_or_404(attempt_id)
    quiz = _quiz_or_404(attempt.quiz_id)
    answers = read_answers(quiz, attempt, posted_page())
    try:
        attempts.save_answers(attempt, answers.responses)
    except attempts.QuizError as exc:
        return jsonify(saved=False, reason=exc.code, review=url_for(".review", attempt_id=attempt.id)), 409
    if answers.problems:
        return jsonify(saved=False, problems={f"q{slot}": str(p.message)
                                              for slot, p in answers.problems.items()}), 422
    return jsonify(saved=True)


@bp.get("/attempts/<int:attempt_id>/summary")
@any_role
def summary(attempt_id: int):
    attempt = _own_attempt_or_404(attempt_id)
    quiz = _quiz_or_404(attempt.quiz_id)
    if attempts.ran_out(attempt) or not attempt.is_open:
        return redirect(url_for(".review", attempt_id=attempt.id))
    answers = attempts.answers_by_slot(attempt)
    per_page = quiz.per_page or len(attempt.snapshot)
    return render_template("quizzes/summary.html", quiz=quiz, attempt=attempt, form=SubmitForm(), per_page=per_page,
                           answered={slot for slot, a in answers.items() if a.response is not None})


@bp.post("/attempts/<int:attempt_id>/submit")
@any_role
def submit(attempt_id: int):
    attempt = _own_attempt_or_404(attempt_id)
    if not SubmitForm().validate_on_submit():
        abort(400)
    attempts.submit(attempt)  # a second submit (double click, other tab) finds it closed and changes nothing
    return redirect(url_for(".review", attempt_id=attempt.id))


@bp.get("/attempts/<int:attempt_id>/review")
@any_role
def review(attempt_id: int):
    """The submitted attempt: for its learner, the trainers of their cohort, HR and admins."""
    attempt, owner = readable_or_404(Attempt, attempt_id)
    quiz = _quiz_or_404(attempt.quiz_id)
    attempt = attempts.as_read(attempt)  # one whose time ran out reads as submitted
    if attempt.is_open:
        if owner.id == current_user.id:
            return redirect(url_for(".attempt", attempt_id=attempt.id))
        abort(404)
    shown = review_rules.shown_slots(current_catalog(), attempt, owner, current_user)
    answers = attempts.answers_by_slot(attempt)
    return render_template("quizzes/review.html", quiz=quiz, attempt=attempt, owner=owner, status=_status(quiz, owner),
                           withheld=len(shown) < len(attempt.snapshot), chapters=review_rules.chapter_scores(attempt, answers),
                           questions=quiz_pages.review_view(attempt, answers, shown))
