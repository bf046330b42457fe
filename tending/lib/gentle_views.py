"""The gentle start-up helper's one endpoint: text in, highlights out.

It keeps nothing: the text is read, matched against our own rules in this
process, and forgotten. Any textarea opts in with
`{% include "gentle/field.html" with field=form.text %}` (docs/development.md).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tending.lib.gentle import (
    MAX_TEXT_LENGTH,
    REWRITE_EXAMPLE,
    REWRITE_TEMPLATE,
    find_harsh_phrasing,
    segments,
)

FIELD_PARAM = "gentle_field"


@require_POST
def gentle_check(request: HttpRequest) -> HttpResponse:
    field = request.POST.get(FIELD_PARAM, "text")
    text = request.POST.get(field, "")
    if len(text) > MAX_TEXT_LENGTH:
        return HttpResponse(_("This text is too long to look at."), status=400)
    if not getattr(request.user, "gentle_helper", True):
        # Turned off on the profile page: say nothing at all.
        return HttpResponse("")
    findings = find_harsh_phrasing(text)
    context = {
        "findings": findings,
        "pieces": segments(text, findings),
        # One suggestion per kind of phrasing, in the order they appear.
        "suggestions": list(dict.fromkeys(str(f.suggestion) for f in findings)),
        "template": REWRITE_TEMPLATE,
        "example": REWRITE_EXAMPLE,
    }
    return render(request, "gentle/result.html", context)
