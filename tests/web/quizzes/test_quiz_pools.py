"""Practice never shows an assessment question: 300 practice attempts through the attempts service, on the shipped banks."""
from __future__ import annotations

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Attempt
from courseware.quizzes import attempts


def test_300_practice_attempts_show_no_assessment_question(real_app, users):
    catalog = real_app.extensions["catalog"]
    learners = [users("learner") for _ in range(10)]  # 30 attempts each: a start reads the learner's earlier attempts
    assessment = {q.id for bank in catalog.banks.values() for q in bank.questions if q.pool == "assessment"}
    practice_quizzes = [q for q in catalog.quizzes.values() if q.kind == "practice" and q.module in (1, 2, 3)]
    assert len(practice_quizzes) == 3
    seen: set[str] = set()
    for n in range(300):
        quiz = practice_quizzes[n % 3]
        attempt = attempts.start(catalog, learners[n // 30].id, quiz)
        attempts.submit(attempt, {})
        seen |= {s["question"] for s in attempt.snapshot}
    ids = [learner.id for learner in learners]
    assert db.session.scalar(select(db.func.count()).select_from(Attempt).where(Attempt.user_id.in_(ids))) == 300
    assert seen and seen.isdisjoint(assessment)
    practice = {q.id for bank in catalog.banks.values() if bank.module in (1, 2, 3) for q in bank.questions
                if q.pool == "practice"}
    assert seen == practice  # 100 draws of 8 per chapter reach the whole practice pool, and nothing else


def test_tests_draw_only_assessment_questions(real_app, users):
    catalog = real_app.extensions["catalog"]
    practice = {q.id for bank in catalog.banks.values() for q in bank.questions if q.pool == "practice"}
    for quiz in (q for q in catalog.quizzes.values() if q.kind in ("pretest", "posttest")):
        learner = users("learner")
        attempt = attempts.start(catalog, learner.id, quiz)
        drawn = {s["question"] for s in attempt.snapshot}
        assert len(drawn) == quiz.question_count and drawn.isdisjoint(practice), quiz.id


def test_module_4_post_test_reaches_the_learning_figures_without_a_pre_test(real_app, users):
    """Module 4 has no pre-test questions: its row shows the post-test and pass rate, and no pre-test or gain."""
    from courseware.catalog.questions import question_type
    from courseware.evaluation.report import compute

    catalog = real_app.extensions["catalog"]
    cohort = users.cohort("M4")
    learner = users("learner", cohort=cohort)
    attempt = attempts.start(catalog, learner.id, catalog.quiz("posttest-summary-action-plan"))
    right = {slot: question_type(s["type"]).correct_response(s) for slot, s in enumerate(attempt.snapshot)}
    attempts.submit(attempt, right)
    assert attempt.score == 100
    row = compute.compute(catalog, {f"c{cohort.id}"})[f"c{cohort.id}"].learning[4]
    assert (row.post.value, row.post.n, row.pass_rate.value) == (100, 1, 100)
    assert row.pre.value is None and row.gain.value is None and row.gain.n == 0
