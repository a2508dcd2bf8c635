"""Role-play forms: starting a run, choosing, and a trainer's observation (with its 1-5 ratings)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from courseware.catalog import Catalog
from courseware.catalog.scenarios import COMPETENCIES
from courseware.core.inputs import FREE_TEXT_MAX, CleanText, coerce_id, parse_int
from courseware.i18n import pick
from courseware.models import User
from courseware.roleplay.observations import NewObservation

RATINGS = ("1", "2", "3", "4", "5")


class StartRunForm(FlaskForm):
    restart = BooleanField()
    submit = SubmitField(_l("Start the role play"))


class ChoiceForm(FlaskForm):
    """Carries the step and node the choice was made at, so a stale post (reload, back, other tab) is ignored."""

    step = HiddenField()
    node = HiddenField()
    choice = StringField()  # the reply button pressed (not rendered by hidden_tag: each button carries its id)


@dataclass(frozen=True)
class Ratings:
    """The 1-5 ratings read from an observation form, and the competencies still to rate."""

    given: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


class ObservationForm(FlaskForm):
    learner = SelectField(_l("Learner"), coerce=coerce_id)
    scenario = SelectField(_l("Scenario"), validators=[Optional()])
    observed_on = DateField(_l("Date observed"), validators=[DataRequired()])
    comments = TextAreaField(_l("Comments"), validators=[Optional(), CleanText(FREE_TEXT_MAX, multiline=True)])
    submit = SubmitField(_l("Save observation"))

    def offer(self, catalog: Catalog, learners: list[User], today: date) -> ObservationForm:
        """Fill the lists (the learners the trainer may observe, the scenarios); a new form takes the learner and
        scenario from the link that opened it, and today's date."""
        self.learner.choices = [(u.id, f"{u.display_name} ({u.username})") for u in learners]
        self.scenario.choices = [("", _("(no scenario: observed at work)"))] + [
            (s.id, pick(s.title).text) for s in catalog.scenarios.values()]
        if not self.is_submitted():
            self.learner.data = parse_int(request.args.get("learner"))
            self.scenario.data = request.args.get("scenario", "")
            self.observed_on.data = today
        return self

    def ratings(self, catalog: Catalog) -> Ratings:
        """The posted `rating-<competency>` answers; those the chosen scenario scores (all four without one) must
        all be there."""
        if not self.is_submitted():
            return Ratings()
        given = {name: int(request.form.get(f"rating-{name}", "")) for name in COMPETENCIES
                 if request.form.get(f"rating-{name}", "") in RATINGS}
        scenario = catalog.scenario(self.scenario.data) if self.scenario.data else None
        needed = scenario.competencies if scenario else COMPETENCIES
        return Ratings(given, [name for name in needed if name not in given])

    def observation(self, ratings: Ratings) -> NewObservation:
        """What the observations service stores."""
        return NewObservation(learner_id=self.learner.data, ratings=ratings.given, observed_on=self.observed_on.data,
                              scenario_id=self.scenario.data or None, comments=self.comments.data or "")
