"""Good news: share, answer with coaching, 'that felt good', the help page."""

from __future__ import annotations

from typing import Any

import pytest

from tending.appreciate.models import GoodNews, GoodNewsReply
from tending.appreciate.tests.helpers import good_news, queries_for, reply

LIST = "/appreciate/good-news/"


def detail(news: GoodNews) -> str:
    return f"/appreciate/good-news/{news.pk}/"


def test_share_and_the_partner_answers(client_a: Any, client_b: Any, personas: Any) -> None:
    response = client_a.post(LIST, {"text": "My pottery sold at the market!"})
    news = GoodNews.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(news)
    assert "My pottery sold at the market!" in client_b.get(LIST).text
    page = client_b.get(detail(news)).text
    assert "Good news from Ada" in page
    # The coaching hint is there before the partner answers, with the help page.
    assert "show that you&#x27;re glad, and ask about it" in page
    assert "What was the best moment?" in page
    assert "/appreciate/answering-good-news/" in page
    answered = client_b.post(f"{detail(news)}reply/", {"text": "How wonderful! Which piece?"})
    assert answered.status_code == 302
    assert GoodNewsReply.objects.get().author == personas.b
    assert "How wonderful! Which piece?" in client_a.get(detail(news)).text


def test_the_sharer_is_not_coached_about_their_own_news(client_a: Any, personas: Any) -> None:
    news = good_news(personas)
    page = client_a.get(detail(news)).text
    assert "Your good news" in page
    assert "What was the best moment?" not in page


def test_the_sharer_marks_that_it_felt_good(client_a: Any, client_b: Any, personas: Any) -> None:
    news = good_news(personas)
    assert "That felt good" not in client_a.get(detail(news)).text  # nothing to feel yet
    reply(personas, news)
    assert "That felt good" in client_a.get(detail(news)).text
    response = client_a.post(f"{detail(news)}felt-good/")
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.felt_good_at is not None
    assert "felt good" in client_b.get(LIST).text
    client_a.post(f"{detail(news)}felt-good/", {"felt_good": "no"})
    news.refresh_from_db()
    assert news.felt_good_at is None


def test_only_the_sharer_may_say_it_felt_good(client_b: Any, personas: Any) -> None:
    news = good_news(personas)
    assert client_b.post(f"{detail(news)}felt-good/").status_code == 403
    news.refresh_from_db()
    assert news.felt_good_at is None


@pytest.mark.parametrize("text", ["", "   ", "y" * 1001, "<b>yay</b>"])
def test_bad_input_is_refused_and_nothing_stored(client_a: Any, personas: Any, text: str) -> None:
    assert client_a.post(LIST, {"text": text}).status_code == 400
    assert not GoodNews.objects.exists()
    news = good_news(personas, author=personas.b)
    assert client_a.post(f"{detail(news)}reply/", {"text": text}).status_code == 400
    assert not GoodNewsReply.objects.exists()


def test_private_good_news_is_not_possible(client_a: Any) -> None:
    assert client_a.post(LIST, {"text": "Secret", "visibility": "private"}).status_code == 400
    assert not GoodNews.objects.exists()


def test_text_is_shown_escaped(client_a: Any, client_b: Any) -> None:
    client_a.post(LIST, {"text": 'Promoted & "happy" <3'})
    news = GoodNews.objects.get()
    assert "Promoted &amp; &quot;happy&quot; &lt;3" in client_b.get(detail(news)).text


def test_outsider_and_therapist(client_c: Any, client_therapist: Any, personas: Any) -> None:
    news = good_news(personas, visibility="partner+therapist")
    for client in (client_c, client_therapist):
        assert client.get(detail(news)).status_code == 404
        assert client.post(f"{detail(news)}reply/", {"text": "Hi"}).status_code == 404
        assert client.post(f"{detail(news)}felt-good/").status_code == 404
    assert not GoodNewsReply.objects.exists()
    assert "I got the job!" not in client_c.get(LIST).text


def test_wrong_methods(client_a: Any, personas: Any) -> None:
    news = good_news(personas)
    assert client_a.get(f"{detail(news)}reply/").status_code == 405
    assert client_a.get(f"{detail(news)}felt-good/").status_code == 405
    assert client_a.post(detail(news)).status_code == 405
    assert client_a.delete(LIST).status_code == 405


def test_help_page_explains_four_ways(client_b: Any) -> None:
    page = client_b.get("/appreciate/answering-good-news/").text
    for style in ("Eager and curious", "Kind but quiet", "Eager to find the catch", "Turning away"):
        assert style in page


def test_query_counts(client_b: Any, personas: Any) -> None:
    first = good_news(personas, text="News first")
    reply(personas, first)
    few_list, few_detail = queries_for(client_b, LIST), queries_for(client_b, detail(first))
    for number in range(6):
        news = good_news(personas, text=f"News {number}")
        reply(personas, news)
        reply(personas, news, author=personas.a, text="And then…")
    assert len(queries_for(client_b, LIST)) == len(few_list)
    page = client_b.get(LIST).text
    assert "2 answers" in page
    assert len(queries_for(client_b, detail(news))) == len(few_detail)
    page = client_b.get(detail(news)).text
    assert page.count("And then…") == 1
