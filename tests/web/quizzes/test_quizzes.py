"""Taking quizzes: every question type, answers hidden until submission, resume, time limits, submit once,
the attempt limit (also under concurrency on PostgreSQL), review rules, and scores that bank edits never change."""
from __future__ import annotations

import shutil
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from courseware.catalog import load_catalog
from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer
from courseware.models.types import utcnow
from courseware.quizzes import attempts
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES
from tests.queries import count_queries
from tests.quizhelpers import right_answers, wrong_answers


@pytest.fixture
def learner(users, auth):
    user = users("learner", username="mei")
    auth.login("mei")
    return user


def start(client, quiz_id="basics-check"):
    response = client.post(f"/quizzes/{quiz_id}/start")
    assert response.status_code == 302 and "/attempts/" in response.headers["Location"]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_quiz_list_and_page(client, learner):
    assert "Basics check" in client.get("/quizzes").get_data(as_text=True) or "基础测验" in client.get("/quizzes").get_data(as_text=True)
    page = client.get("/quizzes/basics-check").get_data(as_text=True)
    assert "10" in page and "60" in page  # time limit and pass mark are stated


def test_quiz_list_makes_the_same_queries_whatever_the_learner_has_done(app, client, learner):
    """Attempts, grants and due dates of every quiz come in one query each, not one per quiz."""
    def count():
        db.session.expire_all()  # the test's one app context would otherwise keep the user loaded
        return count_queries(lambda: client.get("/quizzes"))

    before = count()
    start(client, "basics-check")
    start(client, "basics-due")
    assert before == count() == 4  # the user, assignments, attempts, grants


def test_take_a_quiz_of_every_type_and_review(client, learner):
    attempt_id = start(client)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    attempt = db.session.get(Attempt, attempt_id)
    assert {s["type"] for s in attempt.snapshot} == {"single", "multiple", "truefalse", "ordering", "matching", "numeric", "short"}
    for slot in range(7):
        assert f'id="q{slot}"' in page
    response = client.post(f"/attempts/{attempt_id}", data={**right_answers(attempt), "page": "0", "finish": "1"})
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/summary")
    assert "7" in client.get(response.headers["Location"]).get_data(as_text=True)
    response = client.post(f"/attempts/{attempt_id}/submit")
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/review")
    db.session.refresh(attempt)
    assert attempt.state == "submitted" and attempt.score == 100
    review = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "SECRET-EXPLANATION-1" in review and "100" in review


def test_partial_and_wrong_answers_score_by_the_rules(client, learner):
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    client.post(f"/attempts/{attempt_id}", data={**wrong_answers(attempt), "page": "0", "save": "1"})
    client.post(f"/attempts/{attempt_id}/submit")
    db.session.refresh(attempt)
    assert attempt.score == 0
    fractions = db.session.scalars(select(AttemptAnswer.fraction).where(AttemptAnswer.attempt_id == attempt_id)).all()
    assert len(fractions) == 7 and set(fractions) == {0.0}


def test_keys_never_reach_the_browser_before_submission(client, learner):
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    for secret in ("SECRET-EXPLANATION-1", "That is the bottom.", "The bottom includes after-sales.", "correct", "data-key"):
        assert secret not in page
    saved = client.post(f"/attempts/{attempt_id}/save", data={**right_answers(attempt), "page": "0"})
    assert saved.json == {"saved": True}
    summary = client.get(f"/attempts/{attempt_id}/summary").get_data(as_text=True)
    assert "SECRET-EXPLANATION-1" not in summary
    assert client.get(f"/attempts/{attempt_id}/review").status_code == 302  # no review while open


def test_answers_are_kept_across_a_lost_connection(app, client, learner, auth):
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    answers = right_answers(attempt)
    client.post(f"/attempts/{attempt_id}/save", data={**answers, "page": "0"})
    other = app.test_client()  # a new browser: the tab was closed
    other.post("/login", data={"username": "mei", "password": "correct-horse"})
    assert other.post("/quizzes/basics-check/start").headers["Location"].endswith(f"/attempts/{attempt_id}")  # resumes
    page = other.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    single_slot = next(i for i, s in enumerate(attempt.snapshot) if s["type"] == "single")
    assert f'name="q{single_slot}" value="{answers[f"q{single_slot}"][0]}" checked' in page
    numeric_slot = next(i for i, s in enumerate(attempt.snapshot) if s["type"] == "numeric")
    assert f'value="{answers[f"q{numeric_slot}"][0]}"' in page
    other.post(f"/attempts/{attempt_id}/submit")
    db.session.refresh(attempt)
    assert attempt.score == 100


