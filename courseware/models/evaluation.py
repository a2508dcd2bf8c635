"""The evaluation records that are not quizzes or role plays: reaction surveys (level 1), action plans and
follow-ups (level 3), KPI figures (level 4)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from courseware.extensions import db
from courseware.models.types import UtcDateTime, utcnow

FOLLOW_UP_DAYS = (30, 60, 90)


class ReactionSurvey(db.Model):
    """A learner's reaction to one module: Likert answers 1-5, a 0-10 recommendation, comments."""

    __tablename__ = "reaction_surveys"
    __table_args__ = (UniqueConstraint("user_id", "module_id", name="uq_reaction_surveys_user_module"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[str] = mapped_column(String(64), index=True)
    recommend: Mapped[int]
    comments: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    updated_at: Mapped[UtcDateTime] = mapped_column(default=utcnow, onupdate=utcnow)

    answers: Mapped[list[SurveyAnswer]] = relationship(lazy="raise", cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """One Likert answer (1-5) of a survey; a row each, so reports average and count them in SQL."""

    __tablename__ = "survey_answers"

    survey_id: Mapped[int] = mapped_column(ForeignKey("reaction_surveys.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int]


class SurveyClosure(db.Model):
    """A cohort's survey of a module, closed by its trainer: answers can no longer be changed."""

    __tablename__ = "survey_closures"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    module_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    closed_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ActionPlan(db.Model):
    """The closing module's personal action plan; submitting it marks the end of the course for follow-ups."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    submitted_on: Mapped[date | None]
    updated_at: Mapped[UtcDateTime] = mapped_column(default=utcnow, onupdate=utcnow)

    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="plan", lazy="raise", order_by="Commitment.position", cascade="all, delete-orphan")


class Commitment(db.Model):
    """One SMART commitment: each letter is a field or a check."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    specific: Mapped[str] = mapped_column(Text)  # S: what exactly I will do
    measure: Mapped[str] = mapped_column(Text)  # M: how it is measured, with a number
    achievable: Mapped[bool]  # A: checked by the learner: within my authority and resources
    support: Mapped[str] = mapped_column(Text, default="")  # A: what I need to make it achievable
    items: Mapped[list[str]] = mapped_column(JSON)  # R: the course items it applies
    due_on: Mapped[date]  # T: by when

    plan: Mapped[ActionPlan] = relationship(back_populates="commitments", lazy="raise")


class FollowUp(db.Model):
    """A follow-up 30, 60 or 90 days after the course: the learner's self-report per commitment and the
    trainer's (or manager's) ratings against the behavior checklist."""

    __tablename__ = "follow_ups"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_follow_ups_user_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[int]
    due_on: Mapped[date] = mapped_column(index=True)
    self_reported_at: Mapped[UtcDateTime | None]
    observer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    observer_comment: Mapped[str] = mapped_column(Text, default="")
    observed_at: Mapped[UtcDateTime | None]


class CommitmentReport(db.Model):
    """The learner's own report on one commitment at a follow-up."""

    __tablename__ = "commitment_reports"

    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id", ondelete="CASCADE"), primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # not_started, in_progress, done
    note: Mapped[str] = mapped_column(Text, default="")


class FollowUpRating(db.Model):
    """The observer's rating (1-5) of one behavior checklist item at a follow-up."""

    __tablename__ = "follow_up_ratings"

    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id", ondelete="CASCADE"), primary_key=True)
    item: Mapped[str] = mapped_column(String(32), primary_key=True)
    rating: Mapped[int]


class KpiRecord(db.Model):
    """One KPI figure of one learner for one month (level 4), imported by HR."""

    __tablename__ = "kpi_records"
    __table_args__ = (UniqueConstraint("user_id", "month", "kpi", name="uq_kpi_records_user_month_kpi"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # YYYY-MM
    kpi: Mapped[str] = mapped_column(String(32))
    value: Mapped[float]
    imported_at: Mapped[UtcDateTime] = mapped_column(default=utcnow)
