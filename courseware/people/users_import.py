"""HR's onboarding import: a CSV of new users, all rows valid or nothing imported."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from courseware.clock import company_today
from courseware.core.inputs import NAME_MAX, CountedLines, csv_error, import_reason
from courseware.extensions import db
from courseware.models import ROLES, Cohort, User
from courseware.people.accounts import NewUser, credentials_for, new_user

COLUMNS = ("username", "display_name", "email", "role", "cohort")
REQUIRED = ("username", "display_name", "email", "role")
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")


@dataclass(frozen=True)
class ImportRow:
    line: int
    username: str
    display_name: str
    email: str
    role: str
    cohort: str


@dataclass(frozen=True)
class ImportResult:
    created: list[tuple[str, str]]  # (username, one-time password)
    new_cohorts: list[str]


class ImportFailed(Exception):
    """The file has bad rows; `problems` holds every one as `FILE:LINE: reason`."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def read_rows(path: Path, create_cohorts: bool = False) -> list[ImportRow]:
    """Parse and check every row; raises ImportFailed listing all bad rows."""
    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed([f"{shown}:1: the file is not UTF-8 text ({exc.reason})"]) from exc
    except OSError as exc:
        raise ImportFailed([f"{shown}:1: cannot read the file ({exc.strerror})"]) from exc
    lines = CountedLines(text)
    try:
        return _check_rows(csv.DictReader(lines), shown, create_cohorts)
    except csv.Error as exc:  # a cell over csv.field_size_limit(), for one
        raise ImportFailed([csv_error(shown, lines.count, exc)]) from exc


def _check_rows(reader: csv.DictReader, shown: str, create_cohorts: bool) -> list[ImportRow]:
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportFailed([f"{shown}:1: missing column(s) {', '.join(missing)}; expected {','.join(COLUMNS)}"])
    reader.fieldnames = header
    problems: list[tuple[int, str]] = []
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        values = {k: (record.get(k) or "").strip() for k in COLUMNS}
        if not any(values.values()):
            continue
        reasons = _row_problems(values, seen, line)
        if record.get(None):
            reasons.append(f"{len(record[None])} value(s) more than the {len(header)} columns")
        problems += [(line, reason) for reason in reasons]
        if not reasons:
            rows.append(ImportRow(line, **values))
        seen.setdefault(values["username"].lower(), line)
    taken = _existing_usernames([r.username for r in rows])
    for row in rows:
        if row.username.lower() in taken:
            problems.append((row.line, f"duplicate username '{row.username}': the account exists already"))
    if not create_cohorts:
        known = _existing_cohorts({r.cohort for r in rows if r.cohort})
        problems += [(r.line, f"unknown cohort '{r.cohort}' (create it first, or pass --create-cohorts)")
                     for r in rows if r.cohort and r.cohort not in known]
    if problems:
        raise ImportFailed([f"{shown}:{line}: {reason}" for line, reason in sorted(problems, key=lambda p: p[0])])
    return rows


def _row_problems(values: dict[str, str], seen: dict[str, int], line: int) -> list[str]:
    reasons = [f"missing field '{name}'" for name in REQUIRED if not values[name]]
    username = values["username"]
    if username and not USERNAME_PATTERN.match(username):
        reasons.append(f"username '{username}' may use only letters, digits, '.', '_' and '-' (2-64 characters)")
    if username and username.lower() in seen:
        reasons.append(f"duplicate username '{username}' (also on line {seen[username.lower()]})")
    if values["role"] and values["role"] not in ROLES:
        reasons.append(f"unknown role '{values['role']}' (use one of {', '.join(ROLES)})")
    if values["email"]:
        try:
            validate_email(values["email"], check_deliverability=False)
        except EmailNotValidError as exc:
            reasons.append(f"bad email '{values['email']}': {exc}")
    for name in COLUMNS:
        reason = import_reason(name, values[name], NAME_MAX if name in ("display_name", "cohort") else 254)
        if reason:
            reasons.append(reason)
    if values["cohort"] and values["role"] == "hr":
        reasons.append("an hr account does not belong to a cohort: leave 'cohort' empty")
    return reasons


def _existing_usernames(usernames: list[str]) -> set[str]:
    lowered = [u.lower() for u in usernames]
    if not lowered:
        return set()
    return set(db.session.scalars(select(func.lower(User.username)).where(func.lower(User.username).in_(lowered))))


def _existing_cohorts(names: set[str]) -> dict[str, Cohort]:
    if not names:
        return {}
    return {c.name: c for c in db.session.scalars(select(Cohort).where(Cohort.name.in_(names)))}


def import_users(path: Path, create_cohorts: bool = False, today: date | None = None) -> ImportResult:
    """Check the whole file, hash every password, then create every user in one short transaction (or none).

    Hashing (scrypt, about 0.1 s a password) happens before the transaction's first write, and the inserts go
    in one flush, so the write lock (SQLite) is held well under a second for 250 users."""
    rows = read_rows(path, create_cohorts)
    new_users = [NewUser(row.username, row.display_name, row.role, row.email) for row in rows]
    db.session.rollback()  # end the checks' read transaction: no transaction stays open while hashing
    credentials = [credentials_for(data) for data in new_users]
    names = {r.cohort for r in rows if r.cohort}
    try:
        taken = _existing_usernames([r.username for r in rows])  # again: one may have been created meanwhile
        if taken:
            raise ImportFailed([f"{path}:{r.line}: duplicate username '{r.username}': the account exists already"
                                for r in rows if r.username.lower() in taken])
        cohorts = _existing_cohorts(names)
        unknown = sorted(names - set(cohorts))
        with db.session.no_autoflush:
            for name in unknown:
                cohorts[name] = Cohort(name=name, start_date=today or company_today())
                db.session.add(cohorts[name])
            created = []
            for row, data, ahead in zip(rows, new_users, credentials):
                cohort = cohorts.get(row.cohort)
                user = new_user(data, ahead)
                if cohort and row.role == "learner":
                    user.cohort = cohort
                elif cohort and row.role in ("trainer", "admin"):
                    user.trains.append(cohort)
                db.session.add(user)
                created.append((user.username, ahead.one_time_password or ""))
        db.session.commit()
    except IntegrityError as exc:  # a username (or cohort) created at the same moment by someone else
        db.session.rollback()
        raise ImportFailed([(f"{path}:1: a user or cohort of this file was created by someone else meanwhile; "
                             "nothing was imported, import the file again")]) from exc
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(created, unknown)


def write_passwords(result: ImportResult, out: io.TextIOBase) -> None:
    writer = csv.writer(out)
    writer.writerow(["username", "one_time_password"])
    writer.writerows(result.created)
