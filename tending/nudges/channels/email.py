"""The e-mail channel: Django's mail with a text and an HTML part, through
MAILERS["default"] (SMTP from the settings; the console by default).

Each e-mail's Message-ID is derived from its delivery id, which is derived
from (nudge, occurrence, channel): a copy sent again after a crash carries
the same Message-ID, so mail stores (and our tests) recognise it. Every
e-mail carries one-tap links to pause or turn off that kind of nudge, also as
List-Unsubscribe with RFC 8058 one-click, which mail apps show as a button.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.urls import reverse

from tending.nudges import digest, kinds
from tending.nudges.links import absolute, one_tap_url
from tending.nudges.models import Delivery


def open_connection() -> Any:
    connection = mailers.default
    connection.open()
    return connection


def message_id(delivery: Delivery) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "tending.invalid"
    return f"<nudge-{delivery.id}@{host}>"


def build(delivery: Delivery) -> EmailMultiAlternatives:
    recipient = delivery.recipient
    kind = kinds.get(delivery.kind)
    off_url = one_tap_url(recipient.pk, kind.slug, "off")
    context: dict[str, Any] = {
        "site_name": settings.SITE_NAME,
        "name": recipient.display_name,
        "title": delivery.title,
        "body": delivery.body,
        "url": absolute(delivery.url or "/"),
        "snooze_url": one_tap_url(recipient.pk, kind.slug, "snooze"),
        "off_url": off_url,
        "kind_label": kind.label,
        "settings_url": absolute(reverse("nudges:preferences")),
    }
    template = "nudges/email/nudge"
    if kind.slug == "weekly_digest":
        template = "nudges/email/digest"
        context["lines"] = digest.lines_for(recipient, delivery.couple_id, delivery.created)
        context["url"] = absolute("/")
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(
        subject=delivery.title,
        body=text,
        to=[recipient.email],
        headers={
            "Message-ID": message_id(delivery),
            "List-Unsubscribe": f"<{off_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
