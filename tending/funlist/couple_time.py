"""Memories as couple time in Balance (tending/balance/sources.py imports this
module by itself): each thing done together counts on its day, for as long
as the idea takes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tending.balance.sources import Minutes, Window, source
from tending.couples.models import Couple
from tending.funlist.models import Memory

# A memory whose idea was removed still counts, for an ordinary outing.
DEFAULT_MINUTES = 60
# A weekend away is not 48 hours of couple time on the day it is recorded.
MAX_PER_MEMORY = 12 * 60


@source("funlist", _("Fun-list memories"))
def memories_minutes(user: Any, couple: Couple, window: Window) -> Minutes:
    found: Minutes = {}
    rows = (
        Memory.objects.visible_to(user)
        .filter(couple=couple, day__gte=window.first, day__lte=window.last)
        .values_list("day", "idea__duration_minutes")
    )
    for day, minutes in rows:
        found[day] = found.get(day, 0) + min(minutes or DEFAULT_MINUTES, MAX_PER_MEMORY)
    return found
