"""The test URLconf plus deliberately broken endpoints, for the walker's
self-test: a page and two API operations that serve any couple's note, a list
that forgets the boundary, and a write that checks reading, not writing."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from ninja import Field, NinjaAPI, Schema

from tending.api.auth import SessionCookieAuth
from tending.couples.boundary import Visibility
from tests.boundary_app import views
from tests.boundary_app.models import Note
from tests.urls import *  # noqa: F403 - the error handlers
from tests.urls import urlpatterns as test_urlpatterns

unguarded_api = NinjaAPI(urls_namespace="boundary-unguarded", auth=[SessionCookieAuth()])


class NoteChange(Schema):
    # Constraints of every kind the walker must satisfy to get past validation.
    text: str = Field(min_length=12, max_length=200)
    visibility: Visibility
    mood: int = Field(ge=3, le=7)
    tags: list[str] = Field(min_length=1)


class NoteOut(Schema):
    text: str


@unguarded_api.get("/notes/{uuid:note_id}", response=NoteOut)
def read_any_note(request: HttpRequest, note_id: UUID) -> Note:
    return Note.objects.get(id=note_id)  # no visible_to: the hole under test


@unguarded_api.patch("/notes/{uuid:note_id}", response=NoteOut)
def change_any_note(request: HttpRequest, note_id: UUID, payload: NoteChange) -> Note:
    note = Note.objects.get(id=note_id)  # no writable_by: the hole under test
    note.text = payload.text
    note.save()
    return note


def every_note(request: HttpRequest) -> HttpResponse:
    """A list that forgets `visible_to`: it names other couples' notes."""
    return JsonResponse({"notes": [str(note.id) for note in Note.objects.all()]})


def careless_edit(request: HttpRequest, note_id: str) -> HttpResponse:
    """Looks the note up with `visible_to` where `writable_by` was needed, so a
    therapist who may read it can also change it."""
    note = Note.objects.visible_to(request.user).filter(id=note_id).first()
    if note is None:
        raise Http404
    if request.method == "POST":
        note.text = "changed by whoever could read it"
        note.save()
    return JsonResponse({"text": note.text})


def _api_patterns() -> list:
    patterns, _app, _namespace = unguarded_api.urls
    for pattern in patterns:
        pattern.callback.login_required = False  # as tending.api.main does
    return patterns


urlpatterns = [
    *test_urlpatterns,
    path("unguarded-notes/<uuid:note_id>/", views.unguarded_note, name="unguarded_note"),
    path("every-note/", every_note, name="every_note"),
    path("careless-notes/<uuid:note_id>/", careless_edit, name="careless_edit"),
    path("unguarded-api/", (_api_patterns(), "unguarded", "boundary-unguarded")),
]
