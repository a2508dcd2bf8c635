"""Error pages in the site's look (400, 403, 404, 405, 413, 429, 500) and the CSRF failure page."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError

from courseware.extensions import db


def _size(limit: int | None) -> str:
    """A body limit for people: 256 KB, 5 MB."""
    if not limit:
        return ""
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit / 2**10:g} KB"


def register(app: Flask) -> None:
    def page(status: int):
        def handler(error):
            if status == 500:
                db.session.rollback()
            size = _size(request.max_content_length) if status == 413 else None
            return render_template("errors/error.html", status=status, size=size), status

        return handler

    for status in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(status, page(status))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template("errors/error.html", status=400, csrf=True), 400
