"""`gunicorn --preload` loads wsgi.py once and forks the workers from it: a forked worker starts with empty
connection pools, so no database connection is ever shared by two processes."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
import textwrap

from tests.conftest import FIXTURE_CONTENT, FIXTURE_QUIZZES, ROOT

FORK = textwrap.dedent("""
    import os
    import wsgi
    from courseware.extensions import db

    with wsgi.app.app_context():
        with db.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        print("parent", db.engine.pool.checkedin())
    child = os.fork()
    if child == 0:
        with wsgi.app.app_context():
            os._exit(10 + db.engine.pool.checkedin())
    print("child", os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) - 10)
""")


def test_a_forked_worker_starts_with_empty_connection_pools(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fork.sqlite'}", "SECRET_KEY": secrets.token_hex(32),
           "CONTENT_DIR": str(FIXTURE_CONTENT), "QUIZ_DIR": str(FIXTURE_QUIZZES), "QUIZ_POOL_RULES": "{}"}
    result = subprocess.run([sys.executable, "-c", FORK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["parent", "1", "child", "0"]
