"""/api/v1/nudges/: the caller's own notifications, choices and devices."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tending.nudges.models import KindPreference, Notification, NudgeSettings, PushSubscription
from tending.nudges.tests.boundary import P256DH

API = "/api/v1/nudges"


def _notify(user, title="Ben wrote you an appreciation"):
    return Notification.objects.create(
        recipient=user, occurrence="once", kind="appreciation_received", title=title
    )


def test_notifications_list_unread_count_and_read(personas, client_b):
    mine = _notify(personas.b)
    _notify(personas.a, title="Ada's")
    client_b.get(f"{API}/notifications/unread-count")  # the session's first-request bookkeeping
    with CaptureQueriesContext(connection) as one:
        listed = client_b.get(f"{API}/notifications").json()
    assert [n["title"] for n in listed] == ["Ben wrote you an appreciation"]
    for n in range(10):
        _notify(personas.b, title=f"More {n}")
    with CaptureQueriesContext(connection) as eleven:
        assert len(client_b.get(f"{API}/notifications").json()) == 11
    assert len(eleven) == len(one) <= 4
    assert client_b.get(f"{API}/notifications/unread-count").json() == {"count": 11}
    read = client_b.post(f"{API}/notifications/{mine.id}/read").json()
    assert read["read_at"] is not None
    assert client_b.get(f"{API}/notifications/unread-count").json() == {"count": 10}
    assert client_b.post(f"{API}/notifications/read-all").json() == {"count": 10}


def test_a_partners_notification_is_a_404(personas, client_b):
    theirs = _notify(personas.a)
    response = client_b.post(f"{API}/notifications/{theirs.id}/read")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_preferences_round_trip_and_bad_input(personas, client_b):
    current = client_b.get(f"{API}/preferences").json()
    assert current["daily_cap"] == 3
    assert current["quiet_start"] == "22:00:00"
    assert {k["kind"] for k in current["kinds"]} >= {"pulse_open", "appreciation_received"}
    body = {**current, "daily_cap": 1, "quiet_start": "23:00"}
    del body["kinds"]
    saved = client_b.put(f"{API}/preferences", body, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()["daily_cap"] == 1
    refused = client_b.put(
        f"{API}/preferences", {**body, "daily_cap": 50}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert "daily_cap" in refused.json()["detail"]
    assert NudgeSettings.objects.get(user=personas.b).daily_cap == 1


def test_one_kind_off_on_and_snoozed(personas, client_b):
    off = client_b.put(
        f"{API}/preferences/good_news_received", {"enabled": False}, content_type="application/json"
    )
    assert off.json()["enabled"] is False
    snoozed = client_b.post(f"{API}/preferences/good_news_received/snooze").json()
    assert snoozed["snoozed_until"] is not None
    assert (
        client_b.put(
            f"{API}/preferences/nothing_like_this",
            {"enabled": True},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert KindPreference.objects.filter(user=personas.b).count() == 1


@pytest.mark.parametrize("endpoint", ["https://attacker.example/x", "http://127.0.0.2/x"])
def test_push_subscriptions_refuse_unknown_services(client_b, endpoint):
    response = client_b.post(
        f"{API}/push/subscriptions",
        {"endpoint": endpoint, "keys": {"p256dh": P256DH, "auth": "tBHItJI5svbpez7KI4CCXg"}},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_push_key_and_subscriptions(personas, client_b, settings):
    settings.NUDGE_PUSH_SERVICES = ["push.example"]
    key = client_b.get(f"{API}/push/key").json()["public_key"]
    assert len(key) == 87  # 65 bytes, base64url without padding
    created = client_b.post(
        f"{API}/push/subscriptions",
        {
            "endpoint": "https://push.example/s/1",
            "keys": {"p256dh": P256DH, "auth": "tBHItJI5svbpez7KI4CCXg"},
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    listed = client_b.get(f"{API}/push/subscriptions").json()
    assert [s["id"] for s in listed] == [created.json()["id"]]
    assert client_b.delete(f"{API}/push/subscriptions/{listed[0]['id']}").status_code == 204
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"endpoint": "https://push.example/s/1", "keys": {"p256dh": "c2hvcnQ", "auth": "x"}}, 400),
        ({"endpoint": "https://push.example/s/1", "keys": {"p256dh": "!!!", "auth": "%%"}}, 400),
        ({"endpoint": "https://push.example/s/1"}, 422),
        ({"endpoint": ["https://push.example/s/1"], "keys": {"p256dh": P256DH, "auth": ""}}, 422),
        (["not", "an", "object"], 422),
    ],
)
def test_a_bogus_push_subscription_says_why_and_keeps_nothing(client_b, settings, body, status):
    settings.NUDGE_PUSH_SERVICES = ["push.example"]
    response = client_b.post(f"{API}/push/subscriptions", body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["detail"]
    assert not PushSubscription.objects.exists()
