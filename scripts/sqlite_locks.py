"""SQLite's write lock, measured (docs/sqlite-under-load.md).

    python scripts/sqlite_locks.py modes          # which transaction start makes a write wait for a held lock
    python scripts/sqlite_locks.py import [250]   # how long a user import holds the write lock (real scrypt)

`modes`: one connection holds BEGIN IMMEDIATE for 3 s while three SQLAlchemy sessions (15 s busy timeout)
write, read then write, and only read; for pysqlite's own transaction handling and for SQLAlchemy's
recipe (driver autocommit, our own BEGIN or BEGIN IMMEDIATE), in WAL and DELETE journal modes.
`import`: the time from the import's first INSERT to its COMMIT, on a fresh SQLite file.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
HOLD = 3.0


def run_modes() -> None:
    for start in ("pysqlite", "BEGIN", "BEGIN IMMEDIATE"):
        for journal in ("WAL", "DELETE"):
            with tempfile.TemporaryDirectory(prefix="courseware-locks-") as folder:
                print(f"{start:16} {journal:6} {one_mode(start, journal, Path(folder) / 'modes.sqlite')}")


def one_mode(start: str, journal: str, path: Path) -> dict[str, str]:
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def pragmas(dbapi_connection, _record):
        if start != "pysqlite":
            dbapi_connection.isolation_level = None  # the recipe: pysqlite sends no BEGIN of its own
        dbapi_connection.execute(f"PRAGMA journal_mode = {journal}")
        dbapi_connection.execute("PRAGMA busy_timeout = 15000")

    if start != "pysqlite":
        @event.listens_for(engine, "begin")
        def begin(connection):
            connection.exec_driver_sql(start)

    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    results: dict[str, str] = {}
    held = threading.Event()

    def holder():
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(HOLD)  # the hold is what this script measures the sessions against
        other.execute("COMMIT")
        other.close()

    def session(name: str, read: bool, write: bool):
        started = time.monotonic()
        try:
            with Session(engine) as s:
                if read:
                    s.execute(text("SELECT count(*) FROM t")).scalar()
                if write:
                    s.execute(text("INSERT INTO t (v) VALUES (:v)"), {"v": name})
                s.commit()
            results[name] = f"ok after {time.monotonic() - started:.1f} s"
        except Exception as exc:  # noqa: BLE001 (the outcome is what is measured)
            results[name] = f"FAILS after {time.monotonic() - started:.1f} s: {str(exc).splitlines()[0]}"

    lock = threading.Thread(target=holder)
    lock.start()
    held.wait()
    threads = [threading.Thread(target=session, args=args) for args in
               (("write only", False, True), ("read, then write", True, True), ("read only", True, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lock.join()
    engine.dispose()
    return dict(sorted(results.items()))


def run_import(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="courseware-locks-") as folder:
        import_into(Path(folder), count)


def import_into(folder: Path, count: int) -> None:
    from flask_migrate import upgrade

    from courseware import create_app
    from courseware.extensions import db
    from courseware.people import users_import

    csv = folder / "intake.csv"
    csv.write_text("username,display_name,email,role,cohort\n" + "".join(
        f"hire{n:04d},新员工 {n},hire{n}@example.com,learner,\n" for n in range(count)), encoding="utf-8")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'import.sqlite'}", "TESTING": True})
    with app.app_context():
        upgrade()
        marks: dict[str, float] = {}

        def statement(_conn, _cursor, sql, *_args):
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
                marks.setdefault("first write", time.monotonic())

        event.listen(db.engine, "before_cursor_execute", statement)
        event.listen(db.engine, "commit", lambda _conn: marks.setdefault("commit", time.monotonic()))
        started = time.monotonic()
        users_import.import_users(csv.read_text(encoding="utf-8"))
        print(f"{count} users: import {time.monotonic() - started:.2f} s, "
              f"write lock held {marks['commit'] - marks['first write']:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("modes", "import"))
    parser.add_argument("count", nargs="?", type=int, default=250)
    args = parser.parse_args()
    run_modes() if args.what == "modes" else run_import(args.count)


if __name__ == "__main__":
    main()
