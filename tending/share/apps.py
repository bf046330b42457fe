from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """Keep the question library in step with the data files, and the search
    index complete, after every migrate (and after a test database is flushed)."""
    from tending.share import library, search
    from tending.share.models import LibraryDeck, LibraryQuestion

    tables = connections[using].introspection.table_names()
    if LibraryQuestion._meta.db_table not in tables:
        return  # migrated back past the app: nothing to keep in step
    library.sync(LibraryDeck, LibraryQuestion, using=using)
    search.ensure(using)


class ShareConfig(AppConfig):
    name = "tending.share"
    label = "share"
    verbose_name = _("Share")

    def ready(self) -> None:
        post_migrate.connect(_after_migrate, sender=self, dispatch_uid="share-library")
