"""The registry of question types: a type id maps to its class. It is the only list of types."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from courseware.catalog.questions.base import QuestionType

QUESTION_TYPES: dict[str, type[QuestionType]] = {}


def register(cls: type[QuestionType]) -> type[QuestionType]:
    """Add a type (a class decorator); a second type with the same id, or one that names no template, is refused."""
    if not getattr(cls, "template", None):
        raise TypeError(f"question type '{cls.id}' names no template")
    if cls.id in QUESTION_TYPES and QUESTION_TYPES[cls.id] is not cls:
        raise ValueError(f"question type '{cls.id}' is already registered")
    QUESTION_TYPES[cls.id] = cls
    return cls


def unregister(type_id: str) -> None:
    """Remove a type (a test's own type, at teardown)."""
    QUESTION_TYPES.pop(type_id, None)


@contextmanager
def registered(cls: type[QuestionType]) -> Iterator[type[QuestionType]]:
    """The type is registered inside the block only."""
    register(cls)
    try:
        yield cls
    finally:
        unregister(cls.id)


def question_type(type_id: str) -> type[QuestionType]:
    """The class of a registered type id."""
    return QUESTION_TYPES[type_id]
