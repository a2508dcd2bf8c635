"""User text comes back inert: a sweep over every field a user can fill.

`SWEEP` is the table: one row per way text gets in (a form field, a raw `request.form` key, a quiz answer,
a CSV import column or file name, a reflected query parameter), with how it is submitted through the real
route, the pages (and whose) that show it back, and the CSV exports it reaches. `EXEMPT` names the inputs
that are not free text, with the reason. The completeness tests discover the inputs from the code (the
WTForms classes, the `request.form` reads in the views, the question types, the import columns, the CSV
writers) and fail when one is in neither table, so a field added later cannot be forgotten.

For each row, the XSS payloads are submitted (combined into one value where the field is long enough) and
every page that shows the value must hold it escaped, never raw. For each row that reaches a CSV export,
each formula payload is submitted and every cell of the export must be inert: a cell starting with
= + - @ (or tab, CR) gets a leading apostrophe; a plain negative number stays a number.
"""
from __future__ import annotations

import ast
import csv
import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from courseware.extensions import db
from courseware.models import Attempt, Cohort, FollowUp, User
from tests.factories import PASSWORD

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>", "javascript:alert(1)"]
FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")', "\t=2+2", "\r=3+3"]
RAW = re.compile(r"<script>alert|<img src=x|<svg onload|(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-\d+(\.\d+)?")
ROOT = Path(__file__).resolve().parents[3] / "courseware"

DUE = (date.today() + timedelta(days=30)).isoformat()
RATINGS = {f"rating-{i}": "3" for i in ("sales-process", "crm-records", "abc-classification", "smart-targets", "one-on-ones")}
SURVEY = {**{f"item-{i}": "4" for i in ("relevance", "clarity", "material", "trainer", "confidence")}, "recommend": "8"}
OBSERVATION = {"scenario": "practice-call", "observed_on": "2026-11-20", "rating-communication": "4",
               "rating-learning": "3", "rating-action": "5"}
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1")  # logging in many times stays cheap
USERS_HEADER = ["username", "display_name", "email", "role", "cohort"]


# The world every row runs in: one cohort with its trainer and a learner, an admin and HR.

class World:
    def __init__(self, app, tmp: Path):
        self.app, self.tmp = app, tmp
        self.trainer = self._user("trainer", "wang")
        self.cohort = Cohort(name="A", start_date=date(2026, 9, 1), trainers=[self.trainer])
        self.learner = self._user("learner", "mei", cohort=self.cohort)
        self._user("admin", "root")
        self._user("hr", "hr1")
        db.session.commit()
        self.ids = {"cohort": self.cohort.id, "learner": self.learner.id, "trainer": self.trainer.id}
        self.serial = itertools.count(1)
        self._clients: dict[str, object] = {}

    @staticmethod
    def _user(role: str, username: str, **fields) -> User:
        user = User(username=username, display_name=username.title(), role=role, password_hash=FAST_HASH, **fields)
        db.session.add(user)
        return user

    def as_(self, username: str):
        """A test client logged in as `username` (one client per person, so sessions do not mix)."""
        if username not in self._clients:
            client = self.app.test_client()
            assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302
            self._clients[username] = client
        return self._clients[username]

    def anonymous(self):
        return self.app.test_client()

    def path(self, template: str) -> str:
        return template.format(**self.ids)

    # Steps several rows share

    def action_plan(self, specific="Classify my accounts A/B/C", measure="40 accounts", support="") -> None:
        data = {"rows": "3"}
        for n in range(3):
            data.update({f"c{n}-specific": f"{specific} {n}", f"c{n}-measure": f"{measure} {n}", f"c{n}-support": support,
                         f"c{n}-achievable": "y", f"c{n}-items": "1.1", f"c{n}-due_on": DUE})
        assert self.as_("mei").post("/action-plan", data=data).status_code == 302
        self.ids["follow_up"] = db.session.scalar(select(FollowUp.id).where(FollowUp.day == 30))

    def quiz_answer(self, kind: str, value: str):
        """Answer the `kind` question of a new basics-check attempt with `value`, save, submit; the attempt page
        as it was before submitting is returned (it shows the saved answer)."""
        from courseware.catalog.current import current_catalog
        from courseware.quizzes import attempts

        attempts.grant(self.learner.id, current_catalog().quiz("basics-check"), 1, 0, self.trainer.id)
        mei = self.as_("mei")
        response = mei.post("/quizzes/basics-check/start")
        attempt_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
        attempt = db.session.get(Attempt, attempt_id)
        slot = next(n for n, snap in enumerate(attempt.snapshot) if snap["type"] == kind)
        saved = mei.post(f"/attempts/{attempt_id}", data={"page": "0", "save": "y", f"q{slot}": value})
        if kind == "numeric":  # not a number: refused, never saved, and shown back in its box with the message
            assert saved.status_code == 400
            page = saved
        else:
            assert saved.status_code == 302
            page = mei.get(f"/attempts/{attempt_id}")
        assert mei.post(f"/attempts/{attempt_id}/submit").status_code == 302
        self.ids["attempt"] = attempt_id
        return page

    def users_csv(self, **row) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(USERS_HEADER)
        n = next(self.serial)
        values = {"username": f"imp{n}", "display_name": f"Imported {n}", "email": f"imp{n}@example.com",
                  "role": "learner", "cohort": "A", **row}
        writer.writerow([values[c] for c in USERS_HEADER])
        self.ids["imported"] = values["username"]
        return out.getvalue().encode()

    def import_users(self, body: bytes, name: str = "intake.csv", create_cohorts: bool = False):
        data = {"file": (io.BytesIO(body), name)}
        if create_cohorts:
            data["create_cohorts"] = "y"
        return self.as_("root").post("/admin/users/import", data=data, content_type="multipart/form-data")

    def cli_import_users(self, body: bytes, create_cohorts: bool = False):
        path = self.tmp / f"intake-{next(self.serial)}.csv"
        path.write_bytes(body)
        args = ["users", "import", str(path)] + (["--create-cohorts"] if create_cohorts else [])
        result = self.app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output

    def user_id(self, username: str) -> int:
        return db.session.scalar(select(User.id).where(User.username == username))

    def cohort_id(self, name: str) -> int:
        return db.session.scalar(select(Cohort.id).where(Cohort.name == name.strip()))


