"""The reader's forms: marking a section read, and the glossary's search."""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class MarkReadForm(FlaskForm):
    go_next = SubmitField(_l("Mark as read and continue"))
    stay = SubmitField(_l("Mark as read"))
    undo = SubmitField(_l("Mark as unread"))


def glossary_query() -> str:
    """The glossary's search text (`?q=`), trimmed and lower-case: it matches whatever the case."""
    return request.args.get("q", "").strip().lower()
