"""What a review may show: a withheld key also withholds the right/wrong marks; the pre-test shows its score
per chapter and a chapter's keys only once that chapter's post-test shows its own; a trainer is warned before
granting an attempt to a learner who can already read the key."""
from __future__ import annotations

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import QuizGrant
from tests.quizhelpers import right_answers, wrong_answers
from tests.web.quizzes.test_teaching import take

MARKS = ("mark--right", "mark--wrong", "mark--partial")


def _client(app, username):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "correct-horse"})
    client.post("/language", data={"lang": "en"})
    return client


def test_a_withheld_key_also_withholds_the_marks(app, users):
    learner = users("learner", username="mei")
    attempt = take(app, learner, "basics-due", answer=wrong_answers)  # review after the due date; no due date yet
    page = _client(app, "mei").get(f"/attempts/{attempt.id}/review").get_data(as_text=True)
    assert not any(mark in page for mark in MARKS) and "Incorrect" not in page and "Correct answer<" not in page and "Correct answer:" not in page
    assert "Answered" in page and "shown after the due date" in page
    staff = users("admin", username="boss")
    assert staff and "mark--wrong" in _client(app, "boss").get(f"/attempts/{attempt.id}/review").get_data(as_text=True)


def test_the_pre_test_shows_chapter_scores_and_its_keys_once_the_chapters_post_test_shows_its_own(app, users):
    learner = users("learner", username="mei")
    pretest = take(app, learner, "basics-pretest", answer=right_answers)
    client = _client(app, "mei")
    page = client.get(f"/attempts/{pretest.id}/review").get_data(as_text=True)
    assert "Score per chapter" in page and "Chapter 1" in page and "Diagnostic: no pass or fail" in page
    assert "Below the pass mark" not in page
    assert not any(mark in page for mark in MARKS) and "post-test shows its own answers" in page
    take(app, learner, "basics-check", answer=wrong_answers)  # the post-test shows its key at once (fixture rule)
    page = client.get(f"/attempts/{pretest.id}/review").get_data(as_text=True)
    assert "mark--right" in page and "post-test shows its own answers" not in page


def test_granting_an_attempt_after_the_key_was_shown_asks_first(app, users):
    trainer = users("trainer", username="wang")
    cohort = users.cohort("A", trainers=[trainer])
    learner = users("learner", username="mei", cohort=cohort)
    take(app, learner, "basics-check", answer=wrong_answers)  # review: immediately, so the key is shown
    client = _client(app, "wang")
    data = {"learner": learner.id, "quiz": "basics-check", "extra_attempts": 1, "extra_minutes": 0}
    page = client.post(f"/teach/cohorts/{cohort.id}/grants", data=data)
    assert page.status_code == 200 and "can already see the correct answers" in page.get_data(as_text=True)
    assert db.session.scalar(select(QuizGrant)) is None
    done = client.post(f"/teach/cohorts/{cohort.id}/grants", data={**data, "confirmed": "1"})
    assert done.status_code == 302 and db.session.scalar(select(QuizGrant)).extra_attempts == 1
    # Extra minutes alone need no warning (no new attempt), and a learner who has not seen the key needs none.
    other = users("learner", username="lei", cohort=cohort)
    assert client.post(f"/teach/cohorts/{cohort.id}/grants", data={**data, "learner": other.id}).status_code == 302
