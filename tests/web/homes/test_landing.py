"""Where each role lands after login and at "/", and who may open each home."""
from __future__ import annotations

import pytest

HOMES = {"learner": "/", "trainer": "/teach/home", "hr": "/reports/home", "admin": "/admin/home"}


@pytest.fixture
def people(users):
    cohort = users.cohort("A")
    return {role: users(role, username=f"the-{role}", cohort=cohort if role == "learner" else None) for role in HOMES}


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_lands_on_its_home_after_login_and_at_root(client, auth, people, role):
    response = auth.login(f"the-{role}")
    assert response.status_code == 302 and response.headers["Location"] == HOMES[role]
    root = client.get("/")
    if role == "learner":
        page = root.get_data(as_text=True)
        assert root.status_code == 200 and "basics-pretest" in page  # the course dashboard, pre-test first
    else:
        assert root.status_code == 302 and root.headers["Location"] == HOMES[role]
        page = client.get(HOMES[role]).get_data(as_text=True)
        assert 'href="/course"' in page and f'href="{HOMES[role]}" aria-current="page"' in page  # home and course in the header
        assert "basics-pretest" not in page  # no invitation to take the pre-test


def test_login_keeps_next(auth, people):
    response = auth.login("the-trainer", next_url="/glossary")
    assert response.headers["Location"] == "/glossary"
    auth.logout()
    assert auth.login("the-hr", next_url="//evil.example").headers["Location"] == "/reports/home"  # unsafe: home


@pytest.mark.parametrize("role", ["trainer", "hr", "admin"])
def test_staff_still_read_the_course(client, auth, people, role):
    auth.login(f"the-{role}")
    response = client.get("/course")
    assert response.status_code == 200 and 'href="/learn/basics/"' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/teach/home", "/reports/home", "/admin/home"])
def test_a_learner_is_refused_every_staff_home(client, auth, people, path):
    auth.login("the-learner")
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role,path", [("trainer", "/reports/home"), ("trainer", "/admin/home"), ("hr", "/teach/home"),
                                       ("hr", "/admin/home")])
def test_staff_are_refused_homes_of_other_roles(client, auth, people, role, path):
    auth.login(f"the-{role}")
    assert client.get(path).status_code == 403


def test_homes_send_nobody_anonymous_in(client):
    for path in HOMES.values():
        assert "/login" in client.get(path).headers["Location"]
