"""`{% unread_notifications as count %}`: the header's badge, one COUNT per request."""

from __future__ import annotations

from typing import Any

from django import template

from tending.nudges.channels.inapp import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context: Any) -> int:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if request is None:
        return unread_count(user)
    # Pages may ask more than once (header and list): count once per request.
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(user)
    return int(request._unread_notifications)
