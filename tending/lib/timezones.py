"""Time zone helpers shared by every practice."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, tzinfo
from functools import cache

from django.utils import timezone


@cache
def zone_choices() -> list[tuple[str, str]]:
    """IANA zones a person may pick, sorted, without the legacy aliases."""
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


def is_valid_zone(name: str) -> bool:
    return name in {value for value, _label in zone_choices()}


@cache
def get_zone(name: str) -> tzinfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def local_now(zone_name: str) -> datetime:
    return timezone.now().astimezone(get_zone(zone_name))
