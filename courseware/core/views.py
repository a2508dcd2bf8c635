"""Site-wide views: the health check and the language switch."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from courseware.content import current_catalog
from courseware.core.urls import is_safe_path
from courseware.extensions import db
from courseware.i18n import language_changed
from courseware.languages import LANGUAGES
from courseware.security import public
from courseware.services import accounts

bp = Blueprint("core", __name__)


@bp.get("/healthz")
@public
def healthz():
    """Database status and what the catalog loaded, for load balancers and operators."""
    catalog = current_catalog()
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as exc:  # the check must answer even when the database is down
        db.session.rollback()
        database = f"error: {type(exc).__name__}"
    body = {
        "status": "ok" if database == "ok" else "degraded",
        "database": database,
        "modules": len(catalog.modules),
        "sections": catalog.section_count,
        "quizzes": len(catalog.quizzes),
        "scenarios": len(catalog.scenarios),
    }
    return jsonify(body), 200 if database == "ok" else 503


@bp.post("/language")
@public
def set_language():
    """Switch the interface and course language; remembered on the account when logged in."""
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
        if current_user.is_authenticated:
            accounts.set_language(current_user, lang)
        language_changed()
    target = request.form.get("next", "")
    return redirect(target if is_safe_path(target) else url_for("learn.dashboard"))
