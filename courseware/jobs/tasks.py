"""The tasks: reminders every 15 minutes, and a ping that shows which consumer took a job."""
from __future__ import annotations

import logging
from typing import Any

from huey import Huey, crontab

from courseware.jobs.queue import in_app_context

log = logging.getLogger("courseware.jobs")

# Every 15 minutes, on the quarter hour.
REMINDER_SCHEDULE = crontab(minute="*/15")


def register(huey: Huey) -> dict[str, Any]:
    """Define the tasks on `huey`; returns them by name (see Queue)."""

    @huey.periodic_task(REMINDER_SCHEDULE, name="send_due_reminders")
    @in_app_context
    def send_due_reminders():
        """Deliver every reminder due now. Two consumers may run this at once: the reminders' unique key in the
        database, not a queue lock, makes each reminder go once (a lock would outlive a killed consumer)."""
        return run_send_due()

    @huey.task(name="ping")
    @in_app_context
    def ping(token: str) -> str:
        """Record that this consumer ran the job `token` (`flask jobs ping`, the two-server test); its name, the
        task's result, which wakes the caller waiting on it."""
        from courseware.jobs.pings import record

        return record(token)

    return {"send_due_reminders": send_due_reminders, "ping": ping}


def run_send_due():
    """Deliver every reminder due now (courseware/reminders/dispatch.py) and log the counts."""
    from courseware.reminders.dispatch import send_due

    counts = send_due()
    log.info("reminders: %s", dict(counts))
    return counts
