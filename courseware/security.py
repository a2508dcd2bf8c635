"""Access control on views: every view states who may call it."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user

from courseware.extensions import login_manager
from courseware.models import ROLES, Role

STAFF = (Role.TRAINER, Role.HR, Role.ADMIN)


def roles_required(*roles: Role) -> Callable:
    """Allow a view to logged-in users with one of these roles; others get 403, anonymous users the login page."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


def any_role(view: Callable) -> Callable:
    """Any logged-in user, whatever the role."""
    return roles_required(*ROLES)(view)


def public(view: Callable) -> Callable:
    """Marks a view that anonymous visitors may call (login, health check, language)."""
    view.allowed_roles = ("anonymous", *ROLES)  # type: ignore[attr-defined]
    return view
