"""Sending e-mails and pushes recorded by deliver.py, with retries.

A delivery is leased to the worker that sends it. It is recorded as sent
only while that lease holds; a failed send is retried with backoff (1, 4,
16… minutes) and given up after TENDING_NUDGE_MAX_ATTEMPTS attempts,
recorded with its error for the admin's status page. A push service
answering 404 or 410 means the subscription is gone: it is removed and the
delivery dropped.

A batch can take longer to send than a lease lasts (a slow mail server):
the worker renews the lease of what it holds and has not recorded whenever a
third of it has passed, and sends only what the renewal confirms is still
its own, so another worker never takes over a delivery that is still being
sent.

Each message is sent once, as far as the channel lets anyone know:

- The mail folder (TENDING_EMAIL_BACKEND=file) can be asked what it holds.
  A batch's e-mails are written as one file, whole or not at all, under a
  name recorded with them before (deliver.py), and then recorded as sent.
  The worker that takes over from one that died (its lease ran out) reads
  that file first: what it holds is recorded as sent, not written again; the
  rest goes into a new file whose name is recorded before it is written.
- A mail server or a push service cannot be asked. Each message is recorded
  as sent as soon as it was accepted, so a worker that dies in that moment
  sends that one message again when the lease expires, with the same
  Message-ID (e-mail) or Topic (push), by which mail stores and push
  services recognise a repeat (docs/nudges.md).
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
from tending.nudges.channels.mailfolder import MailFolder
from tending.nudges.claim import lease
from tending.nudges.deliver import backoff
from tending.nudges.models import Channel, Delivery, DeliveryStatus, PushSubscription

log = logging.getLogger("tending.nudges")


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
    """Records results, only for rows still leased to us."""

    def __init__(self, owner: str, now: datetime, deliveries: Sequence[Delivery]) -> None:
        self.owner, self.now = owner, now
        self.sent: list[Any] = []
        self.outcome = SendOutcome()
        # Deliveries in hand whose result is not recorded yet: their lease is
        # renewed as long as they are.
        self.held = {delivery.id for delivery in deliveries}
        self.renewed_at = timezone.now()

    def mine(self, ids: Iterable[Any]) -> Any:
        return Delivery.objects.filter(id__in=list(ids), lease_owner=self.owner)

    def still_mine(self, delivery: Delivery) -> bool:
        """Renew the lease of what is in hand once a third of it has passed;
        False if this delivery's lease was lost (another worker took it over
        after this one stalled): it must not be sent from here."""
        now = timezone.now()
        if now - self.renewed_at >= lease() / 3:
            # One conditional UPDATE: a lease still running cannot be claimed
            # by another worker meanwhile, an expired one is not revived.
            held = self.mine(self.held).filter(lease_until__gt=now)
            held.update(lease_until=now + lease())
            self.held &= set(held.values_list("id", flat=True))
            self.renewed_at = now
        if delivery.id not in self.held:
            log.warning(
                "lost the lease of delivery %s: left to the worker that took it", delivery.id
            )
            return False
        return True

    def success(self, delivery_id: Any) -> None:
        """Sent; recorded at the next `flush`."""
        self.sent.append(delivery_id)

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
            self.held.difference_update(self.sent)
            self.sent = []

    def failure(self, delivery: Delivery, error: str) -> None:
        self.flush()
        self.held.discard(delivery.id)
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
        self.held.discard(delivery.id)
        self.outcome.dropped += self.mine([delivery.id]).update(
            status=DeliveryStatus.DROPPED,
            next_attempt_at=None,
            lease_until=None,
            lease_owner="",
            last_error=why[:500],
        )


def send_leased(ids: Sequence[Any], owner: str, now: datetime) -> SendOutcome:
    """Send the deliveries leased to `owner` among `ids`: retries, and those
    a worker that died left behind, perhaps already written."""
    if not ids:
        return SendOutcome()
    deliveries = list(
        Delivery.objects.filter(id__in=list(ids), lease_owner=owner)
        .select_related("recipient", "nudge")
        .order_by("created", "id")
    )
    return _send(deliveries, owner, now, fresh=False)


def send_deliveries(deliveries: Sequence[Delivery], owner: str, now: datetime) -> SendOutcome:
    """Send deliveries this worker has just recorded and holds the lease of:
    no need to read them back, and nothing of them was sent before."""
    return _send(deliveries, owner, now, fresh=True)


def _send(deliveries: Sequence[Delivery], owner: str, now: datetime, fresh: bool) -> SendOutcome:
    recorder = _Recorder(owner, now, deliveries)
    emails = [d for d in deliveries if d.channel == Channel.EMAIL]
    pushes = [d for d in deliveries if d.channel == Channel.PUSH]
    if emails:
        _send_emails(emails, recorder, fresh)
    if pushes:
        _send_pushes(pushes, recorder)
    recorder.flush()
    return recorder.outcome


def _send_emails(deliveries: list[Delivery], recorder: _Recorder, fresh: bool) -> None:
    try:
        connection = email_channel.open_connection()
    except Exception as exc:  # the mail server is down or refuses us
        for delivery in deliveries:
            recorder.failure(delivery, f"could not connect: {exc}")
        return
    try:
        if isinstance(connection, MailFolder):
            _write_to_folder(connection, deliveries, recorder, fresh)
        else:
            _send_one_by_one(connection, deliveries, recorder)
    finally:
        try:
            connection.close()
        except Exception:
            log.warning("closing the mail connection failed", exc_info=True)


def _send_one_by_one(connection: Any, deliveries: list[Delivery], recorder: _Recorder) -> None:
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
            recorder.flush()  # at once: the server cannot tell us later


def _write_to_folder(
    folder: MailFolder, deliveries: list[Delivery], recorder: _Recorder, fresh: bool
) -> None:
    names = {delivery.mail_file for delivery in deliveries}
    if fresh and len(names) == 1 and "" not in names:
        name = names.pop()  # recorded with them, never written
    else:
        deliveries = _not_yet_written(folder, deliveries, recorder)
        if not deliveries:
            return
        name = email_channel.new_mail_file()
        # Recorded before the file is written: whoever takes over if this
        # worker dies now knows where to look.
        recorder.mine(d.id for d in deliveries).update(mail_file=name)
    messages, written = [], []
    for delivery in deliveries:
        if not recorder.still_mine(delivery):
            continue
        try:
            messages.append(email_channel.build(delivery))
        except Exception as exc:
            recorder.failure(delivery, f"{type(exc).__name__}: {exc}")
        else:
            written.append(delivery)
    if not written:
        return
    try:
        folder.write_file(name, messages)
    except Exception as exc:  # a full disk, a folder made read-only
        for delivery in written:
            recorder.failure(delivery, f"{type(exc).__name__}: {exc}")
        return
    for delivery in written:
        recorder.success(delivery.id)
    recorder.flush()


def _not_yet_written(
    folder: MailFolder, deliveries: list[Delivery], recorder: _Recorder
) -> list[Delivery]:
    """Record as sent those an earlier attempt wrote before its worker died;
    return the others."""
    held: dict[str, set[bytes]] = {}
    left = []
    for delivery in deliveries:
        name = delivery.mail_file
        if name and name not in held:
            held[name] = folder.messages_in(name)
        if name and email_channel.message_id(delivery).encode() in held[name]:
            if recorder.still_mine(delivery):
                recorder.success(delivery.id)
        else:
            left.append(delivery)
    recorder.flush()
    return left


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
                recorder.flush()  # at once: the push service cannot tell us later
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
