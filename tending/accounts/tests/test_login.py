import pytest
from django.test import Client

from tests.conftest import PASSWORD


def _login(client, email, password):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_login_rotates_the_session_key_and_logout_destroys_it(personas):
    client = Client()
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    response = _login(client, "ada@example.test", PASSWORD)
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    from django.contrib.sessions.models import Session

    assert Session.objects.filter(session_key=after).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=after).exists()
    assert client.get("/").status_code == 302


def test_login_is_case_insensitive_on_email(personas):
    assert _login(Client(), "ADA@Example.test", PASSWORD).status_code == 302


def test_wrong_password_says_so_without_revealing_which_part(personas):
    response = _login(Client(), "ada@example.test", "wrong password here")
    assert response.status_code == 400
    assert "That e-mail and password do not match an account." in response.text


def test_account_is_throttled_after_five_failures_then_unlocked_after_cool_off(
    personas, time_machine
):
    time_machine.move_to("2026-03-02 20:00Z", tick=False)
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(5):
        _login(client, "ada@example.test", "wrong password here")
    # Even the right password is refused during the cool-off, from any address.
    locked = _login(Client(REMOTE_ADDR="10.0.0.2"), "ada@example.test", PASSWORD)
    assert locked.status_code == 429
    assert "Too many attempts" in locked.text
    # …but only for a short while: an attacker cannot lock Ada out for long.
    time_machine.shift(16 * 60)
    assert _login(Client(REMOTE_ADDR="10.0.0.2"), "ada@example.test", PASSWORD).status_code == 302


def test_address_is_throttled_across_accounts(personas):
    client = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(5):
        _login(client, f"nobody{n}@example.test", "wrong password here")
    assert _login(client, "ben@example.test", PASSWORD).status_code == 429
    # Ben himself, from his own address, is not affected.
    assert _login(Client(REMOTE_ADDR="10.0.0.10"), "ben@example.test", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_idle_and_absolute_session_timeouts(personas, time_machine, settings):
    time_machine.move_to("2026-03-02 20:00Z", tick=False)
    client = Client()
    assert _login(client, "ada@example.test", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    time_machine.shift(settings.SESSION_IDLE_TIMEOUT.total_seconds() + 60)
    assert client.get("/").status_code == 302  # idle too long: logged out

    assert _login(client, "ada@example.test", PASSWORD).status_code == 302
    # Active every day, but the absolute limit still ends the session.
    step = settings.SESSION_IDLE_TIMEOUT.total_seconds() / 2
    elapsed = 0.0
    while elapsed < settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() - step:
        time_machine.shift(step)
        elapsed += step
        assert client.get("/").status_code == 200
    time_machine.shift(step * 2)
    assert client.get("/").status_code == 302


def test_password_reset_sends_text_and_html_and_works_once(personas, mailoutbox):
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "ada@example.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ada@example.test"]
    assert message.alternatives
    assert message.alternatives[0][1] == "text/html"
    link = next(line for line in message.body.splitlines() if "/password/reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path, follow=True)
    assert "Choose a new password" in confirm.text
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert done.status_code == 302
    personas.a.refresh_from_db()
    assert personas.a.check_password("a brand new passphrase")
    # The same link does not work twice.
    again = Client().get("/" + path, follow=True)
    assert "no longer valid" in again.text


def test_password_reset_for_unknown_email_looks_the_same(db, mailoutbox):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mailoutbox == []
