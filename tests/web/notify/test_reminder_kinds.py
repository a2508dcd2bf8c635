"""Each kind of reminder fires for the right people, once per event, in their language, with absolute links."""
from __future__ import annotations

from datetime import timedelta

from courseware.extensions import db
from courseware.models import Role
from courseware.reminders.dispatch import send_due
from tests.web.notify.conftest import PUBLIC_URL
from tests.web.notify.helpers import NOON, assignment, by_recipient, follow_up, learner_with_email, read_module


def _send_twice(mail, expected: int, now=NOON):
    first = send_due(now)
    messages = mail.inbox.wait_for(expected)
    second = send_due(now + timedelta(minutes=15))
    assert sum(second.values()) == 0  # fires once
    assert len(mail.inbox.messages) == expected
    return first, messages


def test_assignment_due_within_48_hours_fires_once_per_learner(app, users, mail):
    cohort = users.cohort()
    li = learner_with_email(users, cohort, "li")
    learner_with_email(users, cohort, "nomail", email="")  # no address: nothing to send to
    learner_with_email(users, cohort, "gone", active=False)  # deactivated
    users("trainer", username="coach", cohort=cohort, email="coach@example.com")  # staff: no learner reminders
    assignment(cohort, NOON + timedelta(hours=30))
    assignment(cohort, NOON + timedelta(hours=60), target="basics-pretest")  # not within 48 h yet
    counts, [message] = _send_twice(mail, 1)
    assert counts == {("assignment_due", "email"): 1}
    assert message["To"].addresses[0].addr_spec == li.email
    assert message["Subject"] == "即将到期：基础测验"
    assert f"{PUBLIC_URL}/quizzes/basics-check" in message.get_body(("plain",)).get_content()


def test_overdue_assignment_fires_and_done_work_does_not(app, users, mail):
    cohort = users.cohort()
    learner_with_email(users, cohort, "late", locale="en")
    done = learner_with_email(users, cohort, "done")
    assignment(cohort, NOON - timedelta(days=2), target="basics", kind="module")
    read_module(app, done)  # done: no overdue reminder (its survey is now pending instead)
    counts, messages = _send_twice(mail, 2)
    assert counts == {("assignment_overdue", "email"): 1, ("survey_pending", "email"): 1}
    [message] = by_recipient(messages)["late@example.com"]
    assert message["Subject"] == "Overdue: Basics"
    assert f'href="{PUBLIC_URL}/learn/basics/"' in message.get_body(("html",)).get_content()


def test_follow_up_due_links_to_its_form_and_stops_once_reported(app, users, mail):
    cohort = users.cohort()
    zh, en = learner_with_email(users, cohort, "zh"), learner_with_email(users, cohort, "en", locale="en")
    zh_follow_up, _en = follow_up(zh), follow_up(en, day=60)
    follow_up(zh, due_on=NOON.date() + timedelta(days=10), day=60)  # not due yet
    counts, messages = _send_twice(mail, 2)
    assert counts == {("follow_up_due", "email"): 2}
    got = by_recipient(messages)
    assert got["zh@example.com"][0]["Subject"] == "您的第 30 天跟进已到期"
    assert got["en@example.com"][0]["Subject"] == "Your day-60 follow-up is due"
    assert f"{PUBLIC_URL}/follow-ups/{zh_follow_up.id}" in got["zh@example.com"][0].get_body(("plain",)).get_content()


def test_pending_survey_fires_after_the_module_is_read_unless_closed(app, users, mail):
    from courseware.models import SurveyClosure

    cohort, closed_cohort = users.cohort("A"), users.cohort("B")
    reader = learner_with_email(users, cohort, "reader")
    learner_with_email(users, cohort, "halfway")
    closed = learner_with_email(users, closed_cohort, "closed")
    read_module(app, reader)
    read_module(app, closed)
    db.session.add(SurveyClosure(cohort_id=closed_cohort.id, module_id="basics"))
    db.session.commit()
    counts, [message] = _send_twice(mail, 1)
    assert counts == {("survey_pending", "email"): 1}
    assert message["Subject"] == "请评价模块：基础"
    assert f"{PUBLIC_URL}/learn/basics/survey" in message.get_body(("plain",)).get_content()


