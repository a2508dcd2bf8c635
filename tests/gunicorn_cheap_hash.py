"""gunicorn settings (`-c`) for the SQLite load tests: the served app hashes passwords with scrypt at a lower cost,
so that importing 250 users takes seconds, not a minute (the import hashes before its write transaction)."""
from __future__ import annotations

CHEAP_METHOD = "scrypt:1024:8:1"


def post_worker_init(worker):
    """In each worker, once it has loaded the app: its PASSWORD_HASH_METHOD setting becomes scrypt with N=1024
    instead of Werkzeug's 32768. The app started with the strong default (a served app refuses a cheap method
    at start-up unless TESTING); only this test harness lowers it afterwards."""
    worker.wsgi.config["PASSWORD_HASH_METHOD"] = CHEAP_METHOD
