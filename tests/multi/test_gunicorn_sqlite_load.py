"""SQLite under write load, against the app served by gunicorn (2 workers x 4 threads on one SQLite file):
learners read and save while another connection holds the write lock until every server thread waits on it,
and while an admin imports 250 users. No 5xx, and every save the server acknowledged is in the database
afterwards."""
from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from courseware.extensions import db
from courseware.models import AttemptAnswer, Cohort, SectionRead, User
from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT, make_app
from tests.gunicorn import serve
from tests.gunicorn_cheap_hash import CHEAP_METHOD

LEARNERS = 10
SERVER_THREADS = 2 * 4  # --workers 2 --threads 4
WRITES = ("read", "mark read", "autosave")  # the requests that write (a section page records the visit)
IMPORTED = 250
PASSWORD = "correct-horse"
LOG = ROOT / "test-artifacts" / "gunicorn-sqlite-load.log"  # the server's errors, kept for a failing run
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
DEADLINE = 120  # seconds: a bound for a stuck server, never reached by a passing run


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer itself: it acknowledges a save


class Browser:
    """One user's browser: a cookie jar; every request returns (status, body) without following redirects."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # 3xx (not followed), 4xx, 5xx
            return error.code, error.read().decode(errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        return self.request(path)

    def post(self, path: str, form: dict, headers: dict | None = None) -> tuple[int, str]:
        return self.request(path, urllib.parse.urlencode(form).encode(), headers)

    def login(self, username: str) -> None:
        _, page = self.get("/login")
        status, _ = self.post("/login", {"username": username, "password": PASSWORD, "csrf_token": token(page)})
        assert status == 302, f"{username} could not log in ({status})"


def token(page: str) -> str:
    return TOKEN.search(page).group(1)


class InFlight:
    """The request each learner is waiting on now; `wait_for` is woken by every request sent or answered."""

    def __init__(self) -> None:
        self.now: dict[str, str] = {}
        self.changed = threading.Condition()

    def sent(self, username: str, what: str) -> None:
        with self.changed:
            self.now[username] = what
            self.changed.notify_all()

    def answered(self, username: str) -> None:
        with self.changed:
            self.now.pop(username, None)
            self.changed.notify_all()

    def wait_for(self, condition, timeout: float) -> dict[str, str]:
        """Who waits on what once `condition` holds for it (or at the deadline)."""
        with self.changed:
            self.changed.wait_for(lambda: condition(self.now), timeout)
            return dict(self.now)


IN_FLIGHT = InFlight()


@dataclass
class Learner:
    """A learner who reads sections, marks them read and autosaves a quiz answer, round after round."""

    browser: Browser
    username: str
    sections: list[tuple[str, str]]
    attempt: str = ""
    choices: list[str] = field(default_factory=list)
    csrf: str = ""
    statuses: list[tuple[float, float, str, int]] = field(default_factory=list)  # (started, answered, what, status)
    read: set[tuple[str, str]] = field(default_factory=set)  # sections the server acknowledged as read
    last_saved: str | None = None  # the last answer the server acknowledged
    rounds: int = 0

    def prepare(self) -> None:
        self.browser.login(self.username)
        _, page = self.browser.get("/quizzes/basics-pretest")
        status, _ = self.browser.post("/quizzes/basics-pretest/start", {"csrf_token": token(page)})
        assert status == 302
        _, page = self.browser.get("/quizzes/basics-pretest")
        self.attempt = re.search(r"/attempts/(\d+)", page).group(1)
        _, page = self.browser.get(f"/attempts/{self.attempt}")
        self.choices = re.findall(r'name="q0" value="([^"]+)"', page)
        self.csrf = token(page)
        assert len(self.choices) >= 2

    def one_round(self) -> None:
        module, section = self.sections[self.rounds % len(self.sections)]
        self._timed("dashboard", self.browser.get, "/")  # a page that only reads
        self._timed("read", self.browser.get, f"/learn/{module}/{section}")  # also records the visit: a write
        if self._timed("mark read", self.browser.post, f"/learn/{module}/{section}/read",
                       {"csrf_token": self.csrf, "stay": "1"}) == 302:
            self.read.add((module, section))
        answer = self.choices[self.rounds % len(self.choices)]
        if self._timed("autosave", self.browser.post, f"/attempts/{self.attempt}/save", {"page": "0", "q0": answer},
                       {"X-CSRFToken": self.csrf}) == 200:
            self.last_saved = answer
        self.rounds += 1

    def _timed(self, what: str, send, *args) -> int:
        started = time.monotonic()
        IN_FLIGHT.sent(self.username, what)
        try:
            status, _ = send(*args)
        finally:
            IN_FLIGHT.answered(self.username)
        self.statuses.append((started, time.monotonic(), what, status))
        return status


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn on a fresh SQLite file with 10 learners and an admin, shared by this file's tests (SQLite only:
    this is about its write lock; PostgreSQL's concurrency is in test_gunicorn_concurrency.py)."""
    path = tmp_path_factory.mktemp("sqlite-load") / "load.sqlite"
    url = f"sqlite:///{path}"
    setup = make_app(url)
    with setup.app_context():
        upgrade()
        hashed = generate_password_hash(PASSWORD, method=CHEAP_METHOD)
        db.session.add(Cohort(name="2026 秋季", start_date=date(2026, 9, 1)))
        db.session.add(User(username="root", display_name="Admin", role="admin", password_hash=hashed))
        for n in range(LEARNERS):
            db.session.add(User(username=f"l{n}", display_name=f"Learner {n}", role="learner", password_hash=hashed))
        db.session.commit()
        sections = [(m.id, s.id) for m in setup.extensions["catalog"].modules for s in m.sections]
    LOG.parent.mkdir(exist_ok=True)
    LOG.unlink(missing_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "CONTENT_DIR": str(FIXTURE_CONTENT), "QUIZ_DIR": str(FIXTURE_QUIZZES), "QUIZ_POOL_RULES": "{}",
           "SECRET_KEY": secrets.token_hex(32), "RATELIMIT_ENABLED": "0"}
    with serve(env, "--workers", "2", "--threads", "4", "-c", str(ROOT / "tests" / "gunicorn_cheap_hash.py"),
               error_log=LOG) as base:
        learners = [Learner(Browser(base), f"l{n}", sections) for n in range(LEARNERS)]
        for learner in learners:
            learner.prepare()
        yield base, setup, path, learners
    with setup.app_context():
        db.session.remove()
        db.engine.dispose()


