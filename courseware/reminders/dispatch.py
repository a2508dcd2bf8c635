"""What is due now and its delivery: preview_due() lists, send_due() claims, sends and marks (the queue and CLI call them)."""
from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app

from courseware.models.types import utcnow
from courseware.reminders import deliveries, digests, finders, opt_outs
from courseware.reminders import reminder as r
from courseware.reminders.channels import ChannelError, channels_for, configured_channels
from courseware.reminders.quiet_hours import is_quiet
from courseware.reminders.reminder import Reminder
from courseware.reminders.render import render

log = logging.getLogger(__name__)

# kind -> the function that finds that kind's due reminders (catalog, now). Cohort-level kinds for the group
# robots are added here, with a robot channel in channels.configured_channels().
FINDERS: dict[str, Callable] = {
    r.ASSIGNMENT_DUE: finders.assignments_due,
    r.ASSIGNMENT_OVERDUE: finders.assignments_overdue,
    r.FOLLOW_UP_DUE: finders.follow_ups_due,
    r.SURVEY_PENDING: finders.surveys_pending,
    r.WEEKLY_DIGEST: digests.weekly_digests,
    r.MONTHLY_SUMMARY: digests.monthly_summaries,
}


@dataclass(frozen=True)
class Planned:
    """One message a send would deliver now."""

    kind: str
    channel: str
    recipient: str  # the recipient key, e.g. user:5
    name: str  # the recipient's display name
    subject: str


def due_reminders(now: datetime, kinds: Iterable[str] | None = None) -> list[Reminder]:
    """Every reminder due now of these kinds (all when None), without those their recipient turned off."""
    catalog = current_app.extensions["catalog"]
    found = []
    for kind in kinds or FINDERS:
        found.extend(x for x in FINDERS[kind](catalog, now) if opt_outs.wants(x.recipient, x.kind))
    return found


def preview_due(now: datetime | None = None, quiet_hours: bool = True) -> list[Planned]:
    """What send_due would deliver now (nothing in the quiet hours unless `quiet_hours` is False); sends nothing
    and writes nothing."""
    now = now or utcnow()
    channels = configured_channels()
    if (quiet_hours and is_quiet(now)) or not channels:
        return []
    pairs = [(x, c, c.recipient_key(x)) for x in due_reminders(now) for c in channels_for(x, channels)]
    rows = deliveries.existing({(c.name, key, x.event_key) for x, c, key in pairs})
    return [Planned(x.kind, c.name, key, c.recipient_name(x), render(x).subject) for x, c, key in pairs
            if deliveries.pending_send(rows.get((c.name, key, x.event_key)), now)]


def send_due(now: datetime | None = None, only: set[deliveries.Key] | None = None, quiet_hours: bool = True) -> Counter:
    """Deliver every reminder due now (only the keys of `only` when given): claim, send, mark. Counts of
    messages sent per (kind, channel); nothing in the quiet hours, unless `quiet_hours` is False (a person
    sending by hand with `reminders send --ignore-quiet-hours`)."""
    now = now or utcnow()
    sent: Counter = Counter()
    channels = configured_channels()
    if (quiet_hours and is_quiet(now)) or not channels:
        return sent
    kinds = {k[2].split(":")[0] for k in only} if only is not None else None
    found: set[deliveries.Key] = set()
    for reminder in due_reminders(now, _kinds_of(kinds)):
        for channel in channels_for(reminder, channels):
            key = (channel.name, channel.recipient_key(reminder), reminder.event_key)
            found.add(key)
            if only is None or key in only:
                sent[(reminder.kind, channel.name)] += _deliver(reminder, channel, key, now)
    deliveries.settle_unmatched(found, _kinds_of(kinds) or FINDERS, now)
    return +sent


def _deliver(reminder: Reminder, channel, key: deliveries.Key, now: datetime) -> int:
    """Claim, send and mark one message; 1 if it was sent by this call."""
    row = deliveries.claim(reminder, channel.name, key[1], now)
    if row is None:
        return 0
    try:
        channel.send(reminder)
    except ChannelError as error:
        log.warning("reminder %s to %s by %s failed: %s", reminder.event_key, key[1], channel.name, error)
        deliveries.mark_failed(row, str(error), now)
        return 0
    deliveries.mark_sent(row, now)
    return 1


# Event keys start with a prefix naming their kind (finders.py, digests.py).
_PREFIXES = {"assignment-due": r.ASSIGNMENT_DUE, "assignment-overdue": r.ASSIGNMENT_OVERDUE,
             "follow-up": r.FOLLOW_UP_DUE, "survey": r.SURVEY_PENDING, "digest": r.WEEKLY_DIGEST,
             "summary": r.MONTHLY_SUMMARY}


def _kinds_of(prefixes: set[str] | None) -> list[str] | None:
    return None if prefixes is None else [_PREFIXES[p] for p in prefixes if p in _PREFIXES]


def retry(delivery_ids: Iterable[int] | None, now: datetime | None = None) -> Counter:
    """The admin's "retry now": make these failed deliveries (all when None) due and send them at once, in the
    quiet hours too (a person asked for it)."""
    now = now or utcnow()
    keys = deliveries.make_due(delivery_ids, now)
    return send_due(now, only=keys, quiet_hours=False) if keys else Counter()
