"""The reader's one form: marking a section read."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class MarkReadForm(FlaskForm):
    go_next = SubmitField(_l("Mark as read and continue"))
    stay = SubmitField(_l("Mark as read"))
    undo = SubmitField(_l("Mark as unread"))
