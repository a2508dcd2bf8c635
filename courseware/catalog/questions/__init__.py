"""Question types (one class each, in a registry) and the loader of question banks."""
from courseware.catalog.questions import choice, matching, numeric, ordering, shorttext  # noqa: F401 (registers)
from courseware.catalog.questions.base import Question, QuestionType
from courseware.catalog.questions.registry import QUESTION_TYPES, question_type

__all__ = ["QUESTION_TYPES", "Question", "QuestionType", "question_type"]
