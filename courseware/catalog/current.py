"""The catalog loaded by create_app(), for views and commands."""
from __future__ import annotations

from flask import current_app

from courseware.catalog import Catalog


def current_catalog() -> Catalog:
    """The app's catalog: the content files read and checked once, when the app was created."""
    return current_app.extensions["catalog"]
