"""The couple's planning stamp (`PlanningStamp`): bumped by signals on every
model the picker reads, read once per page view to key its caches."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from tending.calendars.models import PlanningStamp


def version(couple_id: Any) -> int:
    found = (
        PlanningStamp.objects.filter(couple_id=couple_id).values_list("version", flat=True).first()
    )
    return found or 0


def bump(couple_id: Any) -> None:
    if couple_id is None:
        return
    if PlanningStamp.objects.filter(couple_id=couple_id).update(version=F("version") + 1):
        return
    try:
        with transaction.atomic():
            PlanningStamp.objects.create(couple_id=couple_id, version=1)
    except IntegrityError:  # another request created it first
        PlanningStamp.objects.filter(couple_id=couple_id).update(version=F("version") + 1)


def _on_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    bump(getattr(instance, "couple_id", None))


def watch(*models: Any) -> None:
    """Bump the stamp whenever a row of one of `models` is saved or deleted."""
    for model in models:
        uid = f"planning-stamp-{model._meta.label_lower}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
