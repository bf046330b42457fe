"""API errors: always a JSON body with a `detail` a person can read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError

from tending.couples.services import CoupleActionRefused


class ErrorOut(Schema):
    detail: str


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors[:5]:
        location = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "payload"))
        parts.append(f"{location}: {error.get('msg')}" if location else str(error.get("msg")))
    return "; ".join(parts) or "The request was not understood."


def install_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": _describe(exc.errors), "errors": exc.errors}, status=422
        )

    @api.exception_handler(CoupleActionRefused)
    def refused(request: HttpRequest, exc: CoupleActionRefused) -> HttpResponse:
        return api.create_response(request, {"detail": exc.message}, status=exc.status)
