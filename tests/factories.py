"""Factories for test records: users and cohorts with sensible defaults."""
from __future__ import annotations

import itertools
from datetime import date

from courseware.extensions import db
from courseware.models import Cohort, User

PASSWORD = "correct-horse"


class UserFactory:
    _counter = itertools.count(1)

    def __call__(self, role: str = "learner", username: str | None = None, cohort: Cohort | None = None,
                 password: str = PASSWORD, **fields) -> User:
        n = next(self._counter)
        user = User(username=username or f"{role}{n}", display_name=fields.pop("display_name", f"{role.title()} {n}"),
                    role=role, cohort=cohort, **fields)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    def cohort(self, name: str = "Cohort A", trainers: list[User] | None = None) -> Cohort:
        cohort = Cohort(name=name, start_date=date(2026, 9, 1))
        cohort.trainers = trainers or []
        db.session.add(cohort)
        db.session.commit()
        return cohort
