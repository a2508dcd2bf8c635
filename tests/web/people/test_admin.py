"""Admin pages: create and deactivate users, set roles, reset passwords, cohorts and moving learners."""
from __future__ import annotations

import re

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Cohort, User
from courseware.people import accounts


def login_admin(auth, users):
    admin = users("admin", username="boss")
    auth.login("boss")
    return admin


def session_cookies(response) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie")]


def decoded_session(app, client) -> dict:
    """What the browser's session cookie holds, decoded as Flask reads it (it is signed, not encrypted)."""
    cookie = client.get_cookie("session")
    return dict(app.session_interface.get_signing_serializer(app).loads(cookie.value)) if cookie else {}


def shown_password(response) -> str:
    return re.search(r'<code class="one-time-password">([A-Za-z0-9]{12})</code>', response.get_data(as_text=True)).group(1)


def assert_never_in_a_cookie(app, client, response, password: str) -> None:
    assert all(password not in header for header in session_cookies(response))
    assert password not in repr(decoded_session(app, client))
    # The next page shows it no more, and no flash carries it.
    assert password not in client.get("/admin/users").get_data(as_text=True)


def test_create_user_with_a_one_time_password(app, client, auth, users):
    login_admin(auth, users)
    response = client.post("/admin/users/new", data={
        "username": "wangfang", "display_name": "王芳", "email": "wf@example.com", "role": "learner", "cohort": "0"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = shown_password(response)
    assert response.get_data(as_text=True).count(password) == 1
    assert_never_in_a_cookie(app, client, response, password)
    assert accounts.authenticate("wangfang", password).must_change_password


def test_create_user_with_a_chosen_password_shows_no_password(client, auth, users):
    login_admin(auth, users)
    response = client.post("/admin/users/new", data={
        "username": "wangfang", "display_name": "王芳", "role": "hr", "cohort": "0", "password": "Tea-house-by-the-river"})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "用户 wangfang 已创建" in page and "Tea-house-by-the-river" not in page
    assert accounts.authenticate("wangfang", "Tea-house-by-the-river") is not None


def test_create_user_rejects_a_taken_username_and_bad_fields(client, auth, users):
    login_admin(auth, users)
    response = client.post("/admin/users/new", data={"username": "BOSS", "display_name": "x", "role": "learner", "cohort": "0"})
    assert response.status_code == 200 and "field__error" in response.get_data(as_text=True)
    response = client.post("/admin/users/new", data={"username": "a b", "display_name": "", "email": "nope", "role": "king", "cohort": "0"})
    assert response.get_data(as_text=True).count("field__error") >= 3
    assert db.session.scalar(select(User).where(User.username == "a b")) is None


def test_deactivate_user_blocks_login_and_existing_sessions(app, client, auth, users):
    mei = users("learner", username="mei")
    other = app.test_client()
    other.post("/login", data={"username": "mei", "password": "correct-horse"})
    assert other.get("/").status_code == 200
    login_admin(auth, users)
    data = {"display_name": "Mei", "email": "", "role": "learner", "cohort": "0"}
    asked = client.post(f"/admin/users/{mei.id}", data=data).get_data(as_text=True)
    assert f"要停用{mei.display_name}的账号吗？" in asked and "将无法再登录" in asked and 'name="confirmed" value="y"' in asked
    assert db.session.get(User, mei.id).active is True  # asked; nothing saved
    client.post(f"/admin/users/{mei.id}", data={**data, "confirmed": "y"})
    assert db.session.get(User, mei.id).active is False
    assert other.get("/").status_code == 302  # the open session ends too
    assert other.post("/login", data={"username": "mei", "password": "correct-horse"}).status_code == 401


def test_set_role(client, auth, users):
    mei = users("learner", username="mei")
    login_admin(auth, users)
    client.post(f"/admin/users/{mei.id}", data={"display_name": "Mei", "role": "trainer", "active": "y", "cohort": "0"})
    assert db.session.get(User, mei.id).role == "trainer"


def test_admin_cannot_lock_themself_out(client, auth, users):
    admin = login_admin(auth, users)
    response = client.post(f"/admin/users/{admin.id}", data={"display_name": "Boss", "role": "learner", "cohort": "0"})
    assert response.status_code == 200
    assert db.session.get(User, admin.id).role == "admin" and db.session.get(User, admin.id).active


def test_reset_password(app, client, auth, users):
    mei = users("learner", username="mei")
    login_admin(auth, users)
    response = client.post(f"/admin/users/{mei.id}/reset-password")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    password = shown_password(response)
    assert response.get_data(as_text=True).count(password) == 1
    assert_never_in_a_cookie(app, client, response, password)
    assert password not in client.get(f"/admin/users/{mei.id}").get_data(as_text=True)
    assert accounts.authenticate("mei", "correct-horse") is None
    assert accounts.authenticate("mei", password) is not None


def test_create_cohort_with_trainers_and_move_learners(client, auth, users):
    trainer = users("trainer", username="wang")
    mei = users("learner", username="mei")
    login_admin(auth, users)
    response = client.post("/admin/cohorts/new", data={"name": "2026 秋季", "start_date": "2026-09-07", "trainers": [str(trainer.id)]})
    assert response.status_code == 302
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "2026 秋季"))
    assert str(cohort.start_date) == "2026-09-07"
    client.post("/admin/cohorts/move", data={"learner": str(mei.id), "cohort": str(cohort.id), "back": str(cohort.id)})
    assert db.session.get(User, mei.id).cohort_id == cohort.id
    page = client.get(f"/admin/cohorts/{cohort.id}").get_data(as_text=True)
    assert "mei" in page and "2026 秋季" in page
    second = users.cohort("2027 春季")
    client.post("/admin/cohorts/move", data={"learner": str(mei.id), "cohort": str(second.id)})
    assert db.session.get(User, mei.id).cohort_id == second.id