# The table

Submit = Callable[[World, str], object]  # stores the value through the real route; returns a response or None


@dataclass(frozen=True)
class Row:
    covers: tuple[str, ...]      # the inputs (see the completeness tests) this row sweeps
    submit: Submit
    shown: tuple[tuple[str, str], ...] = ()    # (who looks, path) pages that show the value back
    echoed: bool = False         # the submission's own response shows the value back (a form re-shown, a problem list)
    refused: Submit | None = None  # after `submit`: a submission the route refuses, whose form shows the value back
    exports: tuple[tuple[str, str], ...] = ()  # (who downloads, path) CSV exports holding the value
    max_len: int = 4000          # longest value the route keeps: payloads are combined up to this length
    payloads: tuple[str, ...] = tuple(XSS)
    elsewhere: tuple[tuple[str, str], ...] = ()  # pages near the value that must not show it raw


def _new_user(w: World, value: str):
    username = f"new{next(w.serial)}"
    response = w.as_("root").post("/admin/users/new", data={"username": username, "display_name": value, "email": "",
                                                            "role": "learner", "cohort": w.cohort.id, "password": ""})
    assert response.status_code == 200 and "one-time-password" in response.get_data(as_text=True)
    w.ids["new_user"] = w.user_id(username)


def _edit_user(who: str) -> Submit:
    def submit(w: World, value: str):
        user = w.learner if who == "learner" else w.trainer
        data = {"display_name": value, "email": "", "role": user.role, "active": "y",
                "cohort": w.cohort.id if who == "learner" else 0}
        response = w.as_("root").post(f"/admin/users/{user.id}", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)
    return submit


def _move_learner(w: World, value: str):
    """The flash after moving a learner names the learner and the cohort."""
    _edit_user("learner")(w, value)
    return w.as_("root").post("/admin/cohorts/move", data={"learner": w.learner.id, "cohort": w.cohort.id,
                                                            "back": w.cohort.id}, follow_redirects=True)


def _rejected_new_user(name: str) -> Submit:
    def submit(w: World, value: str):
        data = {"username": "fine", "display_name": "Fine", "email": "not an email", "role": "learner", "cohort": 0,
                "password": "", name: value}
        response = w.as_("root").post("/admin/users/new", data=data)
        assert response.status_code == 200  # the form comes back with the value and an error
        return response
    return submit


