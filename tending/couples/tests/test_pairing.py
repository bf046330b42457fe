"""Starting a couple space, inviting a partner and joining, through the pages."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from tending.couples.models import Couple, Invite, Membership
from tests.factories import CoupleFactory, UserFactory, seat


def _invite(client: Client) -> tuple[str, str]:
    """Create an invite as this client; returns (link path, code) as shown on the page."""
    page = client.post("/couple/invites/")
    assert page.status_code == 200
    link = re.search(r'id="invite-link">https?://[^/]+(/join/[^<]+)</p>', page.text).group(1)
    code = re.search(r'id="invite-code">([A-Z0-9-]+)</p>', page.text).group(1)
    return link, code


@pytest.fixture
def alone(db):
    """Robin, who started a couple space alone, and Sasha, who has just signed up."""
    robin = UserFactory(display_name="Robin")
    couple = CoupleFactory(name="Robin & Sasha")
    seat(couple, robin)
    sasha = UserFactory(display_name="Sasha")
    robin_client, sasha_client = Client(), Client()
    robin_client.force_login(robin)
    sasha_client.force_login(sasha)
    return SimpleNamespace(
        couple=couple,
        robin=robin,
        sasha=sasha,
        robin_client=robin_client,
        sasha_client=sasha_client,
    )


@pytest.mark.django_db
def test_start_a_couple_space_alone(client):
    user = UserFactory(time_zone="America/Chicago")
    client.force_login(user)
    assert "Start our space" in client.get("/").text
    response = client.post("/couple/start/", {"name": "Us", "time_zone": "America/Chicago"})
    assert response.status_code == 302
    couple = Couple.objects.get()
    assert couple.time_zone == "America/Chicago"
    assert "Invite your partner" in client.get("/couple/").text


def test_join_by_link_shows_who_invited_and_asks_to_confirm(alone):
    link, _code = _invite(alone.robin_client)
    confirm = alone.sasha_client.get(link)
    assert confirm.status_code == 200
    assert "Robin invited you" in confirm.text
    assert not Membership.objects.filter(user=alone.sasha).exists()  # nothing until confirmed
    response = alone.sasha_client.post(link, {"confirm": "yes"})
    assert response.status_code == 302
    today = alone.sasha_client.get("/")
    assert "Robin &amp; Sasha" in today.text
    assert "Robin" in today.text
    assert Invite.objects.get().used_by == alone.sasha


def test_join_by_code(alone):
    _link, code = _invite(alone.robin_client)
    confirm = alone.sasha_client.post("/join/", {"code": code.lower().replace("-", " ")})
    assert "Robin invited you" in confirm.text
    alone.sasha_client.post("/join/", {"code": code, "confirm": "yes"})
    assert Membership.objects.partners().filter(couple=alone.couple).count() == 2


def test_a_used_invite_cannot_be_used_again(alone):
    link, _code = _invite(alone.robin_client)
    alone.sasha_client.post(link, {"confirm": "yes"})
    third = Client()
    third.force_login(UserFactory())
    response = third.post(link, {"confirm": "yes"})
    assert response.status_code == 410
    assert "already been used" in response.text
    assert Membership.objects.partners().filter(couple=alone.couple).count() == 2


def test_expired_invite_is_refused(alone, time_machine):
    link, _code = _invite(alone.robin_client)
    time_machine.move_to(Invite.objects.get().expires_at, tick=False)
    response = alone.sasha_client.post(link, {"confirm": "yes"})
    assert response.status_code == 410
    assert "expired" in response.text
    assert not Membership.objects.filter(user=alone.sasha).exists()


def test_an_invite_lasts_seven_days(alone, time_machine):
    link, code = _invite(alone.robin_client)
    time_machine.move_to(timezone.now() + timedelta(days=6, hours=23, minutes=59), tick=False)
    page = alone.sasha_client.post("/join/", {"code": code}, follow=True)
    assert "Robin invited you" in page.text
    assert alone.sasha_client.post(link, {"confirm": "yes"}).status_code == 302
    assert Membership.objects.partners().filter(couple=alone.couple).count() == 2


def test_revoked_invite_is_refused(alone):
    link, code = _invite(alone.robin_client)
    invite = Invite.objects.get()
    assert alone.robin_client.post(f"/couple/invites/{invite.id}/revoke/").status_code == 302
    response = alone.sasha_client.get(link)
    assert response.status_code == 410
    assert "withdrawn" in response.text
    for refused in (
        alone.sasha_client.post(link, {"confirm": "yes"}),
        alone.sasha_client.post("/join/", {"code": code}),
    ):
        assert refused.status_code == 410
    assert not Membership.objects.filter(user=alone.sasha).exists()


def test_a_new_invite_replaces_the_pending_one(alone):
    old_link, _ = _invite(alone.robin_client)
    new_link, _ = _invite(alone.robin_client)
    assert alone.sasha_client.get(old_link).status_code == 410
    assert alone.sasha_client.get(new_link).status_code == 200


def test_unknown_link_or_code_is_a_clear_404(alone):
    response = alone.sasha_client.get("/join/not-a-real-token/")
    assert response.status_code == 404
    assert "not valid" in response.text
    response = alone.sasha_client.post("/join/", {"code": "ABCD-EFGH"})
    assert response.status_code == 404
    malformed = alone.sasha_client.post("/join/", {"code": "?"})
    assert malformed.status_code == 400
    assert "8 letters and digits" in malformed.text


def test_own_invite_and_already_partnered_are_refused(alone, personas):
    link, _ = _invite(alone.robin_client)
    own = alone.robin_client.post(link, {"confirm": "yes"})
    assert own.status_code == 409
    assert "your own invite" in own.text
    ada = personas.client_for(personas.a)
    taken = ada.post(link, {"confirm": "yes"})
    assert taken.status_code == 409
    assert "Leave it first" in taken.text


def test_a_third_person_cannot_join_a_full_couple(personas):
    # A stale invite from before B joined: the couple is full now.
    invite, token, _code = Invite.issue(personas.couple, personas.a)
    outsider = Client()
    outsider.force_login(UserFactory())
    response = outsider.post(f"/join/{token}/", {"confirm": "yes"})
    assert response.status_code == 409
    assert "already has two partners" in response.text
    assert Membership.objects.partners().filter(couple=personas.couple).count() == 2
    invite.refresh_from_db()
    assert invite.used_at is None


def test_a_full_couple_cannot_make_an_invite(client_a, personas):
    response = client_a.post("/couple/invites/", follow=True)
    assert "already has two partners" in response.text
    assert not Invite.objects.exists()


def test_leaving_keeps_the_space_for_the_other_partner(client_b, personas):
    response = client_b.post("/couple/leave/", {"confirm": "yes"})
    assert response.status_code == 302
    assert Membership.objects.partners().filter(couple=personas.couple).count() == 1
    assert Couple.objects.filter(pk=personas.couple.pk).exists()
    assert "Start our space" in client_b.get("/").text
    # Leaving frees the seat: A may invite someone again.
    ada = personas.client_for(personas.a)
    assert ada.post("/couple/invites/").status_code == 200


def test_leave_needs_confirmation(client_b, personas):
    page = client_b.get("/couple/leave/")
    assert "Nothing your partner wrote is deleted" in page.text
    client_b.post("/couple/leave/")
    assert Membership.objects.partners().filter(couple=personas.couple).count() == 2


def test_guessing_codes_is_throttled(alone):
    for _ in range(10):
        assert alone.sasha_client.post("/join/", {"code": "ZZZZ-ZZZZ"}).status_code == 404
    response = alone.sasha_client.post("/join/", {"code": "ZZZZ-ZZZZ"})
    assert response.status_code == 429
    assert "Too many" in response.text


def test_people_in_other_couples_are_unaffected_by_seat_numbers(db):
    first, second = CoupleFactory(), CoupleFactory()
    seat(first, UserFactory())
    seat(second, UserFactory())
    assert set(Membership.objects.values_list("partner_slot", flat=True)) == {1}
