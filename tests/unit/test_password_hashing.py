"""PASSWORD_HASH_METHOD: scrypt by default, a cheap method only in a test app, a bad value stops start-up."""
from __future__ import annotations

import secrets

import pytest

from courseware import create_app
from courseware.auth.hashing import HashMethodError, hash_password, strength_problem
from courseware.config import Config, TestConfig
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES

PRODUCTION = {"SECRET_KEY": secrets.token_hex(32), "CONTENT_DIR": str(FIXTURE_CONTENT), "QUIZ_DIR": str(FIXTURE_QUIZZES),
              "QUIZ_POOL_RULES": {}, "SQLALCHEMY_DATABASE_URI": "sqlite://"}


def test_the_default_config_hashes_with_scrypt():
    app = create_app(PRODUCTION)
    assert Config.PASSWORD_HASH_METHOD == "scrypt" and app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    with app.app_context():
        stored = hash_password("correct-horse")
    assert stored.startswith("scrypt:32768:8:1$")


def test_outside_an_app_the_strong_default_is_used():
    assert hash_password("correct-horse").startswith("scrypt:32768:8:1$")


@pytest.mark.parametrize("method", ["pbkdf2:sha256:1", "scrypt:1024:8:1", "pbkdf2:sha256:100000", "scrypt:32768:1:1"])
def test_a_cheap_method_stops_a_real_app(method):
    with pytest.raises(HashMethodError, match=f"refusing to start: PASSWORD_HASH_METHOD='{method}'"):
        create_app({**PRODUCTION, "PASSWORD_HASH_METHOD": method})


@pytest.mark.parametrize("method", ["md5", "scrypt:x:8:1", "pbkdf2:sha256:1:2", "plain"])
def test_a_malformed_method_stops_even_a_test_app(method):
    with pytest.raises(HashMethodError, match="PASSWORD_HASH_METHOD"):
        create_app({**PRODUCTION, "TESTING": True, "PASSWORD_HASH_METHOD": method})


def test_a_test_app_may_hash_cheaply():
    app = create_app({**PRODUCTION, "TESTING": True, "PASSWORD_HASH_METHOD": TestConfig.PASSWORD_HASH_METHOD})
    with app.app_context():
        assert hash_password("correct-horse").startswith("pbkdf2:sha256:1$")


@pytest.mark.parametrize("method", ["scrypt", "scrypt:65536:8:1", "pbkdf2", "pbkdf2:sha256", "pbkdf2:sha256:1000000"])
def test_strong_methods_pass(method):
    assert strength_problem(method) is None
