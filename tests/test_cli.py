"""The `tending` command: every subcommand documents itself; demo data on request only."""

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
    assert f"usage: tending {command}" in capsys.readouterr().out


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
