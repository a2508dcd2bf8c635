"""Quiz forms: the answer fields are built from the attempt's snapshot; these carry CSRF and the buttons."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField

from courseware.catalog import Quiz
from courseware.core.inputs import parse_int
from courseware.models import Attempt
from courseware.quizzes import pages as quiz_pages


class StartForm(FlaskForm):
    submit = SubmitField(_l("Start the quiz"))


class AttemptPageForm(FlaskForm):
    page = HiddenField()
    previous = SubmitField(_l("Previous"))
    next = SubmitField(_l("Next"))
    save = SubmitField(_l("Save answers"))
    finish = SubmitField(_l("Finish attempt…"))
    goto = StringField()  # a page number button of the navigation (not rendered by hidden_tag: each button has its own)

    def page_number(self, pages: int) -> int:
        """The page the answers were posted from (the first when it is not a number)."""
        return min(parse_int(self.page.data, 0), pages - 1)

    def target_page(self, page: int, pages: int) -> int:
        """Where the button pressed leads: the next or previous page, or the page number chosen; else this page."""
        if self.next.data:
            page += 1
        elif self.previous.data:
            page -= 1
        elif (goto := parse_int(self.goto.data)) is not None:
            page = goto
        return min(max(page, 0), pages - 1)


class SubmitForm(FlaskForm):
    submit = SubmitField(_l("Submit all and finish"))


def read_answers(quiz: Quiz, attempt: Attempt, page: int) -> quiz_pages.PageAnswers:
    """The answers of one page's questions as posted (`q<slot>` fields, read by each question's type)."""
    return quiz_pages.read_page(attempt, quiz_pages.slots_on_page(quiz, attempt, page), request.form.getlist)


def posted_page() -> int:
    """The page an autosave comes from (the first when it is not a number)."""
    return parse_int(request.form.get("page"), 0)
