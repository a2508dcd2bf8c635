"""Error pages in the site's look (403, 404, 500) and the CSRF failure page."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError

from courseware.extensions import db


def register(app: Flask) -> None:
    def page(status: int):
        def handler(error):
            if status == 500:
                db.session.rollback()
            return render_template("errors/error.html", status=status), status

        return handler

    for status in (400, 403, 404, 405, 429, 500):
        app.register_error_handler(status, page(status))

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return render_template("errors/error.html", status=400, csrf=True), 400
