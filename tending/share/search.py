"""Word search over the archive: one function, one index per database.

- PostgreSQL: full-text search: each searched table has its words as a
  stored generated `tsvector` column (`to_tsvector('simple', text)`) with a GIN
  index, matched with `to_tsquery`.
- SQLite: one FTS5 table, `share_fts`, kept in step with the searched tables
  by triggers. Its rows point at the searched rows through `share_fts_key`
  (an integer key per row, the FTS rowid), because Django's UUID primary keys
  cannot serve as FTS5 rowids and SQLite's own rowids may change on VACUUM.

Both use the `simple` rules: words are matched without stemming, case-
insensitively, each word as a prefix ("walk" finds "walking"), all words in
the same text. Matches are then read through the same queryset methods as
every page (`readable_by`), so a partner's answer that is not revealed yet
can never be found by its words.

`install()` creates the index (the migration calls it); `ensure()` re-creates
whatever a later migration dropped (a table rebuilt on SQLite loses its
triggers) and rebuilds the FTS table from the data when it had to — it runs
after every migrate.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MAX_QUERY_LENGTH = 200
_TERM = re.compile(r"[^\W_]+")

# The searched tables; each has `id` and `text`.
SOURCES = ("share_dailyquestion", "share_answer", "share_reply")
_TRIGGER_SUFFIXES = ("ai", "au", "ad")


def terms(query: str) -> list[str]:
    """The words of a search, lower-cased, at most eight, each at most 40 letters."""
    words = _TERM.findall(query[:MAX_QUERY_LENGTH].lower())
    return list(dict.fromkeys(w[:MAX_TERM_LENGTH] for w in words))[:MAX_TERMS]


# --- SQLite ---------------------------------------------------------------------


def _sqlite_triggers(table: str) -> list[str]:
    # `table` comes from SOURCES, our own constants, never from input.
    key = "(SELECT rid FROM share_fts_key WHERE obj = {row}.id)"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_ai AFTER INSERT ON {table} BEGIN "  # noqa: S608
        f"INSERT INTO share_fts_key(obj) VALUES (new.id); "
        f"INSERT INTO share_fts(rowid, body) VALUES ({key.format(row='new')}, new.text); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_au AFTER UPDATE OF text ON {table} BEGIN "  # noqa: S608
        f"UPDATE share_fts SET body = new.text WHERE rowid = {key.format(row='old')}; END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_fts_ad AFTER DELETE ON {table} BEGIN "  # noqa: S608
        f"DELETE FROM share_fts WHERE rowid = {key.format(row='old')}; "
        f"DELETE FROM share_fts_key WHERE obj = old.id; END",
    ]


SQLITE_TABLES = [
    "CREATE TABLE IF NOT EXISTS share_fts_key (rid INTEGER PRIMARY KEY, obj TEXT NOT NULL UNIQUE)",
    # Diacritics are kept, as PostgreSQL's `simple` configuration keeps them.
    "CREATE VIRTUAL TABLE IF NOT EXISTS share_fts USING fts5"
    "(body, tokenize = 'unicode61 remove_diacritics 0')",
]


def _sqlite_rebuild(cursor: Any) -> None:
    cursor.execute("DELETE FROM share_fts")
    cursor.execute("DELETE FROM share_fts_key")
    for table in SOURCES:
        # Table names are our own constants, never input.
        cursor.execute(f"INSERT INTO share_fts_key(obj) SELECT id FROM {table}")  # noqa: S608
        cursor.execute(
            "INSERT INTO share_fts(rowid, body) "  # noqa: S608
            f"SELECT k.rid, t.text FROM {table} t JOIN share_fts_key k ON k.obj = t.id"
        )


def _sqlite_missing(cursor: Any) -> bool:
    cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
    present = {row[0] for row in cursor.fetchall()}
    wanted = {"share_fts", "share_fts_key"}
    wanted |= {f"{t}_fts_{s}" for t in SOURCES for s in _TRIGGER_SUFFIXES}
    return not wanted <= present


# --- PostgreSQL -----------------------------------------------------------------

# Each searched table gets its words as a stored, generated tsvector column and
# a GIN index over it. Computing to_tsvector while searching (an expression
# index) let the planner prefer a scan that recomputed it for every row.
SEARCH_COLUMN = "search_words"
POSTGRES_INDEXES = [
    statement
    for table in SOURCES
    for statement in (
        f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {SEARCH_COLUMN} tsvector "
        "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(text, ''))) STORED",
        f"CREATE INDEX IF NOT EXISTS {table}_{SEARCH_COLUMN} ON {table} "
        f"USING gin ({SEARCH_COLUMN})",
        # The expression index of the first version of this search.
        f"DROP INDEX IF EXISTS {table}_text_fts",
    )
]


# --- Both -----------------------------------------------------------------------


def install(connection: Any) -> None:
    """Create the search index of this database (idempotent)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_TABLES:
                cursor.execute(statement)
            for table in SOURCES:
                for statement in _sqlite_triggers(table):
                    cursor.execute(statement)
        elif connection.vendor == "postgresql":
            for statement in POSTGRES_INDEXES:
                cursor.execute(statement)


