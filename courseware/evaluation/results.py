"""Level 4, results: HR's KPI import (username,month,kpi,value): every row valid, or nothing imported."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from courseware.catalog import Catalog
from courseware.catalog.evaluation import Kpi
from courseware.core.inputs import NAME_MAX
from courseware.extensions import db
from courseware.models import KpiRecord, Role, User
from courseware.people.csv_import import (
    N_,
    Note,
    Problem,
    Record,
    earlier_lines,
    fail_if,
    missing_fields,
    read_records,
    text_problems,
)

COLUMNS = ("username", "month", "kpi", "value")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class KpiRow:
    """One checked line of the file: a learner's figure for a month."""

    line: int
    username: str
    month: str
    kpi: str
    value: float


@dataclass
class KpiImportResult:
    added: int = 0
    replaced: list[Note] = field(default_factory=list)  # one note per figure already stored


def import_kpis(catalog: Catalog, text: str) -> KpiImportResult:
    """Check every row (unknown user, a staff account, bad month, unknown KPI, bad or out-of-range value, the same
    learner, month and KPI twice), then write all rows in one transaction; a value already stored is replaced."""
    rows, users = read_rows(catalog, text)
    return _write(rows, users)


def read_rows(catalog: Catalog, text: str) -> tuple[list[KpiRow], dict[str, int]]:
    """The checked rows and the learners they name (lower-case username -> id); ImportFailed lists all bad rows."""
    records, problems = read_records(text, COLUMNS)
    repeated = earlier_lines(records, _figure)
    rows = []
    for record in records:
        unreadable = text_problems(record, dict.fromkeys(COLUMNS, NAME_MAX))
        if unreadable:  # too long, or a control character: nothing else to check on this row
            problems += missing_fields(record, COLUMNS) + unreadable
            continue
        reasons, value = _row_problems(catalog, record, repeated.get(record.line))
        problems += reasons
        if not reasons:
            rows.append(KpiRow(record.line, record["username"], record["month"], record["kpi"], value))
    users, staff = _users([r.username for r in rows])
    for row in rows:
        if row.username.lower() in staff:
            problems.append(Problem(row.line, N_("'%(username)s' is a staff account (role: %(role)s); KPIs are kept "
                                                 "for learners only"),
                                    {"username": row.username, "role": staff[row.username.lower()]}))
        elif row.username.lower() not in users:
            problems.append(Problem(row.line, N_("unknown username '%(username)s'"), {"username": row.username}))
    fail_if(problems)
    return rows, users


def _figure(record: Record) -> tuple[str, str, str] | None:
    """Whose figure a line gives: the same learner, month and KPI twice in a file is a mistake."""
    key = (record["username"].lower(), record["month"], record["kpi"])
    return key if all(key) else None


def _row_problems(catalog: Catalog, record: Record, earlier: int | None) -> tuple[list[Problem], float | None]:
    line, month, kpi_id, raw = record.line, record["month"], record["kpi"], record["value"]
    problems = missing_fields(record, COLUMNS)
    kpi = catalog.evaluation.kpi(kpi_id) if kpi_id else None
    if kpi_id and kpi is None:
        problems.append(Problem(line, N_("unknown KPI '%(kpi)s' (one of %(kpis)s)"),
                                {"kpi": kpi_id, "kpis": ", ".join(k.id for k in catalog.evaluation.kpis)}))
    if month and not MONTH.match(month):
        problems.append(Problem(line, N_("month '%(month)s' must be YYYY-MM"), {"month": month}))
    value = None
    if raw:
        try:
            value = float(raw.replace(",", ""))
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            value = None
            problems.append(Problem(line, N_("value '%(value)s' is not a number"), {"value": raw}))
    if value is not None and kpi:
        problems += _out_of_range(line, value, kpi)
    if earlier is not None:
        problems.append(Problem(line, N_("%(username)s %(month)s %(kpi)s is given twice (also on line %(earlier)s)"),
                                {"username": record["username"], "month": month, "kpi": kpi_id, "earlier": earlier}))
    return problems, value


def _out_of_range(line: int, value: float, kpi: Kpi) -> list[Problem]:
    if value >= 0 and (kpi.low is None or value >= kpi.low) and (kpi.high is None or value <= kpi.high):
        return []
    values = {"value": f"{value:g}", "kpi": kpi.id, "low": f"{kpi.low if kpi.low is not None else 0:g}"}
    if kpi.high is None:
        return [Problem(line, N_("value %(value)s for %(kpi)s must be %(low)s or more"), values)]
    return [Problem(line, N_("value %(value)s for %(kpi)s must be %(low)s to %(high)s"), {**values, "high": f"{kpi.high:g}"})]


def _users(usernames: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """The learners named (lower-case username -> id) and the staff accounts named (lower-case username -> role)."""
    lowered = {u.lower() for u in usernames}
    if not lowered:
        return {}, {}
    found = db.session.execute(
        select(func.lower(User.username), User.id, User.role).where(func.lower(User.username).in_(lowered))
    ).all()
    learners = {name: user_id for name, user_id, role in found if role == Role.LEARNER}
    staff = {name: role for name, _, role in found if role != Role.LEARNER}
    return learners, staff


def _write(rows: list[KpiRow], users: dict[str, int]) -> KpiImportResult:
    result = KpiImportResult()
    ids = {users[r.username.lower()] for r in rows}
    existing = {(r.user_id, r.month, r.kpi): r for r in db.session.scalars(select(KpiRecord).where(KpiRecord.user_id.in_(ids)))}
    try:
        for row in rows:
            user_id = users[row.username.lower()]
            record = existing.get((user_id, row.month, row.kpi))
            if record is None:
                db.session.add(KpiRecord(user_id=user_id, month=row.month, kpi=row.kpi, value=row.value))
                result.added += 1
                continue
            values = {"username": row.username, "month": row.month, "kpi": row.kpi, "old": f"{record.value:g}",
                      "new": f"{row.value:g}"}
            if record.value != row.value:
                result.replaced.append(Note(row.line, N_("%(username)s %(month)s %(kpi)s: %(old)s replaced by %(new)s"),
                                            values))
            else:
                result.replaced.append(Note(row.line, N_("%(username)s %(month)s %(kpi)s: %(new)s (unchanged)"), values))
            record.value = row.value
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result
