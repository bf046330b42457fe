from typing import Any

from django.core.management.base import BaseCommand

import tending.nudges.housekeeping  # noqa: F401 - registers the jobs
from tending.nudges.worker import Worker


class Command(BaseCommand):
    help = "Run the background worker (reminders and housekeeping) until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run due jobs once and exit.")

    def handle(self, *args: Any, once: bool = False, **options: Any) -> None:
        worker = Worker()
        if once:
            ran = worker.run_due()
            self.stdout.write(f"ran: {', '.join(ran) or 'nothing'}")
            return
        worker.run_forever()