def uninstall(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in SOURCES:
                for suffix in _TRIGGER_SUFFIXES:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{suffix}")
            cursor.execute("DROP TABLE IF EXISTS share_fts")
            cursor.execute("DROP TABLE IF EXISTS share_fts_key")
        elif connection.vendor == "postgresql":
            for table in SOURCES:
                cursor.execute(f"DROP INDEX IF EXISTS {table}_{SEARCH_COLUMN}")
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {SEARCH_COLUMN}")


def ensure(using: str = "default") -> bool:
    """Re-create a missing index; True when something had to be rebuilt."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if not _sqlite_missing(cursor):
                return False
        install(connection)
        with connection.cursor() as cursor:
            _sqlite_rebuild(cursor)
        return True
    install(connection)
    return False


def rebuild(using: str = "default") -> None:
    connection = connections[using]
    install(connection)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _sqlite_rebuild(cursor)


def _match(queryset: QuerySet[Any], words: list[str]) -> QuerySet[Any]:
    """Rows of `queryset` whose text holds every word (as a word's start)."""
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        # Words are letters and digits only (terms()), so the raw query is safe.
        table = queryset.model._meta.db_table
        matching = RawSQL(  # noqa: S611 - our table and column, the words as a parameter
            f"SELECT id FROM {table} "  # noqa: S608 - the model's own table name
            f"WHERE {SEARCH_COLUMN} @@ to_tsquery('simple'::regconfig, %s)",
            (" & ".join(f"'{word}':*" for word in words),),
        )
        return queryset.filter(pk__in=matching)
    if vendor == "sqlite":
        matching = RawSQL(
            "SELECT obj FROM share_fts_key WHERE rid IN "
            "(SELECT rowid FROM share_fts WHERE share_fts MATCH %s)",
            (" AND ".join(f'"{word}"*' for word in words),),
        )
        return queryset.filter(pk__in=matching)
    # Any other database: a plain filter, correct if slow.
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return queryset.filter(condition)


def search_days(user: Any, couple: Any, query: str) -> QuerySet[Any] | None:
    """Days of `couple` that `user` may see whose question, a readable answer
    or a reply holds every word of `query`; None when the query has no words.

    The inner queries are deliberately not narrowed to the couple by hand:
    `visible_to`/`readable_by` already keep them to the user's couple, and an
    extra couple filter leads the planner to walk every row of the couple
    instead of starting from the few that match."""
    from tending.share.models import Answer, DailyQuestion, Reply

    words = terms(query)
    if not words:
        return None
    by_question = _match(DailyQuestion.objects.visible_to(user), words).values("pk")
    by_answer = _match(Answer.objects.readable_by(user), words).values("day_id")
    by_reply = _match(Reply.objects.readable_by(user), words).values("day_id")
    return (
        DailyQuestion.objects.visible_to(user)
        .filter(couple=couple)
        .filter(Q(pk__in=by_question) | Q(pk__in=by_answer) | Q(pk__in=by_reply))
    )
