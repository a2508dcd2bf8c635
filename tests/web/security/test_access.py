"""Role checks: every view states who may call it, and the roles are enforced."""
from __future__ import annotations

import pytest


def test_every_view_declares_its_roles(app):
    undeclared = [
        rule.endpoint for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not hasattr(app.view_functions[rule.endpoint], "allowed_roles")
    ]
    assert undeclared == []


ADMIN_PAGES = ["/admin/users", "/admin/users/new", "/admin/cohorts", "/admin/cohorts/new"]


@pytest.mark.parametrize("role", ["learner", "trainer", "hr"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_are_forbidden_to_other_roles(client, auth, users, role, path):
    users(role, username="someone")
    auth.login("someone")
    response = client.get(path)
    assert response.status_code == 403
    assert 'class="card error-page"' in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_open_to_admin(client, auth, users, path):
    users("admin", username="boss")
    auth.login("boss")
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/", "/learn/basics/", "/learn/basics/definition", "/glossary", "/admin/users"])
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["learner", "trainer", "hr", "admin"])
def test_every_role_can_read_the_course(client, auth, users, role):
    users(role, username="reader")
    auth.login("reader")
    assert client.get("/learn/basics/definition").status_code == 200


def test_unknown_pages_get_the_404_page(client, auth, users):
    users("learner", username="mei")
    auth.login("mei")
    for path in ("/no/such/page", "/learn/nothing/", "/learn/basics/nothing", "/learn/basics/images/secret.svg",
                 "/learn/basics/images/../module.yaml"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert 'class="card error-page"' in response.get_data(as_text=True)


def test_only_the_pictures_of_a_module_are_served(client, auth, users):
    users("learner", username="mei")
    auth.login("mei")
    response = client.get("/learn/basics/images/funnel.en.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert b"<svg" in response.get_data()
    response.close()
    assert client.get("/learn/basics/images/../en.md").status_code == 404


def test_server_error_page_in_site_look(make_extra_app):
    app = make_extra_app(PROPAGATE_EXCEPTIONS=False)  # a new app: a route can only be added before its first request

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    boom.allowed_roles = ("anonymous",)
    response = app.test_client().get("/boom")
    assert response.status_code == 500 and 'class="card error-page"' in response.get_data(as_text=True)