def _rejected_edit_email(w: World, value: str):
    response = w.as_("root").post(f"/admin/users/{w.learner.id}", data={"display_name": "Mei", "email": value,
                                                                       "role": "learner", "cohort": 0, "active": "y"})
    assert response.status_code == 200
    return response


def _new_cohort(w: World, value: str):
    response = w.as_("root").post("/admin/cohorts/new", data={"name": value, "start_date": "2026-09-01",
                                                              "trainers": w.trainer.id})
    assert response.status_code == 302, response.get_data(as_text=True)
    w.ids["new_cohort"] = w.cohort_id(value)


def _duplicate_cohort(w: World, value: str):
    response = w.as_("root").post("/admin/cohorts/new", data={"name": value, "start_date": "2026-09-01"})
    assert response.status_code == 200
    return response


def _login_username(w: World, value: str):
    response = w.anonymous().post("/login", data={"username": value, "password": "wrong password"})
    assert response.status_code in (400, 401)
    return response


def _login_next(w: World, value: str):
    client = w.anonymous()
    page = client.get("/login", query_string={"next": value})
    after = client.post("/login", data={"username": "mei", "password": PASSWORD, "next": value})
    assert after.status_code == 302 and after.headers["Location"] == "/"
    return page


def _language_next(w: World, value: str):
    response = w.as_("mei").post("/language", data={"lang": "en", "next": value})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def _users_search(w: World, value: str):
    return w.as_("root").get("/admin/users", query_string={"q": value})


def _glossary_search(w: World, value: str):
    return w.as_("mei").get("/glossary", query_string={"q": value})


def _observation_preset(w: World, value: str):
    return w.as_("wang").get("/teach/observations/new", query_string={"scenario": value, "learner": w.learner.id})


def _survey(w: World, value: str):
    assert w.as_("mei").post("/learn/basics/survey", data={**SURVEY, "comments": value}).status_code == 302


def _rejected_survey(w: World, value: str):
    response = w.as_("mei").post("/learn/basics/survey", data={"recommend": "8", "comments": value})
    assert response.status_code == 400
    return response


def _plan(name: str) -> Submit:
    def submit(w: World, value: str):
        w.action_plan(**{name: value})
    return submit


def _rejected_plan(name: str) -> Submit:
    def submit(w: World, value: str):
        data = {"rows": "3"}
        for n in range(3):
            data.update({f"c{n}-specific": "Call my A accounts", f"c{n}-measure": "10 calls", f"c{n}-items": "1.1",
                         f"c{n}-{name}": value})
        response = w.as_("mei").post("/action-plan", data=data)  # not confirmed achievable, no due date
        assert response.status_code == 400
        return response
    return submit


def _follow_up_note(w: World, value: str):
    from courseware.evaluation import action_plans

    w.action_plan()

    commitments = action_plans.find(w.learner.id).commitments
    data = {"part": "self", **{f"status-{c.id}": "in_progress" for c in commitments}, **{f"note-{c.id}": value for c in commitments}}
    assert w.as_("mei").post(w.path("/follow-ups/{follow_up}"), data=data).status_code == 302


def _follow_up_comment(w: World, value: str):
    w.action_plan()
    response = w.as_("wang").post(w.path("/follow-ups/{follow_up}"), data={"part": "observe", "comment": value, **RATINGS})
    assert response.status_code == 302


def _observation(w: World, value: str):
    data = {**OBSERVATION, "learner": w.learner.id, "comments": value}
    assert w.as_("wang").post("/teach/observations/new", data=data).status_code == 302


def _rejected_observation(w: World, value: str):
    data = {**OBSERVATION, "learner": w.learner.id, "comments": value}
    del data["rating-action"]
    response = w.as_("wang").post("/teach/observations/new", data=data)
    assert response.status_code == 200
    return response


def _quiz(kind: str) -> Submit:
    return lambda w, value: w.quiz_answer(kind, value)


def _import_display_name(w: World, value: str):
    response = w.import_users(w.users_csv(display_name=value))
    assert response.status_code == 200, response.get_data(as_text=True)
    w.ids["new_user"] = w.user_id(w.ids["imported"])


def _import_cohort(w: World, value: str):
    assert w.import_users(w.users_csv(cohort=value), create_cohorts=True).status_code == 200
    w.ids["new_cohort"] = w.cohort_id(value)


