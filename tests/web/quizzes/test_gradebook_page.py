"""The gradebook a trainer acts on: readable cells linked to the attempt's review, grants, each quiz's average and
pass rate with its n, and filters for late, missing and not passed."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from courseware.extensions import db
from courseware.models import Assignment
from courseware.models.types import utcnow
from courseware.quizzes import attempts
from tests.quizhelpers import right_answers, wrong_answers
from tests.web.quizzes.test_teaching import take


@pytest.fixture
def cohort(users):
    trainer = users("trainer", username="wang")
    users.cohort("Other", trainers=[users("trainer", username="zhao")])
    cohort = users.cohort("2026 秋季", trainers=[trainer])
    learners = [users("learner", username=f"l{i}", cohort=cohort, display_name=name)
                for i, name in enumerate(["王芳", "李雷", "韩梅"])]
    return cohort, learners


def rows(page: str) -> list[str]:
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return re.findall(r'<span class="muted small">(l\d)</span>', body)


def footer(page: str) -> str:
    return page.split("<tfoot>")[1].split("</tfoot>")[0]


def test_a_cell_reads_as_grade_word_and_attempts_and_links_to_the_review(app, client, auth, cohort):
    cohort, learners = cohort
    take(app, learners[0], "basics-check", wrong_answers)
    last = take(app, learners[0], "basics-check", right_answers)
    auth.login("wang")
    page = client.get(f"/teach/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    assert f'href="/attempts/{last.id}/review"' in page and ">100</strong>" in page
    assert '<span class="badge badge--success">已通过</span>' in page
    assert "2 次作答 / 2" in page and "×2" not in page
    assert client.get(f"/attempts/{last.id}/review").status_code == 200  # the cohort's trainer reads it
    auth.logout()
    auth.login("zhao")
    assert client.get(f"/attempts/{last.id}/review").status_code == 404  # another cohort's trainer does not


def test_a_grant_is_marked_in_its_cell_with_a_title(app, client, auth, cohort):
    cohort, learners = cohort
    take(app, learners[1], "basics-check", wrong_answers)
    attempts.grant(learners[1].id, app.extensions["catalog"].quiz("basics-check"), 2, 0, learners[0].id)
    auth.login("wang")
    page = client.get(f"/teach/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    assert 'title="额外准许 2 次作答">额外 +2 次</span>' in page and "1 次作答 / 4" in page


def test_each_quiz_has_its_average_and_pass_rate_with_its_n(app, client, auth, cohort):
    cohort, learners = cohort
    take(app, learners[0], "basics-check", right_answers)  # 100
    take(app, learners[1], "basics-check", wrong_answers)  # 0
    take(app, learners[1], "basics-check", right_answers)  # highest: 100
    take(app, learners[2], "basics-check", wrong_answers)  # 0
    auth.login("wang")
    client.post("/language", data={"lang": "en"})
    page = client.get(f"/teach/cohorts/{cohort.id}/gradebook").get_data(as_text=True)
    cells = footer(page).split('class="gradebook__summary"')
    quiz_ids = list(app.extensions["catalog"].quizzes)
    check = cells[1 + quiz_ids.index("basics-check")]
    # (100 + 100 + 0) / 3 = 66.7; 2 of 3 passed = 67%
    assert "<strong>66.7</strong> · 67% passed" in check and "n = 3 submitted" in check
    untaken = cells[1 + quiz_ids.index("basics-due")]
    assert "—" in untaken and "n = 0 submitted" in untaken


def test_filters_narrow_the_rows(app, client, auth, cohort):
    cohort, learners = cohort
    db.session.add(Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id,
                              due_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    take(app, learners[0], "basics-check", right_answers)  # late
    take(app, learners[1], "basics-check", wrong_answers)  # late and not passed; l2: missing
    auth.login("wang")
    url = f"/teach/cohorts/{cohort.id}/gradebook"
    assert rows(client.get(url).get_data(as_text=True)) == ["l1", "l0", "l2"]  # by display name
    assert sorted(rows(client.get(url + "?show=late").get_data(as_text=True))) == ["l0", "l1"]
    assert rows(client.get(url + "?show=missing").get_data(as_text=True)) == ["l2"]
    assert rows(client.get(url + "?show=not_passed&quiz=basics-check").get_data(as_text=True)) == ["l1"]
    assert rows(client.get(url + "?show=not_passed&quiz=basics-pretest").get_data(as_text=True)) == []
    page = client.get(url + "?show=not_passed").get_data(as_text=True)
    assert "3 名学员中的 1 名" in page and "66.7" not in footer(page)  # the footer counts the whole cohort
    assert "<strong>50.0</strong>" in footer(page)


def test_an_unknown_filter_filters_nothing_and_says_which_field(client, auth, cohort):
    cohort, learners = cohort
    auth.login("wang")
    response = client.get(f"/teach/cohorts/{cohort.id}/gradebook?show=everything&quiz=nope")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and len(rows(page)) == 3
    assert page.count('class="field__error"') == 2
