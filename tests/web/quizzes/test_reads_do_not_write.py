"""Reading pages writes nothing: an attempt whose time ran out reads as submitted, with the score of the answers
saved in time, on every page; it is recorded by the next write, and the report counts it once."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from courseware.evaluation.report import summaries
from courseware.evaluation.report.changes import scope_of
from courseware.extensions import db
from courseware.models import Attempt
from courseware.models.types import utcnow
from courseware.quizzes import gradebook, item_statistics
from tests.quizhelpers import right_answers

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class Writes:
    """The INSERT/UPDATE/DELETE statements and the commits sent to the database while it is active."""

    def __init__(self):
        self.statements: list[str] = []
        self.commits = 0

    def _statement(self, _conn, _cursor, statement, *_args):
        if WRITE.match(statement):
            self.statements.append(statement.split("\n")[0])

    def _commit(self, _conn):
        self.commits += 1

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._statement)
        event.listen(db.engine, "commit", self._commit)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._statement)
        event.remove(db.engine, "commit", self._commit)

    @property
    def none(self) -> bool:
        return not self.statements and self.commits == 0


@pytest.fixture
def ran_out(app, client, auth, users):
    """Mei's timed attempt, every answer right and saved, whose time ran out; trainer Wang of her cohort."""
    trainer = users("trainer", username="wang")
    cohort = users.cohort("A", trainers=[trainer])
    mei = users("learner", username="mei", cohort=cohort)
    auth.login("mei")
    client.post("/language", data={"lang": "en"})
    response = client.post("/quizzes/basics-check/start")
    attempt_id = int(response.headers["Location"].rsplit("/", 1)[1])
    attempt = db.session.get(Attempt, attempt_id)
    assert client.post(f"/attempts/{attempt_id}", data={**right_answers(attempt), "page": "0", "save": "1"}).status_code == 302
    attempt.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    return cohort, mei, attempt_id


def _read(client, path: str) -> str:
    db.session.expire_all()
    with Writes() as writes:
        response = client.get(path)
    assert response.status_code == 200, path
    assert writes.none, f"GET {path} wrote: {writes.statements} ({writes.commits} commits)"
    return response.get_data(as_text=True)


def test_learner_pages_read_a_timed_out_attempt_as_submitted_and_write_nothing(client, ran_out):
    _cohort, _mei, attempt_id = ran_out
    for path in ("/quizzes", "/", "/quizzes/basics-check", f"/attempts/{attempt_id}/review"):
        page = _read(client, path)
        assert f'href="/attempts/{attempt_id}"' not in page, path  # no "continue": it reads as submitted
    quiz_page = _read(client, "/quizzes/basics-check")
    assert f"/attempts/{attempt_id}/review" in quiz_page and ">100<" in quiz_page.replace(" ", "")
    review = _read(client, f"/attempts/{attempt_id}/review")
    assert "100" in review
    assert db.session.scalar(select(Attempt.state).where(Attempt.id == attempt_id)) == "in_progress"


def test_gradebook_and_item_statistics_read_it_as_submitted_and_write_nothing(app, client, auth, ran_out):
    cohort, mei, _attempt_id = ran_out
    auth.logout()
    auth.login("wang")
    client.post("/language", data={"lang": "en"})
    book = _read(client, f"/teach/cohorts/{cohort.id}/gradebook")
    assert "<strong>100</strong>" in book and "1 attempt /" in book
    _read(client, f"/teach/cohorts/{cohort.id}/gradebook.csv")
    _read(client, "/teach/quizzes/basics-check/statistics")
    catalog = app.extensions["catalog"]
    with Writes() as writes:
        cell = gradebook.build(catalog, cohort).cell(mei, catalog.quiz("basics-check"))
        stats = item_statistics.report(catalog.quiz("basics-check"), [cohort.id])
    assert writes.none
    assert (cell.grade, cell.attempts, cell.in_progress, cell.passed) == (100, 1, False, True)
    assert stats.test.s == 1 and stats.test.mean == 100 and {q.facility for q in stats.test.questions} == {100.0}


def test_the_report_counts_it_once_and_the_next_write_records_it(app, client, ran_out):
    cohort, mei, attempt_id = ran_out
    catalog = app.extensions["catalog"]
    scope = scope_of(cohort.id)

    def post_test():
        figures = summaries.all_figures(catalog)[scope]
        return figures.learning[1].post.value, figures.learning[1].post.n, figures.evidence.get(2)

    assert post_test() == (100.0, 1, 1)  # the report records it in one step of its own, then computes
    attempt = db.session.get(Attempt, attempt_id)
    assert (attempt.state, attempt.score, attempt.auto_submitted) == ("submitted", 100.0, True)
    assert attempt.submitted_at == attempt.deadline_at
    assert post_test() == (100.0, 1, 1)  # stored, once
    client.post("/quizzes/basics-check/start")  # a second attempt: the first stays counted once
    assert post_test() == (100.0, 1, 1)
    assert len(db.session.scalars(select(Attempt).where(Attempt.user_id == mei.id)).all()) == 2


def test_a_stored_report_learns_of_an_attempt_that_ran_out_later(app, client, ran_out):
    """Figures stored while the attempt was still running are stale once its time runs out, with no write between."""
    cohort, _mei, attempt_id = ran_out
    catalog = app.extensions["catalog"]
    attempt = db.session.get(Attempt, attempt_id)
    attempt.deadline_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert 1 not in summaries.all_figures(catalog)[scope_of(cohort.id)].learning  # running: not counted
    # Time passes: the report is not told (the statement goes past the session's listeners, as the clock does).
    db.session.connection().execute(Attempt.__table__.update().where(Attempt.__table__.c.id == attempt_id)
                                    .values(deadline_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    assert summaries.all_figures(catalog)[scope_of(cohort.id)].learning[1].post.value == 100.0
