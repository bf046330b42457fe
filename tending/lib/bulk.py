"""Inserting many new rows at once, for the worker's hot path.

Django's `bulk_create` passes every value of every row through its field's
preparation, a few microseconds each: for a worker's batch of 500 nudges
(500 notifications and 500 e-mails, ~15,000 values) that was a quarter of
the time spent recording the batch. The rows inserted here are fresh model
instances whose attributes already hold what the database stores (UUIDs,
aware datetimes, strings, numbers), so on PostgreSQL they go in as one array
per column through UNNEST, which psycopg adapts an array at a time. Other
databases (SQLite) use `bulk_create`.

Not for models with fields whose Python value is not the stored one (JSON,
custom fields): `_plain_fields` refuses them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router

# Fields whose attribute value psycopg adapts to the column's own type.
_PLAIN = (
    models.BooleanField,
    models.CharField,
    models.DateField,  # DateTimeField too
    models.ForeignKey,
    models.IntegerField,  # the small, positive and big ones too
    models.TextField,
    models.UUIDField,
)


def _plain_fields(model: type[models.Model]) -> list[models.Field]:
    fields = list(model._meta.concrete_fields)
    odd = [
        field.name
        for field in fields
        if not isinstance(field, _PLAIN) or field.db_default is not models.NOT_PROVIDED
    ]
    if odd:
        raise TypeError(f"{model.__name__} has fields that need Django's preparation: {odd}")
    return fields


def insert_new(objs: Sequence[models.Model]) -> None:
    """Insert `objs` (all of one model, primary keys set), skipping any whose
    row exists already (a unique constraint), as bulk_create(ignore_conflicts=True)."""
    if not objs:
        return
    model = type(objs[0])
    fields = _plain_fields(model)  # on every database: the same rules everywhere
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, ignore_conflicts=True)
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    values = [[getattr(obj, field.attname) for obj in objs] for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 - names from the model
            f"SELECT * FROM UNNEST({arrays}) ON CONFLICT DO NOTHING",
            values,
        )
