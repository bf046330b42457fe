"""What a partner may write into a free-text box, checked the same way by pages and API.

Text is always shown escaped; still, markup has no place in a note to a
partner, and refusing it outright means no stored row can ever surprise a
future template, export or e-mail that forgets to escape.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

# A tag-like "<b>", "</p>", "<!--", "<script": but not "I <3 you" or "a < b".
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
# NUL and other control characters (tabs and newlines are fine); PostgreSQL
# refuses NUL outright, the others only hide text from the reader.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TextRefused(ValueError):
    """The text cannot be kept; the message says why, in words for a person."""


def clean_partner_text(text: str | None, max_length: int) -> str:
    """The text stripped of surrounding space, or TextRefused."""
    text = (text or "").strip()
    if not text:
        raise TextRefused(_("Write a few words first."))
    if len(text) > max_length:
        raise TextRefused(
            _("Please keep it under %(max)d characters (this is %(length)d).")
            % {"max": max_length, "length": len(text)}
        )
    if _MARKUP.search(text):
        raise TextRefused(_("Plain words only, please: text with HTML tags can't be kept."))
    if _CONTROL.search(text):
        raise TextRefused(_("The text contains invisible control characters; please retype it."))
    return text
