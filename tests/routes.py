"""The routes of the app as the security tests see them: who may call each one (the authorization matrix),
a world of records owned by one learner, and a URL for every rule built from that world. Used by the
authorization matrix and by the CSRF test."""
from __future__ import annotations

from datetime import date, timedelta

from courseware.extensions import db
from courseware.models import Assignment, CohortRobot, Delivery, FollowUp
from courseware.people import invitations
from courseware.quizzes import attempts
from courseware.roleplay import runs

ACTORS = ("owner", "peer", "trainer", "outsider", "hr", "admin")
EVERYONE = set(ACTORS)
STAFF = {"trainer", "outsider", "hr", "admin"}
OWNER_AND_SUPERVISORS = {"owner", "trainer", "hr", "admin"}
PUBLIC = "public"  # anonymous visitors allowed too

# endpoint -> {method: actors allowed (anything else gets 403 or 404; anonymous visitors go to the login page)}
MATRIX = {
    "admin.cohort": {"GET": {"admin"}},
    "admin.cohort_list": {"GET": {"admin"}},
    "admin.cohort_trainers": {"POST": {"admin"}},
    "admin.delivery_failures": {"GET": {"admin"}},
    "admin.retry_all_deliveries": {"POST": {"admin"}},
    "admin.retry_delivery": {"POST": {"admin"}},
    "admin.edit_user": {"GET": {"admin"}, "POST": {"admin"}},
    "admin.home": {"GET": {"admin"}},
    "admin.import_users": {"GET": {"admin"}, "POST": {"admin"}},
    "admin.move_learner": {"POST": {"admin"}},
    "admin.new_cohort": {"GET": {"admin"}, "POST": {"admin"}},
    "admin.new_user": {"GET": {"admin"}, "POST": {"admin"}},
    "admin.reset_password": {"POST": {"admin"}},
    "admin.send_invitation": {"POST": {"admin"}},
    "admin.users": {"GET": {"admin"}},
    "auth.accept_invitation": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.change_password": {"GET": EVERYONE, "POST": EVERYONE},
    "auth.login": {"GET": PUBLIC, "POST": PUBLIC},
    "auth.logout": {"POST": EVERYONE},
    "auth.logout_everywhere": {"POST": EVERYONE},
    "auth.reminder_choices": {"GET": EVERYONE, "POST": EVERYONE},
    "core.healthz": {"GET": PUBLIC},
    "core.set_language": {"POST": PUBLIC},
    "evaluation.action_plan": {"GET": EVERYONE - {"hr"}, "POST": EVERYONE - {"hr"}},
    "evaluation.close_survey": {"POST": {"trainer", "admin"}},
    "evaluation.follow_up": {"GET": OWNER_AND_SUPERVISORS, "POST": {"trainer", "admin"}},  # posted as an observation
    "evaluation.hr_home": {"GET": {"hr", "admin"}},
    "evaluation.kpi_upload": {"GET": {"hr", "admin"}, "POST": {"hr", "admin"}},
    "evaluation.learner_tracker": {"GET": OWNER_AND_SUPERVISORS},
    "evaluation.report": {"GET": {"hr", "admin"}},
    "evaluation.report_csv": {"GET": {"hr", "admin"}},
    "evaluation.report_xlsx": {"GET": {"hr", "admin"}},
    "evaluation.survey": {"GET": EVERYONE, "POST": EVERYONE},
    "learn.course": {"GET": EVERYONE},
    "learn.dashboard": {"GET": EVERYONE},  # staff are sent on to their home
    "learn.glossary": {"GET": EVERYONE},
    "learn.image": {"GET": EVERYONE},
    "learn.mark_read": {"POST": EVERYONE},
    "learn.module": {"GET": EVERYONE},
    "learn.section": {"GET": EVERYONE},
    "quizzes.attempt": {"GET": {"owner"}, "POST": {"owner"}},
    "quizzes.autosave": {"POST": {"owner"}},
    "quizzes.quiz": {"GET": EVERYONE},
    "quizzes.quiz_list": {"GET": EVERYONE},
    "quizzes.review": {"GET": OWNER_AND_SUPERVISORS},
    "quizzes.start": {"POST": EVERYONE},
    "quizzes.submit": {"POST": {"owner"}},
    "quizzes.summary": {"GET": {"owner"}},
    "roleplay.cards": {"GET": STAFF},
    "roleplay.choose": {"POST": {"owner"}},
    "roleplay.debrief": {"GET": OWNER_AND_SUPERVISORS},
    "roleplay.observe": {"GET": {"trainer", "outsider", "admin"}, "POST": {"trainer", "outsider", "admin"}},
    "roleplay.profile": {"GET": OWNER_AND_SUPERVISORS},
    "roleplay.run": {"GET": {"owner"}},
    "roleplay.scenario": {"GET": EVERYONE},
    "roleplay.scenario_list": {"GET": EVERYONE},
    "roleplay.start": {"POST": EVERYONE},
    "robots.cohort_robots": {"GET": {"admin"}, "POST": {"admin"}},
    "robots.delete_robot": {"GET": {"admin"}, "POST": {"admin"}},
    "robots.edit_robot": {"GET": {"admin"}, "POST": {"admin"}},
    "robots.test_robot": {"POST": {"admin"}},
    "robots.toggle_robot": {"POST": {"admin"}},
    "static": {"GET": PUBLIC},
    "teach.cohort": {"GET": {"trainer", "hr", "admin"}},
    "teach.cohorts": {"GET": STAFF},
    "teach.create_assignment": {"POST": {"trainer", "admin"}},
    "teach.delete_assignment": {"POST": {"trainer", "admin"}},
    "teach.gradebook_csv": {"GET": {"trainer", "hr", "admin"}},
    "teach.gradebook_page": {"GET": {"trainer", "hr", "admin"}},
    "teach.home": {"GET": {"trainer", "outsider", "admin"}},
    "teach.gradebook_xlsx": {"GET": {"trainer", "hr", "admin"}},
    "teach.grant": {"POST": {"trainer", "admin"}},
    "teach.statistics": {"GET": STAFF},
}

