"""Unplugged sessions count as couple time in Balance (tending/balance/sources.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tending.balance.sources import Minutes, Window, source
from tending.couples.models import Couple
from tending.unplug import services


@source("unplug", _("Unplugged sessions"))
def unplugged_minutes(user: Any, couple: Couple, window: Window) -> Minutes:
    # Split at midnight in the viewing partner's zone, as their week is.
    return services.minutes_by_day(user, couple, window.first, window.last, window.zone_name)
