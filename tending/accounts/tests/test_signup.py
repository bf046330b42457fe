import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import identify_hasher

User = get_user_model()

GOOD = {
    "email": "Robin@Example.test",
    "display_name": "Robin",
    "time_zone": "Europe/Lisbon",
    "password": "pebble orchard lantern",
}


@pytest.mark.django_db
def test_sign_up_creates_the_account_and_logs_in(client):
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    user = User.objects.get()
    assert user.email == "robin@example.test"
    assert user.time_zone == "Europe/Lisbon"
    page = client.get("/")
    assert "Welcome, Robin" in page.text


@pytest.mark.django_db
def test_sign_up_follows_a_safe_next_only(client):
    response = client.post("/accounts/signup/", {**GOOD, "next": "/join/abc/"})
    assert response["Location"] == "/join/abc/"
    client.logout()
    response = client.post(
        "/accounts/signup/", {**GOOD, "email": "x@example.test", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_existing_email_is_refused_with_a_message_and_nothing_changes(client, personas):
    before = User.objects.count()
    response = client.post("/accounts/signup/", {**GOOD, "email": "ADA@example.test"})
    assert response.status_code == 400
    assert "An account with this e-mail already exists" in response.text
    assert User.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1!", "This password is too short"),
        ("password123", "This password is too common"),
        ("x" * 1025, "at most 1024 characters"),
    ],
)
def test_weak_passwords_are_refused(client, password, message):
    response = client.post("/accounts/signup/", {**GOOD, "password": password})
    assert response.status_code == 400
    assert message in response.text
    assert not User.objects.exists()


@pytest.mark.django_db
def test_long_passphrases_and_no_composition_rules(client):
    passphrase = "all lower case words are fine " * 10
    response = client.post("/accounts/signup/", {**GOOD, "password": passphrase})
    assert response.status_code == 302
    assert User.objects.get().check_password(passphrase)


@pytest.mark.django_db
def test_malformed_sign_up_changes_nothing(client):
    response = client.post(
        "/accounts/signup/", {"email": "not-an-email", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert "Enter a valid email address" in response.text
    assert "Select a valid choice" in response.text
    assert not User.objects.exists()


def test_production_hasher_is_argon2(settings):
    from tending import settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = real_settings.PASSWORD_HASHERS
    from django.contrib.auth.hashers import make_password

    assert identify_hasher(make_password("pebble orchard lantern")).algorithm == "argon2"


@pytest.mark.django_db
def test_ten_characters_is_the_minimum(client):
    nine = client.post("/accounts/signup/", {**GOOD, "password": "qwzxplmok"})
    assert nine.status_code == 400
    assert "at least 10 characters" in nine.text
    assert not User.objects.exists()
    ten = client.post("/accounts/signup/", {**GOOD, "password": "qwzxplmokj"})
    assert ten.status_code == 302
    assert User.objects.get().check_password("qwzxplmokj")
