"""Settings come only from the environment, strictly parsed, documented, and safe in production."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tending.lib.env import Env

ROOT = Path(__file__).resolve().parent.parent


def test_every_variable_is_documented():
    documented = set(
        re.findall(
            r"`((?:TENDING|DATABASE)_[A-Z_]+)`", (ROOT / "docs/configuration.md").read_text()
        )
    )
    missing = settings.ENVIRONMENT_VARIABLES - documented
    assert not missing, f"add to docs/configuration.md: {sorted(missing)}"


def _documented() -> set[str]:
    text = (ROOT / "docs/configuration.md").read_text()
    return set(re.findall(r"`((?:TENDING|DATABASE)_[A-Z_]+)`", text))


def _read_in_the_code() -> dict[str, str]:
    """Every variable name written as a string of its own anywhere in the
    package: what the settings read, through helpers such as `_clock` too,
    and what `tending serve` reads itself (TENDING_HOST, TENDING_PORT, ...)."""
    found: dict[str, str] = {}
    for path in (ROOT / "tending").rglob("*.py"):
        if "tests" in path.parts:
            continue
        source = path.read_text()
        for name in re.findall(r"[\"']((?:TENDING|DATABASE)_[A-Z_]+)[\"']", source):
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_variable_read_anywhere_is_documented_and_nothing_stale():
    read = _read_in_the_code()
    assert set(settings.ENVIRONMENT_VARIABLES) <= set(read)  # the scan sees the settings
    assert {"TENDING_PORT", "TENDING_WEB_WORKERS"} <= set(read)  # and the CLI
    missing = {name: where for name, where in read.items() if name not in _documented()}
    assert not missing, f"add to docs/configuration.md: {missing}"
    # A *_FILE variant is the documented way to pass any secret from a file.
    stale = {name for name in _documented() if name.removesuffix("_FILE") not in read}
    assert not stale, f"documented but read nowhere: {sorted(stale)}"


@pytest.mark.parametrize(
    ("method", "value", "message"),
    [
        ("bool", "maybe", "X: expected true or false, got 'maybe'."),
        ("int", "ten", "X: expected a whole number, got 'ten'."),
        ("int", "-1", "X: expected a number from 0 to"),
        ("url", "ftp://x", "X: expected a URL starting with"),
    ],
)
def test_bad_values_name_the_variable(method, value, message):
    env = Env({"X": value})
    args = {"bool": (False,), "int": (1,), "url": ("http://a",)}[method]
    kwargs = {"schemes": ("http", "https")} if method == "url" else {}
    with pytest.raises(ImproperlyConfigured) as error:
        getattr(env, method)("X", *args, **kwargs)
    assert str(error.value).startswith(message)


def test_file_variants_read_secrets_from_files(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    assert Env({"X_FILE": str(secret)}).str("X") == "s3cret"
    with pytest.raises(ImproperlyConfigured, match="X_FILE: cannot read"):
        Env({"X_FILE": str(tmp_path / "missing")}).str("X")
    with pytest.raises(ImproperlyConfigured, match="either X or X_FILE"):
        Env({"X": "a", "X_FILE": str(secret)}).str("X")


def _start(tmp_path, **variables):
    """Import the settings in a fresh interpreter, as `tending` start-up does."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(
        TENDING_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="tending.settings", **variables
    )
    return subprocess.run(
        [sys.executable, "-m", "tending.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_zero_configuration_starts_and_generates_a_secret_once(tmp_path):
    result = _start(tmp_path)
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    _start(tmp_path)
    assert (tmp_path / "secret_key").read_text() == key


def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path):
    result = _start(tmp_path, TENDING_DEBUG="perhaps")
    assert result.returncode != 0
    assert "TENDING_DEBUG: expected true or false, got 'perhaps'." in result.stderr


def test_production_refuses_debug_and_weak_secrets(tmp_path):
    result = _start(
        tmp_path,
        TENDING_SITE_URL="https://tending.example",
        TENDING_DEBUG="true",
        TENDING_SECRET_KEY="short",
    )
    assert result.returncode != 0
    assert "Refusing to start in production mode" in result.stderr
    assert "TENDING_DEBUG is on" in result.stderr
    assert "TENDING_SECRET_KEY is too short" in result.stderr


def test_production_refuses_any_host_and_a_short_hsts(tmp_path):
    result = _start(
        tmp_path,
        TENDING_SITE_URL="https://tending.example",
        TENDING_ALLOWED_HOSTS="*",
        TENDING_HSTS_SECONDS="0",
    )
    assert result.returncode != 0
    assert "TENDING_ALLOWED_HOSTS contains '*'" in result.stderr
    assert "TENDING_HSTS_SECONDS is under a day" in result.stderr


def test_a_database_tending_does_not_run_on_is_refused_by_name(tmp_path):
    result = _start(tmp_path, DATABASE_URL="mysql://tending@db.internal/tending")
    assert result.returncode != 0
    assert "DATABASE_URL: Tending runs on PostgreSQL" in result.stderr
    assert "not mysql" in result.stderr


def test_a_new_data_folder_is_private_to_its_owner(tmp_path):
    folder = tmp_path / "data"
    assert _start(folder).returncode == 0
    assert oct(folder.stat().st_mode)[-3:] == "700"


def test_production_passes_the_deploy_check_with_zero_warnings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(
        TENDING_DATA_DIR=str(tmp_path),
        TENDING_SITE_URL="https://tending.example",
        DJANGO_SETTINGS_MODULE="tending.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tending.cli", "check", "--deploy"],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_strict(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS, s.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENDING_", "DATABASE_URL"))}
    env.update(
        TENDING_DATA_DIR=str(tmp_path),
        TENDING_SITE_URL="https://tending.example.org",
        DJANGO_SETTINGS_MODULE="tending.settings",
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        env=env, capture_output=True, text=True, cwd=ROOT, check=True,
    ).stdout  # fmt: skip
    assert out.strip() == "True True True 31536000 ['tending.example.org'] False"
