"""Which writes make HR's stored report figures stale.

A flush that touches a learner's evaluation records (surveys, submitted attempts, action plans,
follow-ups, observations, KPI figures) or moves a learner between cohorts notes the learners; at commit,
in the same transaction, the version of each of their cohorts' summaries goes up by one. The report then
recomputes just those cohorts (evaluation/report/summaries.py). Bulk UPDATE statements bypass the flush,
so their callers note the learner themselves with `note_learners`.

Versions are raised last in the transaction and in a fixed order, so two writers (or a writer and the
report storing figures) never wait on each other's version rows in a cycle."""
from __future__ import annotations

from collections.abc import Iterable

from flask_sqlalchemy.session import Session
from sqlalchemy import event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite

from courseware.models import (
    ActionPlan,
    Attempt,
    BehaviorObservation,
    Cohort,
    FollowUp,
    FollowUpRating,
    KpiRecord,
    ObservationRating,
    ReactionSurvey,
    ReportSummary,
    SurveyAnswer,
    User,
)
from courseware.models.quiz import IN_PROGRESS

NO_COHORT = "none"
_USERS, _PARENTS, _SCOPES = "report_users", "report_parents", "report_scopes"

# A record's learner column, and the columns whose change matters (None: any change).
OWNED = {
    ReactionSurvey: ("user_id", None),
    Attempt: ("user_id", {"user_id", "quiz_id", "number", "state", "score"}),  # while in progress: see _counts
    ActionPlan: ("user_id", {"user_id", "submitted_on"}),
    FollowUp: ("user_id", {"user_id", "day", "due_on", "self_reported_at", "observed_at"}),
    KpiRecord: ("user_id", None),
    BehaviorObservation: ("learner_id", None),
}
# Child rows: the column naming their parent, the parent model.
CHILDREN = {
    SurveyAnswer: ("survey_id", ReactionSurvey),
    FollowUpRating: ("follow_up_id", FollowUp),
    ObservationRating: ("observation_id", BehaviorObservation),
}


def scope_of(cohort_id: int | None) -> str:
    return NO_COHORT if cohort_id is None else f"c{cohort_id}"


def note_learners(session, user_ids: Iterable[int]) -> None:
    """Mark these learners' cohorts as changed at the next commit (for writes that bypass the flush)."""
    session.info.setdefault(_USERS, set()).update(user_ids)


def _counts(obj) -> bool:
    """Whether the record counts in the report at all: an attempt only once it is submitted."""
    return not isinstance(obj, Attempt) or obj.state != IN_PROGRESS


def _changed(state, columns: set[str] | None) -> bool:
    if columns is None:
        return True
    return any(state.attrs[name].history.has_changes() for name in columns)


@event.listens_for(Session, "after_flush")
def _collect(session, _context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        state = inspect(obj)
        kind = type(obj)
        if kind in OWNED:
            column, columns = OWNED[kind]
            if _counts(obj) and (state.pending or state.deleted or _changed(state, columns)):
                note_learners(session, [getattr(obj, column)])
        elif kind in CHILDREN:
            column, parent = CHILDREN[kind]
            session.info.setdefault(_PARENTS, {}).setdefault(parent, set()).add(getattr(obj, column))
        elif kind is User:
            _collect_user(session, obj, state)
        elif kind is Cohort and state.deleted:
            session.info.setdefault(_SCOPES, set()).add(NO_COHORT)  # its learners are left without a cohort


def _collect_user(session, user: User, state) -> None:
    scopes = session.info.setdefault(_SCOPES, set())
    cohort, role = state.attrs.cohort_id.history, state.attrs.role.history
    if state.pending or state.deleted or cohort.has_changes() or role.has_changes():
        scopes.add(scope_of(user.cohort_id))
        scopes.update(scope_of(old) for old in cohort.deleted)
        scopes.update(scope_of(old.id) for old in state.attrs.cohort.history.deleted if old is not None)


@event.listens_for(Session, "before_commit")
def _raise_versions(session) -> None:
    session.flush()  # what is still pending is noted by the flush (a no-op when nothing is)
    if not any(session.info.get(key) for key in (_USERS, _PARENTS, _SCOPES)):
        return
    users = set(session.info.pop(_USERS, ()))
    for parent, ids in session.info.pop(_PARENTS, {}).items():
        column = getattr(parent, OWNED[parent][0])
        users.update(session.execute(select(column).where(parent.id.in_(ids))).scalars())
    scopes = set(session.info.pop(_SCOPES, ()))
    if users:
        scopes.update(scope_of(c) for c in session.execute(
            select(User.cohort_id).where(User.id.in_(users)).distinct()).scalars())
    if scopes:
        raise_versions(session, scopes)


def raise_versions(session, scopes: Iterable[str]) -> None:
    table = ReportSummary.__table__
    dialect = postgresql if session.connection().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).values([{"scope": s, "version": 1} for s in sorted(scopes)])
    session.execute(statement.on_conflict_do_update(index_elements=["scope"], set_={"version": table.c.version + 1}))


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session) -> None:
    for key in (_USERS, _PARENTS, _SCOPES):
        session.info.pop(key, None)
