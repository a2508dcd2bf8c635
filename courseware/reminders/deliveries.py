"""The delivery protocol: claim a (channel, recipient, event) by inserting its row, send, then mark it.

The row's unique key lets one sender only claim an event; a failure is retried with backoff, a claim whose
sender crashed is taken over when its lease runs out (docs/reminders.md says what each crash does)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from courseware.extensions import db
from courseware.models import Delivery, User
from courseware.models.delivery import CLAIMED, FAILED, GIVEN_UP, SENT
from courseware.reminders.reminder import Reminder

LEASE = timedelta(minutes=10)  # a claim older than this belongs to a sender that crashed
BACKOFF = timedelta(minutes=5)  # the first retry; each later one waits twice as long
MAX_ATTEMPTS = 5
Key = tuple[str, str, str]  # channel, recipient key, event key


def claim(reminder: Reminder, channel: str, recipient_key: str, now: datetime) -> Delivery | None:
    """This sender's claim on the event (committed), or None when another sender has it or it is settled."""
    db.session.commit()  # start from no open transaction: the claim is its own
    row = db.session.scalar(select(Delivery).where(Delivery.channel == channel, Delivery.recipient_key == recipient_key,
                                                   Delivery.event_key == reminder.event_key))
    if row is None:
        row = Delivery(kind=reminder.kind, event_key=reminder.event_key, channel=channel, recipient_key=recipient_key,
                       user_id=reminder.recipient.id if recipient_key == reminder.recipient_key else None,
                       cohort_id=reminder.cohort_id, status=CLAIMED, attempts=1,
                       next_try_at=now + LEASE, created_at=now)
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:  # another sender inserted it first: theirs
            db.session.rollback()
            return None
        return row
    if row.status not in (CLAIMED, FAILED) or row.next_try_at is None or row.next_try_at > now:
        return None
    # A failed row whose time has come, or a crashed sender's claim: the first sender to move it takes it.
    taken = db.session.execute(
        update(Delivery).where(Delivery.id == row.id, Delivery.status.in_((CLAIMED, FAILED)), Delivery.next_try_at <= now)
        .values(status=CLAIMED, attempts=Delivery.attempts + 1, next_try_at=now + LEASE)
        .execution_options(synchronize_session=False))
    db.session.commit()
    if taken.rowcount != 1:
        return None
    db.session.refresh(row)
    return row


def mark_sent(row: Delivery, now: datetime) -> None:
    row.status, row.sent_at, row.next_try_at, row.last_error = SENT, now, None, ""
    db.session.commit()


def mark_failed(row: Delivery, error: str, now: datetime) -> None:
    """Failed: retried after 5 min × 2^(attempts-1); given up after MAX_ATTEMPTS sends."""
    row.last_error = error[:1000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status, row.next_try_at = GIVEN_UP, None
    else:
        row.status, row.next_try_at = FAILED, now + BACKOFF * 2 ** (row.attempts - 1)
    db.session.commit()


def settle_unmatched(found: set[Key], kinds: Iterable[str], now: datetime) -> int:
    """Give up retries of these kinds whose reminder is no longer due (the work was done, or the user opted out)."""
    waiting = db.session.scalars(select(Delivery).where(
        Delivery.kind.in_(list(kinds)), Delivery.status.in_((CLAIMED, FAILED)), Delivery.next_try_at <= now))
    stale = [row for row in waiting if (row.channel, row.recipient_key, row.event_key) not in found]
    for row in stale:
        row.status, row.next_try_at, row.last_error = GIVEN_UP, None, "no longer due"
    db.session.commit()
    return len(stale)


def existing(keys: set[Key]) -> dict[Key, Delivery]:
    """The delivery rows of these keys (by event key, in chunks)."""
    events = sorted({k[2] for k in keys})
    rows: dict[Key, Delivery] = {}
    for start in range(0, len(events), 500):
        for row in db.session.scalars(select(Delivery).where(Delivery.event_key.in_(events[start:start + 500]))):
            rows[(row.channel, row.recipient_key, row.event_key)] = row
    return {k: v for k, v in rows.items() if k in keys}


def pending_send(row: Delivery | None, now: datetime) -> bool:
    """Whether a sender would try this key now: no row yet, a failure whose time came, or a crashed claim."""
    return row is None or (row.status in (CLAIMED, FAILED) and row.next_try_at is not None and row.next_try_at <= now)


def failure_count() -> int:
    """How many deliveries failed and wait for a retry, or were given up (the admin home)."""
    return db.session.scalar(select(func.count()).select_from(Delivery).where(Delivery.status.in_((FAILED, GIVEN_UP))))


def failures(limit: int = 200) -> list[tuple[Delivery, User | None]]:
    """Failed and given-up deliveries with their recipient, the most recent first (the admin page)."""
    return list(db.session.execute(
        select(Delivery, User).outerjoin(User, User.id == Delivery.user_id)
        .where(Delivery.status.in_((FAILED, GIVEN_UP))).order_by(Delivery.created_at.desc(), Delivery.id.desc())
        .limit(limit)).all())


def make_due(delivery_ids: Iterable[int] | None, now: datetime) -> set[Key]:
    """Make these failed or given-up deliveries (all when None) due now, for one more try each; their keys."""
    query = select(Delivery).where(Delivery.status.in_((FAILED, GIVEN_UP)))
    if delivery_ids is not None:
        query = query.where(Delivery.id.in_(list(delivery_ids) or [-1]))
    rows = list(db.session.scalars(query))
    for row in rows:
        row.status, row.next_try_at = FAILED, now
        row.attempts = min(row.attempts, MAX_ATTEMPTS - 1)  # one more try before it is given up again
    db.session.commit()
    return {(row.channel, row.recipient_key, row.event_key) for row in rows}
