"""Writing to someone outside their request (e-mail, group robots): in their language, whatever the current one."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import g
from flask_babel import force_locale, get_translations

from courseware.languages import BABEL_LOCALES, DEFAULT_LANGUAGE, LANGUAGES


def language_of(user) -> str:
    """The user's chosen language, else the platform's default (Simplified Chinese)."""
    return user.locale if user.locale in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Translate (Flask-Babel and the templates' `_`) in `lang` inside the block, in a request or outside one;
    the request's own language comes back after it."""
    saved = {name: g.pop(name) for name in ("translations", "language") if name in g}
    try:
        with force_locale(BABEL_LOCALES[lang]):
            g.translations, g.language = get_translations(), lang
            yield
    finally:
        g.pop("translations", None)
        g.pop("language", None)
        for name, value in saved.items():
            setattr(g, name, value)
