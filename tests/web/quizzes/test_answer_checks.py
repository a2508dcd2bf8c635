"""Answers are checked before they are saved: a word in a number box or two items in one position is refused
inline, in the page's language, and never saved as a wrong answer; the other answers of the page are saved."""
from __future__ import annotations

from sqlalchemy import select

from courseware.extensions import db
from courseware.models import Attempt, AttemptAnswer
from tests.quizhelpers import right_answers
from tests.web.quizzes.test_quizzes import learner, start  # noqa: F401 (fixture)


def _slot(attempt: Attempt, kind: str) -> int:
    return next(n for n, snap in enumerate(attempt.snapshot) if snap["type"] == kind)


def _saved(attempt_id: int) -> dict[int, object]:
    db.session.expire_all()
    return {a.slot: a.response for a in db.session.scalars(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id))}


def test_a_word_in_a_number_box_is_refused_in_chinese_and_nothing_of_it_is_saved(client, learner):  # noqa: F811
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    numeric, single = _slot(attempt, "numeric"), _slot(attempt, "single")
    answers = right_answers(attempt)
    response = client.post(f"/attempts/{attempt_id}", data={
        **answers, f"q{numeric}": "abc", "page": "0", "finish": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "请填写数字，例如 40、1,200 或 35%。" in page and 'value="abc"' in page and 'aria-invalid="true"' in page
    saved = _saved(attempt_id)
    assert numeric not in saved and saved[single] == answers[f"q{single}"][0]

    client.post("/language", data={"lang": "en"})
    reply = client.post(f"/attempts/{attempt_id}/save", data={f"q{numeric}": "forty", "page": "0"})
    assert reply.status_code == 422
    assert reply.get_json() == {"saved": False, "problems": {f"q{numeric}": "Enter a number, such as 40, 1,200 or 35%."}}
    assert numeric not in _saved(attempt_id)

    assert client.post(f"/attempts/{attempt_id}/save", data={f"q{numeric}": "１，２００", "page": "0"}).get_json() == {"saved": True}
    assert _saved(attempt_id)[numeric] == "１，２００"


def test_two_items_in_one_position_are_refused_and_the_choice_is_shown_back(client, learner):  # noqa: F811
    attempt_id = start(client)
    attempt = db.session.get(Attempt, attempt_id)
    slot = _slot(attempt, "ordering")
    items = [i["id"] for i in attempt.snapshot[slot]["items"]]
    same = {f"q{slot}-{item}": "1" for item in items}
    response = client.post(f"/attempts/{attempt_id}", data={**same, "page": "0", "save": "1"})
    assert response.status_code == 400 and "每一项的位置必须各不相同。" in response.get_data(as_text=True)
    assert slot not in _saved(attempt_id)
    reply = client.post(f"/attempts/{attempt_id}/save", data={f"q{slot}-{items[0]}": "²", "page": "0"})
    assert reply.status_code == 422 and slot not in _saved(attempt_id)

    client.post(f"/attempts/{attempt_id}/submit")
    db.session.expire_all()
    graded = db.session.scalar(select(AttemptAnswer).where(AttemptAnswer.attempt_id == attempt_id, AttemptAnswer.slot == slot))
    assert graded is None or (graded.response is None and graded.fraction == 0.0)  # not 50% for "all first"
