"""Small display helpers for the fun list's templates."""

from __future__ import annotations

from django import template

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
