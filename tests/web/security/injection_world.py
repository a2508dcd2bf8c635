"""The world the injection sweep runs in: a cohort, its trainer and learner, an admin, HR, and shared steps."""
from __future__ import annotations

import csv
import io
import itertools
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from courseware.extensions import db
from courseware.models import Attempt, Cohort, FollowUp, User
from tests.factories import PASSWORD

XSS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(1)>", "javascript:alert(1)"]
FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", '=HYPERLINK("http://x","y")', "\t=2+2", "\r=3+3"]

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
