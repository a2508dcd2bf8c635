"""Status words that are true: a failed post-test with attempts left says so (grants included), and the
diagnostic pre-test shows no pass or fail, on the quiz list, the quiz page, the dashboard and the gradebook."""
from __future__ import annotations

from courseware.extensions import db
from courseware.models import Assignment, QuizGrant
from tests.quizhelpers import wrong_answers
from tests.web.quizzes.test_teaching import take


def _assign(cohort, quiz_id, trainer):
    db.session.add(Assignment(kind="quiz", target_id=quiz_id, cohort_id=cohort.id, whole_cohort=True, created_by=trainer.id))
    db.session.commit()


def test_a_failed_post_test_with_an_attempt_left_says_not_passed_and_how_many_are_left(app, users):
    trainer = users("trainer", username="wang")
    cohort = users.cohort("A", trainers=[trainer])
    learner = users("learner", username="mei", cohort=cohort)
    _assign(cohort, "basics-check", trainer)
    take(app, learner, "basics-check", answer=wrong_answers)
    client = app.test_client()
    client.post("/login", data={"username": "mei", "password": "correct-horse"})
    for url in ("/quizzes", "/quizzes/basics-check", "/"):
        page = client.get(url).get_data(as_text=True)
        assert "未通过 · 还可再做 1 次" in page, url
        assert "已完成" not in page, url
    client.post("/language", data={"lang": "en"})
    assert "Not passed · 1 attempt left" in client.get("/").get_data(as_text=True)

    db.session.add(QuizGrant(user_id=learner.id, quiz_id="basics-check", extra_attempts=1, granted_by=trainer.id))
    db.session.commit()
    page = client.get("/quizzes/basics-check").get_data(as_text=True)
    assert "Not passed · 2 attempts left" in page
    assert "Attempts allowed: 3" in page and "(1 extra granted)" in page
    assert "Not passed · 2 attempts left" in client.get("/quizzes").get_data(as_text=True)

    take(app, learner, "basics-check", answer=wrong_answers)
    take(app, learner, "basics-check", answer=wrong_answers)
    page = client.get("/").get_data(as_text=True)
    assert "Not passed · no attempts left" in page


def test_the_diagnostic_pre_test_shows_no_pass_or_fail(app, users):
    trainer = users("trainer", username="wang")
    cohort = users.cohort("A", trainers=[trainer])
    learner = users("learner", username="mei", cohort=cohort, locale="en")
    take(app, learner, "basics-pretest", answer=wrong_answers)
    client = app.test_client()
    client.post("/login", data={"username": "mei", "password": "correct-horse"})
    page = client.get("/quizzes/basics-pretest").get_data(as_text=True)
    assert "Diagnostic: no pass or fail" in page and "Not passed" not in page and "Taken" in page
    row = client.get("/quizzes").get_data(as_text=True).split("basics-pretest")[1].split("</tr>")[0]
    assert "Taken" in row and "Not passed" not in row

    staff = app.test_client()
    staff.post("/login", data={"username": "wang", "password": "correct-horse"})
    staff.post("/language", data={"lang": "en"})
    book = staff.get(f"/teach/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    cell = book.split("Learner")[-1]
    assert "Fail" not in cell and "Pass" not in cell
    csv_text = staff.get(f"/teach/cohorts/{cohort.id}/gradebook.csv").get_data(as_text=True)
    assert "failed" not in csv_text and "taken" in csv_text
