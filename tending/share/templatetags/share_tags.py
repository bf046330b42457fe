"""Showing found words in the archive, with every piece of user text escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """`text`, escaped, with the words that start with a search term marked.

    The text is cut at the matches first and each piece escaped on its own,
    so a term can never match inside an escape such as "&amp;"."""
    text = str(text)
    if not terms:
        return conditional_escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")\w*", re.IGNORECASE)
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(conditional_escape(text[position : match.start()]))
        pieces.append(format_html("<mark>{}</mark>", match.group(0)))
        position = match.end()
    pieces.append(conditional_escape(text[position:]))
    return mark_safe("".join(pieces))