def _cli_import(column: str) -> Submit:
    def submit(w: World, value: str):
        w.cli_import_users(w.users_csv(**{column: value}), create_cohorts=column == "cohort")
        if column == "cohort":
            w.ids["new_cohort"] = w.cohort_id(value)
        else:
            w.ids["new_user"] = w.user_id(w.ids["imported"])
    return submit


def _rejected_import(w: World, value: str):
    response = w.import_users(w.users_csv(username=value, email=value, role=value, display_name="Fine", cohort=value))
    assert response.status_code == 400
    return response


def _import_file_name(w: World, value: str):
    response = w.import_users(b"username,display_name\n", name=f"{value}.csv")
    assert response.status_code == 400
    return response


def _rejected_kpis(w: World, value: str):
    body = ("username,month,kpi,value\n" + ",".join(['"' + value.replace('"', '""') + '"'] * 4) + "\n").encode()
    response = w.as_("hr1").post("/reports/kpis", data={"file": (io.BytesIO(body), "kpis.csv")}, content_type="multipart/form-data")
    assert response.status_code == 400
    return response


def _kpi_file_name(w: World, value: str):
    response = w.as_("hr1").post("/reports/kpis", data={"file": (io.BytesIO(b"username\n"), f"{value}.csv")},
                                 content_type="multipart/form-data")
    assert response.status_code == 400
    return response


LEARNER_SEEN_BY_STAFF = (("root", "/admin/users"), ("root", "/admin/users/{new_user}"), ("root", "/admin/cohorts/{cohort}"),
                         ("wang", "/teach/cohorts/{cohort}"), ("wang", "/teach/cohorts/{cohort}/gradebook"),
                         ("wang", "/teach/observations/new"), ("wang", "/learners/{new_user}/tracker"),
                         ("hr1", "/learners/{new_user}/competencies"))
NEW_COHORT_PAGES = (("root", "/admin/cohorts"), ("root", "/admin/cohorts/{new_cohort}"), ("root", "/admin/users/new"),
                    ("root", "/admin/users/{learner}"), ("root", "/admin/cohorts/{cohort}"), ("wang", "/teach/"),
                    ("wang", "/teach/cohorts/{new_cohort}"), ("wang", "/teach/cohorts/{new_cohort}/gradebook"),
                    ("wang", "/teach/quizzes/basics-check/statistics"), ("hr1", "/reports/effectiveness"))
IMPORTED_COHORT_PAGES = tuple((who, path) for who, path in NEW_COHORT_PAGES if who != "wang")  # it has no trainer yet
GRADEBOOK_CSV = (("wang", "/teach/cohorts/{cohort}/gradebook.csv"),)
REPORT_CSV = (("hr1", "/reports/effectiveness.csv"),)
FOLLOW_UP = (("mei", "/follow-ups/{follow_up}"), ("wang", "/follow-ups/{follow_up}"), ("hr1", "/follow-ups/{follow_up}"))
# A file name keeps only what follows its last '/', and browsers send '"' as %22.
FILE_NAME_PAYLOADS = ("<img src=x onerror=alert(1)>", "<svg onload=alert(1)>")

