"""The notification list, the header badge, the reminders page, push
subscriptions and the service worker, as a partner uses them."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tending.nudges.models import KindPreference, Notification, NudgeSettings, PushSubscription
from tending.nudges.tests.boundary import P256DH

AUTH = "tBHItJI5svbpez7KI4CCXg"


def _notify(user, title="Ben wrote you an appreciation", **values):
    return Notification.objects.create(
        recipient=user, occurrence="once", kind="appreciation_received", title=title, **values
    )


def test_the_list_shows_my_notifications_only_with_constant_queries(personas, client_b):
    _notify(personas.b, url="/appreciate/jar/")
    _notify(personas.a, title="Only for Ada")
    client_b.get(reverse("nudges:list"))  # the session's first request does its own bookkeeping
    with CaptureQueriesContext(connection) as one:
        page = client_b.get(reverse("nudges:list"))
    body = page.content.decode()
    assert "Ben wrote you an appreciation" in body
    assert "Only for Ada" not in body
    for n in range(10):
        _notify(personas.b, title=f"More {n}")
    with CaptureQueriesContext(connection) as eleven:
        client_b.get(reverse("nudges:list"))
    assert len(eleven) == len(one) <= 10


def test_the_badge_counts_unread_and_opening_one_marks_it_read(personas, client_b):
    first = _notify(personas.b, url="/appreciate/jar/")
    _notify(personas.b)
    assert "2<span" in client_b.get(reverse("nudges:badge")).content.decode()
    opened = client_b.post(reverse("nudges:read", args=[first.id]), {"open": "1"})
    assert opened.status_code == 302
    assert opened["Location"] == "/appreciate/jar/"
    assert "1<span" in client_b.get(reverse("nudges:badge")).content.decode()
    client_b.post(reverse("nudges:read_all"))
    assert client_b.get(reverse("nudges:badge")).content.decode().strip() == ""


def test_marking_read_saves_each_notification_so_cached_pages_hear_of_it(personas, client_b):
    saved = []

    def heard(sender, instance, **kwargs):
        saved.append((instance.pk, instance.read_at is not None))

    first, second = _notify(personas.b), _notify(personas.b)
    _notify(personas.a, title="Only for Ada")
    post_save.connect(heard, sender=Notification)
    try:
        client_b.post(reverse("nudges:read", args=[first.id]))
        client_b.post(reverse("nudges:read_all"))
    finally:
        post_save.disconnect(heard, sender=Notification)
    assert saved == [(first.pk, True), (second.pk, True)]
    assert Notification.objects.filter(recipient=personas.a, read_at__isnull=True).count() == 1


def test_a_partners_notification_is_not_found(personas, client_b):
    theirs = _notify(personas.a)
    assert client_b.post(reverse("nudges:read", args=[theirs.id])).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_an_outside_link_in_a_notification_is_not_followed(personas, client_b):
    item = _notify(personas.b, url="https://elsewhere.example/")
    response = client_b.post(reverse("nudges:read", args=[item.id]), {"open": "1"})
    assert response["Location"] == reverse("nudges:list")


def test_wrong_methods(client_b):
    assert client_b.get(reverse("nudges:read_all")).status_code == 405
    assert client_b.post(reverse("nudges:list")).status_code == 405


def test_the_reminders_page_saves_choices(personas, client_b):
    page = client_b.get(reverse("nudges:preferences"))
    assert page.status_code == 200
    assert "The weekly Pulse is open" in page.content.decode()
    data = {
        "enabled": "on",
        "email": "on",
        "quiet_start": "21:30",
        "quiet_end": "07:00",
        "daily_cap": "2",
        "pulse_open-enabled": "on",
        "pulse_open-at": "20:15",
        "weekly_digest-weekday": "4",
        "weekly_digest-at": "18:00",
        "weekly_digest-enabled": "on",
    }
    response = client_b.post(reverse("nudges:preferences"), data)
    assert response.status_code == 302
    settings_row = NudgeSettings.objects.get(user=personas.b)
    assert (settings_row.daily_cap, settings_row.push, str(settings_row.quiet_start)) == (
        2,
        False,
        "21:30:00",
    )
    pulse = KindPreference.objects.get(user=personas.b, kind="pulse_open")
    assert str(pulse.at) == "20:15:00"
    assert not KindPreference.objects.get(user=personas.b, kind="appreciation_received").enabled


def test_bad_reminder_input_says_why_and_changes_nothing(personas, client_b):
    response = client_b.post(
        reverse("nudges:preferences"),
        {"enabled": "on", "quiet_start": "25:00", "quiet_end": "07:00", "daily_cap": "99"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a valid time." in body
    assert "Ensure this value is less than or equal to 20." in body or "between 1 and 20" in body
    assert not KindPreference.objects.exists()
    assert not NudgeSettings.objects.exists()


@pytest.fixture
def push_hosts(settings):
    settings.NUDGE_PUSH_SERVICES = ["push.example"]


def test_push_subscribe_and_remove(personas, client_b, push_hosts):
    subscription = {
        "endpoint": "https://push.example/send/abc",
        "keys": {"p256dh": P256DH, "auth": AUTH},
    }
    response = client_b.post(
        reverse("nudges:push_subscribe"),
        json.dumps(subscription),
        content_type="application/json",
        HTTP_USER_AGENT="Mozilla/5.0 (Android 14; Mobile) Firefox/130.0",
    )
    assert response.status_code == 201
    stored = PushSubscription.objects.get(user=personas.b)
    assert stored.label == "Firefox on Android"
    PushSubscription.objects.create(
        user=personas.a, endpoint="https://push.example/send/ada", p256dh=P256DH, auth=AUTH
    )
    page = client_b.get(reverse("nudges:preferences"))
    assert "Firefox on Android" in page.content.decode()
    # push.js learns which of this person's devices this browser is, and how
    # to turn it off; the partner's devices are not on the page.
    assert page.context["push_devices"] == {
        "https://push.example/send/abc": reverse("nudges:push_unsubscribe", args=[stored.id])
    }
    assert "send/ada" not in page.content.decode()
    removed = client_b.post(
        reverse("nudges:push_unsubscribe", args=[stored.id]), HTTP_ACCEPT="application/json"
    )
    assert removed.json() == {"detail": "removed"}
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [personas.a.pk]


def test_push_to_an_unknown_service_is_refused(personas, client_b, push_hosts):
    for endpoint in ("https://attacker.example/x", "http://push.example/x", "file:///etc"):
        response = client_b.post(
            reverse("nudges:push_subscribe"),
            json.dumps({"endpoint": endpoint, "keys": {"p256dh": P256DH, "auth": AUTH}}),
            content_type="application/json",
        )
        assert response.status_code == 400
        assert "push service is not one this server sends to" in response.json()["detail"]
    bad_key = client_b.post(
        reverse("nudges:push_subscribe"),
        json.dumps({"endpoint": "https://push.example/x", "keys": {"p256dh": "x", "auth": AUTH}}),
        content_type="application/json",
    )
    assert bad_key.status_code == 400
    for garbage in (b"not json", b"\xff\xfe", b"[1, 2]"):
        refused = client_b.post(
            reverse("nudges:push_subscribe"), garbage, content_type="application/json"
        )
        assert refused.status_code == 400
        assert "not a push subscription" in refused.content.decode()
    assert not PushSubscription.objects.exists()


def test_a_partners_device_cannot_be_removed(personas, client_b):
    theirs = PushSubscription.objects.create(
        user=personas.a, endpoint="https://push.example/a", p256dh=P256DH, auth=AUTH
    )
    assert client_b.post(reverse("nudges:push_unsubscribe", args=[theirs.id])).status_code == 404
    assert PushSubscription.objects.filter(pk=theirs.pk).exists()


def test_the_service_worker_is_served_from_the_root_with_the_csp_intact(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert b'addEventListener("push"' in response.content
