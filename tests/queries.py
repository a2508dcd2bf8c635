"""Counting the SQL statements a piece of work sends, for the tests that hold query counts constant."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event

from courseware.extensions import db


def count_queries(work: Callable[[], object]) -> int:
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return counter["n"]