SWEEP: dict[str, Row] = {
    # Users (admin pages), and where their names show
    "admin: new user's display name": Row(
        ("NewUserForm.display_name",), _new_user, LEARNER_SEEN_BY_STAFF, exports=GRADEBOOK_CSV, max_len=100,
        refused=_rejected_new_user("display_name")),
    "admin: learner's display name edited": Row(
        ("EditUserForm.display_name",), _edit_user("learner"),
        (("mei", "/"), ("mei", "/learners/{learner}/tracker"), ("mei", "/learners/{learner}/competencies"),
         ("root", "/admin/users"), ("root", "/admin/users/{learner}"), ("root", "/admin/cohorts/{cohort}"),
         ("wang", "/teach/cohorts/{cohort}"), ("wang", "/teach/cohorts/{cohort}/gradebook"), ("wang", "/teach/observations/new"),
         ("hr1", "/learners/{learner}/tracker")),
        exports=GRADEBOOK_CSV, max_len=100, elsewhere=(("wang", "/"), ("hr1", "/reports/effectiveness"))),
    "admin: trainer's display name edited": Row(
        ("EditUserForm.display_name",), _edit_user("trainer"),
        (("wang", "/"), ("root", "/admin/cohorts"), ("root", "/admin/cohorts/{cohort}"), ("root", "/admin/cohorts/new"),
         ("wang", "/teach/cohorts/{cohort}")),
        max_len=100),
    "admin: learner moved (flash names learner)": Row(("flash: learner moved",), _move_learner, echoed=True, max_len=100),
    "admin: new user's username (rejected)": Row(("NewUserForm.username",), _rejected_new_user("username"), echoed=True),
    "admin: new user's email (rejected)": Row(("NewUserForm.email",), _rejected_new_user("email"), echoed=True),
    "admin: edited email (rejected)": Row(("EditUserForm.email",), _rejected_edit_email, echoed=True),
    "admin: users search": Row(("admin/views.py:?q",), _users_search, echoed=True),
    "glossary search": Row(("reading/forms.py:?q",), _glossary_search, echoed=True),
    "observation form: scenario from the query string": Row(("roleplay/forms.py:?scenario",), _observation_preset),
    # Cohorts
    "admin: new cohort's name": Row(("CohortForm.name",), _new_cohort, NEW_COHORT_PAGES, exports=REPORT_CSV, max_len=100,
                                    refused=_duplicate_cohort),
    # Logging in
    "login: username": Row(("LoginForm.username",), _login_username, echoed=True, max_len=64),
    "login: next (hidden, then redirect)": Row(("LoginForm.next", "auth/views.py:?next"), _login_next, echoed=True),
    "language switch: next": Row(("LanguageForm.next",), _language_next),
    # Evaluation
    "survey: comments": Row(("evaluation/forms.py:comments",), _survey, (("mei", "/learn/basics/survey"),),
                            refused=_rejected_survey),
    "action plan: specific": Row(("evaluation/forms.py:c{}-specific",), _plan("specific"),
                                 (("mei", "/action-plan"),) + FOLLOW_UP, max_len=490, refused=_rejected_plan("specific")),
    "action plan: measure": Row(("evaluation/forms.py:c{}-measure",), _plan("measure"),
                                (("mei", "/action-plan"),) + FOLLOW_UP, max_len=490, refused=_rejected_plan("measure")),
    "action plan: support": Row(("evaluation/forms.py:c{}-support",), _plan("support"), (("mei", "/action-plan"),),
                                max_len=490, refused=_rejected_plan("support"),
                                elsewhere=FOLLOW_UP + (("wang", "/learners/{learner}/tracker"),)),
    "follow-up: self-report note": Row(("evaluation/forms.py:note-{}",), _follow_up_note, FOLLOW_UP,
                                       elsewhere=(("wang", "/"), ("mei", "/learners/{learner}/tracker"))),
    "follow-up: trainer's comment": Row(("evaluation/forms.py:comment", "ObserverCommentForm.comment"),
                                        _follow_up_comment,
                                        FOLLOW_UP, elsewhere=(("mei", "/learners/{learner}/tracker"),)),
    # Role plays
    "observation: comments": Row(("ObservationForm.comments",), _observation,
                                 (("wang", "/learners/{learner}/competencies"), ("mei", "/learners/{learner}/competencies"),
                                  ("hr1", "/learners/{learner}/competencies")),
                                 refused=_rejected_observation, elsewhere=(("mei", "/learners/{learner}/tracker"),)),
    # Quizzes: free-text answers, shown on the attempt page, the review (learner and trainer), not in statistics
    "quiz: short answer": Row(("question:short",), _quiz("short"),
                              (("mei", "/attempts/{attempt}/review"), ("wang", "/attempts/{attempt}/review")),
                              echoed=True, max_len=200,
                              elsewhere=(("wang", "/teach/quizzes/basics-check/statistics"),
                                         ("wang", "/teach/cohorts/{cohort}/gradebook"))),
    # Not a number: refused and never stored (test_answer_checks.py), so it is only ever shown back in its box.
    "quiz: numeric answer": Row(("question:numeric",), _quiz("numeric"), (), echoed=True, max_len=50),
    # CSV imports
    "users import page: display name": Row(("users_import:display_name", "ImportUsersForm.file"), _import_display_name,
                                           LEARNER_SEEN_BY_STAFF, exports=GRADEBOOK_CSV, max_len=100),
    "users import page: new cohort": Row(("users_import:cohort",), _import_cohort, IMPORTED_COHORT_PAGES, exports=REPORT_CSV,
                                         max_len=100),
    "users import page: bad row (problems listed)": Row(
        ("users_import:username", "users_import:email", "users_import:role", "users_import:cohort"), _rejected_import,
        echoed=True),
    "users import page: file name": Row(("ImportUsersForm.file",), _import_file_name, echoed=True, payloads=FILE_NAME_PAYLOADS),
    "flask users import: display name": Row(("users_import:display_name",), _cli_import("display_name"),
                                            LEARNER_SEEN_BY_STAFF, exports=GRADEBOOK_CSV, max_len=100),
    "flask users import: new cohort": Row(("users_import:cohort",), _cli_import("cohort"), IMPORTED_COHORT_PAGES,
                                          exports=REPORT_CSV, max_len=100),
    "KPI upload: bad row (problems listed)": Row(
        ("kpi_import:username", "kpi_import:month", "kpi_import:kpi", "kpi_import:value", "KpiUploadForm.file"),
        _rejected_kpis, echoed=True),
    "KPI upload: file name": Row(("KpiUploadForm.file",), _kpi_file_name, echoed=True, payloads=FILE_NAME_PAYLOADS),
}

