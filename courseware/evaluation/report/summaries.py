"""Each cohort's report figures, stored and kept fresh: the report reads one row per cohort and
recomputes only the cohorts whose records changed since (evaluation/report/changes.py raises their version).

Freshness: the versions are read before the figures are computed and stored beside them, so a write
that commits while the figures are being computed leaves them marked stale, never wrongly fresh."""
from __future__ import annotations

import hashlib
import json
import logging

from sqlalchemy import exists, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from courseware.catalog import Catalog
from courseware.evaluation import learning
from courseware.evaluation.report import compute
from courseware.evaluation.report.changes import NO_COHORT, scope_of
from courseware.evaluation.report.compute import ScopeFigures
from courseware.evaluation.report.figures import from_json, to_json
from courseware.extensions import db
from courseware.models import Cohort, ReportSummary
from courseware.models.types import utcnow
from courseware.quizzes import expiry

log = logging.getLogger(__name__)
FORMAT = 3  # raise when the figures' layout changes: every stored summary is then recomputed (3: the payload names it)


def catalog_key(catalog: Catalog) -> str:
    """What the stored figures depend on in the catalog: which quizzes are the pre- and post-tests, pass marks."""
    tests = learning.posttests(catalog)
    basis = [FORMAT, learning.pretest_id(catalog), sorted(tests.items()),
             sorted((quiz_id, catalog.quizzes[quiz_id].pass_mark) for quiz_id in tests)]
    return hashlib.sha256(json.dumps(basis).encode()).hexdigest()[:32]


# The figures last read in this process, per scope, with the stamp of the stored row they came from
# (computed version, catalog key, computed at): a report reads a payload only when its row changed.
_parsed: dict[str, tuple[tuple, ScopeFigures]] = {}


class StoredFigures(dict):
    """Scope -> figures, with `stamp`: what identifies these exact figures (each scope's stored row), so
    what is derived from all of them together can be kept until one changes."""

    stamp: tuple = ()


def all_figures(catalog: Catalog, close_expired: bool = True) -> StoredFigures:
    """Fresh figures of every cohort and of the learners without one, recomputing the stale ones. Attempts whose
    time ran out are first recorded, in one step and one commit of their own (quizzes/expiry.py): that raises
    their cohorts' versions, so the figures count them."""
    key = catalog_key(catalog)
    # The cohorts, and whether an attempt ran out, in one query (one row at least, even with no cohort).
    ran_out = exists().where(expiry.ran_out_condition()).label("ran_out")
    one = select(literal(1).label("one")).subquery()
    rows = db.session.execute(select(Cohort.id, ran_out).select_from(one).outerjoin(Cohort, true())).all()
    if close_expired and rows[0].ran_out and expiry.close_expired():
        db.session.commit()
        return all_figures(catalog, close_expired=False)
    scopes = {scope_of(row.id) for row in rows if row.id is not None} | {NO_COHORT}
    columns = (ReportSummary.scope, ReportSummary.version, ReportSummary.computed_version, ReportSummary.catalog_key,
               ReportSummary.computed_at)
    stored = {row.scope: row for row in db.session.execute(select(*columns))}
    figures, versions, unread, stamps = StoredFigures(), {}, [], {}

    def fresh(row) -> bool:
        return row is not None and row.computed_version == row.version and row.catalog_key == key

    for scope in scopes:
        row = stored.get(scope)
        if not fresh(row):
            versions[scope] = row.version if row is not None else 0
        elif (cached := _parsed.get(scope)) is not None and cached[0] == _stamp(row):
            figures[scope], stamps[scope] = cached[1], cached[0]
        else:
            unread.append(scope)
    if unread:
        for row in db.session.execute(select(*columns, ReportSummary.payload).where(ReportSummary.scope.in_(unread))):
            if fresh(row) and row.payload is not None:
                try:
                    figures[row.scope] = read_payload(row.payload)
                except (KeyError, TypeError, ValueError, AttributeError):  # an older layout: recompute it
                    log.warning("stored report figures of %s in an older layout; recomputing them", row.scope)
                    continue
                _parsed[row.scope] = (_stamp(row), figures[row.scope])
                stamps[row.scope] = _stamp(row)
        versions.update({s: stored[s].version for s in unread if s not in figures})
    if versions:
        fresh_figures = compute.compute(catalog, set(versions))
        figures.update(fresh_figures)
        stamps.update(_store(fresh_figures, versions, key))
    figures.stamp = tuple(sorted((scope, stamps.get(scope)) for scope in figures)) if len(stamps) == len(figures) else ()
    return figures


def payload(figures: ScopeFigures) -> dict:
    """The stored form of a cohort's figures: their fields by name, and the layout's FORMAT under "format"."""
    return {"format": FORMAT, **to_json(figures)}


def read_payload(stored: dict) -> ScopeFigures:
    """The figures of a stored payload; ValueError for any other layout (an older one is recomputed, never misread)."""
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        raise ValueError(f"stored figures in layout {stored.get('format') if isinstance(stored, dict) else None}")
    return from_json(ScopeFigures, stored)  # "format" is no field: it is not read


def _stamp(row) -> tuple:
    return row.computed_version, row.catalog_key, row.computed_at


def _store(fresh: dict[str, ScopeFigures], versions: dict[str, int], key: str) -> dict[str, tuple]:
    """Keep the recomputed figures for the next reader, and return their stamps; failing to (a busy database)
    only costs the next reader the same computation (and returns no stamps)."""
    db.session.commit()  # end the reading transaction: storing is a short transaction of its own
    table = ReportSummary.__table__
    dialect = postgresql if db.session.connection().dialect.name == "postgresql" else sqlite
    now = utcnow()
    rows = [{"scope": s, "version": versions[s], "computed_version": versions[s], "catalog_key": key,
             "payload": payload(fresh[s]), "computed_at": now} for s in sorted(fresh)]
    try:
        for start in range(0, len(rows), 500):
            statement = dialect.insert(table).values(rows[start:start + 500])
            db.session.execute(statement.on_conflict_do_update(index_elements=["scope"], set_={
                "computed_version": statement.excluded.computed_version, "catalog_key": statement.excluded.catalog_key,
                "payload": statement.excluded.payload, "computed_at": statement.excluded.computed_at}))
        db.session.commit()
        _parsed.update({s: ((versions[s], key, now), fresh[s]) for s in fresh})
        return {s: (versions[s], key, now) for s in fresh}
    except DBAPIError:
        db.session.rollback()
        log.warning("report figures not stored (the database was busy); the next report recomputes them", exc_info=True)
        return {}
