"""Which language a request is served in, and template helpers for bilingual texts."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, g, session
from flask_babel import get_translations, refresh
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from courseware.catalog.markdown import render_inline
from courseware.languages import BABEL_LOCALES, DEFAULT_LANGUAGE, LANGUAGE_LABELS, LANGUAGES, other_language
from courseware.models.user import Role
from courseware.templating import per_render

ROLE_LABELS = {Role.LEARNER: _l("Learner"), Role.TRAINER: _l("Trainer"), Role.HR: _l("HR"), Role.ADMIN: _l("Admin")}


def current_language() -> str:
    """The request's language, worked out once per request (templates ask for it many times)."""
    if "language" not in g:
        g.language = _chosen_language()
    return g.language


def _chosen_language() -> str:
    """The user's saved choice, else the session's, else Simplified Chinese."""
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def language_changed() -> None:
    """Forget the request's language and Babel's locale, after the user chose another language."""
    g.pop("language", None)
    g.pop("translations", None)
    refresh()


def request_translations():
    """Babel's translations for the request, looked up once (a page has dozens of texts to translate)."""
    if "translations" not in g:
        g.translations = get_translations()
    return g.translations


def select_locale() -> str:
    return BABEL_LOCALES[current_language()]


@dataclass(frozen=True)
class Localized:
    """A text in the language asked for or, when it is missing there, in the other one."""

    text: Any
    lang: str
    fallback: bool


def pick(texts: Mapping[str, Any], lang: str | None = None) -> Localized:
    lang = lang or current_language()
    if texts.get(lang):
        return Localized(texts[lang], lang, False)
    other = other_language(lang)
    return Localized(texts.get(other, ""), other, True)


def install_template_gettext(app: Flask) -> None:
    """Flask-Babel's template callables, but with the request's translations looked up once."""
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )


def init_app(app: Flask) -> None:
    install_template_gettext(app)

    @app.context_processor
    def language_helpers() -> dict[str, Any]:
        lang = current_language()
        return {
            "lang": lang,
            "other_lang": other_language(lang),
            "language_labels": LANGUAGE_LABELS,
            "pick": pick,
            "role_label": lambda role: ROLE_LABELS.get(role, role),
        }

    @app.template_filter("loc")
    @per_render
    def localized_text(texts: Mapping[str, Any]) -> Any:
        return pick(texts).text

    @app.template_filter("locmd")
    @per_render
    def localized_inline_markdown(texts: Mapping[str, Any]) -> Any:
        """A bilingual text with inline Markdown (question and choice texts)."""
        return render_inline(str(pick(texts).text))