POST_DATA = {"evaluation.follow_up": {"part": "observe"}}


def build_world(app, users):
    """The actors of the access matrix and one record of each kind they act on (the `world` fixture)."""
    trainer = users("trainer", username="trainer")
    outsider = users("trainer", username="outsider")
    cohort = users.cohort("A", trainers=[trainer])
    users.cohort("B", trainers=[outsider])
    owner = users("learner", username="owner", cohort=cohort)
    users("learner", username="peer", cohort=cohort)
    users("hr", username="hr")
    users("admin", username="admin")
    catalog = app.extensions["catalog"]
    finished = attempts.start(catalog, owner.id, catalog.quiz("basics-check"))
    attempts.submit(finished)
    scenario = catalog.scenario("practice-call")
    done_run = runs.start(owner.id, scenario)
    for choice in ("b", "a"):
        db.session.refresh(done_run)
        runs.choose(scenario, done_run, done_run.step, done_run.current_node, choice)
    follow_up = FollowUp(user_id=owner.id, day=30, due_on=date.today() - timedelta(days=1))
    db.session.add(follow_up)
    db.session.commit()

    def open_attempt():
        attempt = attempts.start(catalog, owner.id, catalog.quiz("basics-due"))
        return attempt.id

    def open_run():
        return runs.start(owner.id, scenario, restart=True).id

    made: list[int] = []

    def fresh_user():  # admin actions change a user: never one of the actors
        made.append(len(made))
        return users("learner", username=f"victim{len(made)}", cohort=cohort).id

    def invitation_token():  # a pending invitation of a learner who is none of the actors
        invitee = users("learner", username=f"invitee{len(made)}", cohort=cohort)
        made.append(len(made))
        return invitations.replace_invitation(invitee)[0]

    def assignment():
        row = Assignment(kind="quiz", target_id="basics-check", cohort_id=cohort.id)
        db.session.add(row)
        db.session.commit()
        return row.id

    def robot():  # port 9 (discard) refuses at once: a test message fails fast, and nothing leaves the machine
        row = CohortRobot(cohort_id=cohort.id, kind="dingtalk", webhook_url="http://127.0.0.1:9/robot/send", secret="SECx")
        db.session.add(row)
        db.session.commit()
        return row.id

    def failed_delivery():
        row = Delivery(kind="follow_up_due", event_key=f"follow-up:{follow_up.id}:x{len(made)}", channel="email",
                       recipient_key=f"user:{owner.id}", user_id=owner.id, status="failed", last_error="refused")
        made.append(len(made))
        db.session.add(row)
        db.session.commit()
        return row.id

    return {
        "robot_id": robot,
        "delivery_id": failed_delivery,
        "cohort_id": lambda: cohort.id, "follow_up_id": lambda: follow_up.id,
        "user_id": {"admin.edit_user": fresh_user, "admin.reset_password": fresh_user,
                    "admin.send_invitation": fresh_user, None: lambda: owner.id},
        "token": invitation_token,
        "assignment_id": assignment, "module_id": lambda: "basics", "section_id": lambda: "definition",
        "filename": lambda: "funnel.en.svg", "quiz_id": lambda: "basics-check", "scenario_id": lambda: "practice-call",
        "attempt_id": {"quizzes.review": lambda: finished.id}, "run_id": {"roleplay.debrief": lambda: done_run.id},
        "open_attempt": open_attempt, "open_run": open_run,
        # posted as they are, so the admin's request keeps the cohort's trainer
        "post_data": {**POST_DATA, "admin.cohort_trainers": {"trainers": [str(trainer.id)]}},
    }


def url_for_rule(rule, world) -> str:
    values = {}
    for name in rule.arguments:
        provider = world[name]
        if isinstance(provider, dict):
            fallback = provider.get(None) or world["open_attempt" if name == "attempt_id" else "open_run"]
            provider = provider.get(rule.endpoint, fallback)
        values[name] = provider()
    if rule.endpoint == "static":
        values["filename"] = "css/site.css"
    return rule.build(values, append_unknown=False)[1]
