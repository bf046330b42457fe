"""Small makers for Appreciate's tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tending.appreciate.models import Appreciation, Break, GoodNews, GoodNewsReply
from tending.couples.boundary import Visibility


def appreciation(
    personas: Any, author: Any = None, text: str = "I saw how you stayed calm.", **extra: Any
) -> Appreciation:
    author = author or personas.a
    recipient = personas.b if author == personas.a else personas.a
    extra.setdefault("visibility", Visibility.PARTNER)
    return Appreciation.objects.create(
        couple=personas.couple, author=author, recipient=recipient, text=text, **extra
    )


def good_news(
    personas: Any, author: Any = None, text: str = "I got the job!", **extra: Any
) -> GoodNews:
    extra.setdefault("visibility", Visibility.PARTNER)
    return GoodNews.objects.create(
        couple=personas.couple, author=author or personas.a, text=text, **extra
    )


def reply(
    personas: Any, news: GoodNews, author: Any = None, text: str = "Tell me more!"
) -> GoodNewsReply:
    return GoodNewsReply.objects.create(
        couple=personas.couple,
        author=author or personas.b,
        good_news=news,
        text=text,
        visibility=news.visibility,
    )


def a_break(
    personas: Any, author: Any = None, minutes: int = 20, ago: timedelta = timedelta()
) -> Break:
    started = timezone.now() - ago
    return Break.objects.create(
        couple=personas.couple,
        author=author or personas.a,
        minutes=minutes,
        ends_at=started + timedelta(minutes=minutes),
        created=started,
        visibility=Visibility.PARTNER,
    )


class Queries:
    """The SQL a block of code ran, for asserting on the app's own queries.

    Exact totals also count who is asking (session, account, membership),
    which the page cache keeps changing; what a page must promise is that its
    queries do not grow with the couple's history and that it writes nothing.
    """

    def __init__(self) -> None:
        self._context = CaptureQueriesContext(connection)

    def __enter__(self) -> Queries:
        self._context.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)

    @property
    def sql(self) -> list[str]:
        return [query["sql"] for query in self._context.captured_queries]

    def __len__(self) -> int:
        return len(self.sql)

    def touching(self, table: str) -> list[str]:
        return [sql for sql in self.sql if f'"{table}"' in sql]

    def writes(self) -> list[str]:
        return [
            sql
            for sql in self.sql
            if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and '"django_session"' not in sql
        ]


def assert_only_asks_who_you_are(queries: Queries) -> None:
    """Nothing stored, nothing read but the session and the account."""
    assert queries.writes() == []
    for sql in queries.sql:
        if sql.upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT")):
            continue  # around the session's own save
        assert '"django_session"' in sql or '"accounts_user"' in sql, sql


def queries_for(client: Any, url: str) -> Queries:
    """The queries one GET of `url` ran (after a first GET that settles the session)."""
    client.get(url)
    with Queries() as queries:
        assert client.get(url).status_code == 200
    return queries
