"""The archive's word search: GIN indexes on PostgreSQL, an FTS5 table kept
in step by triggers on SQLite (see tending/share/search.py)."""

from typing import Any

from django.db import migrations


def install(apps: Any, schema_editor: Any) -> None:
    from tending.share import search

    search.install(schema_editor.connection)


def uninstall(apps: Any, schema_editor: Any) -> None:
    from tending.share import search

    search.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("share", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
