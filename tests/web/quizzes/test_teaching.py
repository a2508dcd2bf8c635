"""Trainers: assignments with due dates on the learner's dashboard, the gradebook and its CSV, grants, statistics."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Assignment
from courseware.models.types import utcnow
from courseware.quizzes import attempts
from tests.quizhelpers import right_answers, wrong_answers


@pytest.fixture
def cohort_setup(users):
    trainer = users("trainer", username="wang")
    other_trainer = users("trainer", username="zhao")
    cohort = users.cohort("2026 秋季", trainers=[trainer])
    users.cohort("Other", trainers=[other_trainer])
    learners = [users("learner", username=f"l{i}", cohort=cohort, display_name=name)
                for i, name in enumerate(["王芳", "李雷", "=1+1"])]
    return trainer, cohort, learners


def take(app, user, quiz_id, answer=right_answers):
    catalog = app.extensions["catalog"]
    attempt = attempts.start(catalog, user.id, catalog.quiz(quiz_id))
    client = app.test_client()
    client.post("/login", data={"username": user.username, "password": "correct-horse"})
    client.post(f"/attempts/{attempt.id}", data={**answer(attempt), "page": "0", "save": "1"})
    client.post(f"/attempts/{attempt.id}/submit")
    db.session.refresh(attempt)
    return attempt


def test_trainer_assigns_a_quiz_with_a_due_date_and_the_learner_sees_it(client, auth, cohort_setup):
    trainer, cohort, learners = cohort_setup
    auth.login("wang")
    response = client.post(f"/teach/cohorts/{cohort.id}/assignments",
                           data={"target": "quiz:basics-check", "due_at": "2030-03-01T18:00"})
    assert response.status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert assignment.whole_cohort and assignment.due_at.isoformat() == "2030-03-01T10:00:00+00:00"  # 18:00 in Shanghai
    auth.logout()
    auth.login("l0")
    page = client.get("/").get_data(as_text=True)
    assert 'href="/quizzes/basics-check"' in page and "2030" in page and "badge--danger" not in page


def test_assignments_are_named_in_one_translated_phrase(app, client, auth, cohort_setup):
    """"Quiz: title" is one message, so Chinese gets its full-width colon on the dashboard and the cohort page."""
    trainer, cohort, learners = cohort_setup
    catalog = app.extensions["catalog"]
    db.session.add_all([Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id),
                        Assignment(kind="module", target_id="next", cohort_id=cohort.id),
                        Assignment(kind="scenario", target_id="practice-call", cohort_id=cohort.id)])
    db.session.commit()
    titles = {"quiz": catalog.quiz("basics-check").title, "module": catalog.module("next").title,
              "scenario": catalog.scenario("practice-call").title}
    kinds = {"zh-Hans": {"quiz": "测验：", "module": "模块：", "scenario": "角色扮演："},
             "en": {"quiz": "Quiz: ", "module": "Module: ", "scenario": "Role play: "}}
    for who, path in (("l0", "/"), ("wang", f"/teach/cohorts/{cohort.id}")):
        auth.login(who)
        for lang, prefixes in kinds.items():
            client.post("/language", data={"lang": lang})
            page = client.get(path).get_data(as_text=True)
            for kind, prefix in prefixes.items():
                assert prefix + titles[kind][lang] in page, (who, lang, kind)
        auth.logout()


def test_overdue_and_done_on_the_dashboard(app, client, auth, cohort_setup):
    trainer, cohort, learners = cohort_setup
    db.session.add_all([
        Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id, due_at=utcnow() - timedelta(days=1)),
        Assignment(kind="module", target_id="next", cohort_id=cohort.id, due_at=utcnow() - timedelta(days=1)),
    ])
    db.session.commit()
    auth.login("l0")
    page = client.get("/").get_data(as_text=True)
    assert page.count("badge badge--danger") == 2
    take(app, learners[0], "basics-check")
    page = client.get("/").get_data(as_text=True)
    assert page.count("badge badge--danger") == 1 and "badge badge--success" in page


def test_assignment_to_chosen_learners_only(client, auth, cohort_setup):
    trainer, cohort, learners = cohort_setup
    auth.login("wang")
    client.post(f"/teach/cohorts/{cohort.id}/assignments", data={"target": "module:basics", "learners": [str(learners[1].id)]})
    auth.logout()
    auth.login("l0")
    assert 'href="/learn/basics/"' not in client.get("/").get_data(as_text=True).split("Modules")[0].split("模块")[0]
    auth.logout()
    auth.login("l1")
    assert "badge\">" in client.get("/").get_data(as_text=True)


def test_only_the_cohorts_trainers_manage_it(client, auth, cohort_setup, users):
    trainer, cohort, learners = cohort_setup
    auth.login("zhao")
    assert client.get(f"/teach/cohorts/{cohort.id}").status_code == 404
    assert client.post(f"/teach/cohorts/{cohort.id}/assignments", data={"target": "quiz:basics-check"}).status_code == 404
    assert client.get(f"/teach/cohorts/{cohort.id}/gradebook").status_code == 404
    assert db.session.scalar(select(Assignment)) is None
    auth.logout()
    users("hr", username="hr1")
    auth.login("hr1")
    assert client.get(f"/teach/cohorts/{cohort.id}/gradebook").status_code == 200  # HR reads
    assert client.post(f"/teach/cohorts/{cohort.id}/assignments", data={"target": "quiz:basics-check"}).status_code == 403
    auth.logout()
    auth.login("l0")
    assert client.get("/teach/").status_code == 403


def test_gradebook_shows_attempts_best_last_pass_and_late_or_missing(app, client, auth, cohort_setup):
    trainer, cohort, learners = cohort_setup
    db.session.add(Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id, due_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    take(app, learners[0], "basics-check", wrong_answers)
    take(app, learners[0], "basics-check", right_answers)  # submitted after the due date: late
    auth.login("wang")
    page = client.get(f"/teach/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    assert "王芳" in page and ">100</strong>" in page and "2 次作答 / 2" in page  # grade 100, two attempts of two
    assert "badge--danger" in page  # late for one learner, missing for the others
    response = client.get(f"/teach/cohorts/{cohort.id}/gradebook.csv")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    header, by_name = rows[0], {r[1]: r for r in rows[1:]}
    column = next(i for i, h in enumerate(header) if h.endswith("：成绩") and "基础测验" in h)  # headers in the reader's language
    assert by_name["王芳"][column] == "100.0" and by_name["王芳"][column + 1] == "通过（迟交）"
    assert by_name["李雷"][column + 1] == "缺交" and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", by_name["李雷"][column + 2])
    assert "'=1+1" in by_name  # a formula in a name is neutralized


def test_grant_extra_attempt_and_more_time(app, client, auth, cohort_setup):
    trainer, cohort, learners = cohort_setup
    catalog = app.extensions["catalog"]
    quiz = catalog.quiz("basics-pretest")
    take(app, learners[0], "basics-pretest")
    with pytest.raises(attempts.QuizError):
        attempts.start(catalog, learners[0].id, quiz)
    auth.login("wang")
    client.post(f"/teach/cohorts/{cohort.id}/grants", data={"learner": learners[0].id, "quiz": "basics-pretest",
                                                             "extra_attempts": 1, "extra_minutes": 0})
    assert attempts.start(catalog, learners[0].id, quiz).number == 2
    open_attempt = attempts.start(catalog, learners[1].id, catalog.quiz("basics-check"))
    deadline = open_attempt.deadline_at
    client.post(f"/teach/cohorts/{cohort.id}/grants", data={"learner": learners[1].id, "quiz": "basics-check",
                                                             "extra_attempts": 0, "extra_minutes": 15})
    db.session.refresh(open_attempt)
    assert open_attempt.deadline_at - deadline == timedelta(minutes=15)


def test_grant_refuses_learners_of_other_cohorts(client, auth, cohort_setup, users):
    trainer, cohort, learners = cohort_setup
    stranger = users("learner", username="stranger")
    auth.login("wang")
    client.post(f"/teach/cohorts/{cohort.id}/grants", data={"learner": stranger.id, "quiz": "basics-pretest", "extra_attempts": 1})
    from courseware.models import QuizGrant
    assert db.session.scalar(select(QuizGrant)) is None


def test_item_statistics_page(app, client, auth, cohort_setup):
    trainer, cohort, learners = cohort_setup
    take(app, learners[0], "basics-check", right_answers)
    take(app, learners[1], "basics-check", wrong_answers)
    take(app, learners[2], "basics-check", right_answers)
    auth.login("wang")
    page = client.get(f"/teach/quizzes/basics-check/statistics?cohort={cohort.id}").get_data(as_text=True)
    assert "q-single" in page and "66.7" in page  # mean of 100, 0, 100
    assert page.count('<span class="muted" title=') >= 1  # not available: kurtosis needs 4 attempts
    auth.logout()
    auth.login("zhao")
    assert client.get(f"/teach/quizzes/basics-check/statistics?cohort={cohort.id}").status_code == 404
    assert "q-single" not in client.get("/teach/quizzes/basics-check/statistics").get_data(as_text=True)  # not his cohort


def test_statistics_count_each_choice(app, cohort_setup):
    from courseware.quizzes.item_statistics import report

    trainer, cohort, learners = cohort_setup
    for learner in learners:
        take(app, learner, "basics-check", right_answers)
    result = report(app.extensions["catalog"].quiz("basics-check"), [cohort.id])
    single = next(q for q in result.questions if q.id == "q-single")
    assert [(key, count, is_key) for key, _text, count, is_key in single.choices] == [("a", 3, True), ("b", 0, False), ("c", 0, False)]
    assert result.test.s == 3 and result.test.mean == 100 and result.complete
