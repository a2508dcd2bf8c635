"""Which writes make HR's stored report figures stale, read from the declared report inputs (models/report.py).

A flush that touches a learner's declared records or moves a learner between cohorts notes the learners; a bulk
UPDATE or DELETE sent through the session on a declared model notes the learners of the rows it matches (a bulk
INSERT on one is refused: add the objects instead). At commit, in the same transaction, the version of each of
their cohorts' summaries goes up by one, and the report recomputes just those cohorts (evaluation/report/
summaries.py). `register` installs the listeners; create_app calls it.

Versions are raised last in the transaction and in a fixed order, so two writers (or a writer and the
report storing figures) never wait on each other's version rows in a cycle."""
from __future__ import annotations

import functools
from collections.abc import Iterable

from flask_sqlalchemy.session import Session
from sqlalchemy import event, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState

from courseware.models import Cohort, ReportSummary, User
from courseware.models.report import Child, Membership, Owned, report_inputs

NO_COHORT = "none"
_USERS, _PARENTS, _SCOPES = "report_users", "report_parents", "report_scopes"


class UndeclaredBulkInsert(RuntimeError):
    """A bulk INSERT into a table the report reads: its learners cannot be told, so it is refused."""


def scope_of(cohort_id: int | None) -> str:
    return NO_COHORT if cohort_id is None else f"c{cohort_id}"


def register() -> None:
    """Install the listeners on the session class, once however many apps are made."""
    for name, listener in (("after_flush", _collect), ("do_orm_execute", _bulk), ("before_commit", _raise_versions),
                           ("after_commit", _forget), ("after_rollback", _forget)):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


@functools.cache
def _by_table() -> dict[str, tuple[type, Owned | Child | Membership]]:
    return {model.__table__.name: (model, declared) for model, declared in report_inputs().items()}


def note_learners(session, user_ids: Iterable[int]) -> None:
    """Mark these learners' cohorts as changed at the next commit."""
    session.info.setdefault(_USERS, set()).update(user_ids)


def discard(session) -> None:
    """Forget what this transaction noted (every row was deleted: there is nothing to recompute)."""
    _forget(session)


def _note_parents(session, parent: type, ids: Iterable[int]) -> None:
    session.info.setdefault(_PARENTS, {}).setdefault(parent, set()).update(ids)


def _changed(state, columns: frozenset[str] | None) -> bool:
    if columns is None:
        return True
    return any(state.attrs[name].history.has_changes() for name in columns)


def _collect(session, _context) -> None:
    declared_inputs = report_inputs()
    for obj in (*session.new, *session.dirty, *session.deleted):
        state = inspect(obj)
        declared = declared_inputs.get(type(obj))
        if isinstance(declared, Owned):
            counts = declared.counted is None or declared.counted[0](obj)
            if counts and (state.pending or state.deleted or _changed(state, declared.columns)):
                note_learners(session, [getattr(obj, declared.learner)])
        elif isinstance(declared, Child):
            _note_parents(session, declared.parent, [getattr(obj, declared.parent_key)])
        elif isinstance(declared, Membership):
            _collect_user(session, obj, state, declared.columns)
        elif type(obj) is Cohort and state.deleted:
            session.info.setdefault(_SCOPES, set()).add(NO_COHORT)  # its learners are left without a cohort


def _collect_user(session, user: User, state, columns: frozenset[str]) -> None:
    scopes = session.info.setdefault(_SCOPES, set())
    if state.pending or state.deleted or _changed(state, columns):
        scopes.add(scope_of(user.cohort_id))
        scopes.update(scope_of(old) for old in state.attrs.cohort_id.history.deleted)
        scopes.update(scope_of(old.id) for old in state.attrs.cohort.history.deleted if old is not None)


def _bulk(execute: ORMExecuteState) -> None:
    """A bulk statement on a declared model: note the learners of the rows it matches, before it runs."""
    if not (execute.is_update or execute.is_delete or execute.is_insert):
        return
    found = _by_table().get(getattr(execute.statement.table, "name", None))
    if found is None:
        return
    model, declared = found
    if execute.is_insert:
        raise UndeclaredBulkInsert(f"a bulk INSERT into {model.__tablename__} would leave the report's figures stale; "
                                   "add the objects to the session instead")
    table, where = model.__table__, execute.statement.whereclause
    session = execute.session

    def matched(*columns):
        query = select(*columns)
        return session.execute(query if where is None else query.where(where)).all()

    if isinstance(declared, Owned):
        note_learners(session, (row[0] for row in matched(table.c[declared.learner])))
    elif isinstance(declared, Child):
        _note_parents(session, declared.parent, (row[0] for row in matched(table.c[declared.parent_key])))
    else:
        rows = matched(table.c.id, table.c.cohort_id)
        note_learners(session, (user_id for user_id, _ in rows))
        session.info.setdefault(_SCOPES, set()).update(scope_of(cohort_id) for _, cohort_id in rows)


def _raise_versions(session) -> None:
    session.flush()  # what is still pending is noted by the flush (a no-op when nothing is)
    if not any(session.info.get(key) for key in (_USERS, _PARENTS, _SCOPES)):
        return
    users = set(session.info.pop(_USERS, ()))
    declared_inputs = report_inputs()
    for parent, ids in session.info.pop(_PARENTS, {}).items():
        declared = declared_inputs[parent]
        query = select(getattr(parent, declared.learner)).where(parent.id.in_(ids))
        if declared.counted is not None:
            query = query.where(declared.counted[1]())
        users.update(session.execute(query).scalars())
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


def _forget(session, *_args) -> None:
    for key in (_USERS, _PARENTS, _SCOPES):
        session.info.pop(key, None)
