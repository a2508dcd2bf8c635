"""The evaluation tests' people: two trainers, cohorts A and B, two learners in A, and HR."""
from __future__ import annotations

import pytest


@pytest.fixture
def setup(users):
    """(trainer wang, cohort A, learner mei, learner lei); zhao trains cohort B, hr1 is HR."""
    trainer = users("trainer", username="wang")
    other = users("trainer", username="zhao")
    cohort = users.cohort("A", trainers=[trainer])
    users.cohort("B", trainers=[other])
    mei = users("learner", username="mei", cohort=cohort)
    lei = users("learner", username="lei", cohort=cohort)
    users("hr", username="hr1")
    return trainer, cohort, mei, lei
