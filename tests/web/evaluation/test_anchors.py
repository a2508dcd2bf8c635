"""A learning level that measures learning: draws are spread over the outline items, each post-test re-asks the
learner's own pre-test questions of its chapter (the anchor items), and the normalized gain compares the
scores on those same questions before and after."""
from __future__ import annotations

import random
from collections import Counter

from sqlalchemy import select

from courseware.catalog.questions import Question
from courseware.evaluation import learning
from courseware.extensions import db
from courseware.models import User
from courseware.quizzes import attempts
from courseware.quizzes.drawing import stratified_sample
from tests.quizhelpers import right_answers


def _question(qid: str, item: str) -> Question:
    return Question(qid, "single", "b", (item,), "easy", (), {}, {}, {}, 1, pool="assessment")


def test_a_stratified_draw_reaches_every_item_before_any_twice():
    bank = [_question(f"{item}-{n}", item) for item in ("1.1", "1.2", "1.3", "1.4", "1.5") for n in range(4)]
    for seed in range(50):
        counts = Counter(q.examines[0] for q in stratified_sample(bank, 7, random.Random(seed)))
        assert set(counts) == {"1.1", "1.2", "1.3", "1.4", "1.5"} and max(counts.values()) == 2
        small = Counter(q.examines[0] for q in stratified_sample(bank, 3, random.Random(seed), covered={"1.1", "1.2"}))
        assert set(small) == {"1.3", "1.4", "1.5"}  # the items the anchors leave out come first
    assert len(stratified_sample(bank[:3], 10, random.Random(1))) == 3  # never more than there is


def test_a_post_test_re_asks_the_learners_own_pre_test_questions_and_spreads_the_rest(real_app, users):
    catalog = real_app.extensions["catalog"]
    pretest = next(q for q in catalog.quizzes.values() if q.kind == "pretest")
    posttest = catalog.quizzes["posttest-sales-fundamentals"]
    items = {q.id: q.examines[0] for q in catalog.banks["sales-fundamentals"].questions}
    learner = users("learner")
    pre = attempts.start(catalog, learner.id, pretest)
    attempts.submit(pre, {})
    mine = [s["question"] for s in pre.snapshot if s["module"] == 1]
    assert len(mine) == 4 and len({items[q] for q in mine}) == 4  # the pre-test is spread over the items too
    post = attempts.start(catalog, learner.id, posttest)
    anchors = [s["question"] for s in post.snapshot if s["anchor"]]
    assert sorted(anchors) == sorted(mine)
    fresh = [items[s["question"]] for s in post.snapshot if not s["anchor"]]
    assert len(fresh) == 8 and set(fresh) >= set(items.values()) - {items[q] for q in mine}  # the items left out first
    counts = Counter(items[s["question"]] for s in post.snapshot)
    assert len(counts) == 8 and max(counts.values()) == 2  # all 8 items of chapter 1, none more than twice
    others = users("learner")  # without a pre-test: no anchors, 12 questions spread over the 8 items
    counts = Counter(s["examines"][0] for s in attempts.start(catalog, others.id, posttest).snapshot)
    assert len(counts) == 8 and max(counts.values()) <= 2


def test_the_normalized_gain_compares_the_anchor_items(real_app, users):
    catalog = real_app.extensions["catalog"]
    pretest = next(q for q in catalog.quizzes.values() if q.kind == "pretest")
    learner = users("learner")
    pre = attempts.start(catalog, learner.id, pretest)
    attempts.submit(pre, {})  # every pre-test answer blank: 0 on the chapter's four questions
    post = attempts.start(catalog, learner.id, catalog.quizzes["posttest-sales-fundamentals"])
    right = right_answers(post)
    anchor_slots = {slot for slot, s in enumerate(post.snapshot) if s["anchor"]}
    only_anchors = {k: v for k, v in right.items() if int(k[1:].split("-")[0]) in anchor_slots}
    client = real_app.test_client()
    client.post("/login", data={"username": learner.username, "password": "correct-horse"})
    client.post(f"/attempts/{post.id}", data={**only_anchors, "page": "0", "save": "1"})
    client.post(f"/attempts/{post.id}/submit")
    db.session.expire_all()
    row = db.session.execute(learning.pre_post(catalog, select(User.id).where(User.id == learner.id))).one()
    assert row.module == 1 and row.pre == 0 and row.anchor_pre == 0 and row.anchor_post == 100
    assert round(row.post, 1) == round(400 / 12, 1)  # the whole post-test: 4 of 12 right
    assert learning.normalized_gain(row.anchor_pre, row.anchor_post) == 1.0  # on the same questions: all learned