def test_weekly_digest_goes_to_trainers_with_work_once_a_week(app, users, mail):
    trainer = users("trainer", username="coach", email="coach@example.com", locale="en")
    users("trainer", username="idle", email="idle@example.com")  # nothing to do: no digest
    cohort = users.cohort(trainers=[trainer])
    late = learner_with_email(users, cohort, "late", email="")  # the learner needs no address for the digest
    late.display_name = "Late <Learner>"
    assignment(cohort, NOON - timedelta(days=1))
    follow_up(late)
    counts, [message] = _send_twice(mail, 1)
    assert counts == {("weekly_digest", "email"): 1}
    assert message["Subject"] == "Your weekly training digest (2026-W49)"
    text = message.get_body(("plain",)).get_content()
    assert "Late <Learner>: 1" in text and "Late <Learner>, day 30" in text
    assert "Late &lt;Learner&gt;" in message.get_body(("html",)).get_content()
    assert sum(send_due(NOON + timedelta(days=7)).values()) == 1  # the next ISO week: a new digest


def test_monthly_summary_goes_to_hr_once_a_month(app, users, mail):
    users("hr", username="hr", email="hr@example.com")
    users("admin", username="boss", email="boss@example.com")
    cohort = users.cohort("Spring")
    users("learner", cohort=cohort)
    counts, [message] = _send_twice(mail, 1)
    assert counts == {("monthly_summary", "email"): 1}
    assert message["Subject"] == "培训月度汇总（2026-12）"
    assert "Spring：1 名学员" in message.get_body(("plain",)).get_content()
    assert sum(send_due(NOON + timedelta(days=31)).values()) == 1  # January: a new summary


def test_html_escapes_user_text_and_text_part_keeps_it(app, users, mail):
    cohort = users.cohort()
    learner = learner_with_email(users, cohort, "x", display_name="<script>alert(1)</script>")
    follow_up(learner)
    send_due(NOON)
    [message] = mail.inbox.wait_for(1)
    html = message.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in message.get_body(("plain",)).get_content()


def test_staff_get_no_learner_reminders(app, users, mail):
    cohort = users.cohort()
    for role in (Role.TRAINER, Role.HR, Role.ADMIN):
        staff = users(role, cohort=cohort, email=f"{role}@example.com")
        follow_up(staff)
    assignment(cohort, NOON - timedelta(days=1))
    counts = send_due(NOON)
    assert "follow_up_due" not in {kind for kind, _ in counts} and "assignment_overdue" not in {k for k, _ in counts}


def test_weekly_digest_lists_role_plays_to_observe_until_observed(app, users, mail):
    from courseware.models import BehaviorObservation
    from courseware.roleplay import runs

    trainer = users("trainer", username="coach", email="coach@example.com", locale="en")
    learner = users("learner", username="wu", cohort=users.cohort(trainers=[trainer]), display_name="Wu")
    scenario = app.extensions["catalog"].scenario("practice-call")
    run = runs.start(learner.id, scenario)
    for choice in ("b", "a"):
        db.session.refresh(run)
        runs.choose(scenario, run, run.step, run.current_node, choice)
    assert send_due(NOON) == {("weekly_digest", "email"): 1}
    [message] = mail.inbox.wait_for(1)
    assert f"Wu: {scenario.title['en']}" in message.get_body(("plain",)).get_content()
    db.session.add(BehaviorObservation(learner_id=learner.id, observer_id=trainer.id, scenario_id=scenario.id,
                                       observed_on=NOON.date()))
    db.session.commit()
    assert send_due(NOON + timedelta(days=7)) == {}  # observed: nothing left for next week's digest