def test_one_question_a_page_saves_as_it_moves(client, learner):
    attempt_id = start(client, "basics-pretest")
    attempt = db.session.get(Attempt, attempt_id)
    answers = right_answers(attempt)
    first = {k: v for k, v in answers.items() if k == "q0" or k.startswith("q0-")}
    response = client.post(f"/attempts/{attempt_id}", data={**first, "page": "0", "next": "1"})
    assert response.headers["Location"].endswith("page=1")
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)) == 1
    assert 'id="q1"' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_time_limit_is_enforced_on_the_server(client, learner):
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    client.post(f"/attempts/{attempt_id}/save", data={**right_answers(attempt), "page": "0"})
    attempt.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    late = client.post(f"/attempts/{attempt_id}/save", data={**wrong_answers(attempt), "page": "0"})
    assert late.status_code == 409 and late.json["reason"] == "time_up"
    db.session.refresh(attempt)
    assert attempt.state == "submitted" and attempt.auto_submitted and attempt.score == 100  # what was saved in time
    assert attempt.submitted_at == attempt.deadline_at
    assert client.get(f"/attempts/{attempt_id}").headers["Location"].endswith("/review")


def test_expired_attempt_reads_as_submitted_and_the_next_write_records_it(client, learner):
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    attempt.deadline_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    page = client.get("/quizzes/basics-check").get_data(as_text=True)
    assert f"/attempts/{attempt_id}/review" in page and f'href="/attempts/{attempt_id}"' not in page
    db.session.refresh(attempt)
    assert attempt.state == "in_progress"  # a read writes nothing (tests/web/quizzes/test_reads_do_not_write.py)
    client.post("/quizzes/basics-check/start")  # the next write records it, as it was read
    db.session.refresh(attempt)
    assert attempt.state == "submitted" and attempt.score == 0 and attempt.auto_submitted
    assert attempt.submitted_at == attempt.deadline_at
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2


def test_submitting_twice_counts_once(client, learner):
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    client.post(f"/attempts/{attempt_id}", data={**right_answers(attempt), "page": "0", "save": "1"})
    client.post(f"/attempts/{attempt_id}/submit")
    db.session.refresh(attempt)
    first_time, score = attempt.submitted_at, attempt.score
    client.post(f"/attempts/{attempt_id}/submit")  # double click / retry / second tab
    client.post(f"/attempts/{attempt_id}", data={**wrong_answers(attempt), "page": "0", "save": "1"})
    db.session.refresh(attempt)
    assert (attempt.submitted_at, attempt.score) == (first_time, score)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_attempt_limit_and_grading_method(client, learner):
    for answers in (wrong_answers, right_answers):
        attempt_id = start(client)
        attempt = db.session.get(Attempt, attempt_id)
        client.post(f"/attempts/{attempt_id}", data={**answers(attempt), "page": "0", "save": "1"})
        client.post(f"/attempts/{attempt_id}/submit")
    response = client.post("/quizzes/basics-check/start")
    assert response.headers["Location"].endswith("/quizzes/basics-check")
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2
    status = attempts.status(learner.id, client.application.extensions["catalog"].quiz("basics-check"))
    assert status.grade == 100 and status.passed  # highest of 0 and 100


def test_review_after_last_attempt_hides_answers_until_then(app, client, learner, users):
    quiz = app.extensions["catalog"].quiz("basics-pretest")
    attempts.grant(learner.id, quiz, 1, 0, learner.id)  # two attempts now
    attempt_id = start(client, "basics-pretest")
    client.post(f"/attempts/{attempt_id}/submit")
    page = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "SECRET-EXPLANATION-1" not in page and 'class="explanation"' not in page
    second = start(client, "basics-pretest")
    client.post(f"/attempts/{second}/submit")
    # The pre-test's answers wait for the chapter's post-test, which asks the same questions again.
    assert 'class="explanation"' not in client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    client.post(f"/attempts/{start(client, 'basics-check')}/submit")  # its review rule: immediately
    assert 'class="explanation"' in client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)


