"""Where the fun list plugs into other practices.

- Planned dates go into the couple's calendar feed: Traditions owns the feed
  and discovers `tending/funlist/feed.py` itself (its "contributors").
- Memories count as time together in Balance: `memories_between` is what
  Balance's couple-time sources registry (tending/balance/sources.py) is
  given, once that app exists; `connect` registers it.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from typing import Any

from django.apps import apps

from tending.funlist.models import Memory

log = logging.getLogger("tending.funlist")


def memories_between(couple: Any, start: datetime, end: datetime) -> list[Memory]:
    """Memories (things done together) in [start, end), as couple time for Balance."""
    return list(
        Memory.objects.filter(couple=couple, day__gte=start.date(), day__lt=end.date())
        .select_related("idea")
        .order_by("day")
    )


def connect() -> None:
    """Register with Balance when it is installed (called from AppConfig.ready)."""
    if not apps.is_installed("tending.balance"):
        return
    try:
        source = importlib.import_module("tending.funlist.balance_source")
    except ImportError:
        log.warning("Balance is installed but the fun list has no source for it yet")
        return
    source.register()
