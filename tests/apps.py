"""Test apps kept from one test to the next. Making an app costs about 0.1 s of CPU (the catalog read and rendered,
600 URL rules compiled) and starts with a cold Jinja cache; over a thousand tests that was 40% of the suite. An app
is reused only while it is as it was made: a test that changes its settings, its catalog or its hooks gets it
thrown away, and the next test a new one. It is also reused only while no other app was made since: extensions
such as Flask-Limiter keep the settings of the app last set up on one shared object. Rows are wiped after every
test either way.

Apps are also cheaper to make: they share their compiled templates, and a catalog read once per process
(`install_catalog_cache`): every app reads and renders its course (0.4 s for the fixture course, 2 s for the
shipped one), and the suite's apps read the same few folders hundreds of times. An app gets the catalog read before
while the folders' files (names and bytes), the pool rules and the registered question types are as they were; a
test that edits a content file or registers a type gets a fresh read (the loader's own tests too: they get the
same catalog and problems for the same files). A test that changes a catalog object must undo it (monkeypatch)."""
from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, g
from jinja2 import BytecodeCache
from werkzeug.routing import Rule

import courseware.catalog
from courseware.catalog.questions.registry import QUESTION_TYPES
from courseware.database import delete_every_row
from courseware.extensions import db

_KEPT: dict[tuple, tuple[Flask, object]] = {}
_latest: list[Flask | None] = [None]  # the app made last in this process (any Flask app, test-made or not)
_flask_init = Flask.__init__


def _note_latest(self: Flask, *args, **kwargs) -> None:
    _flask_init(self, *args, **kwargs)
    _latest[0] = self


Flask.__init__ = _note_latest  # type: ignore[method-assign]


class _Templates(BytecodeCache):
    """Compiled templates kept in memory for every app of the process: a new app's first render of a template
    loads its code instead of parsing and compiling the source again (Jinja checks the source's checksum)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _Templates()


def share_template_cache(app: Flask) -> Flask:
    app.jinja_env.bytecode_cache = _TEMPLATES
    return app


_compile_builder = Rule._compile_builder
_BUILDERS: dict[tuple, object] = {}


def _shared_builder(self: Rule, append_unknown: bool = True):
    """Werkzeug compiles two URL-building functions for every rule of every new app (an AST made and compiled:
    two thirds of the time to make an app). The function depends only on the rule's parts, so the apps of a process
    share it; a rule with defaults (constants folded in by its converters) gets its own."""
    if self.defaults:
        return _compile_builder(self, append_unknown)
    key = (self.rule, tuple(self._trace), append_unknown)
    if key not in _BUILDERS:
        _BUILDERS[key] = _compile_builder(self, append_unknown)
    return _BUILDERS[key]


Rule._compile_builder = _shared_builder  # type: ignore[method-assign]

_read_catalog = courseware.catalog.load_catalog
_CATALOGS: dict[tuple, tuple] = {}


def _files(folder: Path) -> tuple:
    if not folder.is_dir():
        return (str(folder), "absent")
    return tuple((str(path), hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
                 for path in sorted(folder.rglob("*")) if path.is_file())


def _load_catalog(content_dir, quiz_dir=None, pool_rules=None):
    quizzes = Path(quiz_dir) if quiz_dir else Path(content_dir).parent / "quizzes"
    key = (str(content_dir), str(quizzes), repr(pool_rules), tuple(sorted(QUESTION_TYPES.items())),
           _files(Path(content_dir)), _files(quizzes))
    if key not in _CATALOGS:
        _CATALOGS[key] = _read_catalog(content_dir, quiz_dir, pool_rules)
    catalog, problems = _CATALOGS[key]
    return catalog, list(problems)


def install_catalog_cache() -> None:
    """create_app's load_content imports load_catalog from courseware.catalog when it runs: replace it there."""
    courseware.catalog.load_catalog = _load_catalog


def _without_empty(value: object) -> object:
    """A hook registry without its empty entries: Flask's registries are defaultdicts, and a lookup during a
    request (a 403 inside the admin blueprint looks up `error_handler_spec["admin"][403]`) adds an empty entry."""
    if isinstance(value, dict):
        kept = {key: _without_empty(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in ({}, [])}
    return value


def _state(app: Flask) -> object:
    """What a test could change in an app: its settings, extensions (the catalog), hooks, routes, template globals."""
    hooks = (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs,
             app.teardown_appcontext_funcs, app.template_context_processors, app.url_default_functions,
             app.url_value_preprocessors, app.error_handler_spec)
    return (copy.deepcopy(dict(app.config)), {k: id(v) for k, v in app.extensions.items()},
            [repr(_without_empty(h)) for h in hooks], len(app.url_map._rules), sorted(app.jinja_env.globals),
            sorted(app.jinja_env.filters), app.secret_key)


def _forget_request_globals(_error) -> None:
    # A test holds one app context open for its whole run, and its requests reuse it; in production each request
    # has its own. Clear `g` so the logged-in user or locale never leaks between requests.
    for name in list(vars(g)):
        delattr(g, name)


@contextmanager
def kept_app(key: tuple, make: Callable[[], Flask], wipe: bool) -> Iterator[Flask]:
    """The kept app for `key` when it is unchanged, else a new one from `make`; its app context is pushed for the
    test, and every row is deleted after it when `wipe`."""
    kept = _KEPT.pop(key, None)
    if kept and _latest[0] is kept[0] and _state(kept[0]) == kept[1]:
        app, state = kept
    else:
        if kept:
            _dispose(kept[0])
        app = make()
        app.teardown_request(_forget_request_globals)
        state = _state(app)
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            if wipe:
                delete_every_row()
                db.session.commit()
                db.session.remove()
    if _state(app) == state:
        _KEPT[key] = (app, state)
    else:
        _dispose(app)


def _dispose(app: Flask) -> None:
    """Close an app's connection pool (each app has its own; PostgreSQL would run out of connections)."""
    with app.app_context():
        db.engine.dispose()


def discard_kept_apps() -> None:
    """Close and forget every kept app (before a database is made anew under one of them)."""
    while _KEPT:
        _dispose(_KEPT.popitem()[1][0])
