"""Views over `Note`, written the way practice views must be written."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from tending.couples.access import couple_required
from tests.boundary_app.models import Note


@couple_required
@require_http_methods(["GET", "POST"])
def note_detail(request: HttpRequest, note_id: str) -> HttpResponse:
    if request.method == "POST":
        note = Note.objects.writable_by(request.user).filter(id=note_id).first()
        if note is None:
            raise Http404
        note.text = request.POST.get("text", note.text)
        note.save()
    note = get_object_or_404(Note.objects.visible_to(request.user), id=note_id)
    return JsonResponse({"text": note.text})


def unguarded_note(request: HttpRequest, note_id: str) -> HttpResponse:
    """Deliberately broken: reads any couple's note. Only the walker's own
    self-test mounts it, to prove the walker catches such a view."""
    return JsonResponse({"text": Note.objects.get(id=note_id).text})
