"""The user import holds the write lock only for its inserts: passwords are hashed before the transaction's
first write (250 users held the lock 27 s when scrypt ran inside), and between that write and the commit the
import sends its inserts and a few bookkeeping statements, nothing per user besides its one insert."""
from __future__ import annotations

import io
import time

from sqlalchemy import event, func, select
from werkzeug.security import generate_password_hash

from courseware.extensions import db
from courseware.models import User
from courseware.people import users_import

HEADER = "username,display_name,email,role,cohort\n"
USERS = 250
WRITES = ("INSERT", "UPDATE", "DELETE")


def intake(count: int, cohort: str = "") -> bytes:
    rows = [f"hire{n:03d},新员工 {n},hire{n}@example.com,learner,{cohort}\n" for n in range(count)]
    return (HEADER + "".join(rows)).encode()


class WriteWindow:
    """When the engine sends a transaction's first write and its commit, and when passwords are hashed."""

    def __init__(self, engine, monkeypatch):
        self.first_write: float | None = None
        self.committed: float | None = None
        self.hashed: list[float] = []
        self.inside: list[str] = []  # the statements sent from the first write to the commit
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        self.engine = engine

        def recorded_hash(password: str, method: str) -> str:
            self.hashed.append(time.monotonic())
            return generate_password_hash(password, method=method)  # TestConfig's cheap method: the test stays quick

        monkeypatch.setattr("courseware.auth.hashing.generate_password_hash", recorded_hash)

    def _statement(self, _conn, _cursor, statement, *_args):
        if self.first_write is None and statement.lstrip().upper().startswith(WRITES):
            self.first_write = time.monotonic()
        if self.first_write is not None and self.committed is None:
            self.inside.append(" ".join(statement.split()[:3]))

    def _commit(self, _conn):
        if self.first_write is not None and self.committed is None:
            self.committed = time.monotonic()

    def close(self):
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "commit", self._commit)


def login_admin(client, users):
    users("admin", username="root")
    client.post("/login", data={"username": "root", "password": "correct-horse"})


def test_a_250_user_web_import_holds_the_write_lock_only_for_its_inserts(client, users, monkeypatch):
    """Counted, not timed: hashing, the slow part (about 0.1 s a password with scrypt), happens before the window,
    and the window holds at most one statement per user (SQLite sends 250 inserts, PostgreSQL one batch) plus the
    import's bookkeeping. Hashing inside would fail the first check, a query per user the second."""
    users.cohort("2026 秋季")
    login_admin(client, users)
    window = WriteWindow(db.engine, monkeypatch)
    try:
        response = client.post("/admin/users/import", data={"file": (io.BytesIO(intake(USERS, "2026 秋季")), "intake.csv")},
                               content_type="multipart/form-data")
    finally:
        window.close()
    assert response.status_code == 200
    assert db.session.scalar(select(func.count()).select_from(User).where(User.username.like("hire%"))) == USERS
    assert len(window.hashed) == USERS
    assert window.first_write is not None and window.committed is not None
    assert max(window.hashed) < window.first_write  # every password hashed before the write transaction began
    per_user = [statement for statement in window.inside if not statement.startswith("INSERT INTO users")]
    assert len(window.inside) - len(per_user) <= USERS
    assert len(per_user) <= 5, per_user  # the import log and the report's bookkeeping


def test_a_username_taken_while_hashing_fails_the_whole_import_with_its_line(app, users, monkeypatch, tmp_path):
    """The checks ran before hashing; a user created meanwhile makes the import fail with FILE:LINE, no rows."""
    path = tmp_path / "intake.csv"
    path.write_bytes(intake(3))
    real = users_import.credentials_for

    def hash_while_someone_creates_hire001(data):
        if data.username == "hire000":
            with db.engine.begin() as other:  # another request, on its own connection
                other.execute(User.__table__.insert().values(username="hire001", display_name="x", password_hash="x",
                                                             role="learner", active=True, must_change_password=False))
        return real(data)

    monkeypatch.setattr(users_import, "credentials_for", hash_while_someone_creates_hire001)
    try:
        users_import.import_users(path.read_text(encoding="utf-8"))
    except users_import.ImportFailed as exc:
        assert exc.lines(str(path)) == [f"{path}:3: duplicate username 'hire001': the account exists already"]
    else:
        raise AssertionError("the import should have failed")
    assert db.session.scalars(select(User.username).where(User.username.like("hire%"))).all() == ["hire001"]
