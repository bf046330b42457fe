"""Sending e-mails and pushes recorded by deliver.py, with retries.

A delivery is leased to the worker that sends it. After each small group of
sends the worker records them as sent (only while its lease holds); a failed
send is retried with backoff (1, 4, 16… minutes) and given up after
TENDING_NUDGE_MAX_ATTEMPTS attempts, recorded with its error for the admin's
status page. A push service answering 404 or 410 means the subscription is
gone: it is removed and the delivery dropped.

A batch can take longer to send than a lease lasts (a slow mail server):
the worker renews the lease of what it has not sent yet whenever a third of
it has passed, and sends only what the renewal confirms is still its own,
so another worker never takes over a delivery that is still being sent.

What cannot be guaranteed: if the worker dies after the mail server or push
service accepted a message and before the worker recorded it as sent, the
message is sent again when the lease expires. It carries the same Message-ID
(e-mail) or Topic (push) as the first, so mail stores and push services can
recognise it as the same message (docs/nudges.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tending.nudges.channels import email as email_channel
from tending.nudges.claim import lease
from tending.nudges.deliver import backoff
from tending.nudges.models import Channel, Delivery, DeliveryStatus, PushSubscription

log = logging.getLogger("tending.nudges")
RECORD_EVERY = 25  # sends between two "sent" records: the most a crash can repeat


@dataclass
class SendOutcome:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: SendOutcome) -> None:
        self.sent += other.sent
        self.failed += other.failed
        self.gave_up += other.gave_up
        self.dropped += other.dropped
        self.errors += other.errors


class _Recorder:
    """Records results in small groups, only for rows still leased to us."""

    def __init__(self, owner: str, now: datetime, deliveries: Sequence[Delivery]) -> None:
        self.owner, self.now = owner, now
        self.sent: list[Any] = []
        self.outcome = SendOutcome()
        # Deliveries in hand, not yet sent: their lease (and that of those
        # sent but not yet recorded) is renewed as it runs.
        self.unsent = {delivery.id for delivery in deliveries}
        self.renewed_at = timezone.now()

    def mine(self, ids: Iterable[Any]) -> Any:
        return Delivery.objects.filter(id__in=list(ids), lease_owner=self.owner)

    def still_mine(self, delivery: Delivery) -> bool:
        """Renew the lease of what is left to send once a third of it has
        passed; False if this delivery's lease was lost (another worker took
        it over after this one stalled): it must not be sent from here."""
        now = timezone.now()
        if now - self.renewed_at >= lease() / 3:
            # One conditional UPDATE: a lease still running cannot be claimed
            # by another worker meanwhile, an expired one is not revived.
            # Sent but not yet recorded ones too: a copy must not go out again.
            held = self.mine([*self.unsent, *self.sent]).filter(lease_until__gt=now)
            held.update(lease_until=now + lease())
            self.unsent &= set(held.values_list("id", flat=True))
            self.renewed_at = now
        if delivery.id not in self.unsent:
            log.warning(
                "lost the lease of delivery %s: left to the worker that took it", delivery.id
            )
            return False
        self.unsent.discard(delivery.id)
        return True

    def success(self, delivery_id: Any) -> None:
        self.sent.append(delivery_id)
        if len(self.sent) >= RECORD_EVERY:
            self.flush()

    def flush(self) -> None:
        if self.sent:
            self.outcome.sent += self.mine(self.sent).update(
                status=DeliveryStatus.SENT,
                sent_at=self.now,
                attempts=F("attempts") + 1,
                next_attempt_at=None,
                lease_until=None,
                lease_owner="",
                last_error="",
            )
            self.sent = []

    def failure(self, delivery: Delivery, error: str) -> None:
        self.flush()
        attempts = delivery.attempts + 1
        given_up = attempts >= settings.NUDGE_MAX_ATTEMPTS
        self.mine([delivery.id]).update(
            status=DeliveryStatus.GAVE_UP if given_up else DeliveryStatus.RETRYING,
            attempts=attempts,
            next_attempt_at=None if given_up else self.now + backoff(attempts),
            lease_until=None,
            lease_owner="",
            last_error=error[:500],
        )
        if given_up:
            self.outcome.gave_up += 1
            log.warning(
                "gave up on %s delivery %s after %d attempts: %s",
                delivery.channel,
                delivery.id,
                attempts,
                error,
            )
        else:
            self.outcome.failed += 1
        self.outcome.errors.append(error)

    def dropped(self, delivery: Delivery, why: str) -> None:
        self.flush()
        self.outcome.dropped += self.mine([delivery.id]).update(
            status=DeliveryStatus.DROPPED,
            next_attempt_at=None,
            lease_until=None,
            lease_owner="",
            last_error=why[:500],
        )


def send_leased(ids: Sequence[Any], owner: str, now: datetime) -> SendOutcome:
    """Send the deliveries leased to `owner` among `ids`."""
    if not ids:
        return SendOutcome()
    deliveries = list(
        Delivery.objects.filter(id__in=list(ids), lease_owner=owner)
        .select_related("recipient", "nudge")
        .order_by("created", "id")
    )
    return send_deliveries(deliveries, owner, now)


def send_deliveries(deliveries: Sequence[Delivery], owner: str, now: datetime) -> SendOutcome:
    """Send deliveries already in hand (just recorded by this worker, which
    holds their lease): no need to read them back."""
    recorder = _Recorder(owner, now, deliveries)
    emails = [d for d in deliveries if d.channel == Channel.EMAIL]
    pushes = [d for d in deliveries if d.channel == Channel.PUSH]
    if emails:
        _send_emails(emails, recorder)
    if pushes:
        _send_pushes(pushes, recorder)
    recorder.flush()
    return recorder.outcome


def _send_emails(deliveries: list[Delivery], recorder: _Recorder) -> None:
    try:
        connection = email_channel.open_connection()
    except Exception as exc:  # the mail server is down or refuses us
        for delivery in deliveries:
            recorder.failure(delivery, f"could not connect: {exc}")
        return
    try:
        for delivery in deliveries:
            if not recorder.still_mine(delivery):
                continue
            try:
                message = email_channel.build(delivery)
                connection.send_messages([message])
            except Exception as exc:
                recorder.failure(delivery, f"{type(exc).__name__}: {exc}")
            else:
                recorder.success(delivery.id)
    finally:
        try:
            connection.close()
        except Exception:
            log.warning("closing the mail connection failed", exc_info=True)


def _send_pushes(deliveries: list[Delivery], recorder: _Recorder) -> None:
    # Imported here: pywebpush brings aiohttp and requests, which a worker
    # that sends no push need not hold in memory.
    from tending.nudges.channels import push as push_channel

    subscriptions = {
        str(s.pk): s for s in PushSubscription.objects.filter(pk__in=[d.target for d in deliveries])
    }
    session = push_channel.session()
    try:
        for delivery in deliveries:
            if not recorder.still_mine(delivery):
                continue
            subscription = subscriptions.get(delivery.target)
            if subscription is None:
                recorder.dropped(delivery, "the subscription was removed")
                continue
            result = push_channel.send(delivery, subscription, session)
            if result.ok:
                recorder.success(delivery.id)
                PushSubscription.objects.filter(pk=subscription.pk).update(
                    last_success_at=recorder.now
                )
            elif result.gone:
                # The browser unsubscribed or the subscription expired: forget it.
                with transaction.atomic():
                    PushSubscription.objects.filter(pk=subscription.pk).delete()
                    recorder.dropped(delivery, f"subscription expired ({result.status})")
            else:
                recorder.failure(delivery, result.error)
    finally:
        session.close()
