"""Every page each role reaches by GET links on the demo data speaks the interface's language: no Latin-script
interface word in Chinese outside a short allowlist, no Chinese in English outside what users wrote."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import g
from sqlalchemy import select

from courseware.database import delete_every_row
from courseware.demo import build_demo
from courseware.extensions import db
from courseware.models import BehaviorObservation, Cohort, Commitment, CommitmentReport, FollowUp, ReactionSurvey, User
from tests.conftest import REAL_CONTENT, ROOT, make_app
from tests.crawl import crawl, han_words, latin_words

ROLES = ("learner", "trainer", "hr", "admin")


@pytest.fixture(scope="module")
def demo_app(database_url) -> Iterator:
    """The shipped course with the demo data, built once for the module (SQLite and PostgreSQL)."""
    app = make_app(database_url, CONTENT_DIR=str(REAL_CONTENT), QUIZ_DIR=str(ROOT / "quizzes"))

    @app.teardown_request
    def forget_request_globals(_error):
        for name in list(vars(g)):
            delattr(g, name)

    with app.app_context():
        build_demo(app.extensions["catalog"])
        db.session.commit()
        yield app
        db.session.remove()
        delete_every_row()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def names_in_data() -> set[str]:
    """People's names, usernames and addresses, cohort names: the Latin words the Chinese interface may show."""
    words: set[str] = set()
    for user in db.session.scalars(select(User)):
        words |= set(re.findall(r"[A-Za-z][A-Za-z0-9_.@'-]*", f"{user.display_name} {user.username} {user.email}"))
    for name in db.session.scalars(select(Cohort.name)):
        words |= set(re.findall(r"[A-Za-z][A-Za-z'-]*", name))
    return words


def text_in_data() -> str:
    """What users wrote or named (people, cohorts, plans, notes, comments): the English interface may show it."""
    columns = (User.display_name, Cohort.name, Commitment.specific, Commitment.measure, Commitment.support,
               CommitmentReport.note, FollowUp.observer_comment, ReactionSurvey.comments, BehaviorObservation.comments)
    return "\n".join(value for column in columns for value in db.session.scalars(select(column)) if value)


def crawl_as(app, role: str, lang: str, offending):
    client = app.test_client()
    client.post("/language", data={"lang": lang})
    assert client.post("/login", data={"username": role, "password": "sales-demo"}).status_code == 302
    return crawl(app, client, "/", lang, offending)


@pytest.mark.parametrize("role", ROLES)
def test_the_chinese_interface_shows_no_english_words(demo_app, role):
    result = crawl_as(demo_app, role, "zh-Hans", latin_words(names_in_data()))
    assert result.pages >= 10 and not result.errors, result.errors
    assert not result.offences, f"{len(result.offences)} English words on {result.pages} pages:\n" + "\n".join(
        sorted({str(o) for o in result.offences}))


@pytest.mark.parametrize("role", ROLES)
def test_the_english_interface_shows_no_chinese_outside_user_data(demo_app, role):
    result = crawl_as(demo_app, role, "en", han_words(text_in_data()))
    assert result.pages >= 10 and not result.errors, result.errors
    assert not result.offences, f"{len(result.offences)} Chinese words on {result.pages} pages:\n" + "\n".join(
        sorted({str(o) for o in result.offences}))
