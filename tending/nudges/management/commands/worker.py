import resource
import signal
from typing import Any, cast

from django.core.management.base import BaseCommand

import tending.nudges.housekeeping  # noqa: F401 - registers the jobs
from tending.nudges.worker import Worker


class Command(BaseCommand):
    help = "Run the background worker (reminders and housekeeping) until stopped."
    # The system checks load the whole URLconf (every app's API schemas):
    # some 50 MB a worker never needs. `tending check` runs them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run due jobs once and exit.")
        parser.add_argument(
            "--drain",
            action="store_true",
            help="Deliver nudges (and retries) until none is due, then exit; "
            "prints the peak memory. For benchmarks and scripts.",
        )

    def handle(self, *args: Any, once: bool = False, drain: bool = False, **options: Any) -> None:
        worker = Worker()
        if once:
            ran = worker.run_due()
            self.stdout.write(f"ran: {', '.join(ran) or 'nothing'}")
            return
        if drain:
            from tending.nudges.jobs import deliver_due, retry_due

            signal.signal(signal.SIGTERM, worker.stop)
            delivered = 0
            while not worker.stopping.is_set():
                done = cast(int, deliver_due()) + cast(int, retry_due())
                delivered += done
                if not done:
                    break
            peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            self.stdout.write(f"drained: {delivered} nudges; peak memory {peak_kb // 1024} MB")
            return
        worker.run_forever()
