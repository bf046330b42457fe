"""The couples API: read my couple, invite, accept, revoke, leave."""

import pytest
from django.test import Client

from tending.accounts.models import ApiToken
from tending.couples.models import Invite, Membership
from tests.factories import CoupleFactory, UserFactory, seat


def api_client(user) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 't')[1]}"})


@pytest.fixture
def robin(db):
    user = UserFactory(display_name="Robin")
    seat(CoupleFactory(name="Robin's"), user)
    return user


def test_read_my_couple(personas, django_assert_max_num_queries):
    client = api_client(personas.a)
    with django_assert_max_num_queries(5):
        listing = client.get("/api/v1/couples/")
    assert listing.status_code == 200
    assert [c["name"] for c in listing.json()] == ["A & B"]
    one = client.get(f"/api/v1/couples/{personas.couple.id}")
    assert one.json()["my_role"] == "partner"
    assert [p["display_name"] for p in one.json()["partners"]] == ["Ada", "Ben"]


def test_outsider_gets_404_for_another_couple(personas):
    response = api_client(personas.c).get(f"/api/v1/couples/{personas.couple.id}")
    assert response.status_code == 404


def test_invite_accept_and_revoke_through_the_api(robin):
    couple = robin.memberships.get().couple
    created = api_client(robin).post(f"/api/v1/couples/{couple.id}/invites")
    assert created.status_code == 201
    body = created.json()
    assert body["state"] == "pending"
    assert "/join/" in body["link"]
    sasha = UserFactory(display_name="Sasha")
    joined = api_client(sasha).post(
        "/api/v1/couples/join", {"code": body["code"]}, content_type="application/json"
    )
    assert joined.status_code == 201
    assert [p["display_name"] for p in joined.json()["partners"]] == ["Robin", "Sasha"]
    revoke = api_client(robin).delete(f"/api/v1/couples/{couple.id}/invites/{body['id']}")
    assert revoke.status_code == 400
    assert "already used" in revoke.json()["detail"]


def test_revoke_a_pending_invite(robin):
    couple = robin.memberships.get().couple
    client = api_client(robin)
    invite_id = client.post(f"/api/v1/couples/{couple.id}/invites").json()["id"]
    assert client.delete(f"/api/v1/couples/{couple.id}/invites/{invite_id}").status_code == 204
    assert Invite.objects.get().state == "revoked"


def test_join_with_a_token_from_the_link(robin):
    couple = robin.memberships.get().couple
    link = api_client(robin).post(f"/api/v1/couples/{couple.id}/invites").json()["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    sasha = UserFactory()
    response = api_client(sasha).post(
        "/api/v1/couples/join", {"token": token}, content_type="application/json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({}, "give either token or code"),
        ({"token": "a", "code": "ABCD-EFGH"}, "give either token or code"),
        ({"code": 12345678}, "code: Input should be a valid string"),
        ({"code": "X" * 50}, "at most 20 characters"),
    ],
)
def test_malformed_join_bodies_get_422_and_change_nothing(robin, body, detail):
    response = api_client(UserFactory()).post(
        "/api/v1/couples/join", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert detail in response.json()["detail"]
    assert Membership.objects.count() == 1


def test_not_json_at_all_is_a_4xx(robin):
    response = api_client(UserFactory()).post(
        "/api/v1/couples/join", "{not json", content_type="application/json"
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
    assert Membership.objects.count() == 1


def test_bad_codes_and_full_couples_answer_with_a_message(personas):
    response = api_client(UserFactory()).post(
        "/api/v1/couples/join", {"code": "ABCD-EFGH"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert "not valid" in response.json()["detail"]
    full = api_client(personas.a).post(f"/api/v1/couples/{personas.couple.id}/invites")
    assert full.status_code == 409
    assert "two partners" in full.json()["detail"]


def test_start_a_couple_validates_the_time_zone(db):
    user = UserFactory()
    client = api_client(user)
    bad = client.post(
        "/api/v1/couples/", {"time_zone": "Mars/Base"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "unknown time zone" in bad.json()["detail"]
    good = client.post(
        "/api/v1/couples/",
        {"name": "Us", "time_zone": "Asia/Tokyo"},
        content_type="application/json",
    )
    assert good.status_code == 201
    assert good.json()["time_zone"] == "Asia/Tokyo"
    again = client.post("/api/v1/couples/", {}, content_type="application/json")
    assert again.status_code == 409


def test_therapist_reads_but_cannot_invite(personas):
    client = api_client(personas.therapist)
    assert client.get(f"/api/v1/couples/{personas.couple.id}").json()["my_role"] == "therapist"
    assert client.post(f"/api/v1/couples/{personas.couple.id}/invites").status_code == 403
    assert client.get(f"/api/v1/couples/{personas.couple.id}/invites").status_code == 403


def test_leave_through_the_api(personas):
    response = api_client(personas.b).post(f"/api/v1/couples/{personas.couple.id}/leave")
    assert response.status_code == 204
    assert Membership.objects.partners().filter(couple=personas.couple).count() == 1
