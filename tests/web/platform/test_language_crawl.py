"""Every page each role reaches by GET links on the demo data speaks the interface's language: no Latin-script
interface word in Chinese outside a short allowlist, no Chinese in English outside what users wrote."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import g
from flask_babel import force_locale
from sqlalchemy import select

from courseware.database import delete_every_row
from courseware.demo import build_demo
from courseware.extensions import db
from courseware.models import (
    BehaviorObservation,
    Cohort,
    Commitment,
    CommitmentReport,
    FollowUp,
    KpiRecord,
    ReactionSurvey,
    ScenarioRun,
    User,
)
from courseware.templating import code_list, join_list, show_date, show_datetime
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
    assert client.post("/login", data={"username": role, "password": "sales-demo"}).status_code == 302
    client.post("/language", data={"lang": lang})  # after login: it is remembered on the account, which wins
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


def zh_client(app, username: str):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "sales-demo"})
    client.post("/language", data={"lang": "zh-Hans"})  # after login: the account's remembered language wins
    return client


def test_a_trainer_reads_the_learners_page_as_the_learners_not_yours(demo_app):
    learner = db.session.scalar(select(User).where(User.username == "learner01"))
    trainer, own = zh_client(demo_app, "trainer"), zh_client(demo_app, "learner01")
    url = f"/learners/{learner.id}/competencies"
    theirs, mine = trainer.get(url).get_data(as_text=True), own.get(url).get_data(as_text=True)
    assert "该学员的角色扮演得分" in theirs and "您的" not in theirs
    assert "您的角色扮演得分" in mine
    run = db.session.scalar(select(ScenarioRun).where(ScenarioRun.user_id == learner.id,
                                                       ScenarioRun.finished_at.is_not(None)))
    theirs = trainer.get(f"/runs/{run.id}/debrief").get_data(as_text=True)
    assert "该学员在各项能力上的得分" in theirs and "您在各项能力上的得分" not in theirs
    assert 'chat__who">学员<' in theirs and 'chat__who">您<' not in theirs
    assert "您在各项能力上的得分" in own.get(f"/runs/{run.id}/debrief").get_data(as_text=True)


def test_imports_answer_in_chinese_and_name_the_checkbox_not_a_flag(demo_app):
    admin = zh_client(demo_app, "admin")
    header = "username,display_name,email,role,cohort\n"
    page = admin.post("/admin/users/import", data={"file": (io.BytesIO(
        (header + "new1,新人,new1@example.com,learner,不存在的班级\n").encode()), "新员工.csv")})
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "新员工.csv:2: 未知班级“不存在的班级”（请先创建，或勾选“创建尚不存在的班级”）" in text
    assert "--create-cohorts" not in text and "<code>display_name</code>、<code>email</code>" in text
    record = db.session.scalar(select(KpiRecord).order_by(KpiRecord.id))
    username = db.session.get(User, record.user_id).username
    hr = zh_client(demo_app, "hr")
    rows = f"username,month,kpi,value\n{username},{record.month},{record.kpi},{record.value}\n"
    text = hr.post("/reports/kpis", data={"file": (io.BytesIO((rows + f"{username},2020-01,revenue,abc\n").encode()),
                                                   "kpi-bad.csv")}).get_data(as_text=True)
    assert "kpi-bad.csv:3: 值“abc”不是数字" in text
    text = hr.post("/reports/kpis", data={"file": (io.BytesIO(rows.encode()), "kpi.csv")}).get_data(as_text=True)
    assert f"kpi.csv:2: {username} {record.month} {record.kpi}：{record.value:g}（未变）" in text
    assert "unchanged" not in text


def test_dates_and_lists_read_one_way_per_language(demo_app):
    with demo_app.test_request_context():
        with force_locale("zh_Hans"):
            assert show_date(date(2026, 12, 3)) == "2026年12月3日"
            assert join_list(["甲", "<乙>"]) == "甲、&lt;乙&gt;"
            assert code_list(["username", "kpi"]) == "<code>username</code>、<code>kpi</code>"
        with force_locale("en"):
            assert show_date(date(2026, 12, 3)) == "Dec 3, 2026"
            assert join_list(["a", "b"]) == "a, b"
            assert show_datetime(datetime(2026, 12, 3, 1, 5, tzinfo=UTC)).startswith("Dec 3, 2026 ")
