"""The one-tap link in every e-mail and push: signed, expiring, without logging
in, for the person it names only."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tending.nudges import links
from tending.nudges.links import make_token, read_token
from tending.nudges.models import KindPreference


def _url(user, kind="appreciation_received", action="off"):
    return reverse("nudges:one_tap", args=[make_token(user.pk, kind, action)])


def test_the_link_asks_first_then_turns_the_nudge_off_without_logging_in(personas):
    client = Client()
    url = _url(personas.b)
    page = client.get(url)
    assert page.status_code == 200
    assert "Turn this reminder off?" in page.content.decode()
    assert not KindPreference.objects.exists()  # a mail scanner's GET changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert "You will get no more “An appreciation for you” nudges." in done.content.decode()
    preference = KindPreference.objects.get()
    assert (preference.user, preference.kind, preference.enabled) == (
        personas.b,
        "appreciation_received",
        False,
    )


def test_a_pause_ends_on_the_day_the_person_counts_not_the_servers(personas):
    personas.b.time_zone = "Pacific/Auckland"  # UTC+13 in March
    personas.b.save()
    url = _url(personas.b, action="snooze")
    with time_machine.travel("2026-03-10 11:30Z", tick=False):
        asked, done = Client().get(url), Client().post(url)
    # A week on is 17 March 11:30 UTC: already the 18th in Auckland.
    assert "Pause this reminder?" in asked.content.decode()
    assert "will rest until Wednesday 18 March" in done.content.decode()


def test_one_click_unsubscribe_and_the_service_worker_get_json(personas):
    response = Client().post(
        _url(personas.b, action="snooze"),
        {"List-Unsubscribe": "One-Click"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"detail": "ok", "action": "snooze"}
    preference = KindPreference.objects.get(user=personas.b)
    assert preference.enabled
    assert preference.snoozed_until > timezone.now() + timedelta(days=6)


def test_a_link_cannot_be_turned_into_another_persons(personas):
    token = make_token(personas.b.pk, "appreciation_received", "off")
    forged = token.replace(personas.b.pk.hex, personas.a.pk.hex)
    assert read_token(forged) is None
    assert Client().post(reverse("nudges:one_tap", args=[forged])).status_code == 404
    # Logged in as A, B's link still acts on B's nudges only, never A's.
    client = personas.client_for(personas.a)
    client.post(reverse("nudges:one_tap", args=[token]))
    assert list(KindPreference.objects.values_list("user", flat=True)) == [personas.b.pk]


def test_a_link_expires(personas, settings):
    url = _url(personas.b)
    with time_machine.travel(timezone.now() + settings.NUDGE_LINK_MAX_AGE + timedelta(hours=1)):
        assert Client().post(url).status_code == 404
    assert not KindPreference.objects.exists()


def test_nonsense_and_unknown_kinds_are_not_found(personas):
    assert Client().get("/nudges/tap/nonsense/").status_code == 404
    assert Client().get(_url(personas.b, kind="no_such_kind")).status_code == 404


def test_a_link_of_a_deleted_account_is_not_found(personas):
    url = _url(personas.b)
    personas.b.delete()
    assert Client().post(url).status_code == 404


def test_the_paths_written_out_for_the_worker_match_the_urlconf():
    path = links.ONE_TAP_PATH.format(token="abc")  # noqa: S106 - not a password
    assert path == reverse("nudges:one_tap", args=["abc"])
    assert reverse("nudges:preferences") == links.PREFERENCES_PATH
