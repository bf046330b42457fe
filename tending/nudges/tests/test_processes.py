"""Real `tending worker` processes against a real database: every nudge
delivered exactly once, with several workers, and after kill -9.

Each test gets a fresh database (a copy of one migrated once per session:
a file for SQLite, `CREATE DATABASE … TEMPLATE` for PostgreSQL), seeds it
with due nudges, starts workers through `python -m tending.cli worker` with
the file e-mail backend, waits (bounded) until nothing is left to do, stops
them with SIGTERM, and counts what arrived: the in-app notifications in the
database and the e-mails in the mail folder, by Message-ID.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
# Per run: several people (and CI jobs) may run this on one server at once.
PG_TEMPLATE = f"tending_nudges_template_{uuid.uuid4().hex[:8]}"
MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE | re.IGNORECASE)


def _base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="tending.settings",
        TENDING_DATA_DIR=str(data_dir),
        TENDING_EMAIL_BACKEND="file",
        # No quiet hours, whatever time the test runs at.
        TENDING_NUDGE_QUIET_START="00:00",
        TENDING_NUDGE_QUIET_END="00:00",
        TENDING_NUDGE_BATCH="50",
        TENDING_NUDGE_LEASE_SECONDS="5",
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(  # noqa: S603 - our own fixed command
        [sys.executable, "-m", *args], env=env, cwd=ROOT, check=True, capture_output=True
    )


def _pg_available() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=2).close()
    except Exception:
        return False
    return True


def _pg(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("nudges-template")
    _run(["tending.cli", "migrate"], _base_env(folder))
    return folder / "tending.sqlite3"


@pytest.fixture(scope="session")
def migrated_postgres(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not _pg_available():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true: PostgreSQL is required for the multi-worker test")
        pytest.skip("PostgreSQL not reachable on 127.0.0.1:5432")
    _pg(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)")
    _pg(f"CREATE DATABASE {PG_TEMPLATE}")
    env = _base_env(tmp_path_factory.mktemp("nudges-pg-template"))
    env["DATABASE_URL"] = f"{PG_SERVER}/{PG_TEMPLATE}"
    _run(["tending.cli", "migrate"], env)
    yield PG_TEMPLATE
    _pg(f"DROP DATABASE IF EXISTS {PG_TEMPLATE} WITH (FORCE)")


@dataclass
class Site:
    """One fresh database and mail folder, and the workers started on it."""

    env: dict[str, str]
    data_dir: Path
    query: Any
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    kills: int = 0

    def seed(self, couples: int) -> int:
        _run(["tending.nudges.tests.seed", str(couples)], self.env)
        return couples * 2

    def start_worker(self) -> subprocess.Popen[bytes]:
        log = (self.data_dir / f"worker-{len(self.workers)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "tending.cli", "worker"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(process)
        return process

    def notifications(self) -> int:
        return self.query("SELECT COUNT(*) FROM nudges_notification")[0][0]

    def finished(self) -> bool:
        # The seeded nudges; the workers also plan weekly series, due later.
        due = self.query(
            "SELECT COUNT(*) FROM nudges_nudge WHERE key LIKE 'seed:%' AND next_fire_at IS NOT NULL"
        )
        open_ = self.query(
            "SELECT COUNT(*) FROM nudges_delivery WHERE status IN ('pending', 'retrying')"
        )
        return due[0][0] == 0 and open_[0][0] == 0

    def wait_until_finished(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.finished():
                return
            time.sleep(0.3)
        pytest.fail(f"not all nudges were delivered within {seconds} s:\n{self.logs()}")

    def stop_all(self) -> list[int | None]:
        for process in self.workers:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = []
        for process in self.workers:
            try:
                codes.append(process.wait(timeout=90))
            except subprocess.TimeoutExpired:
                process.kill()
                codes.append(None)
        return codes

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait()
        self.kills += 1

    def logs(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-2000:]
            for path in sorted(self.data_dir.glob("worker-*.log"))
        )

    def emails(self) -> Counter[bytes]:
        """Every e-mail written to the mail folder, counted by Message-ID."""
        found: Counter[bytes] = Counter()
        for path in (self.data_dir / "mail").glob("*.log"):
            found.update(MESSAGE_ID.findall(path.read_bytes()))
        return found

    def sent_message_ids(self) -> set[bytes]:
        rows = self.query("SELECT id FROM nudges_delivery WHERE status = 'sent'")
        return {f"<nudge-{uuid.UUID(str(row[0]))}@127.0.0.1>".encode() for row in rows}


@pytest.fixture
def site(request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite: Path) -> Iterator[Site]:
    engine = request.param
    env = _base_env(tmp_path)
    if engine == "sqlite":
        database = tmp_path / "tending.sqlite3"
        shutil.copy(migrated_sqlite, database)
        shutil.copy(migrated_sqlite.parent / "secret_key", tmp_path / "secret_key")

        def query(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(database, timeout=30) as conn:
                return conn.execute(sql).fetchall()

        cleanup = None
    else:
        template = request.getfixturevalue("migrated_postgres")
        name = f"tending_nudges_{uuid.uuid4().hex[:10]}"
        _pg(f"CREATE DATABASE {name} TEMPLATE {template}")
        env["DATABASE_URL"] = f"{PG_SERVER}/{name}"
        import psycopg

        def query(sql: str) -> list[tuple[Any, ...]]:
            with psycopg.connect(f"{PG_SERVER}/{name}", autocommit=True) as conn:
                return conn.execute(sql).fetchall()  # type: ignore[arg-type]

        def cleanup() -> None:
            _pg(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    running = Site(env, tmp_path, query)
    try:
        yield running
    finally:
        for process in running.workers:
            if process.poll() is None:
                process.kill()
                process.wait()
        if cleanup is not None:
            cleanup()


@pytest.mark.parametrize(("site", "workers"), [("sqlite", 2), ("postgresql", 4)], indirect=["site"])
def test_several_workers_deliver_every_nudge_exactly_once(site: Site, workers: int) -> None:
    expected = site.seed(1000)  # 2,000 partners, one due nudge each
    for _ in range(workers):
        site.start_worker()
    site.wait_until_finished(seconds=240)
    assert site.stop_all() == [0] * workers  # SIGTERM: a clean stop

    assert site.notifications() == expected
    distinct = site.query("SELECT COUNT(DISTINCT nudge_id) FROM nudges_notification")[0][0]
    assert distinct == expected
    emails = site.emails()
    assert sum(emails.values()) == expected  # no e-mail twice…
    assert set(emails) == site.sent_message_ids()  # …and none lost
    # The work was shared: every worker delivered some of it.
    logs = [p.read_text() for p in sorted(site.data_dir.glob("worker-*.log"))]
    assert all("nudges: batch of" in log for log in logs), site.logs()


@pytest.mark.parametrize("site", ["sqlite", "postgresql"], indirect=True)
def test_a_worker_killed_mid_batch_loses_nothing_and_repeats_nothing(
    site: Site,
) -> None:
    expected = site.seed(600)
    first, second = site.start_worker(), site.start_worker()
    chooser = random.Random(8)  # noqa: S311 - timings, not secrets
    seen = 0
    for round_ in range(6):
        # Wait for progress, then kill one worker at a different moment of its batch.
        deadline = time.monotonic() + 60
        while site.notifications() <= seen and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(chooser.uniform(0.0, 0.4))
        victim = first if round_ % 2 == 0 else second
        site.kill(victim)
        seen = site.notifications()
        replacement = site.start_worker()
        if victim is first:
            first = replacement
        else:
            second = replacement
    site.wait_until_finished(seconds=240)
    site.stop_all()

    # In the app: exactly once, whatever was killed when (one transaction).
    assert site.notifications() == expected
    distinct = site.query("SELECT COUNT(DISTINCT nudge_id) FROM nudges_notification")[0][0]
    assert distinct == expected
    statuses = dict(site.query("SELECT status, COUNT(*) FROM nudges_delivery GROUP BY status"))
    assert statuses == {"sent": expected}
    # By e-mail: every one arrived, and none twice. A kill between writing a
    # batch's file and recording it leaves the file for the next worker to
    # read; a kill while writing leaves only a half-written file outside the
    # folder, never read.
    emails = site.emails()
    assert set(emails) == site.sent_message_ids()
    assert sum(emails.values()) == expected, f"repeated after {site.kills} kills"
