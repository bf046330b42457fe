"""Friendly 403, 404 and 500 pages (and JSON for the API)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import path

from tending.urls import urlpatterns as app_urlpatterns


def _boom(request):
    raise RuntimeError("deliberate")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    *app_urlpatterns,
    path("boom/", _boom),
    path("api/v1/boom/", _boom),
    path("forbidden/", _forbidden),
]
handler400 = "tending.today.errors.bad_request"
handler403 = "tending.today.errors.permission_denied"
handler404 = "tending.today.errors.page_not_found"
handler500 = "tending.today.errors.server_error"


@pytest.fixture
def quiet_client(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.a)
    return client


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_is_calm_and_reveals_nothing(quiet_client):
    response = quiet_client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Nothing you wrote was lost" in response.text
    assert "deliberate" not in response.text
    api = quiet_client.get("/api/v1/boom/")
    assert api.status_code == 500
    assert api.json() == {"detail": "Something went wrong on our side."}


@override_settings(ROOT_URLCONF=__name__)
def test_403_page_explains_read_only(quiet_client):
    response = quiet_client.get("/forbidden/")
    assert response.status_code == 403
    assert "You can look, but not change this" in response.text


@pytest.mark.django_db
def test_404_for_anonymous_visitors_too(client):
    response = client.get("/nothing-here/")
    assert response.status_code == 404
    assert "We couldn't find that" in response.text
