"""Short text: a word or two, compared with the accepted answers of both languages."""
from __future__ import annotations

import re
import unicodedata

from courseware.catalog.questions.base import (
    FormGetter,
    GiftReading,
    NotImportable,
    QuestionType,
    typed_text,
)
from courseware.catalog.questions.registry import register
from courseware.catalog.yamlfile import LineList
from courseware.languages import LANGUAGES
from courseware.quizzes.gift.parser import escape

ARTICLE = re.compile(r"^(?:the|an|a)\s+")


def normalize(text: str) -> str:
    """Case, width, spaces, punctuation and a leading English article do not count:
    'Ｓ.M.A.R.T ' == 'smart', 'The  Bottle-neck' == 'bottleneck', 'ＣＲＭ　系统' == 'crm系统'."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = ARTICLE.sub("", text)
    return re.sub(r"[\s\W_]+", "", text)


@register
class ShortText(QuestionType):
    """Right when the answer equals an accepted answer (in either language) once normalized."""

    id = "short"
    fields = {"accept"}
    template = "quizzes/types/short.html"

    @classmethod
    def parse(cls, entry, log, where):
        accept = entry.get("accept")
        if not isinstance(accept, dict):
            log.add(entry.line_of("accept"), f"{where}: 'accept' must list accepted answers per language")
            return None
        result = {}
        for lang in LANGUAGES:
            answers = accept.get(lang)
            if not isinstance(answers, LineList) or not answers or not all(isinstance(a, str | int) and str(a).strip() for a in answers):
                log.add(accept.line_of(lang) if lang in accept else entry.line_of("accept"),
                        f"{where}: accept: missing translation '{lang}' (a list of accepted answers)")
                return None
            result[lang] = [str(a).strip() for a in answers]
        return {"accept": result}

    @classmethod
    def public(cls, snap):
        return {}

    @classmethod
    def read_response(cls, snap, get: FormGetter, name: str):
        return typed_text(get, name, 200)

    @classmethod
    def grade(cls, snap, response) -> float:
        if not isinstance(response, str) or not normalize(response):
            return 0.0
        accepted = {normalize(a) for answers in snap["accept"].values() for a in answers}
        return 1.0 if normalize(response) in accepted else 0.0

    @classmethod
    def correct_response(cls, snap):
        return snap["accept"]

    @classmethod
    def demo_response(cls, snap, right, rng):
        return snap["accept"]["en"][0] if right else "?"

    @classmethod
    def from_gift(cls, item):
        if item.form != "shortanswer":
            return None
        accepted, notes = [], []
        for answer in item.answers:
            if answer.weight not in (None, 100):
                notes.append(f"answer '{answer.text}' worth {answer.weight:g}% dropped (short answers score 0 or 1)")
            elif "*" in answer.text:
                notes.append(f"wildcard answer '{answer.text}' dropped")
            elif answer.text:
                accepted.append(answer.text)
        if not accepted:
            raise NotImportable("a short-answer question needs an answer worth 100%")
        return GiftReading({"accept": accepted}, notes)

    @classmethod
    def gift_entry(cls, fields):
        return {"accept": {lang: list(fields["accept"]) for lang in LANGUAGES}}

    @classmethod
    def to_gift(cls, data, lang):
        accepted = list(dict.fromkeys(data["accept"][lang] + [a for other in data["accept"].values() for a in other]))
        return "\n".join(f"    ={escape(a)}" for a in accepted)
