"""Site-wide forms: the language switch."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField


class LanguageForm(FlaskForm):
    """The language switch in every page's header; its CSRF token is checked app-wide (CSRFProtect)."""

    lang = StringField()  # kept only if it is one of the languages
    next = StringField()  # the page to go back to, followed only if it is a path on this site
