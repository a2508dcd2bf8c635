"""The sales-management training platform: create_app() builds the Flask application."""
from __future__ import annotations

from typing import Any

from flask import Flask

from courseware.config import PROJECT_ROOT, Config


def create_app(config: type | dict[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Build the app: configuration, secret key, catalog, extensions, blueprints, error pages, security headers,
    HTTPS, commands."""
    app = Flask(__name__, instance_relative_config=True, instance_path=instance_path)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    configure_secret_key(app)
    configure_password_hashing(app)
    load_content(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    install_security_headers(app)
    install_https(app)
    register_commands(app)
    if app.config.get("BENCHMARK"):
        from courseware.core.benchmark import register as register_benchmark

        register_benchmark(app)
    return app


def configure_secret_key(app: Flask) -> None:
    """SECRET_KEY or instance/secret_key; the `flask` command makes the file when it is missing."""
    from courseware import secret_key

    secret_key.configure(app, create_file=app.config["CREATE_SECRET_KEY_FILE"])


def configure_password_hashing(app: Flask) -> None:
    """PASSWORD_HASH_METHOD: refused at start-up when cheap, unless the app is a test app."""
    from courseware.auth import hashing

    hashing.init_app(app)


def load_content(app: Flask) -> None:
    """Read the catalog once; broken content stops start-up unless START_WITH_BROKEN_CONTENT (`flask content check`)."""
    from courseware.catalog import CatalogError, load_catalog
    from courseware.catalog.pools import PoolRules

    try:
        rules = PoolRules.from_config(app.config.get("QUIZ_POOL_RULES"))
    except (TypeError, ValueError) as error:  # a bad setting is named, never a traceback
        raise SystemExit(str(error)) from None
    catalog, problems = load_catalog(app.config["CONTENT_DIR"], app.config["QUIZ_DIR"], rules)
    app.extensions["catalog"] = catalog
    app.extensions["catalog_problems"] = problems
    if problems and not app.config["START_WITH_BROKEN_CONTENT"]:
        raise CatalogError(problems)


def register_extensions(app: Flask) -> None:
    from courseware import database, i18n, models, templating  # noqa: F401 (models register their tables)
    from courseware.core import body_limits
    from courseware.core.inputs import BoundedIntConverter
    from courseware.evaluation.report import changes
    from courseware.extensions import babel, csrf, db, limiter, login_manager, migrate

    app.url_map.converters["int"] = BoundedIntConverter  # before the blueprints add their routes
    body_limits.init_app(app)  # before CSRF, which reads the form
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    app.config["RATELIMIT_STORAGE_URI"] = limiter_storage(app.config)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "strong"
    login_manager.login_message = None
    login_manager.user_loader(_load_user)
    i18n.init_app(app)
    templating.init_app(app)
    changes.register()  # the listeners that keep the report's stored figures fresh


def limiter_storage(config) -> str:
    """The login limits' storage: RATELIMIT_STORAGE_URI if set, else REDIS_URL (shared by every app server), else
    this process's memory."""
    return config.get("RATELIMIT_STORAGE_URI") or config.get("REDIS_URL") or "memory://"


def _load_user(session_token: str):
    from courseware.people.accounts import user_for_session

    return user_for_session(session_token)


def register_blueprints(app: Flask) -> None:
    from courseware.admin.robot_views import bp as robots_bp
    from courseware.admin.views import bp as admin_bp
    from courseware.auth.views import bp as auth_bp
    from courseware.core.views import bp as core_bp
    from courseware.evaluation.views import bp as evaluation_bp
    from courseware.quizzes.views import bp as quizzes_bp
    from courseware.reading.views import bp as learn_bp
    from courseware.roleplay.views import bp as roleplay_bp
    from courseware.teach.views import bp as teach_bp

    for blueprint in (core_bp, auth_bp, learn_bp, quizzes_bp, roleplay_bp, teach_bp, evaluation_bp, admin_bp,
                      robots_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    """The error pages (400, 403, 404, 405, 413, 429, 500 and a failed CSRF check) in the user's language."""
    from courseware.core import errors

    errors.register(app)


def install_security_headers(app: Flask) -> None:
    """Content-Security-Policy, no framing or sniffing, HSTS on HTTPS, no-store on pages: on every response."""
    from courseware.core import headers

    headers.register(app)


def install_https(app: Flask) -> None:
    """Trust PROXY_COUNT proxies' forwarded headers and mark cookies `Secure` on HTTPS requests (WSGI middleware)."""
    from courseware.core import https

    https.init_app(app)


def register_commands(app: Flask) -> None:
    from courseware.cli import register

    register(app)
