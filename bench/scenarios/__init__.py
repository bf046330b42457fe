"""The contract between `bench/run.py` and a scenario module `bench/scenarios/<name>.py`.

A scenario module may define any of these three functions (all optional):

    def prepare(ctx: Context) -> None
        Runs in-process, with Django set up against the benchmark database,
        after the shared data exists (partners A and B of one couple, an API
        token each). Create whatever the scenario needs, as big as it needs;
        keep what the targets need in `ctx.values` (JSON-serialisable).

    def targets(ctx: Context) -> list[Target]
        The HTTP endpoints to load with wrk. Runs in-process right after
        `prepare`, so paths may use ids created there. Authentication is
        declared (`auth="session"` or `"token"`, `who="a"` or `"b"`): the
        runner logs the partner in over HTTP once the server is up and fills
        in the cookie, CSRF or bearer headers itself.

    def in_process(ctx: Context) -> list[Measurement]
        Timings taken in-process (a feed built, a chart rendered…), usually
        with `ctx.time(...)`, which runs a function N times and keeps the
        samples for p50/p95.

Import Django models inside these functions, never at module level: the
runner imports scenario modules only in the process where Django is set up.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Auth = Literal["session", "token"] | None


@dataclass
class Target:
    """One endpoint measured under load and compared with /healthz of the same run."""

    name: str
    path: str
    method: str = "GET"
    auth: Auth = "session"
    who: Literal["a", "b"] = "a"
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None  # sent as is; set Content-Type in `headers`
    # Requirements; None means reported but not judged.
    min_ratio: float | None = None  # of /healthz requests/s in the same run
    max_p99_ms: float | None = None
    # Checked on one request before the load: a benchmark of error pages is worthless.
    expect_status: int = 200
    expect_text: str | None = None
    scenario: str = ""  # filled in by the runner

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Measurement:
    """An in-process timing: samples in milliseconds, judged on p95 if a limit is set."""

    name: str
    samples_ms: list[float]
    max_p95_ms: float | None = None
    scenario: str = ""  # filled in by the runner

    def percentile(self, p: float) -> float:
        ordered = sorted(self.samples_ms)
        if not ordered:
            return float("nan")
        # Nearest rank: the smallest sample with at least p% of samples at or below it.
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    def summary(self) -> dict[str, Any]:
        p95 = self.percentile(95)
        return {
            "scenario": self.scenario,
            "name": self.name,
            "n": len(self.samples_ms),
            "p50_ms": round(self.percentile(50), 3),
            "p95_ms": round(p95, 3),
            "max_ms": round(max(self.samples_ms), 3) if self.samples_ms else None,
            "max_p95_ms": self.max_p95_ms,
            "passed": None if self.max_p95_ms is None else p95 < self.max_p95_ms,
        }


@dataclass
class Person:
    """A partner prepared by the runner. `password` and `token` are plain secrets
    of this throw-away benchmark database only."""

    key: Literal["a", "b"]
    id: str
    email: str
    password: str
    display_name: str
    token: str


@dataclass
class Context:
    """What every scenario sees: the database in use, the couple, its two partners,
    and `values`, where scenarios keep what their targets need."""

    db: str  # "sqlite" or "postgresql"
    data_dir: Path
    couple_id: str
    couple_name: str
    a: Person
    b: Person
    values: dict[str, Any] = field(default_factory=dict)

    def person(self, who: Literal["a", "b"]) -> Person:
        return self.a if who == "a" else self.b

    # --- in-process helpers (Django is set up when scenarios run) ---------------

    def user(self, who: Literal["a", "b"] = "a") -> Any:
        from tending.accounts.models import User

        return User.objects.get(pk=self.person(who).id)

    def couple(self) -> Any:
        from tending.couples.models import Couple

        return Couple.objects.get(pk=self.couple_id)

    def client(self, who: Literal["a", "b"] = "a") -> Any:
        """A Django test client logged in as that partner, for in-process page timings."""
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(self.user(who), backend="tending.accounts.backends.CachedModelBackend")
        return client

    def time(
        self,
        name: str,
        fn: Callable[[], object],
        *,
        n: int = 200,
        warmup: int = 10,
        max_p95_ms: float | None = None,
    ) -> Measurement:
        """Run `fn` `warmup` times unmeasured, then `n` times measured."""
        for _ in range(warmup):
            fn()
        samples = []
        for _ in range(n):
            start = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - start) * 1000)
        return Measurement(name=name, samples_ms=samples, max_p95_ms=max_p95_ms)
