"""Redirect targets taken from user input must stay on this site."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def is_safe_path(target: str | None) -> bool:
    """True for a path on this site ("/learn/x?y"), False for anything that could leave it."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in target)


# Where each role lands after login and at "/": staff on their own home, learners on the course dashboard.
HOMES = {"trainer": "teach.home", "hr": "evaluation.hr_home", "admin": "admin.home"}


def home_url(role: str) -> str:
    """The URL of the role's home page."""
    return url_for(HOMES.get(role, "learn.dashboard"))
