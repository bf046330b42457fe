"""The gentle start-up helper in the pages: the include, the endpoint, the switch."""

from __future__ import annotations

from typing import Any

from tending.appreciate.tests.helpers import good_news

CHECK = "/gentle/check/"


def check(client: Any, text: str, field: str = "text", **headers: Any) -> Any:
    return client.post(CHECK, {"gentle_field": field, field: text}, headers={"HX-Request": "true"})


def test_boxes_written_to_the_partner_opt_in(client_a: Any, client_b: Any, personas: Any) -> None:
    news = good_news(personas)
    for client, url in (
        (client_a, "/appreciate/"),
        (client_a, "/appreciate/good-news/"),
        (client_b, f"/appreciate/good-news/{news.pk}/"),
    ):
        page = client.get(url).text
        assert 'hx-post="/gentle/check/"' in page, url
        assert "Read it back gently" in page


def test_findings_are_highlighted_escaped_with_a_suggestion(client_a: Any) -> None:
    response = check(client_a, "You never <listen> & you're so selfish")
    assert response.status_code == 200
    html = response.text
    assert "<mark>You never</mark> &lt;listen&gt; &amp; <mark>you&#x27;re so selfish</mark>" in html
    assert "name one recent moment" in html
    assert "I feel … about [one specific thing]. I need …" in html
    assert "you can send it as it is" in html
    for label in ("criticism", "contempt", "score"):
        assert label not in html.lower()


def test_kind_words_get_no_box(client_a: Any) -> None:
    assert check(client_a, "You never fail to make me laugh.").text.strip() == ""


def test_any_field_name_works(client_a: Any) -> None:
    response = check(client_a, "You always forget.", field="reply-text")
    assert "<mark>You always</mark>" in response.text


def test_it_stores_nothing_and_asks_nothing_but_who_you_are(
    client_a: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):  # the session and the user
        check(client_a, "You never listen.")


def test_oversized_text_and_wrong_method(client_a: Any) -> None:
    assert check(client_a, "a" * 5001).status_code == 400
    assert client_a.get(CHECK).status_code == 405


def test_login_required(client: Any) -> None:
    response = client.post(CHECK, {"gentle_field": "text", "text": "You never listen."})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_turned_off_on_the_profile(client_a: Any, personas: Any) -> None:
    profile = client_a.get("/accounts/profile/").text
    assert 'name="gentle_helper"' in profile
    assert "gentle start-up helper" in profile.lower()
    response = client_a.post(
        "/accounts/profile/",
        {"display_name": "Ada", "time_zone": "Europe/Berlin"},  # unticked box: off
    )
    assert response.status_code == 302
    personas.a.refresh_from_db()
    assert personas.a.gentle_helper is False
    page = client_a.get("/appreciate/").text
    assert "/gentle/check/" not in page
    assert "Read it back gently" not in page
    assert check(client_a, "You never listen.").text == ""
    client_a.post(
        "/accounts/profile/",
        {"display_name": "Ada", "time_zone": "Europe/Berlin", "gentle_helper": "on"},
    )
    personas.a.refresh_from_db()
    assert personas.a.gentle_helper is True
