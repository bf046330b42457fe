from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tending.share import library, search
from tending.share.models import LibraryDeck, LibraryQuestion


class Command(BaseCommand):
    help = (
        "Load Tending's own questions from tending/share/data/ into the library "
        "(also done by every migrate), and optionally rebuild the archive's search index."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--rebuild-search",
            action="store_true",
            help="Rebuild the search index from the stored answers (SQLite: after a VACUUM).",
        )

    def handle(self, *args: Any, rebuild_search: bool = False, **options: Any) -> None:
        report = library.sync(LibraryDeck, LibraryQuestion)
        self.stdout.write(f"Question library: {report}.")
        if rebuild_search:
            search.rebuild()
            self.stdout.write("Search index rebuilt.")
