"""Which language a request is served in, and template helpers for bilingual texts."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from courseware.catalog.markdown import render_inline
from courseware.languages import BABEL_LOCALES, DEFAULT_LANGUAGE, LANGUAGE_LABELS, LANGUAGES, other_language


ROLE_LABELS = {"learner": _l("Learner"), "trainer": _l("Trainer"), "hr": _l("HR"), "admin": _l("Admin")}


def current_language() -> str:
    """The user's saved choice, else the session's, else Simplified Chinese."""
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


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


def init_app(app: Flask) -> None:
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
    def localized_text(texts: Mapping[str, Any]) -> Any:
        return pick(texts).text

    @app.template_filter("locmd")
    def localized_inline_markdown(texts: Mapping[str, Any]) -> Any:
        """A bilingual text with inline Markdown (question and choice texts)."""
        return render_inline(str(pick(texts).text))
