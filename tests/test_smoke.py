import pytest


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_partner_sees_their_couple_on_today(client_a, personas):
    response = client_a.get("/")
    assert response.status_code == 200
    assert "A &amp; B" in response.text
    assert "Ben" in response.text
