"""Request body limits: MAX_CONTENT_LENGTH (256 KB) for every form, UPLOAD_MAX_CONTENT_LENGTH (5 MB) for the views
marked as imports; a larger body is answered 413."""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app, request


def accepts_upload(view: Callable) -> Callable:
    """Mark a view (under its route decorator) as an import: its body may reach UPLOAD_MAX_CONTENT_LENGTH."""
    view.accepts_upload = True  # type: ignore[attr-defined]
    return view


def upload_name(filename: str | None, fallback: str) -> str:
    """The uploaded file's name as shown in `FILE:LINE` messages: its last part, printable, at most 100 characters."""
    name = "".join(ch for ch in (filename or "").replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable())
    if name.strip(". ") == "":
        return fallback
    return name if len(name) <= 100 else name[:50] + "…" + name[-49:]


def init_app(app: Flask) -> None:
    """Set the limits; call before CSRF is registered."""
    # First among the before-request hooks, so CSRF's form parsing already sees the view's limit.
    app.before_request_funcs.setdefault(None, []).insert(0, _set_body_limit)


def _set_body_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "accepts_upload", False):
        request.max_content_length = current_app.config["UPLOAD_MAX_CONTENT_LENGTH"]
