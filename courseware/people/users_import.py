"""HR's onboarding import: a CSV of new users (username,display_name,email,role,cohort), all rows valid or none."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from courseware.clock import company_today
from courseware.core.inputs import NAME_MAX
from courseware.extensions import db
from courseware.models import ROLES, Cohort, Role, User
from courseware.people.accounts import NewUser, credentials_for, new_user
from courseware.people.csv_import import (
    N_,
    ImportFailed,
    Problem,
    Record,
    earlier_lines,
    fail_if,
    missing_fields,
    read_records,
    text_problems,
)

COLUMNS = ("username", "display_name", "email", "role", "cohort")
REQUIRED = ("username", "display_name", "email", "role")
LIMITS = {"username": 254, "display_name": NAME_MAX, "email": 254, "role": 254, "cohort": NAME_MAX}
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
# An unknown cohort's remedy, worded for where the import runs: the page's checkbox, the command's flag.
UNKNOWN_COHORT_PAGE = N_("unknown cohort '%(cohort)s' (create it first, or tick \"Create cohorts that do not exist yet\")")
UNKNOWN_COHORT_CLI = N_("unknown cohort '%(cohort)s' (create it first, or pass --create-cohorts)")


@dataclass(frozen=True)
class UserRow:
    """One checked line of the file: a new account."""

    line: int
    username: str
    display_name: str
    email: str
    role: Role
    cohort: str  # "" for none


@dataclass(frozen=True)
class ImportResult:
    created: list[tuple[str, str]]  # (username, one-time password; "" when invited)
    new_cohorts: list[str]
    user_ids: list[int] = field(default_factory=list)  # of `created`, in the same order
    invited: bool = False  # no passwords: each user gets an invitation (people/invitations.py)


def read_rows(text: str, create_cohorts: bool = False, unknown_cohort: str = UNKNOWN_COHORT_PAGE) -> list[UserRow]:
    """Parse and check every row, against the file and the database; raises ImportFailed listing all bad rows."""
    records, problems = read_records(text, COLUMNS)
    repeated = earlier_lines(records, lambda r: r["username"].lower() or None)
    rows = []
    for record in records:
        reasons = _row_problems(record, repeated.get(record.line))
        problems += reasons
        if not reasons:
            rows.append(UserRow(record.line, record["username"], record["display_name"], record["email"],
                                Role(record["role"]), record["cohort"]))
    problems += _taken(rows, _existing_usernames([r.username for r in rows]))
    if not create_cohorts:
        known = _existing_cohorts({r.cohort for r in rows if r.cohort})
        problems += [Problem(r.line, unknown_cohort, {"cohort": r.cohort}) for r in rows if r.cohort and r.cohort not in known]
    fail_if(problems)
    return rows


def _row_problems(record: Record, earlier: int | None) -> list[Problem]:
    line, username, role, email = record.line, record["username"], record["role"], record["email"]
    problems = missing_fields(record, REQUIRED)
    if username and not USERNAME_PATTERN.match(username):
        problems.append(Problem(line, N_("username '%(username)s' may use only letters, digits, '.', '_' and '-' "
                                         "(2-64 characters)"), {"username": username}))
    if earlier is not None:
        problems.append(Problem(line, N_("duplicate username '%(username)s' (also on line %(earlier)s)"),
                                {"username": username, "earlier": earlier}))
    if role and role not in ROLES:
        problems.append(Problem(line, N_("unknown role '%(role)s' (use one of %(roles)s)"),
                                {"role": role, "roles": ", ".join(ROLES)}))
    if email:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError as exc:
            problems.append(Problem(line, N_("bad email '%(email)s': %(error)s"), {"email": email, "error": str(exc)}))
    problems += text_problems(record, LIMITS)
    if record["cohort"] and role == Role.HR:
        problems.append(Problem(line, N_("an hr account does not belong to a cohort: leave 'cohort' empty")))
    return problems


def _taken(rows: list[UserRow], taken: set[str]) -> list[Problem]:
    return [Problem(r.line, N_("duplicate username '%(username)s': the account exists already"),
                    {"username": r.username}) for r in rows if r.username.lower() in taken]


def _existing_usernames(usernames: list[str]) -> set[str]:
    lowered = [u.lower() for u in usernames]
    if not lowered:
        return set()
    return set(db.session.scalars(select(func.lower(User.username)).where(func.lower(User.username).in_(lowered))))


def _existing_cohorts(names: set[str]) -> dict[str, Cohort]:
    if not names:
        return {}
    return {c.name: c for c in db.session.scalars(select(Cohort).where(Cohort.name.in_(names)))}


def import_users(text: str, create_cohorts: bool = False, today: date | None = None,
                 unknown_cohort: str = UNKNOWN_COHORT_PAGE, invite: bool = False) -> ImportResult:
    """Check the whole file, hash every password, then create every user in one short transaction (or none).
    With `invite`, nobody gets a password to hand over: the caller sends each one an invitation.

    Hashing (scrypt, about 0.1 s a password) happens before the transaction's first write, and the inserts go
    in one flush, so the write lock (SQLite) is held well under a second for 250 users."""
    rows = read_rows(text, create_cohorts, unknown_cohort)
    new_users = [NewUser(row.username, row.display_name, row.role, row.email, invite=invite) for row in rows]
    db.session.rollback()  # end the checks' read transaction: no transaction stays open while hashing
    credentials = [credentials_for(data) for data in new_users]
    names = {r.cohort for r in rows if r.cohort}
    try:
        fail_if(_taken(rows, _existing_usernames([r.username for r in rows])))  # one may have been created meanwhile
        cohorts = _existing_cohorts(names)
        unknown = sorted(names - set(cohorts))
        with db.session.no_autoflush:
            for name in unknown:
                cohorts[name] = Cohort(name=name, start_date=today or company_today())
                db.session.add(cohorts[name])
            created, made = [], []
            for row, data, ahead in zip(rows, new_users, credentials):
                cohort = cohorts.get(row.cohort)
                user = new_user(data, ahead)
                if cohort and row.role == Role.LEARNER:
                    user.cohort = cohort
                elif cohort and row.role in (Role.TRAINER, Role.ADMIN):
                    user.trains.append(cohort)
                db.session.add(user)
                made.append(user)
                created.append((user.username, ahead.one_time_password or ""))
        db.session.flush()
        user_ids = [user.id for user in made]
        db.session.commit()
    except IntegrityError as exc:  # a username (or cohort) created at the same moment by someone else
        db.session.rollback()
        raise ImportFailed([Problem(1, N_("a user or cohort of this file was created by someone else meanwhile; "
                                          "nothing was imported, import the file again"))]) from exc
    except Exception:
        db.session.rollback()
        raise
    return ImportResult(created, unknown, user_ids, invite)


def write_passwords(result: ImportResult, out: io.TextIOBase) -> None:
    """The one-time passwords as CSV (username,one_time_password)."""
    writer = csv.writer(out)
    writer.writerow(["username", "one_time_password"])
    writer.writerows(result.created)