# Inputs that are not free text, and why they need no sweep.
NOT_SHOWN = "PasswordField: hashed, never rendered back"
EXEMPT: dict[str, str] = {
    "LoginForm.password": NOT_SHOWN, "NewUserForm.password": NOT_SHOWN, "ChangePasswordForm.current": NOT_SHOWN,
    "ChangePasswordForm.new": NOT_SHOWN, "ChangePasswordForm.confirm": NOT_SHOWN,
    "AttemptPageForm.page": "hidden page number, read as an int",
    "EditUserForm.leave_cohorts": "hidden confirmation, only compared with 'y'; never shown",
    "GrantForm.confirmed": "hidden confirmation, only compared with '1'; never shown",
    "ChoiceForm.step": "hidden step number: digits only, otherwise 400",
    "ChoiceForm.node": "hidden node id, only compared with the run's current node; never shown",
    "admin/views.py:back": "read as an int",
    "admin/views.py:?role": "only compared with the role names",
    "evaluation/views.py:?(all)": "the report filter form: cohort ids from the choices, and dates "
                                  "(its CSV link: test_report_csv_link_carries_the_filter_and_nothing_else)",
    "quizzes/views.py:?page": "read as an int", "ReportFilterForm.page": "read as an int",
    "roleplay/forms.py:?learner": "read as an int",
    "teach/forms.py:?cohort": "read as an int", "teach/forms.py:?attempts": "only compared with 'all'",
    "auth/forms.py:username": "the login rate-limit key; the same field is LoginForm.username, swept",
    "LanguageForm.lang": "kept only if it is one of the languages",
    "evaluation/forms.py:item-{}": "read as an int", "evaluation/forms.py:recommend": "read as an int",
    "evaluation/forms.py:rows": "read as an int", "evaluation/forms.py:rating-{}": "read as an int",
    "evaluation/forms.py:part": "only compared with 'self' and 'observe'",
    "evaluation/forms.py:c{}-due_on": "parsed as a date",
    "evaluation/forms.py:c{}-achievable": "only compared with 'y'",
    "evaluation/forms.py:c{}-items": "must be course item ids (else refused); only tested for membership when re-shown",
    "evaluation/forms.py:status-{}": "must be one of the statuses, else the report is refused",
    "AttemptPageForm.goto": "digits only", "quizzes/forms.py:page": "read as an int",
    "quizzes/forms.py:(getter)": "quiz answers: each question type reads its own fields (see question:*)",
    "ChoiceForm.choice": "must be one of the node's choices, else 400",
    "roleplay/forms.py:rating-{}": "kept only if it is 1 to 5",
    "question:single": "choice ids checked against the snapshot", "question:multiple": "choice ids checked against the snapshot",
    "question:truefalse": "choice ids checked against the snapshot", "question:ordering": "positions: digits only",
    "question:matching": "option ids checked against the snapshot",
}

