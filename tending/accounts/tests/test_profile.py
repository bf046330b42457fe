"""The profile page: a person's display name and time zone."""

from __future__ import annotations

import re

import pytest

CHANGES = {"display_name": "Annie", "time_zone": "America/Sao_Paulo", "gentle_helper": "on"}


def test_profile_shows_the_name_and_zone_in_use(client_a, personas):
    personas.a.time_zone = "Asia/Kolkata"
    personas.a.save(update_fields=["time_zone"])
    page = client_a.get("/accounts/profile/")
    assert page.status_code == 200
    assert 'name="display_name" value="Ada"' in page.text
    assert re.search(r'<option value="Asia/Kolkata"[^>]* selected', page.text)
    assert '<label for="id_display_name">' in page.text
    assert '<label for="id_time_zone">' in page.text


def test_changing_name_and_time_zone_is_saved_and_shown(client_a, personas):
    response = client_a.post("/accounts/profile/", CHANGES, follow=True)
    assert response.redirect_chain == [("/accounts/profile/", 302)]
    assert "Your profile is saved." in response.text
    personas.a.refresh_from_db()
    assert (personas.a.display_name, personas.a.time_zone) == ("Annie", "America/Sao_Paulo")
    # The partner sees the new name on Today.
    partner_view = personas.client_for(personas.b).get("/")
    assert "Annie" in partner_view.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice."),
        ({"display_name": ""}, "display_name", "This field is required."),
        ({"display_name": "x" * 61}, "display_name", "at most 60 characters"),
    ],
)
def test_bad_profile_input_is_refused_and_changes_nothing(
    client_a, personas, changes, field, message
):
    before = (personas.a.display_name, personas.a.time_zone)
    response = client_a.post("/accounts/profile/", {**CHANGES, **changes})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field][0]
    assert message.split("“")[0] in response.text.replace("&quot;", '"')
    personas.a.refresh_from_db()
    assert (personas.a.display_name, personas.a.time_zone) == before


def test_the_profile_cannot_change_the_e_mail_or_staff_flags(client_a, personas):
    client_a.post(
        "/accounts/profile/",
        {**CHANGES, "email": "thief@example.test", "is_staff": "on", "is_superuser": "on"},
    )
    personas.a.refresh_from_db()
    assert personas.a.email != "thief@example.test"
    assert not personas.a.is_staff
    assert not personas.a.is_superuser


def test_the_profile_needs_a_login(client, db):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
