"""Helpers for evaluation tests: records made directly, as the services would."""
from __future__ import annotations

from datetime import date, timedelta

from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer, KpiRecord


def quiz_result(user_id: int, quiz_id: str, score: float, answers: list[tuple[int, float]] = (), number: int = 1) -> Attempt:
    """A submitted attempt with the given score; `answers` are (module, fraction) per question."""
    attempt = Attempt(user_id=user_id, quiz_id=quiz_id, number=number, state="submitted", score=score, snapshot=[])
    db.session.add(attempt)
    db.session.flush()
    for slot, (module, fraction) in enumerate(answers):
        db.session.add(AttemptAnswer(attempt_id=attempt.id, slot=slot, question_id=f"q{slot}", module=module, fraction=fraction))
    db.session.commit()
    return attempt


def kpis(user_id: int, kpi: str, values: dict[str, float]) -> None:
    for month, value in values.items():
        db.session.add(KpiRecord(user_id=user_id, month=month, kpi=kpi, value=value))
    db.session.commit()


def commitments(due: date, n: int = 3):
    from courseware.evaluation.action_plans import CommitmentInput

    return [CommitmentInput(f"Classify my accounts A/B/C, part {i}", f"{10 * (i + 1)} accounts", True, "", ("1.1",),
                            due + timedelta(days=i)) for i in range(n)]
