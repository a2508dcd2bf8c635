"""gunicorn settings (`-c`) for the SQLite load tests: the served app hashes passwords with scrypt at a lower cost,
so that importing 250 users takes seconds, not a minute (the import hashes before its write transaction)."""
from __future__ import annotations


def post_fork(server, worker):
    """In each worker, before it loads the app: scrypt with N=1024 instead of Werkzeug's 32768."""
    from werkzeug.security import generate_password_hash

    from courseware.models import user

    user.generate_password_hash = lambda password: generate_password_hash(password, method=CHEAP_METHOD)


CHEAP_METHOD = "scrypt:1024:8:1"
