"""Concurrency on PostgreSQL under gunicorn with several workers: 50 learners answer and submit the same
quiz at once, each twice (two tabs), and play the same scenario step twice at once."""
from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import threading
import urllib.parse
import urllib.request

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer, ScenarioRun, User
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT, make_app
from tests.gunicorn import serve

LEARNERS = 50
LOG = ROOT / "test-artifacts" / "gunicorn-concurrency.log"  # the server's errors, kept for a failing run
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


class Browser:
    """A learner's browser: one cookie jar shared by two tabs."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, data: dict) -> tuple[str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            return response.geturl(), response.read().decode()

    def token(self, page: str) -> str:
        return TOKEN.search(page).group(1)


@pytest.fixture
def served(postgres, app, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("this test runs gunicorn against PostgreSQL")
    url = postgres.create_database("courseware_gunicorn")
    setup = make_app(url)
    with setup.app_context():
        upgrade()
        for n in range(LEARNERS):
            user = User(username=f"l{n}", display_name=f"Learner {n}", role="learner")
            user.set_password("correct-horse")
            db.session.add(user)
        db.session.commit()
    LOG.parent.mkdir(exist_ok=True)
    LOG.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "CONTENT_DIR": str(FIXTURE_CONTENT), "QUIZ_DIR": str(FIXTURE_QUIZZES), "QUIZ_POOL_RULES": "{}",
           "SECRET_KEY": secrets.token_hex(32), "RATELIMIT_ENABLED": "0"}
    with serve(env, "--workers", "4", "--threads", "4", error_log=LOG) as base:
        yield base, setup
    with setup.app_context():
        db.session.remove()
        db.engine.dispose()


def run_in_threads(jobs) -> list[str]:
    errors: list[str] = []
    barrier = threading.Barrier(len(jobs))

    def wrap(job):
        try:
            barrier.wait(timeout=120)
            job()
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(repr(exc))

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return errors


def test_fifty_learners_answer_and_submit_twice_at_once(served):
    base, setup = served
    browsers = []
    for n in range(LEARNERS):
        browser = Browser(base)
        _, page = browser.get("/login")
        browser.post("/login", {"username": f"l{n}", "password": "correct-horse", "csrf_token": browser.token(page)})
        browsers.append(browser)

    def take(browser):
        def job():
            _, page = browser.get("/quizzes/basics-pretest")
            url, page = browser.post("/quizzes/basics-pretest/start", {"csrf_token": browser.token(page)})
            if "/attempts/" not in url:  # the other tab used the one attempt allowed and submitted it already
                assert url.endswith("/quizzes/basics-pretest"), url
                return
            attempt = re.search(r"/attempts/(\d+)", url).group(1)
            for index in range(2):
                if "/review" in url:  # the other tab submitted first: this one lands on the review
                    return
                choice = re.search(rf'name="q{index}" value="([^"]+)"', page)
                assert choice is not None, url
                url, page = browser.post(f"/attempts/{attempt}", {"csrf_token": browser.token(page), "page": str(index),
                                                                 f"q{index}": choice.group(1), "next": "1"})
            url, page = browser.get(f"/attempts/{attempt}/summary")
            if "/review" in url:
                return
            browser.post(f"/attempts/{attempt}/submit", {"csrf_token": browser.token(page)})
        return job

    errors = run_in_threads([take(b) for b in browsers for _ in range(2)])  # two tabs each
    assert errors == []
    with setup.app_context():
        per_user = db.session.execute(select(Attempt.user_id, func.count()).group_by(Attempt.user_id)).all()
        assert len(per_user) == LEARNERS and {n for _, n in per_user} == {1}  # the one attempt allowed, held
        assert db.session.scalar(select(func.count()).select_from(Attempt).where(Attempt.state == "submitted")) == LEARNERS
        assert db.session.scalar(select(func.count()).select_from(AttemptAnswer)) == 2 * LEARNERS  # none lost, none twice
        db.session.remove()

    def play(browser):
        def job():
            _, page = browser.get("/roleplays/practice-call")
            url, page = browser.post("/roleplays/practice-call/start", {"csrf_token": browser.token(page)})
            run = url.rsplit("/", 1)[1].split("#")[0]
            step = re.search(r'name="step" type="hidden" value="(\d+)"', page).group(1)
            browser.post(f"/runs/{run}/choose", {"csrf_token": browser.token(page), "step": step, "node": "open", "choice": "a"})
        return job

    errors = run_in_threads([play(b) for b in browsers for _ in range(2)])
    assert errors == []
    with setup.app_context():
        runs = db.session.scalars(select(ScenarioRun)).all()
        by_user: dict[int, list] = {}
        for run in runs:
            by_user.setdefault(run.user_id, []).append(run)
        assert len(by_user) == LEARNERS
        for user_runs in by_user.values():
            moved = [r for r in user_runs if r.step]
            assert len(moved) == 1 and moved[0].step == 1 and len(moved[0].path) == 1
            assert moved[0].scores["communication"] == 2  # counted once
        db.session.remove()
