"""The registry of question types: a type id maps to its class."""
from __future__ import annotations

from courseware.catalog.questions.base import QuestionType

QUESTION_TYPES: dict[str, type[QuestionType]] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    QUESTION_TYPES[cls.id] = cls
    return cls


def question_type(type_id: str) -> type[QuestionType]:
    return QUESTION_TYPES[type_id]
