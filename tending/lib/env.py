"""Strict parsing of the environment variables that configure Tending.

Every variable the settings read goes through an `Env` so that a bad value
stops start-up with a message naming the variable (a typo must never silently
fall back to a default), and so that the full list can be checked against
docs/configuration.md by a test.
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ
        self.names: set[builtins.str] = set()

    def raw(self, name: builtins.str) -> builtins.str | None:
        """The variable's value, or the content of the file named by NAME_FILE.

        The *_FILE form lets container secrets stay out of the environment.
        """
        self.names.add(name)
        value = self.environ.get(name)
        file_name = self.environ.get(f"{name}_FILE")
        if value is not None and file_name is not None:
            raise ImproperlyConfigured(f"{name}: set either {name} or {name}_FILE, not both.")
        if file_name is not None:
            try:
                return Path(file_name).read_text().strip()
            except OSError as exc:
                raise ImproperlyConfigured(
                    f"{name}_FILE: cannot read {file_name!r} ({exc.strerror})."
                ) from exc
        if value is not None and value.strip() == "":
            return None
        return value

    def str(self, name: builtins.str, default: builtins.str = "") -> builtins.str:
        value = self.raw(name)
        return default if value is None else value.strip()

    def bool(self, name: builtins.str, default: builtins.bool) -> builtins.bool:
        value = self.raw(name)
        if value is None:
            return default
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ImproperlyConfigured(f"{name}: expected true or false, got {value!r}.")

    def int(
        self,
        name: builtins.str,
        default: builtins.int,
        *,
        minimum: builtins.int = 0,
        maximum: builtins.int = 10**9,
    ) -> builtins.int:
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = builtins.int(value.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{name}: expected a whole number, got {value!r}.") from None
        if not minimum <= number <= maximum:
            raise ImproperlyConfigured(
                f"{name}: expected a number from {minimum} to {maximum}, got {number}."
            )
        return number

    def choice(
        self, name: builtins.str, default: builtins.str, choices: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self.str(name, default).lower()
        if value not in choices:
            raise ImproperlyConfigured(
                f"{name}: expected one of {', '.join(choices)}, got {value!r}."
            )
        return value

    def url(
        self, name: builtins.str, default: builtins.str, *, schemes: tuple[builtins.str, ...]
    ) -> builtins.str:
        value = self.str(name, default).rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in schemes or not parts.hostname:
            raise ImproperlyConfigured(
                f"{name}: expected a URL starting with {' or '.join(s + '://' for s in schemes)}"
                f" and naming a host, got {value!r}."
            )
        return value

    def list(
        self, name: builtins.str, default: builtins.list[builtins.str] | None = None
    ) -> builtins.list[builtins.str]:
        value = self.raw(name)
        if value is None:
            return list(default or [])
        return [item.strip() for item in value.split(",") if item.strip()]
