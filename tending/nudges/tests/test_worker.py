"""The worker loop: runs due jobs, survives a failing job, stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from tending.nudges import worker as worker_module
from tending.nudges.worker import Job, Worker

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def jobs(monkeypatch):
    registry: list[Job] = []
    monkeypatch.setattr(worker_module, "JOBS", registry)
    return registry


def test_jobs_run_when_due_and_a_failure_does_not_stop_the_others(jobs, db):
    calls = []

    def broken():
        raise RuntimeError("boom")

    jobs.append(Job("broken", 60, broken))
    jobs.append(Job("counted", 60, lambda: calls.append(1)))
    worker = Worker()
    assert worker.run_due(now=1000.0) == ["broken", "counted"]
    assert worker.run_due(now=1030.0) == []  # not due yet
    assert worker.run_due(now=1061.0) == ["broken", "counted"]
    assert calls == [1, 1]


def test_expired_sessions_are_cleared(db):
    from tending.nudges.housekeeping import clear_expired_sessions

    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now())
    Session.objects.create(
        session_key="new", session_data="", expire_date=timezone.now() + timezone.timedelta(days=1)
    )
    assert clear_expired_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


def test_worker_process_stops_cleanly_on_sigterm(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(TENDING_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="tending.settings")
    subprocess.run(
        [sys.executable, "-m", "tending.cli", "migrate"], env=env, cwd=ROOT, check=True,
        capture_output=True,
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-m", "tending.cli", "worker"],
        env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        started = ""
        while "worker started" not in started and time.monotonic() < deadline:
            started += process.stderr.readline()
        assert "worker started" in started
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert "worker stopped" in process.stderr.read()
    finally:
        process.kill()
