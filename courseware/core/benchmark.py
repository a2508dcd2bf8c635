"""Benchmark instrumentation, on only when COURSEWARE_BENCHMARK=1 (scripts/bench.py): a route that does
nothing, to measure the server's floor, and an X-SQL-Queries header counting each request's queries."""
from __future__ import annotations

from flask import Flask, g
from sqlalchemy import event

from courseware.extensions import db
from courseware.security import public


def register(app: Flask) -> None:
    @app.get("/bench/bare")
    @public
    def bare():
        return "ok"

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def count(*_args):
        g.sql_queries = g.get("sql_queries", 0) + 1

    @app.after_request
    def queries_header(response):
        response.headers["X-SQL-Queries"] = str(g.get("sql_queries", 0))
        return response
