"""The secret key: made once in instance/secret_key (mode 0600), read from SECRET_KEY first, refused when weak,
so cookies signed with the development value that was in the repository open nothing."""
from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_login.utils import encode_cookie

from courseware import create_app
from courseware.extensions import db
from courseware.secret_key import SecretKeyError
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT

OLD_DEVELOPMENT_KEY = "dev-only-change-me"


@pytest.fixture(autouse=True)
def no_key_in_environment(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)


def production_app(instance, database_url: str = "sqlite://", *, flask_command: bool = False) -> Flask:
    """The app configured as a deployment is (no TESTING, no key given), on a temporary instance folder;
    `flask_command` builds it as the `flask` command does (`make run`, init-db)."""
    config = {"SQLALCHEMY_DATABASE_URI": database_url, "CONTENT_DIR": str(FIXTURE_CONTENT),
              "QUIZ_DIR": str(FIXTURE_QUIZZES), "RATELIMIT_ENABLED": False, "QUIZ_POOL_RULES": {}}
    return create_app({**config, "CREATE_SECRET_KEY_FILE": flask_command}, instance_path=str(instance))


@pytest.fixture
def deployed(app, database_url, tmp_path) -> Iterator[Flask]:
    """A production-configured app on the test database, its key file made as `make run` makes it."""
    made = production_app(tmp_path / "instance", database_url, flask_command=True)
    yield made
    with made.app_context():
        db.engine.dispose()


def test_the_flask_command_creates_a_private_key_file_once_and_reuses_it(tmp_path):
    instance = tmp_path / "instance"
    first = production_app(instance, flask_command=True)
    key_file = instance / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_bytes()
    assert len(key) == 64 and first.secret_key == key
    assert production_app(instance, flask_command=True).secret_key == key  # reused, not overwritten
    assert production_app(instance).secret_key == key  # gunicorn reads the same file
    assert key_file.read_bytes() == key
    assert production_app(tmp_path / "other", flask_command=True).secret_key != key  # random per installation


def test_an_existing_key_file_is_never_replaced(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_bytes(b"k" * 40)
    assert production_app(instance, flask_command=True).secret_key == b"k" * 40
    assert (instance / "secret_key").read_bytes() == b"k" * 40


def test_the_environment_comes_before_the_file(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("SECRET_KEY", "e" * 48)
    assert production_app(instance, flask_command=True).secret_key == "e" * 48
    assert not (instance / "secret_key").exists()  # with SECRET_KEY set no file is made


@pytest.mark.parametrize("value,reason", [
    (OLD_DEVELOPMENT_KEY, "SECRET_KEY holds a development key published in the repository"),
    ("test-secret", "SECRET_KEY holds a development key published in the repository"),
    ("x" * 31, "SECRET_KEY is 31 bytes, a secret key needs at least 32 random bytes"),
])
def test_a_known_or_short_key_refuses_to_start(tmp_path, monkeypatch, value, reason):
    monkeypatch.setenv("SECRET_KEY", value)
    with pytest.raises(SecretKeyError) as refused:
        production_app(tmp_path / "instance", flask_command=True)
    message = str(refused.value)
    assert message.startswith("refusing to start: " + reason) and "\n" not in message
    assert not (tmp_path / "instance" / "secret_key").exists()


def test_a_short_key_file_refuses_to_start(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "secret_key").write_bytes(os.urandom(16))
    with pytest.raises(SecretKeyError, match=r"secret_key is 16 bytes, a secret key needs at least 32"):
        production_app(instance)


def test_a_missing_key_refuses_to_start_outside_the_flask_command(tmp_path):
    """gunicorn does not make a key: each machine would otherwise sign with its own."""
    with pytest.raises(SecretKeyError) as refused:
        production_app(tmp_path / "instance")
    assert str(refused.value) == (f"refusing to start: no secret key; set SECRET_KEY or run `flask --app wsgi init-db` "
                                  f"to create {tmp_path / 'instance' / 'secret_key'}")


def test_the_flask_command_prints_the_reason_in_one_line():
    env = {**os.environ, "SECRET_KEY": OLD_DEVELOPMENT_KEY, "CONTENT_DIR": str(FIXTURE_CONTENT),
           "QUIZ_DIR": str(FIXTURE_QUIZZES), "QUIZ_POOL_RULES": "{}"}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "init-db"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == ("Error: refusing to start: SECRET_KEY holds a development key published in the "
                             "repository; use a long random value\n")


def test_a_cookie_signed_with_the_old_development_key_is_refused(deployed, users):
    admin = users("admin", username="boss")
    client = deployed.test_client()
    token = re.search(r'name="csrf_token"[^>]*?value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    login = {"username": "boss", "password": "correct-horse", "remember": "y", "csrf_token": token}
    assert client.post("/login", data=login).status_code == 302
    assert client.get("/admin/users").status_code == 200
    real_session = client.get_cookie("session").value
    payload = deployed.session_interface.get_signing_serializer(deployed).loads(real_session)

    def opens_admin(session: str | None = None, remember: str | None = None) -> bool:
        visitor = deployed.test_client()
        if session:
            visitor.set_cookie("session", session)
        if remember:
            visitor.set_cookie("remember_token", remember)
        response = visitor.get("/admin/users")
        assert response.status_code in (200, 302)
        return response.status_code == 200

    # The same contents signed with the app's key open the page: only the key differs below.
    assert opens_admin(session=sign_session(payload, deployed.secret_key))
    assert opens_admin(remember=encode_cookie(admin.get_id(), key=deployed.secret_key))
    assert not opens_admin(session=sign_session(payload, OLD_DEVELOPMENT_KEY))
    for user_id in (admin.get_id(), str(admin.id)):
        assert not opens_admin(remember=encode_cookie(user_id, key=OLD_DEVELOPMENT_KEY))
        assert not opens_admin(session=sign_session({"_user_id": user_id, "_fresh": True}, OLD_DEVELOPMENT_KEY),
                               remember=encode_cookie(user_id, key=OLD_DEVELOPMENT_KEY))


def sign_session(payload: dict, key: str | bytes) -> str:
    """A Flask session cookie with these contents, signed with `key`."""
    forger = Flask("forger")
    forger.secret_key = key
    return forger.session_interface.get_signing_serializer(forger).dumps(payload)
