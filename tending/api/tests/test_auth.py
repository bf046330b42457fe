"""API authentication: personal tokens in the Authorization header, or the session with CSRF."""

import pytest
from django.test import Client
from django.utils import timezone

from tending.accounts.models import ApiToken


@pytest.fixture
def token_a(personas):
    return ApiToken.issue(personas.a, "script")[1]


def test_me_with_a_token(personas, token_a, django_assert_max_num_queries):
    # The token, the account, its first use, the couple (tests keep nothing in
    # the cache; tending/lib/tests/test_pagecache.py shows the cached path).
    with django_assert_max_num_queries(4):
        response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token_a}"})
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "ada@example.test"
    assert body["couple_id"] == str(personas.couple.id)
    assert response["Cache-Control"] == "no-store, private"


@pytest.mark.django_db
def test_anonymous_gets_401_not_a_login_redirect(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_token_is_accepted_only_in_the_authorization_header(personas, token_a):
    assert Client().get(f"/api/v1/me?token={token_a}").status_code == 401
    assert Client().get("/api/v1/me", headers={"X-Api-Key": token_a}).status_code == 401
    assert Client(HTTP_COOKIE=f"token={token_a}").get("/api/v1/me").status_code == 401


def test_wrong_revoked_and_malformed_tokens_are_refused(personas, token_a):
    wrong = token_a[:-4] + ("AAAA" if not token_a.endswith("AAAA") else "BBBB")
    for presented in (wrong, "tnd_", "garbage", "tnd_" + "x" * 500):
        response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {presented}"})
        assert response.status_code == 401, presented
    token = ApiToken.objects.get()
    token.revoked_at = timezone.now()
    token.save()  # as the profile page revokes it
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token_a}"})
    assert response.status_code == 401


def test_tokens_are_stored_as_digests_with_256_bits(personas, token_a):
    stored = ApiToken.objects.get()
    assert token_a not in (stored.digest, stored.key)
    assert len(token_a) >= len("tnd_") + 43  # 32 random bytes, base64url
    assert len(stored.digest) == 64


def test_session_auth_requires_csrf_for_writes(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.c)
    assert client.get("/api/v1/me").status_code == 200
    refused = client.post(
        f"/api/v1/couples/{personas.other_couple.id}/leave", content_type="application/json"
    )
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert personas.c.memberships.get().ended_at is None


def test_profile_page_creates_shows_once_and_revokes_tokens(client_a, personas):
    created = client_a.post("/accounts/profile/tokens/", {"name": "my shortcut"})
    assert created.status_code == 200
    assert "shown only this once" in created.text
    secret = created.text.split('id="token-secret">', 1)[1].split("<", 1)[0]
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/me").status_code == 200
    profile = client_a.get("/accounts/profile/")
    assert "my shortcut" in profile.text
    assert secret not in profile.text
    token = ApiToken.objects.get()
    client_a.post(f"/accounts/profile/tokens/{token.id}/revoke/")
    assert api.get("/api/v1/me").status_code == 401


def test_a_token_name_is_required(client_a):
    response = client_a.post("/accounts/profile/tokens/", {"name": ""})
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert not ApiToken.objects.exists()
