"""One company day: due dates, overdue follow-ups, action-plan dates and KPI months count by the company's
time zone (DISPLAY_TIMEZONE), not the server's. The clock is frozen at 23:30 UTC, when it is already the
next day in Shanghai."""
from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine

from courseware.clock import company_today, from_company_time
from courseware.extensions import db
from courseware.models import FollowUp

LATE_EVENING_UTC = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 07:30 on 1 July in Shanghai


def test_company_today_is_the_company_date_not_the_servers(app):
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        assert company_today() == date(2026, 7, 1)
    app.config["BABEL_DEFAULT_TIMEZONE"] = "America/New_York"
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        assert company_today() == date(2026, 6, 30)


def test_a_due_time_entered_in_company_time_is_stored_in_utc(app):
    assert from_company_time(datetime(2026, 7, 1, 8, 0)) == datetime(2026, 7, 1, 0, 0, tzinfo=UTC)


def test_a_follow_up_due_yesterday_in_shanghai_is_overdue_at_2330_utc(client, auth, users):
    learner = users("learner", username="mei", locale="en")
    db.session.add(FollowUp(user_id=learner.id, day=30, due_on=date(2026, 6, 30)))
    db.session.commit()
    with time_machine.travel(LATE_EVENING_UTC, tick=False):  # log in then too: a session cookie from the future is refused
        auth.login("mei")
        page = client.get("/").get_data(as_text=True)
    # On 30 June (UTC) the follow-up would be due today; in the company's time zone it is 1 July: overdue.
    item = page.split("Follow-up, day 30")[1].split("</li>")[0]
    assert "Overdue" in item
    with time_machine.travel(datetime(2026, 6, 30, 12, 0, tzinfo=UTC), tick=False):
        auth.login("mei")
        page = client.get("/").get_data(as_text=True)
    assert "Overdue" not in page.split("Follow-up, day 30")[1].split("</li>")[0]


def test_an_action_plan_date_is_checked_against_the_company_day(app):
    """A commitment due "today" (30 June, the server's UTC date) is already in the past in Shanghai."""
    from courseware.catalog.current import current_catalog
    from courseware.evaluation import action_plans

    items = list(current_catalog().coverage)[:1]
    entered = [action_plans.CommitmentInput("Call every A-class customer monthly", "12 calls", True, "", tuple(items),
                                            date(2026, 7, 1))] * 3
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        problems = action_plans.check(current_catalog(), entered, company_today())
    assert [problems[n].get("due_on") for n in range(3)] == ["bad_date"] * 3
    with time_machine.travel(datetime(2026, 6, 30, 12, 0, tzinfo=UTC), tick=False):
        assert action_plans.check(current_catalog(), entered, company_today()) == {}
