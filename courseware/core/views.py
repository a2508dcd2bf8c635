"""Site-wide views: the health check and the language switch."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, session, url_for
from flask_login import current_user

from courseware.catalog.current import current_catalog
from courseware.core import health
from courseware.core.forms import LanguageForm
from courseware.core.urls import is_safe_path
from courseware.i18n import language_changed
from courseware.languages import LANGUAGES
from courseware.people import accounts
from courseware.security import public

bp = Blueprint("core", __name__)


@bp.get("/healthz")
@public
def healthz():
    """Database status (a real table read within HEALTHZ_TIMEOUT, else 503) and what the catalog loaded."""
    catalog = current_catalog()
    database = health.database_status(current_app.config["HEALTHZ_TIMEOUT"], current_app.config["SQLITE_BUSY_TIMEOUT"])
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
    form = LanguageForm()
    lang = form.lang.data or ""
    if lang in LANGUAGES:
        session["lang"] = lang
        if current_user.is_authenticated:
            accounts.set_language(current_user, lang)
        language_changed()
    target = form.next.data or ""
    return redirect(target if is_safe_path(target) else url_for("learn.dashboard"))