def keep_learners_busy(learners: list[Learner], until: threading.Event) -> list[threading.Thread]:
    """Each learner does rounds until `until` is set, then one more (a save after the load is over)."""
    def work(learner: Learner) -> None:
        deadline = time.monotonic() + DEADLINE
        try:
            while not until.is_set() and time.monotonic() < deadline:
                learner.one_round()
            learner.one_round()
        except Exception as exc:  # noqa: BLE001 (a dropped connection is a failure too; reported below)
            learner.statuses.append((time.monotonic(), time.monotonic(), f"exception {exc!r}", 599))

    threads = [threading.Thread(target=work, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    return threads


def assert_no_5xx_and_every_acknowledged_save_kept(setup, learners: list[Learner]) -> None:
    failures = [(learner.username, what, status) for learner in learners for _, _, what, status in learner.statuses
                if status >= 500]
    assert failures == []
    with setup.app_context():
        for learner in learners:
            user_id = db.session.scalar(select(User.id).where(User.username == learner.username))
            stored = set(db.session.execute(select(SectionRead.module_id, SectionRead.section_id)
                                            .where(SectionRead.user_id == user_id)).all())
            assert learner.read and learner.read <= stored, learner.username
            answer = db.session.scalar(select(AttemptAnswer.response).where(
                AttemptAnswer.attempt_id == int(learner.attempt), AttemptAnswer.slot == 0))
            assert learner.last_saved is not None and answer in (learner.last_saved, [learner.last_saved])
        db.session.remove()


def writes_waiting(now: dict[str, str]) -> int:
    return sum(what in WRITES for what in now.values())


def test_learners_read_and_save_while_another_connection_holds_the_write_lock(served):
    """The lock is held until as many learners wait on a write as the server has threads: then every thread
    waits on the lock (a read does not, WAL), and the lock is let go. A write that failed at once instead of
    waiting would be a 5xx; the condition itself is reached only if writes wait."""
    _, setup, path, learners = served
    holding, released = threading.Event(), threading.Event()
    hold: dict[str, float] = {}
    waited: dict[str, str] = {}  # who waited on what when the lock was let go

    def hold_the_write_lock() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        hold["from"] = time.monotonic()
        holding.set()
        try:  # the scenario: another program keeps the database locked while the server's threads pile up on it
            waited.update(IN_FLIGHT.wait_for(lambda now: writes_waiting(now) >= SERVER_THREADS, DEADLINE))
        finally:
            hold["to"] = time.monotonic()
            other.execute("COMMIT")
            other.close()
            released.set()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    assert holding.wait(DEADLINE)
    threads = keep_learners_busy(learners, released)
    holder.join(DEADLINE)
    for thread in threads:
        thread.join(DEADLINE)
    assert_no_5xx_and_every_acknowledged_save_kept(setup, learners)
    assert writes_waiting(waited) >= SERVER_THREADS, waited  # the lock was let go on the condition, not the deadline
    # Every learner started under the lock: the dashboard (a read) was answered while it was held (WAL); the
    # writes sent under it were answered once it was let go, each a success.
    under_lock = [s for learner in learners for s in learner.statuses if hold["from"] <= s[0] < hold["to"]]
    assert all(status in (200, 302) for *_, status in under_lock)
    assert any(what == "dashboard" and answered < hold["to"] for _, answered, what, _ in under_lock)
    waiting_writes = [s for s in under_lock if s[2] in WRITES and s[1] >= hold["to"]]
    assert len(waiting_writes) >= SERVER_THREADS, under_lock


def test_learners_read_and_save_while_an_admin_imports_250_users(served):
    base, setup, _, learners = served
    admin = Browser(base)
    admin.login("root")
    _, page = admin.get("/admin/users/import")
    rows = "".join(f"hire{n:03d},新员工 {n},hire{n}@example.com,learner,2026 秋季\n" for n in range(IMPORTED))
    body, content_type = multipart({"csrf_token": token(page)},
                                   ("file", "intake.csv", ("username,display_name,email,role,cohort\n" + rows).encode()))
    imported = threading.Event()
    threads = keep_learners_busy(learners, imported)
    started = time.monotonic()
    try:
        status, page = admin.request("/admin/users/import", body, {"Content-Type": content_type})
    finally:
        finished = time.monotonic()
        imported.set()
        for thread in threads:
            thread.join(DEADLINE)
    assert status == 200, page[:500]
    assert page.count("<td>hire") == IMPORTED
    assert_no_5xx_and_every_acknowledged_save_kept(setup, learners)
    during = [s for learner in learners for s in learner.statuses if started <= s[0] < finished]
    assert len(during) >= LEARNERS  # the learners were busy while the import ran
    with setup.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.username.like("hire%"))) == IMPORTED
        db.session.remove()


def multipart(fields: dict[str, str], upload: tuple[str, str, bytes]) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser sends a form with a file."""
    boundary = secrets.token_hex(16)
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]
    name, filename, content = upload
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 f"Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
