"""E-mail through a real (local) SMTP server, Web Push through a local push
service: sent, retried with backoff, given up and recorded; expired push
subscriptions removed."""

from __future__ import annotations

import base64
import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tending.nudges import health
from tending.nudges.jobs import retry_batch
from tending.nudges.models import Delivery, Notification, PushSubscription
from tending.nudges.tests.helpers import due_nudge, run
from tending.nudges.tests.servers import push_service, smtp_server

NOON = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def noon():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def _browser_keys() -> tuple[str, str]:
    """What a browser's PushSubscription carries: its P-256 key and auth secret."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    encode = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    return encode(public), encode(os.urandom(16))


@pytest.fixture
def smtp(settings):
    def configure(port: int) -> None:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }

    return configure


def test_email_reaches_a_real_smtp_server_with_both_parts(personas, smtp):
    with smtp_server() as (port, received):
        smtp(port)
        nudge = due_nudge(personas.b)
        run()
    assert len(received) == 1
    raw = received[0].content.decode()
    delivery = Delivery.objects.get(nudge=nudge)
    assert f"Message-ID: <nudge-{delivery.id}@127.0.0.1>" in raw
    assert "Content-Type: text/plain" in raw
    assert "Content-Type: text/html" in raw
    assert received[0].rcpt_tos == [personas.b.email]
    assert delivery.status == "sent"


def test_a_refusing_smtp_server_is_retried_with_backoff_then_given_up(
    personas, smtp, settings, noon
):
    settings.NUDGE_MAX_ATTEMPTS = 3
    with smtp_server(refuse=True) as (port, received):
        smtp(port)
        due_nudge(personas.b)
        run()
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.attempts) == ("retrying", 1)
        assert delivery.next_attempt_at == NOON + timedelta(minutes=1)
        assert "550" in delivery.last_error
        assert retry_batch().sent == 0  # not due yet
        noon.move_to(NOON + timedelta(minutes=1, seconds=1))
        retry_batch()
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts) == ("retrying", 2)
        assert delivery.next_attempt_at == NOON + timedelta(minutes=1, seconds=1) + timedelta(
            minutes=4
        )
        noon.move_to(NOON + timedelta(minutes=6))
        outcome = retry_batch()
    delivery.refresh_from_db()
    assert outcome.gave_up == 1
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("gave_up", 3, None)
    assert received == []
    # In the app the partner got it all the same, and the admin sees the give-up.
    assert Notification.objects.filter(recipient=personas.b).count() == 1
    assert health.current().gave_up_recently == 1


def test_a_push_is_sent_signed_encrypted_and_recognisable(personas, settings):
    settings.NUDGE_PUSH_SERVICES = ["127.0.0.1"]
    p256dh, auth = _browser_keys()
    with push_service(201) as service:
        subscription = PushSubscription.objects.create(
            user=personas.b, endpoint=f"{service.url}/push/b", p256dh=p256dh, auth=auth
        )
        nudge = due_nudge(personas.b)
        run()
    [request] = service.received
    delivery = Delivery.objects.get(nudge=nudge, channel="push")
    assert delivery.target == str(subscription.pk)
    assert delivery.status == "sent"
    headers = {k.lower(): v for k, v in request["headers"].items()}
    assert headers["topic"] == delivery.id.hex
    assert headers["content-encoding"] == "aes128gcm"
    assert headers["authorization"].startswith("vapid t=")
    assert int(headers["ttl"]) > 0
    assert b"Ben wrote you" not in request["body"]  # encrypted for the browser only


@pytest.mark.parametrize("status", [404, 410])
def test_an_expired_push_subscription_is_removed(personas, settings, status):
    settings.NUDGE_PUSH_SERVICES = ["127.0.0.1"]
    p256dh, auth = _browser_keys()
    with push_service(status) as service:
        PushSubscription.objects.create(
            user=personas.b, endpoint=f"{service.url}/push/gone", p256dh=p256dh, auth=auth
        )
        due_nudge(personas.b)
        run()
    assert not PushSubscription.objects.exists()
    assert Delivery.objects.get(channel="push").status == "dropped"
    assert Notification.objects.count() == 1


def test_a_push_service_error_is_retried(personas, settings, noon):
    settings.NUDGE_PUSH_SERVICES = ["127.0.0.1"]
    p256dh, auth = _browser_keys()
    with push_service(500, 201) as service:
        PushSubscription.objects.create(
            user=personas.b, endpoint=f"{service.url}/push/b", p256dh=p256dh, auth=auth
        )
        due_nudge(personas.b)
        run()
        assert Delivery.objects.get(channel="push").status == "retrying"
        noon.move_to(NOON + timedelta(minutes=2))
        retry_batch()
    assert Delivery.objects.get(channel="push").status == "sent"
    assert len(service.received) == 2
    assert PushSubscription.objects.exists()


def test_a_push_carries_the_nudge_and_one_tap_pause_and_off_for_the_service_worker(
    personas, settings, client
):
    import json

    import http_ece

    from tending.nudges.models import KindPreference

    settings.NUDGE_PUSH_SERVICES = ["127.0.0.1"]
    browser_key = ec.generate_private_key(ec.SECP256R1())
    secret = os.urandom(16)
    encode = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()  # noqa: E731
    public = browser_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    with push_service(201) as service:
        PushSubscription.objects.create(
            user=personas.b,
            endpoint=f"{service.url}/push/b",
            p256dh=encode(public),
            auth=encode(secret),
        )
        due_nudge(personas.b)
        run()
    [request] = service.received
    # What the browser decrypts and our service worker (sw.js) shows.
    shown = json.loads(
        http_ece.decrypt(request["body"], private_key=browser_key, auth_secret=secret)
    )
    assert shown["title"] == "Ben wrote you an appreciation"
    assert shown["body"] == "A few kind words are waiting for you."
    actions = {a["action"]: a["url"] for a in shown["actions"]}
    assert set(actions) == {"snooze", "off"}
    # The service worker POSTs the chosen action without cookies: one tap.
    off = client.post(
        actions["off"].removeprefix(settings.SITE_URL), HTTP_ACCEPT="application/json"
    )
    assert off.json() == {"detail": "ok", "action": "off"}
    preference = KindPreference.objects.get(user=personas.b, kind="appreciation_received")
    assert preference.enabled is False


def test_the_vapid_key_is_made_once_kept_private_and_reused(settings, tmp_path):
    from tending.nudges import vapid

    settings.DATA_DIR = tmp_path
    first = vapid.application_server_key()
    assert (vapid.key_path().stat().st_mode & 0o777) == 0o600
    vapid._load.cache_clear()  # as a fresh process would
    assert vapid.application_server_key() == first
    assert list(tmp_path.iterdir()) == [vapid.key_path()]