def test_cohort_trainers_must_be_trainers(client, auth, users):
    learner = users("learner", username="mei")
    cohort = users.cohort("A")
    login_admin(auth, users)
    client.post(f"/admin/cohorts/{cohort.id}/trainers", data={"trainers": [str(learner.id)]})
    assert db.session.scalars(select(User).join(User.trains)).all() == []


def test_user_list_filters(client, auth, users):
    users("learner", username="mei", display_name="梅")
    users("trainer", username="wang")
    login_admin(auth, users)
    page = client.get("/admin/users?role=trainer").get_data(as_text=True)
    assert "wang" in page and ">mei<" not in page
    assert ">mei<" in client.get("/admin/users?q=梅").get_data(as_text=True)


def test_import_users_page(client, auth, users):
    import io

    login_admin(auth, users)
    bad = b"username,display_name,email,role,cohort\nwf,,wf@example.com,boss,\n"
    response = client.post("/admin/users/import", data={"file": (io.BytesIO(bad), "intake.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)  # in the user's language: Chinese by default
    assert response.status_code == 400 and "intake.csv:2: 缺少字段“display_name”" in page
    assert "intake.csv:2: 未知角色“boss”（请使用 learner, trainer, hr, admin 之一）" in page
    client.post("/language", data={"lang": "en"})
    response = client.post("/admin/users/import", data={"file": (io.BytesIO(bad), "intake.csv")}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "intake.csv:2: missing field &#39;display_name&#39;" in page
    assert db.session.scalar(select(User).where(User.username == "wf")) is None
    good = "username,display_name,email,role,cohort\nwf,王芳,wf@example.com,learner,\n".encode()
    response = client.post("/admin/users/import", data={"file": (io.BytesIO(good), "intake.csv")}, content_type="multipart/form-data")
    password = re.search(r"<td>wf</td><td><code>([A-Za-z0-9]{12})</code>", response.get_data(as_text=True)).group(1)
    assert accounts.authenticate("wf", password).display_name == "王芳"
    assert_never_in_a_cookie(client.application, client, response, password)


def test_editing_a_learner_and_their_cohort_is_one_transaction(client, auth, users):
    from sqlalchemy import event

    mei = users("learner", username="mei")
    cohort = users.cohort("Spring")
    login_admin(auth, users)
    commits = []

    def count(_connection):
        commits.append(1)

    event.listen(db.engine, "commit", count)
    try:
        response = client.post(f"/admin/users/{mei.id}", data={"display_name": "Mei Lin", "role": "learner", "active": "y",
                                                              "cohort": str(cohort.id)})
    finally:
        event.remove(db.engine, "commit", count)
    assert response.status_code == 302
    assert len(commits) == 1  # the profile and the cohort together, or neither
    saved = db.session.get(User, mei.id)
    db.session.refresh(saved)
    assert (saved.display_name, saved.cohort_id) == ("Mei Lin", cohort.id)
