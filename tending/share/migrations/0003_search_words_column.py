"""PostgreSQL: the archive's words as a stored tsvector column with a GIN index,
in place of the expression index of 0002 (see tending/share/search.py). Nothing
changes on SQLite."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from tending.share import search

    search.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("share", "0002_search")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