# Every function that writes CSV (or serves it): the export path it is swept through, or why it needs no sweep.
CSV_WRITERS: dict[str, str] = {
    "quizzes/gradebook.py:to_csv": GRADEBOOK_CSV[0][1], "teach/views.py:gradebook_csv": GRADEBOOK_CSV[0][1],
    "evaluation/report/effectiveness.py:to_csv": REPORT_CSV[0][1], "evaluation/views.py:report_csv": REPORT_CSV[0][1],
    "core/downloads.py:csv_response": "not swept itself: it sends what its callers (the views above) wrote",
    "people/users_import.py:write_passwords": "not swept: usernames match USERNAME_PATTERN (a letter or digit "
                                                "first) and one-time passwords are letters and digits",
}


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _request_part(node: ast.AST) -> str | None:
    """'' for `request.form`, '?' for `request.args` (the query string), else None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "request":
        return {"form": "", "args": "?"}.get(node.attr)
    return None


def _key(node: ast.AST) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return "(computed)"


def discovered_inputs() -> set[str]:
    """Form fields holding text or files, `request.form` and `request.args` keys (by file; `?` marks the query
    string), question types, import columns."""
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm
    from wtforms import FileField, StringField
    from wtforms.fields.core import UnboundField

    import courseware
    from courseware.catalog.questions.registry import QUESTION_TYPES
    from courseware.evaluation import results
    from courseware.people import users_import

    for module in pkgutil.walk_packages(courseware.__path__, "courseware."):
        importlib.import_module(module.name)
    found: set[str] = set()
    forms, todo = [], [FlaskForm]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("courseware."):
            forms.append(cls)
    for cls in forms:
        if any(sub.__module__.startswith("courseware.") for sub in cls.__subclasses__()):
            continue  # a base form: its fields are swept through the forms built on it
        for name in dir(cls):
            attr = getattr(cls, name, None)
            if isinstance(attr, UnboundField) and issubclass(attr.field_class, (StringField, FileField)):
                found.add(f"{cls.__name__}.{name}")
    for rel, tree in _sources():
        read = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute | ast.Subscript)}
        called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _request_part(node.func.value) is not None:
                found.add(f"{rel}:{_request_part(node.func.value)}{_key(node.args[0])}")
            elif isinstance(node, ast.Subscript) and _request_part(node.value) is not None:
                found.add(f"{rel}:{_request_part(node.value)}{_key(node.slice)}")
            elif isinstance(node, ast.Attribute) and _request_part(node.value) is not None and id(node) not in called:
                found.add(f"{rel}:{_request_part(node.value)}(getter)")  # a bound method passed on
            elif _request_part(node) is not None and id(node) not in read:
                found.add(f"{rel}:{_request_part(node)}(all)")  # the whole form or query string passed on
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if re.search(r"request\.(args|form|values)", path.read_text(encoding="utf-8")):
            found.add(f"{path.relative_to(ROOT).as_posix()}:request")
    found |= {f"question:{kind}" for kind in QUESTION_TYPES}
    found |= {f"users_import:{c}" for c in users_import.COLUMNS} | {f"kpi_import:{c}" for c in results.COLUMNS}
    return found


def discovered_csv_writers() -> set[str]:
    found = set()
    for rel, tree in _sources():
        for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
            for node in ast.walk(func):
                writes = (isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter")
                          and isinstance(node.value, ast.Name) and node.value.id == "csv")
                serves = (isinstance(node, ast.Constant) and isinstance(node.value, str) and "text/csv" in node.value
                          or isinstance(node, ast.Call) and getattr(node.func, "id", None) == "csv_response")
                if writes or serves:
                    found.add(f"{rel}:{func.name}")
    return found


def test_every_text_input_is_swept_or_exempt():
    discovered = discovered_inputs()
    covered = {c for row in SWEEP.values() for c in row.covers}
    missing = discovered - covered - EXEMPT.keys()
    assert not missing, f"add these inputs to SWEEP (or to EXEMPT, with the reason): {sorted(missing)}"
    stale = {c for c in covered | EXEMPT.keys() if not c.startswith("flash:")} - discovered
    assert not stale, f"SWEEP or EXEMPT names inputs the code no longer has: {sorted(stale)}"


def test_every_csv_export_is_swept():
    assert discovered_csv_writers() == CSV_WRITERS.keys()
    swept = {path for row in SWEEP.values() for _, path in row.exports}
    assert {t for t in CSV_WRITERS.values() if t.startswith("/")} == swept


# The sweeps

def combined(payloads: tuple[str, ...], max_len: int) -> list[str]:
    """The payloads joined by spaces into as few values as fit in `max_len`."""
    values: list[str] = []
    for payload in payloads:
        if values and len(values[-1]) + 1 + len(payload) <= max_len:
            values[-1] += " " + payload
        else:
            values.append(payload)
    return values


def assert_inert(response, value: str, shown: bool, where: str) -> None:
    assert response.status_code < 500, where
    location = response.headers.get("Location", "")
    assert not location.strip().lower().startswith("javascript:"), f"{where}: redirects to {location}"
    body = response.get_data(as_text=True)
    raw = RAW.findall(body)
    assert not raw, f"{where}: unescaped {raw}"
    assert not [p for p in XSS if p in value and re.search(r"[<>\"]", p) and p in body], f"{where}: unescaped payload"
    if shown:
        assert str(escape(value)) in body, f"{where}: the value is not shown (escaped) at all"


@pytest.fixture
def world(app, tmp_path) -> World:
    # Accounts the sweep creates get one-time passwords, hashed cheaply by TestConfig's PASSWORD_HASH_METHOD.
    return World(app, tmp_path)


@pytest.mark.parametrize("name", SWEEP)
def test_user_text_comes_back_inert(world, name):
    """XSS payloads come back escaped on every page showing the field; formula payloads are neutralized in
    every CSV export holding it."""
    row = SWEEP[name]
    for value in combined(row.payloads, row.max_len):
        response = row.submit(world, value)
        if response is not None:
            assert_inert(response, value, row.echoed, "the response to the submission")
        if row.refused:
            assert_inert(row.refused(world, value), value, True, "the refused submission's form")
        for who, path in row.shown + row.elsewhere:
            page = world.as_(who).get(world.path(path))
            assert page.status_code == 200, f"{path} as {who}"
            assert_inert(page, value, (who, path) in row.shown, f"{path} as {who}")
    for payload in FORMULAS if row.exports else ():
        row.submit(world, payload)
        for who, path in row.exports:
            response = world.as_(who).get(world.path(path))
            assert response.status_code == 200 and response.mimetype == "text/csv"
            body = response.get_data(as_text=True).lstrip("\ufeff")
            cells = [cell for line in csv.reader(io.StringIO(body, newline="")) for cell in line]
            live = [cell for cell in cells if cell.startswith(FORMULA_LEAD) and not NUMBER.fullmatch(cell)]
            assert not live, f"{path}: cells a spreadsheet would run: {live}"
            assert "'" + payload.strip() in cells, f"{path}: {payload!r} is not exported"


def test_plain_negative_numbers_stay_numbers():
    from courseware.quizzes.gradebook import safe_cell

    assert safe_cell("-0.25") == "-0.25" and safe_cell(-13) == "-13" and safe_cell("-2+3") == "'-2+3"


def test_report_csv_link_carries_the_filter_and_nothing_else(world):
    """The report's "Export CSV" link is built from the checked filter, not from whatever the query string holds:
    url_for's own arguments there used to reach url_for (`_method=POST` made a 500; `_external`, `_anchor` made an
    absolute link with an injected fragment), and a filter on several cohorts exported only the first."""
    other = Cohort(name="B", start_date=date(2026, 10, 1))
    db.session.add(other)
    db.session.commit()
    hr = world.as_("hr1")
    page = hr.get("/reports/effectiveness", query_string=[("cohorts", world.cohort.id), ("cohorts", other.id),
                                                           ("start", "2026-01-01"), ("_method", "POST")])
    assert page.status_code == 200
    links = re.findall(r'href="([^"]*effectiveness\.csv[^"]*)"', page.get_data(as_text=True))
    assert links == [f"/reports/effectiveness.csv?cohorts={world.cohort.id}&amp;cohorts={other.id}&amp;start=2026-01-01"]
    page = hr.get("/reports/effectiveness", query_string={"_external": "1", "_scheme": "javascript", "_anchor": "\nalert(1)"})
    assert page.status_code == 200
    assert re.findall(r'href="([^"]*effectiveness\.csv[^"]*)"', page.get_data(as_text=True)) == ["/reports/effectiveness.csv"]
