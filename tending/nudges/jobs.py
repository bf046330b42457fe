"""The worker's part in Nudges: deliver what is due, retry what failed, plan series.

`deliver_due` drains: it claims a batch, records it, sends its e-mails and
pushes, logs one line, and goes on with the next batch until nothing is due
or the worker is asked to stop (SIGTERM) — then it returns after the batch in
hand, so a stop never leaves a batch half recorded.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from tending.nudges import claim, planner, upcoming
from tending.nudges.deliver import BatchOutcome, deliver_claimed
from tending.nudges.send import SendOutcome, send_deliveries, send_leased
from tending.nudges.worker import every, should_stop

log = logging.getLogger("tending.nudges")
_owner: str | None = None


def owner() -> str:
    global _owner
    if _owner is None:
        _owner = claim.worker_name()
    return _owner


def deliver_batch(
    now: datetime | None = None, limit: int | None = None
) -> tuple[BatchOutcome, SendOutcome]:
    """Claim, record and send one batch; returns what happened."""
    now = now or timezone.now()
    me = owner()
    ids = claim.claim_nudges(me, now, limit or settings.NUDGE_BATCH)
    if not ids:
        return BatchOutcome(), SendOutcome()
    started = time.perf_counter()
    recorded = deliver_claimed(ids, me, now)
    sent = send_deliveries(recorded.outgoing, me, timezone.now())
    log.info(
        "nudges: batch of %d: %d delivered (%d in app, %d e-mails/pushes), %d waiting, "
        "%d skipped; sent %d, failed %d, given up %d, dropped %d; %.0f ms",
        recorded.claimed,
        recorded.delivered,
        recorded.in_app,
        len(recorded.outgoing),
        recorded.deferred,
        recorded.skipped,
        sent.sent,
        sent.failed,
        sent.gave_up,
        sent.dropped,
        (time.perf_counter() - started) * 1000,
    )
    return recorded, sent


def retry_batch(now: datetime | None = None, limit: int | None = None) -> SendOutcome:
    """Send e-mails and pushes whose attempt is due: retries, and those a
    crashed worker recorded but never sent."""
    now = now or timezone.now()
    ids = claim.claim_deliveries(owner(), now, limit or settings.NUDGE_BATCH)
    if not ids:
        return SendOutcome()
    sent = send_leased(ids, owner(), now)
    log.info(
        "nudges: retried %d e-mails/pushes: sent %d, failed %d, given up %d, dropped %d",
        len(ids),
        sent.sent,
        sent.failed,
        sent.gave_up,
        sent.dropped,
    )
    return sent


@every(1, name="nudges: deliver what is due")
def deliver_due() -> int:
    total = 0
    while not should_stop():
        recorded, _sent = deliver_batch()
        if not recorded.claimed:
            break
        total += recorded.claimed
    return total


@every(5, name="nudges: retry failed sends")
def retry_due() -> int:
    total = 0
    while not should_stop():
        sent = retry_batch()
        done = sent.sent + sent.failed + sent.gave_up + sent.dropped
        if not done:
            break
        total += done
    return total


@every(300, name="nudges: plan weekly and daily reminders")
def plan_series() -> int:
    return planner.plan_missing()


@every(600, name="nudges: plan reminders of traditions, unplug times and dates")
def plan_events() -> int:
    return upcoming.plan_upcoming()
