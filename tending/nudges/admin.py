"""The administrator's view of nudges: the worker's lag, failures and give-ups.

Deliveries are listed with their status and last error (what the host needs
to fix a mail server); what a partner wrote is not in them, only the short
title of the nudge.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from tending.nudges import health
from tending.nudges.models import Delivery, DeliveryStatus, Nudge


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["created", "channel", "kind", "status", "attempts", "last_error"]
    list_filter = ["status", "channel", "kind"]
    date_hierarchy = "created"
    ordering = ["-created"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Nudge)
class NudgeAdmin(admin.ModelAdmin[Nudge]):
    list_display = ["kind", "next_fire_at", "last_outcome", "lease_owner", "lease_until"]
    list_filter = ["kind"]
    ordering = ["next_fire_at"]
    readonly_fields = [f.name for f in Nudge._meta.fields]
    exclude = ["context"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _status(request: HttpRequest) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": "Nudges: worker status",
        "health": health.current(),
        "failures": Delivery.objects.filter(
            status__in=[DeliveryStatus.RETRYING, DeliveryStatus.GAVE_UP]
        ).order_by("-created")[:50],
    }
    return TemplateResponse(request, "nudges/admin_status.html", context)


# Staff only, through the admin's own login and permission checks.
status_view = admin.site.admin_view(_status)
