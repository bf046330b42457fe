"""`{{ minutes|duration }}`: 200 → "3 h 20 min", 45 → "45 min"."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    minutes = int(minutes or 0)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": rest}


@register.filter
def share_of(minutes: int | None, aim: int | None) -> int:
    """Percent of the aim reached, for a progress bar (capped at 100)."""
    if not aim:
        return 0
    return min(100, round(100 * int(minutes or 0) / aim))
