"""The test URLconf plus guarded API writes whose bodies the walker cannot
build from the schema alone, for the walker's self-test."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest
from django.urls import path
from ninja import Field, NinjaAPI, Schema
from pydantic import field_validator

from tending.api.auth import SessionCookieAuth, current_user
from tending.lib.timezones import is_valid_zone
from tests.boundary_app.models import Note
from tests.urls import *  # noqa: F403 - the error handlers
from tests.urls import urlpatterns as test_urlpatterns

bodies_api = NinjaAPI(urls_namespace="boundary-bodies", auth=[SessionCookieAuth()])


class Colour(Schema):
    colour: str = Field(pattern=r"^#[0-9a-f]{6}$")  # no plausible value without an example


class Move(Schema):
    time_zone: str = Field(max_length=64)

    @field_validator("time_zone")
    @classmethod
    def known_zone(cls, value: str) -> str:
        # Refuses the walker's plain "Example": only a registered example gets through.
        if not is_valid_zone(value):
            raise ValueError(f"unknown time zone {value!r}")
        return value


def _own_note(request: HttpRequest, note_id: UUID) -> Note:
    note = Note.objects.writable_by(current_user(request)).filter(id=note_id).first()
    if note is None:
        raise Http404
    return note


@bodies_api.put("/notes/{uuid:note_id}/colour", response={204: None})
def paint_note(request: HttpRequest, note_id: UUID, payload: Colour) -> tuple[int, None]:
    _own_note(request, note_id)
    return 204, None


@bodies_api.post("/notes/{uuid:note_id}/move", response={204: None})
def move_note(request: HttpRequest, note_id: UUID, payload: Move) -> tuple[int, None]:
    _own_note(request, note_id)
    return 204, None


def _api_patterns() -> list:
    patterns, _app, _namespace = bodies_api.urls
    for pattern in patterns:
        pattern.callback.login_required = False  # as tending.api.main does
    return patterns


urlpatterns = [
    *test_urlpatterns,
    path("bodies-api/", (_api_patterns(), "bodies", "boundary-bodies")),
]