def test_review_after_due_date(app, client, learner, users):
    from courseware.models import Assignment

    cohort = users.cohort("A")
    learner.cohort_id = cohort.id
    assignment = Assignment(kind="quiz", target_id="basics-due", cohort_id=cohort.id, due_at=utcnow() + timedelta(days=1))
    db.session.add(assignment)
    db.session.commit()
    attempt_id = start(client, "basics-due")
    client.post(f"/attempts/{attempt_id}/submit")
    assert 'class="explanation"' not in client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assignment.due_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert 'class="explanation"' in client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)


def test_other_people_cannot_open_an_attempt(app, client, learner, users, auth):
    own_trainer = users("trainer", username="wang")
    cohort = users.cohort("A", trainers=[own_trainer])
    learner.cohort_id = cohort.id
    db.session.commit()
    attempt_id = start(client)
    client.post(f"/attempts/{attempt_id}/submit")
    users("learner", username="lei", cohort=cohort)
    outsider_trainer = users("trainer", username="zhao")
    users.cohort("B", trainers=[outsider_trainer])
    for name, expected in (("lei", 404), ("zhao", 404), ("wang", 200)):
        auth.logout()
        auth.login(name)
        assert client.get(f"/attempts/{attempt_id}/review").status_code == expected, name
        assert client.get(f"/attempts/{attempt_id}").status_code == 404, name
        assert client.post(f"/attempts/{attempt_id}/submit").status_code == 404, name
        assert client.post(f"/attempts/{attempt_id}/save", data={"page": "0"}).status_code == 404, name


def test_bank_edits_never_change_a_past_score(app, client, learner, tmp_path):
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    client.post(f"/attempts/{attempt_id}", data={**right_answers(attempt), "page": "0", "save": "1"})
    client.post(f"/attempts/{attempt_id}/submit")
    quizzes = tmp_path / "quizzes"
    shutil.copytree(FIXTURE_QUIZZES, quizzes)
    bank = quizzes / "basics.yaml"
    text = bank.read_text(encoding="utf-8")
    text = text.replace("漏斗顶部是什么阶段", "EDITED QUESTION").replace("        correct: true\n", "", 1)
    text = text.replace("      - id: b\n        text: {zh-Hans: 成交, en: Closing}\n", "      - id: b\n        text: {zh-Hans: 成交, en: Closing}\n        correct: true\n")
    bank.write_text(text, encoding="utf-8")
    catalog, problems = load_catalog(FIXTURE_CONTENT, quizzes)
    assert problems == [] and catalog.banks["basics"].question("q-single").data["choices"][1]["correct"]
    app.extensions["catalog"] = catalog
    review = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    db.session.refresh(attempt)
    assert attempt.score == 100 and "EDITED QUESTION" not in review and "漏斗顶部是什么阶段" in review


def test_attempt_limit_holds_under_simultaneous_starts(app, learner, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serializes writers; this race is run against PostgreSQL")
    catalog = app.extensions["catalog"]
    quiz = catalog.quiz("basics-pretest")  # one attempt allowed
    barrier = threading.Barrier(8)
    results, errors = [], []

    def race():
        with app.app_context():
            barrier.wait()
            try:
                results.append(attempts.start(catalog, learner.id, quiz).id)
            except attempts.QuizError as exc:
                errors.append(exc.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
    assert len(set(results)) == 1 and errors == []


def test_simultaneous_submits_count_once(app, client, learner, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite serializes writers; this race is run against PostgreSQL")
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    client.post(f"/attempts/{attempt_id}/save", data={**right_answers(attempt), "page": "0"})
    barrier = threading.Barrier(6)
    failures = []

    def race():
        with app.app_context():
            own = db.session.get(Attempt, attempt_id)
            barrier.wait()
            try:
                attempts.submit(own)
            except Exception as exc:  # noqa: BLE001 (the assertion below reports it)
                failures.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=race) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt_id)
    assert failures == [] and attempt.state == "submitted" and attempt.score == 100
    assert db.session.scalar(select(func.count()).select_from(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id)) == 7
