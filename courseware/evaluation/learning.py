"""Level 2, learning, read from the quiz records: pre-test per module, post-test, normalized gain."""
from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

from courseware.catalog import Catalog
from courseware.models import Attempt, AttemptAnswer
from courseware.models.quiz import SUBMITTED


def normalized_gain(pre: float | None, post: float | None) -> float | None:
    """(post - pre) / (100 - pre), the share of what there was left to learn; undefined at a pre-test of 100."""
    if pre is None or post is None or pre >= 100:
        return None
    return (post - pre) / (100 - pre)


def pretest_id(catalog: Catalog) -> str | None:
    return next((q.id for q in catalog.quizzes.values() if q.kind == "pretest"), None)


def posttests(catalog: Catalog) -> dict[str, int]:
    """post-test quiz id -> module number."""
    return {q.id: q.module for q in catalog.quizzes.values() if q.kind == "posttest" and q.module}


def pre_scores(catalog: Catalog) -> Select:
    """(user_id, module, pre): each learner's first pre-test, scored on the questions of each module."""
    return (select(Attempt.user_id.label("user_id"), AttemptAnswer.module.label("module"),
                   (100 * func.sum(AttemptAnswer.fraction) / func.count(AttemptAnswer.id)).label("pre"))
            .join(AttemptAnswer, AttemptAnswer.attempt_id == Attempt.id)
            .where(Attempt.quiz_id == pretest_id(catalog), Attempt.number == 1, Attempt.state == SUBMITTED,
                   AttemptAnswer.module.is_not(None))
            .group_by(Attempt.user_id, AttemptAnswer.module))


def post_scores(catalog: Catalog) -> Select:
    """(user_id, module, post, passed): each learner's best post-test per module, and whether it passed."""
    tests = posttests(catalog)
    module = case({quiz_id: number for quiz_id, number in tests.items()}, value=Attempt.quiz_id, else_=None)
    pass_mark = case({quiz_id: catalog.quizzes[quiz_id].pass_mark for quiz_id in tests}, value=Attempt.quiz_id, else_=100)
    best = func.max(Attempt.score)
    return (select(Attempt.user_id.label("user_id"), module.label("module"), best.label("post"),
                   func.max(case((Attempt.score >= pass_mark, 1), else_=0)).label("passed"))
            .where(Attempt.quiz_id.in_(list(tests) or ["-"]), Attempt.state == SUBMITTED)
            .group_by(Attempt.user_id, module))


def anchor_scores(catalog: Catalog) -> Select:
    """(user_id, module, anchor_pre, anchor_post, anchors): each learner's scores on the anchor items, the questions
    asked both by their first pre-test and by a post-test of the module (a post-test re-asks them): the pre-test's
    score on them, and the best post-test attempt's score on them. The normalized gain compares these two."""
    tests = posttests(catalog)
    module = case({quiz_id: number for quiz_id, number in tests.items()}, value=Attempt.quiz_id, else_=None)
    pre_attempt, pre_answer = aliased(Attempt), aliased(AttemptAnswer)
    per_attempt = (
        select(Attempt.user_id.label("user_id"), module.label("module"),
               (100 * func.sum(pre_answer.fraction) / func.count(pre_answer.slot)).label("pre"),
               (100 * func.sum(AttemptAnswer.fraction) / func.count(AttemptAnswer.id)).label("post"),
               func.count(AttemptAnswer.id).label("anchors"))
        .join(AttemptAnswer, AttemptAnswer.attempt_id == Attempt.id)
        .join(pre_attempt, and_(pre_attempt.user_id == Attempt.user_id, pre_attempt.quiz_id == pretest_id(catalog),
                                pre_attempt.number == 1, pre_attempt.state == SUBMITTED))
        .join(pre_answer, and_(pre_answer.attempt_id == pre_attempt.id, pre_answer.question_id == AttemptAnswer.question_id))
        .where(Attempt.quiz_id.in_(list(tests) or ["-"]), Attempt.state == SUBMITTED)
        .group_by(Attempt.user_id, module, Attempt.id)
    ).subquery()
    return (select(per_attempt.c.user_id, per_attempt.c.module, func.max(per_attempt.c.pre).label("anchor_pre"),
                   func.max(per_attempt.c.post).label("anchor_post"), func.max(per_attempt.c.anchors).label("anchors"))
            .group_by(per_attempt.c.user_id, per_attempt.c.module))


def pre_post(catalog: Catalog, learners: Select | None = None) -> Select:
    """(user_id, module, pre, post, passed, anchor_pre, anchor_post) for learners with a post-test; pre and the
    anchor scores may be NULL (no pre-test). `learners`, a select of user ids, limits it to them."""
    pre, post, anchored = pre_scores(catalog), post_scores(catalog), anchor_scores(catalog)
    if learners is not None:
        pre, post = pre.where(Attempt.user_id.in_(learners)), post.where(Attempt.user_id.in_(learners))
        anchored = anchored.where(anchored.selected_columns.user_id.in_(learners))
    pre, post, anchored = pre.subquery(), post.subquery(), anchored.subquery()
    return (select(post.c.user_id, post.c.module, pre.c.pre, post.c.post, post.c.passed,
                   anchored.c.anchor_pre, anchored.c.anchor_post)
            .join(pre, and_(pre.c.user_id == post.c.user_id, pre.c.module == post.c.module), isouter=True)
            .join(anchored, and_(anchored.c.user_id == post.c.user_id, anchored.c.module == post.c.module), isouter=True))


def gain_expression(pre, post):
    """The normalized gain in SQL, NULL where it is undefined (no pre-test, or a pre-test of 100)."""
    return case((and_(pre.is_not(None), pre < 100), (post - pre) / (100 - pre)), else_=None)
