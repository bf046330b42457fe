"""A batch that takes longer to send than a lease lasts (a slow mail server)
keeps its deliveries: no other worker sends them a second time meanwhile,
and what another worker did take over is left to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from tending.nudges.channels import email as email_channel
from tending.nudges.claim import claim_deliveries
from tending.nudges.models import Delivery
from tending.nudges.tests.helpers import due_nudge, run

NOON = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
SLOW = timedelta(seconds=20)  # each e-mail: two thirds of a lease


class SlowMailServer:
    """Takes SLOW per message; `during` runs while it is taking it."""

    def __init__(self, traveller: Any, during: Any = None) -> None:
        self.traveller, self.during = traveller, during
        self.subjects: list[str] = []

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        self.traveller.shift(SLOW)
        if self.during is not None:
            self.during(len(self.subjects))
        self.subjects += [str(message.subject) for message in messages]
        return len(messages)


@pytest.fixture
def slow_mail(settings, monkeypatch):
    settings.NUDGE_LEASE = LEASE
    with time_machine.travel(NOON, tick=False) as traveller:

        def install(during: Any = None) -> SlowMailServer:
            server = SlowMailServer(traveller, during)
            monkeypatch.setattr(email_channel, "open_connection", lambda: server)
            return server

        yield install


def test_a_slow_batch_keeps_its_lease_and_nobody_sends_it_twice(personas, slow_mail):
    taken_by_another: list[Any] = []
    server = slow_mail(
        during=lambda _sent: taken_by_another.extend(
            claim_deliveries("another-worker", timezone.now(), 10)
        )
    )
    for _ in range(4):
        due_nudge(personas.b)
    run()

    # Four e-mails took 80 s, over two and a half leases: all sent once, here.
    assert len(server.subjects) == 4
    assert taken_by_another == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_what_another_worker_took_over_is_not_sent_from_here(personas, slow_mail):
    first, *_rest = [due_nudge(personas.b) for _ in range(3)]

    def stall_and_lose_the_rest(sent: int) -> None:
        if sent == 0:
            # This worker stalled past its lease; another one took over the rest.
            Delivery.objects.exclude(nudge=first).update(
                lease_owner="another-worker", lease_until=timezone.now() + LEASE
            )

    server = slow_mail(during=stall_and_lose_the_rest)
    run()

    # The e-mail in hand went out; the two taken over are the other worker's.
    assert len(server.subjects) == 1
    left = Delivery.objects.filter(lease_owner="another-worker")
    assert left.count() == 2
    assert set(left.values_list("status", flat=True)) == {"pending"}
    assert Delivery.objects.get(nudge=first).status == "sent"
