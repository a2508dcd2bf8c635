"""Database models, one file per domain; importing this package registers them all."""
from courseware.models.assignment import Assignment, assignment_learners
from courseware.models.cohort import Cohort, cohort_trainers
from courseware.models.delivery import Delivery
from courseware.models.evaluation import (
    ActionPlan,
    Commitment,
    CommitmentReport,
    FollowUp,
    FollowUpRating,
    KpiRecord,
    ReactionSurvey,
    SurveyAnswer,
    SurveyClosure,
)
from courseware.models.imports import ImportRecord
from courseware.models.invitation import Invitation
from courseware.models.job import JobPing
from courseware.models.progress import ReadingPosition, SectionRead
from courseware.models.quiz import Attempt, AttemptAnswer, QuizGrant
from courseware.models.report import ReportSummary
from courseware.models.robot import CohortRobot
from courseware.models.roleplay import BehaviorObservation, ObservationRating, ScenarioRun
from courseware.models.user import ROLES, Role, User

__all__ = [
    "ROLES", "ActionPlan", "Assignment", "Commitment", "CommitmentReport", "Delivery", "FollowUp", "FollowUpRating", "ImportRecord", "Invitation", "JobPing", "KpiRecord",
    "ObservationRating", "ReactionSurvey", "SurveyAnswer", "SurveyClosure", "Attempt", "AttemptAnswer", "BehaviorObservation", "Cohort", "CohortRobot", "QuizGrant", "ReadingPosition",
    "ReportSummary",     "Role", "ScenarioRun", "SectionRead", "User", "assignment_learners", "cohort_trainers",
]
