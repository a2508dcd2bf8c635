"""Next steps for learners: continue at the first unread section, then the next quiz or the action plan; the card
at a module's end; attempts left (grants included) on the quiz list and the quiz page."""
from __future__ import annotations

from courseware.extensions import db
from courseware.models import ActionPlan, ReactionSurvey, SectionRead
from courseware.quizzes import attempts
from tests.quizhelpers import wrong_answers

SECTIONS = [("basics", "definition"), ("basics", "funnel"), ("next", "later"), ("next", "last")]


def hero(page: str) -> str:
    return page.split('class="hero__action"')[1].split("</div>")[0]


def read_all(user, but=()):
    for module_id, section_id in SECTIONS:
        if section_id not in but:
            db.session.add(SectionRead(user_id=user.id, module_id=module_id, section_id=section_id))
    db.session.commit()


def take_and_fail(app, client, user, quiz_id="basics-check"):
    catalog = app.extensions["catalog"]
    attempt = attempts.start(catalog, user.id, catalog.quiz(quiz_id))
    client.post(f"/attempts/{attempt.id}", data={**wrong_answers(attempt), "page": "0", "save": "1"})
    client.post(f"/attempts/{attempt.id}/submit")


def test_continue_skips_read_sections_in_course_order(client, auth, users):
    user = users("learner", username="mei")
    read_all(user, but=("later",))
    auth.login("mei")
    client.get("/learn/basics/definition")  # the last page visited is not where to continue
    assert 'href="/learn/next/later"' in hero(client.get("/").get_data(as_text=True))


def test_once_the_course_is_read_continue_points_to_the_survey_then_the_quiz_then_the_plan(app, client, auth, users):
    user = users("learner", username="mei")
    read_all(user)
    auth.login("mei")
    assert 'href="/learn/basics/survey"' in hero(client.get("/").get_data(as_text=True))
    for module_id in ("basics", "next"):
        db.session.add(ReactionSurvey(user_id=user.id, module_id=module_id, recommend=9))
    db.session.commit()
    assert 'href="/quizzes/basics-pretest"' in hero(client.get("/").get_data(as_text=True))
    for quiz_id in ("basics-pretest", "basics-check", "basics-check"):
        take_and_fail(app, client, user, quiz_id)  # failed with no attempt left: finished
    assert 'href="/action-plan"' in hero(client.get("/").get_data(as_text=True))
    db.session.add(ActionPlan(user_id=user.id))
    db.session.commit()
    page = hero(client.get("/").get_data(as_text=True))
    assert "href=" not in page and "所有测验都已完成，您的行动计划也已保存。" in page


def test_a_module_ends_with_its_survey_post_test_and_the_next_module(app, client, auth, users):
    users("learner", username="mei")
    auth.login("mei")
    end = client.get("/learn/basics/funnel").get_data(as_text=True).split('class="card module-end"')[1]
    assert 'href="/learn/basics/survey"' in end and 'href="/quizzes/basics-check"' in end
    assert 'href="/learn/next/"' in end and "未开始" in end
    assert 'class="card module-end"' not in client.get("/learn/basics/definition").get_data(as_text=True)


def test_the_module_end_card_shows_the_post_test_status_and_drops_a_rated_survey(app, client, auth, users):
    user = users("learner", username="mei")
    db.session.add(ReactionSurvey(user_id=user.id, module_id="basics", recommend=9))
    db.session.commit()
    auth.login("mei")
    take_and_fail(app, client, user)
    end = client.get("/learn/basics/funnel").get_data(as_text=True).split('class="card module-end"')[1]
    assert "/survey" not in end and "未通过 · 还可再做 1 次" in end


def test_a_granted_attempt_shows_on_the_quiz_list_and_the_quiz_page(app, client, auth, users):
    user = users("learner", username="mei")
    trainer = users("trainer", username="wang")
    auth.login("mei")
    take_and_fail(app, client, user)
    take_and_fail(app, client, user)
    row = client.get("/quizzes").get_data(as_text=True).split('href="/quizzes/basics-check"')[1].split("</tr>")[0]
    assert "剩余 0 次" in row and "未通过 · 已无剩余次数" in row
    attempts.grant(user.id, app.extensions["catalog"].quiz("basics-check"), 1, 0, trainer.id)
    row = client.get("/quizzes").get_data(as_text=True).split('href="/quizzes/basics-check"')[1].split("</tr>")[0]
    assert "剩余 1 次" in row and "额外授予 1 次" in row and "未通过 · 还可再做 1 次" in row
    page = client.get("/quizzes/basics-check").get_data(as_text=True)
    assert "允许作答次数：3" in page and "（含额外准许的 1 次）" in page and "剩余作答次数：1" in page
    assert "开始新的作答" in page
