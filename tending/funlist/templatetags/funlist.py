"""Small display helpers for the fun list's templates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.timezone import localtime

from tending.funlist.models import Energy, Where, cost_label
from tending.funlist.ranking import describe_minutes

register = template.Library()


@register.filter
def minutes(value: int | None) -> str:
    return describe_minutes(int(value)) if value else ""


@register.filter
def cost(value: int) -> str:
    return cost_label(int(value))


@register.filter
def energy(value: str) -> str:
    return str(dict(Energy.choices).get(value, value))


@register.filter
def where(value: str) -> str:
    return str(dict(Where.choices).get(value, value))


@register.filter
def span(window: Any) -> str:
    """A window as the couple reads it, in the zone the template is rendering
    in: the start's day and both times, and the end's day too when the window
    runs on into another day (a weekend away), so that a short-looking span
    never stands for 25 hours."""
    start, end = localtime(window.start), localtime(window.end)
    last_minute = end - timedelta(minutes=1)  # ending at midnight is still that day
    if last_minute.date() == start.date():
        return f"{date_filter(start, 'D j M, H:i')}–{date_filter(end, 'H:i')}"
    return f"{date_filter(start, 'D j M, H:i')} – {date_filter(end, 'D j M, H:i')}"
