"""The one entry point: `gunicorn wsgi:app` and `flask --app wsgi ...`."""
import os

from courseware import create_app
from courseware.cli.startup import command_settings
from courseware.extensions import db

app = create_app(command_settings())


def _own_connection_pools() -> None:
    """In a process forked from this one (gunicorn's workers under `--preload`): start with empty connection pools,
    leaving any connection the parent opened to the parent (SQLAlchemy's advice for os.fork)."""
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


os.register_at_fork(after_in_child=_own_connection_pools)
