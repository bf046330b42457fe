"""The worker's health where the host looks: the admin's status page and
`tending check`."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tending.cli import _worker_health
from tending.nudges.models import Delivery, delivery_id
from tending.nudges.tests.helpers import due_nudge
from tests.factories import UserFactory


def _given_up(personas):
    nudge = due_nudge(personas.b, next_fire_at=timezone.now() - timedelta(minutes=5))
    Delivery.objects.create(
        id=delivery_id(nudge.pk, "once", "email"),
        nudge=nudge,
        recipient=personas.b,
        kind=nudge.kind,
        occurrence="once",
        channel="email",
        title="Ada wrote you an appreciation",
        status="gave_up",
        attempts=6,
        last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
    )


def test_the_status_page_shows_lag_and_give_ups_to_staff_only(personas, client, client_b):
    _given_up(personas)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    page = client.get("/admin/nudges/status/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Nudges due now</th><td>1</td>" in body
    assert "550 mailbox unavailable" in body
    lag = int(body.split("Lag (oldest due nudge or e-mail/push)</th><td>")[1].split(" s")[0])
    assert 290 <= lag <= 400
    refused = client_b.get("/admin/nudges/status/")
    assert refused.status_code == 302
    assert "/admin/login/" in refused["Location"]


def test_tending_check_reports_the_lag(personas, capsys):
    _given_up(personas)
    assert _worker_health() == 0
    line = capsys.readouterr().out
    assert line.startswith("Worker: 1 nudges due, 0 e-mails/pushes waiting to be sent")
    assert "1 given up" in line
