"""Level 4, results: HR's KPI import (username,month,kpi,value): every row valid, or nothing imported."""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from courseware.catalog import Catalog
from courseware.core.inputs import NAME_MAX, CountedLines, csv_error, import_reason
from courseware.extensions import db
from courseware.models import KpiRecord, User

COLUMNS = ("username", "month", "kpi", "value")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class KpiImportFailed(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class KpiImportResult:
    added: int = 0
    replaced: list[str] = field(default_factory=list)  # FILE:LINE: what changed


def import_kpis(catalog: Catalog, text: str, shown: str) -> KpiImportResult:
    """Check every row (unknown user, a staff account, bad month, unknown KPI, bad or out-of-range value, the same
    learner, month and KPI twice), then write all rows in one transaction; a value already stored is replaced."""
    lines = CountedLines(text.lstrip("\ufeff"))
    try:
        rows, users = _check_rows(catalog, csv.DictReader(lines), shown)
    except csv.Error as exc:  # a cell over csv.field_size_limit(), for one
        raise KpiImportFailed([csv_error(shown, lines.count, exc)]) from exc
    return _write(rows, users, shown)


def _check_rows(catalog: Catalog, reader: csv.DictReader, shown: str) -> tuple[list[tuple], dict[str, int]]:
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise KpiImportFailed([f"{shown}:1: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}"])
    reader.fieldnames = header
    rows, problems, seen = [], [], {}
    for record in reader:
        line = reader.line_num
        values = {k: (record.get(k) or "").strip() for k in COLUMNS}
        if not any(values.values()):
            continue
        reasons = [f"missing field '{k}'" for k in COLUMNS if not values[k]]
        unreadable = [r for r in (import_reason(k, values[k], NAME_MAX) for k in COLUMNS) if r]
        if unreadable:  # too long, or a control character: nothing else to check on this row
            problems += [f"{shown}:{line}: {r}" for r in reasons + unreadable]
            continue
        kpi = catalog.evaluation.kpi(values["kpi"]) if values["kpi"] else None
        if values["kpi"] and kpi is None:
            reasons.append(f"unknown KPI '{values['kpi']}' (one of {', '.join(k.id for k in catalog.evaluation.kpis)})")
        if values["month"] and not MONTH.match(values["month"]):
            reasons.append(f"month '{values['month']}' must be YYYY-MM")
        number = None
        if values["value"]:
            try:
                number = float(values["value"].replace(",", ""))
                if not math.isfinite(number):
                    raise ValueError
            except ValueError:
                reasons.append(f"value '{values['value']}' is not a number")
        if number is not None and kpi:
            if number < 0 or (kpi.low is not None and number < kpi.low) or (kpi.high is not None and number > kpi.high):
                low = kpi.low if kpi.low is not None else 0
                bound = f"{low:g} to {kpi.high:g}" if kpi.high is not None else f"{low:g} or more"
                reasons.append(f"value {number:g} for {kpi.id} must be {bound}")
        key = (values["username"].lower(), values["month"], values["kpi"])
        if all(key) and key in seen:
            reasons.append(f"{values['username']} {values['month']} {values['kpi']} is given twice (also on line {seen[key]})")
        seen.setdefault(key, line)
        problems += [f"{shown}:{line}: {r}" for r in reasons]
        if not reasons:
            rows.append((line, values["username"], values["month"], values["kpi"], number))
    users, staff = _users([r[1] for r in rows])
    for line, username, *_ in rows:
        if username.lower() in staff:
            problems.append(f"{shown}:{line}: '{username}' is a staff account "
                            f"(role: {staff[username.lower()]}); KPIs are kept for learners only")
        elif username.lower() not in users:
            problems.append(f"{shown}:{line}: unknown username '{username}'")
    if problems:
        raise KpiImportFailed(sorted(problems, key=lambda p: int(p[len(shown) + 1:].split(":", 1)[0])))
    return rows, users


def _users(usernames: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """The learners named (lower-case username -> id) and the staff accounts named (lower-case username -> role)."""
    lowered = {u.lower() for u in usernames}
    if not lowered:
        return {}, {}
    found = db.session.execute(
        select(func.lower(User.username), User.id, User.role).where(func.lower(User.username).in_(lowered))
    ).all()
    learners = {name: user_id for name, user_id, role in found if role == "learner"}
    staff = {name: role for name, _, role in found if role != "learner"}
    return learners, staff


def _write(rows, users: dict[str, int], shown: str) -> KpiImportResult:
    result = KpiImportResult()
    ids = {users[r[1].lower()] for r in rows}
    existing = {(r.user_id, r.month, r.kpi): r for r in db.session.scalars(select(KpiRecord).where(KpiRecord.user_id.in_(ids)))}
    try:
        for line, username, month, kpi, value in rows:
            user_id = users[username.lower()]
            record = existing.get((user_id, month, kpi))
            if record is None:
                db.session.add(KpiRecord(user_id=user_id, month=month, kpi=kpi, value=value))
                result.added += 1
            else:
                if record.value != value:
                    result.replaced.append(f"{shown}:{line}: {username} {month} {kpi}: {record.value:g} replaced by {value:g}")
                else:
                    result.replaced.append(f"{shown}:{line}: {username} {month} {kpi}: {value:g} (unchanged)")
                record.value = value
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result
