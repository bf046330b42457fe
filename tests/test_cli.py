"""The `tending` command: every subcommand documents itself; demo data on request only."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tending.accounts.models import User
from tending.cli import build_parser
from tending.couples.models import Membership

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command", ["serve", "worker", "migrate", "demo", "createsuperuser", "check", "manage"]
)
def test_every_subcommand_has_help(command, capsys):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args([command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: tending {command}" in out
    # A sentence saying what the command does, not only its usage line.
    description = out.split("\n\n")[1]
    assert description.strip().endswith("."), out


def test_serve_help_names_the_variables_behind_its_options(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    out = capsys.readouterr().out
    for variable in ("TENDING_HOST", "TENDING_PORT", "TENDING_WEB_WORKERS", "TENDING_WEB_THREADS"):
        assert variable in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["serve", "--port", "0"], "--port: expected a number from 1 to 65535, got 0"),
        (["serve", "--port", "http"], "--port: expected a whole number, got 'http'"),
        (["serve", "--workers", "0"], "--workers: expected a number from 1 to 64, got 0"),
        (["demo", "--weeks", "-3"], "--weeks: expected a number from 1 to 520, got -3"),
    ],
)
def test_bad_option_values_are_refused_with_a_message(argv, message, capsys):
    with pytest.raises(SystemExit) as stopped:
        build_parser().parse_args(argv)
    assert stopped.value.code == 2
    assert message in capsys.readouterr().err


def test_top_level_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "tending.cli", "--help"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0
    for command in ("serve", "worker", "migrate", "demo", "createsuperuser", "check", "manage"):
        assert command in result.stdout


def test_a_bad_serving_variable_is_refused_by_name(monkeypatch):
    monkeypatch.setenv("TENDING_WEB_WORKERS", "many")
    with pytest.raises(SystemExit) as stopped:
        build_parser()
    assert "TENDING_WEB_WORKERS: expected a whole number, got 'many'." in str(stopped.value)


@pytest.mark.django_db
def test_demo_creates_one_couple_and_prints_random_passwords_once(capsys):
    assert not User.objects.exists()  # no default accounts, ever
    call_command("demo", weeks=3)
    out = capsys.readouterr().out
    credentials = re.findall(r"^  (\S+@\S+)  (\S+)$", out, re.MULTILINE)
    assert len(credentials) == 2
    for email, password in credentials:
        user = User.objects.get(email=email)
        assert user.check_password(password)
        assert len(password) >= 16
    assert Membership.objects.partners().count() == 2
    call_command("demo", weeks=3)
    second = re.findall(r"^  (\S+@\S+)  (\S+)$", capsys.readouterr().out, re.MULTILINE)
    assert {p for _, p in second}.isdisjoint({p for _, p in credentials})


THE_EIGHT_PRACTICES = (
    "pulse", "share", "listen", "appreciate", "unplug", "balance", "funlist", "traditions",
)  # fmt: skip


def _weeks_of_activity(app_label: str, couple: object) -> float:
    """The longest stretch of past days any dated row of this practice covers."""
    from datetime import date, datetime

    from django.apps import apps
    from django.db import models
    from django.db.models import Max, Min
    from django.utils import timezone

    longest = 0.0
    for model in apps.get_app_config(app_label).get_models():
        if not any(f.name == "couple" for f in model._meta.fields):
            continue
        for field in model._meta.fields:
            if not isinstance(field, models.DateField):  # DateTimeField included
                continue
            now: date | datetime = timezone.now()
            if not isinstance(field, models.DateTimeField):
                now = timezone.localdate()
            rows = model._default_manager.filter(couple=couple, **{f"{field.name}__lte": now})
            span = rows.aggregate(first=Min(field.name), last=Max(field.name))
            if span["first"] is not None:
                longest = max(longest, (span["last"] - span["first"]).days / 7)
    return longest


@pytest.mark.django_db
def test_demo_gives_every_practice_weeks_of_activity(capsys):
    from tending.couples.models import Couple

    call_command("demo")  # as `tending demo` runs it: eight weeks
    assert "shown only now" in capsys.readouterr().out
    couple = Couple.objects.get()
    thin = {
        practice: round(weeks, 1)
        for practice in THE_EIGHT_PRACTICES
        if (weeks := _weeks_of_activity(practice, couple)) < 2
    }
    assert not thin, f"practices with less than two weeks of demo activity: {thin}"


def test_demo_works_in_a_fresh_data_folder(tmp_path):
    """`tending demo` on a new machine: it makes its own tables first."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(TENDING_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="tending.settings")
    result = subprocess.run(
        [sys.executable, "-m", "tending.cli", "demo", "--weeks", "1"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "these passwords are shown only now" in result.stdout


def test_serve_tells_its_address_once_it_answers(tmp_path):
    """Whoever opens the address the moment it is printed finds Tending."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(TENDING_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="tending.settings")
    command = [sys.executable, "-m", "tending.cli"]
    subprocess.run([*command, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    server = subprocess.Popen(
        [*command, "serve", "--no-worker", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # blocks until the address is told
        assert line.startswith(f"Tending is serving on http://127.0.0.1:{port}"), line
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            assert answer.status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
