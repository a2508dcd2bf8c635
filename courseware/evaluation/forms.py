"""Evaluation forms: the dynamic fields (survey items, commitments, ratings) are read from the request;
these forms carry CSRF and the fixed fields."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.validators import Optional

from courseware.core.inputs import FREE_TEXT_MAX, CleanText, coerce_id


class PostForm(FlaskForm):
    """CSRF only: the fields are built from the data file."""


class KpiUploadForm(FlaskForm):
    file = FileField(_l("KPI file (CSV: username,month,kpi,value)"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))


class ReportFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    cohorts = SelectMultipleField(_l("Cohorts"), coerce=coerce_id, validators=[Optional()])
    start = DateField(_l("Cohorts starting from"), validators=[Optional()])
    end = DateField(_l("to"), validators=[Optional()])


class ObserverCommentForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Optional(), CleanText(FREE_TEXT_MAX, multiline=True)])
