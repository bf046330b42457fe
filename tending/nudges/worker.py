"""The background worker: one loop that runs whatever is due, then sleeps.

Tending needs no broker. Each periodic job is a function registered with
`every(...)`; the loop runs the ones whose interval has passed. Nudges plug
in here as jobs that claim due rows atomically (tending/nudges/jobs.py), so
that any number of workers can run side by side.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import FrameType

from django.db import close_old_connections

log = logging.getLogger("tending.worker")


@dataclass
class Job:
    name: str
    interval: float
    run: Callable[[], object]
    last_run: float = field(default=0.0)


JOBS: list[Job] = []
# Set while a worker is stopping: long jobs (draining due nudges) check it
# between batches, so SIGTERM ends the process after the batch in hand.
_STOPPING = threading.Event()


def should_stop() -> bool:
    return _STOPPING.is_set()


def every(
    seconds: float, name: str | None = None
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    def register(func: Callable[[], object]) -> Callable[[], object]:
        JOBS.append(Job(name or func.__name__, seconds, func))
        return func

    return register


class Worker:
    def __init__(self, tick: float = 1.0) -> None:
        self.tick = tick
        self.stopping = _STOPPING
        self.stopping.clear()

    def stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        log.info("worker stopping after the job in hand")
        self.stopping.set()

    def run_due(self, now: float | None = None) -> list[str]:
        """Run every job whose interval has passed; returns their names."""
        now = time.monotonic() if now is None else now
        ran = []
        for job in JOBS:
            if job.last_run and now - job.last_run < job.interval:
                continue
            # A database connection left idle across sleeps may have been
            # closed by the server; check before each job, as requests do.
            close_old_connections()
            try:
                job.run()
            except Exception:
                log.exception("job %s failed; it will run again at its next turn", job.name)
            job.last_run = now
            ran.append(job.name)
        close_old_connections()
        return ran

    def run_forever(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        log.info("worker started with %d jobs: %s", len(JOBS), ", ".join(j.name for j in JOBS))
        while not self.stopping.is_set():
            self.run_due()
            self.stopping.wait(self.tick)
        log.info("worker stopped")
