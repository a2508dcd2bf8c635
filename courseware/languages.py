"""The languages of the course: content tags and their Babel locale names."""
from __future__ import annotations

LANGUAGES = ("zh-Hans", "en")
DEFAULT_LANGUAGE = "zh-Hans"
# Content and HTML use BCP 47 tags; Babel's catalogs use underscores.
BABEL_LOCALES = {"zh-Hans": "zh_Hans", "en": "en"}
LANGUAGE_LABELS = {"zh-Hans": "中文", "en": "English"}


def other_language(lang: str) -> str:
    return next(code for code in LANGUAGES if code != lang)
