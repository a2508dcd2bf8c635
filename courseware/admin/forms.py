"""Admin forms: users, cohorts, moving learners."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from courseware.core.inputs import NAME_MAX, CleanText, coerce_id, strip
from courseware.i18n import ROLE_LABELS
from courseware.people.users_import import USERNAME_PATTERN


def _role_choices():
    return list(ROLE_LABELS.items())


class UserForm(FlaskForm):
    display_name = StringField(_l("Display name"), filters=[strip], validators=[DataRequired(), CleanText(NAME_MAX)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(check_deliverability=False), Length(max=254)])
    role = SelectField(_l("Role"), choices=_role_choices)
    cohort = SelectField(_l("Cohort (learners)"), coerce=coerce_id)


class NewUserForm(UserForm):
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Regexp(USERNAME_PATTERN, message=_l("Letters, digits, '.', '_' and '-' only (2-64)."))],
    )
    password = PasswordField(_l("Password (leave empty for a one-time password)"), validators=[Optional(), Length(max=256)])
    invite = BooleanField(_l("Send an invitation by e-mail (the user chooses their own password; valid 72 hours)"))
    submit = SubmitField(_l("Create user"))

    def validate_password(self, field) -> None:
        if field.data and self.invite.data:
            raise ValidationError(_l("Leave the password empty: the invited user chooses it."))


class EditUserForm(UserForm):
    active = BooleanField(_l("Active (may log in)"))
    leave_cohorts = HiddenField()  # "y" once the admin confirmed that a former trainer leaves their cohorts
    confirmed = HiddenField()  # "y" once the admin confirmed a role taken away or a deactivation
    submit = SubmitField(_l("Save"))


class ImportUsersForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired()])
    create_cohorts = BooleanField(_l("Create cohorts that do not exist yet"))
    invite = BooleanField(_l("Send each user an invitation by e-mail instead of one-time passwords (valid 72 hours)"))
    submit = SubmitField(_l("Import"))


class ResetPasswordForm(FlaskForm):
    submit = SubmitField(_l("Reset password"))


class InviteForm(FlaskForm):
    submit = SubmitField(_l("Send a new invitation"))


class CohortForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip], validators=[DataRequired(), CleanText(NAME_MAX)])
    start_date = DateField(_l("Start date"), validators=[DataRequired()])
    trainers = SelectMultipleField(_l("Trainers"), coerce=coerce_id)
    submit = SubmitField(_l("Save cohort"))


class TrainersForm(FlaskForm):
    trainers = SelectMultipleField(_l("Trainers"), coerce=coerce_id)
    submit = SubmitField(_l("Save trainers"))


class MoveLearnerForm(FlaskForm):
    learner = SelectField(_l("Learner"), coerce=coerce_id)
    cohort = SelectField(_l("Move to cohort"), coerce=coerce_id)
    submit = SubmitField(_l("Move"))
