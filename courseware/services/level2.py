"""Level 2, learning, read from the quiz records: pre-test per module, post-test, normalized gain."""
from __future__ import annotations

from sqlalchemy import and_, case, func, select
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


def pre_post(catalog: Catalog, learners: Select | None = None) -> Select:
    """(user_id, module, pre, post, passed) for learners with a post-test; pre may be NULL (no pre-test).
    `learners`, a select of user ids, limits it to them."""
    pre, post = pre_scores(catalog), post_scores(catalog)
    if learners is not None:
        pre, post = pre.where(Attempt.user_id.in_(learners)), post.where(Attempt.user_id.in_(learners))
    pre, post = pre.subquery(), post.subquery()
    return (select(post.c.user_id, post.c.module, pre.c.pre, post.c.post, post.c.passed)
            .join(pre, and_(pre.c.user_id == post.c.user_id, pre.c.module == post.c.module), isouter=True))


def gain_expression(pre, post):
    """The normalized gain in SQL, NULL where it is undefined (no pre-test, or a pre-test of 100)."""
    return case((and_(pre.is_not(None), pre < 100), (post - pre) / (100 - pre)), else_=None)
