"""The injection sweep's table: one row per way user text gets in, with its pages and CSV exports."""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from tests.factories import PASSWORD
from tests.web.security.injection_world import OBSERVATION, RATINGS, SURVEY, XSS, World

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


def _rejected_robot_url(w: World, value: str):
    """A robot's address: the payloads are no https:// address, so the form comes back with the value."""
    from courseware.extensions import db
    from courseware.models import CohortRobot

    robot = CohortRobot(cohort_id=w.cohort.id, kind="wecom", webhook_url="https://qyapi.weixin.qq.com/x?key=k", secret="")
    db.session.add(robot)
    db.session.commit()
    response = w.as_("root").post(f"/admin/robots/{robot.id}", data={"kind": "wecom", "webhook_url": value, "enabled": "y"})
    assert response.status_code == 200
    return response


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
        exports=GRADEBOOK_CSV, max_len=100, elsewhere=(("wang", "/teach/home"), ("hr1", "/reports/effectiveness"))),
    "admin: trainer's display name edited": Row(
        ("EditUserForm.display_name",), _edit_user("trainer"),
        (("wang", "/teach/home"), ("root", "/admin/cohorts"), ("root", "/admin/cohorts/{cohort}"), ("root", "/admin/cohorts/new"),
         ("wang", "/teach/cohorts/{cohort}")),
        max_len=100),
    "admin: learner moved (flash names learner)": Row(("flash: learner moved",), _move_learner, echoed=True, max_len=100),
    "admin: new user's username (rejected)": Row(("NewUserForm.username",), _rejected_new_user("username"), echoed=True),
    "admin: new user's email (rejected)": Row(("NewUserForm.email",), _rejected_new_user("email"), echoed=True),
    "admin: edited email (rejected)": Row(("EditUserForm.email",), _rejected_edit_email, echoed=True),
    "admin: robot's webhook address (rejected)": Row(("EditRobotForm.webhook_url",), _rejected_robot_url, echoed=True,
                                                      max_len=500),
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
                                       elsewhere=(("wang", "/teach/home"), ("mei", "/learners/{learner}/tracker"))),
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
