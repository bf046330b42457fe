"""The e-mail channel: Django's mail with a text and an HTML part, through
MAILERS["default"] (SMTP from the settings; the console by default; or the
mail folder, mailfolder.py).

Each e-mail's Message-ID is derived from its delivery id, which is derived
from (nudge, occurrence, channel): a copy a mail server was sent again after
a crash carries the same Message-ID, so mail stores recognise it; the mail
folder is read back by it, so that no copy is written at all. Every
e-mail carries one-tap links to pause or turn off that kind of nudge, also as
List-Unsubscribe with RFC 8058 one-click, which mail apps show as a button.
"""

from __future__ import annotations

import base64
import email.policy
import uuid
from email.header import Header
from email.message import Message
from email.utils import formatdate
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils.html import escape

from tending.nudges import digest, kinds
from tending.nudges.channels.mailfolder import MailFolder
from tending.nudges.links import PREFERENCES_PATH, absolute, one_tap_url
from tending.nudges.models import Delivery


def _header(value: str) -> str:
    """One header value: on one line, RFC 2047-encoded when not plain ASCII."""
    flat = " ".join(str(value).split())
    return flat if flat.isascii() else Header(flat, "utf-8").encode(maxlinelen=0)


class RawMessage(Message):
    """A message already written out: what mail backends need of it."""

    def __init__(self, raw: bytes) -> None:
        super().__init__()
        self.raw = raw

    def as_bytes(self, unixfrom: bool = False, policy: Any = None) -> bytes:
        return self.raw

    def as_string(self, unixfrom: bool = False, maxheaderlen: int = 0, policy: Any = None) -> str:
        return self.raw.decode("ascii")


class NudgeEmail(EmailMultiAlternatives):
    """A nudge e-mail: Django's message with a text and an HTML part, sent by
    Django's mail backends, but written out by us.

    Django 6.1 builds messages with the modern email policy, whose header and
    body handling costs several milliseconds per message: most of a worker's
    time when it sends thousands. A nudge has a fixed shape (text and HTML
    alternatives, UTF-8 in base64, a few one-line headers), so it is written
    out directly. Backends only call `message()` and then `as_bytes()`.
    """

    boundary = "=_tending_nudge_part_boundary_0f7e3c9a"  # base64 parts never contain "_"

    def message(self, *, policy: Any = email.policy.default) -> Any:
        sep = policy.linesep
        headers = [
            f'Content-Type: multipart/alternative; boundary="{self.boundary}"',
            "MIME-Version: 1.0",
            f"Subject: {_header(str(self.subject))}",
            f"From: {_header(self.from_email)}",
            f"To: {', '.join(self.to)}",
            f"Date: {formatdate(localtime=False)}",
            *(f"{name}: {_header(value)}" for name, value in self.extra_headers.items()),
        ]
        parts = [("plain", self.body)]
        parts += [("html", str(alternative[0])) for alternative in self.alternatives]
        lines = [*headers, "", "This is a multi-part message in MIME format."]
        for subtype, content in parts:
            encoded = base64.encodebytes(content.encode("utf-8")).decode("ascii")
            lines += [
                f"--{self.boundary}",
                f'Content-Type: text/{subtype}; charset="utf-8"',
                "Content-Transfer-Encoding: base64",
                "",
                *encoded.splitlines(),
            ]
        lines += [f"--{self.boundary}--", ""]
        return RawMessage(sep.join(lines).encode("ascii"))


def open_connection() -> Any:
    connection = mailers.default
    if not isinstance(connection, MailFolder):  # opening it starts a file, empty for nudges
        connection.open()
    return connection


def writes_to_folder() -> bool:
    """Whether e-mail goes to the mail folder, where sends can be repeated
    without writing anything twice (mailfolder.py)."""
    return isinstance(mailers.default, MailFolder)


def new_mail_file() -> str:
    """A name for the mail-folder file of one batch of e-mails."""
    return f"nudges-{uuid.uuid4().hex}"


def message_id(delivery: Delivery) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "tending.invalid"
    return f"<nudge-{delivery.id}@{host}>"


# Rendered once per kind and wording, with these stand-ins for what differs
# per person (plain words: autoescaping leaves them as they are).
_NAME, _SNOOZE, _OFF = "TENDINGNAME7f3a", "TENDINGSNOOZE7f3a", "TENDINGOFF7f3a"


@lru_cache(maxsize=256)
def _rendered(template: str, kind: str, title: str, body: str, url: str) -> tuple[str, str]:
    spec = kinds.get(kind)
    context = {
        "site_name": settings.SITE_NAME,
        "name": _NAME,
        "title": title,
        "body": body,
        "url": url,
        "snooze_url": _SNOOZE,
        "off_url": _OFF,
        "kind_label": spec.label,
        "settings_url": absolute(PREFERENCES_PATH),
    }
    text = render_to_string(f"{template}.txt", context)
    return text, render_to_string(f"{template}.html", context)


def _fill(text: str, name: str, snooze_url: str, off_url: str) -> str:
    return text.replace(_NAME, name).replace(_SNOOZE, snooze_url).replace(_OFF, off_url)


def build(delivery: Delivery) -> EmailMultiAlternatives:
    recipient = delivery.recipient
    kind = kinds.get(delivery.kind)
    off_url = one_tap_url(recipient.pk, kind.slug, "off")
    snooze_url = one_tap_url(recipient.pk, kind.slug, "snooze")
    name = str(recipient.display_name)
    if kind.slug == "weekly_digest":
        context: dict[str, Any] = {
            "site_name": settings.SITE_NAME,
            "name": name,
            "lines": digest.lines_for(recipient, delivery.couple_id, delivery.created),
            "url": absolute("/"),
            "snooze_url": snooze_url,
            "off_url": off_url,
            "settings_url": absolute(PREFERENCES_PATH),
        }
        text: str = render_to_string("nudges/email/digest.txt", context)
        html: str = render_to_string("nudges/email/digest.html", context)
    else:
        text, html = _rendered(
            "nudges/email/nudge",
            kind.slug,
            delivery.title,
            delivery.body,
            absolute(delivery.url or "/"),
        )
        text = _fill(text, name, snooze_url, off_url)
        html = _fill(html, str(escape(name)), snooze_url, off_url)
    message = NudgeEmail(
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
