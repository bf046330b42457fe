"""Friendly error pages; API paths get JSON instead."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

_API_PREFIX = "/api/"
log = logging.getLogger(__name__)


def _render(request: HttpRequest, template: str, status: int, detail: str) -> HttpResponse:
    if request.path.startswith(_API_PREFIX):
        return JsonResponse({"detail": detail}, status=status)
    body: str
    try:
        body = loader.render_to_string(template, request=request)
    except Exception:
        body = detail
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "400.html", 400, _("The request was not understood."))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "403.html", 403, _("You can read this, but not change it."))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, "404.html", 404, _("Not found."))


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(_API_PREFIX):
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)
    # Rendered without context processors: whatever broke may be one of them.
    return HttpResponse(loader.get_template("500.html").render(), status=500)
