"""Memories: "we did it", the shared timeline, notes, ratings and photos."""

from __future__ import annotations

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.couples.access import couple_required
from tending.funlist import photos, services
from tending.funlist.forms import MemoryForm, NoteForm, PhotoForm
from tending.funlist.models import FunIdea, IdeaTag, Memory, MemoryNote, MemoryPhoto, PlannedDate
from tending.lib.http import AuthenticatedRequest
from tending.lib.uploads import limited_upload

PAGE_SIZE = 20


def _too_large(request: HttpRequest) -> HttpResponse:
    """The page the photo was sent from, again, with the reason and a 413
    (the body was not read, so there is nothing else to keep)."""
    messages.error(request, photos.too_big_message())
    member = cast(AuthenticatedRequest, request)
    kwargs = request.resolver_match.kwargs if request.resolver_match else {}
    if "memory_id" in kwargs:
        return _memory_page(member, _memory_or_404(member, kwargs["memory_id"]), status=413)
    idea = _done_idea_or_404(member, kwargs["idea_id"])
    return render(
        request, "funlist/mark_done.html", {"idea": idea, "form": MemoryForm()}, status=413
    )


def _done_idea_or_404(request: AuthenticatedRequest, idea_id: UUID) -> FunIdea:
    idea = FunIdea.objects.visible_to(request.user).filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    return idea


def _memories(request: AuthenticatedRequest) -> QuerySet[Memory]:
    return (
        Memory.objects.visible_to(request.user)
        .filter(couple=request.membership.couple)  # type: ignore[attr-defined]
        .select_related("author")
        .prefetch_related(  # type: ignore[type-var]
            Prefetch("notes", queryset=MemoryNote.objects.select_related("author")),
            Prefetch(
                "photos", queryset=MemoryPhoto.objects.only("id", "memory_id", "width", "height")
            ),
            Prefetch("idea__tags", queryset=IdeaTag.objects.only("idea_id", "name")),
        )
    )


@couple_required
@require_GET
def timeline(request: AuthenticatedRequest) -> HttpResponse:
    memories = _memories(request)
    tag = request.GET.get("tag", "").strip().lower()[:30]
    year = request.GET.get("year", "")
    if tag:
        memories = memories.filter(idea__tags__name=tag)
    # A year the calendar has; anything else shows every year (no database error).
    if year.isascii() and year.isdigit() and 1 <= int(year) <= 9999:
        memories = memories.filter(day__year=int(year))
    page = Paginator(memories, PAGE_SIZE).get_page(request.GET.get("page"))
    couple = request.membership.couple  # type: ignore[attr-defined]
    years = (
        Memory.objects.visible_to(request.user)
        .filter(couple=couple)
        .annotate(year=ExtractYear("day"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    tags = (
        IdeaTag.objects.filter(
            idea__in=FunIdea.objects.visible_to(request.user).filter(
                couple=couple, memories__isnull=False
            )
        )
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return render(
        request,
        "funlist/timeline.html",
        {"page": page, "tag": tag, "year": year, "years": list(years), "tags": list(tags)},
    )


@couple_required
@require_http_methods(["GET", "POST"])
@limited_upload(photos.MAX_BYTES, _too_large)
def mark_done(request: AuthenticatedRequest, idea_id: UUID) -> HttpResponse:
    """ "We did it": a memory of an idea, with a note, a rating and a photo."""
    idea = _done_idea_or_404(request, idea_id)
    planned = (
        PlannedDate.objects.visible_to(request.user).filter(idea=idea).order_by("-start").first()
    )
    form = MemoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if getattr(request, "upload_too_large", False):
            form.add_error("photo", photos.too_big_message())
        elif form.is_valid():
            data = form.cleaned_data
            upload = data.get("photo")
            try:
                clean = photos.clean(upload, upload.size) if upload else None
                memory = services.record_memory(
                    request.user,
                    request.membership.couple,  # type: ignore[attr-defined]
                    idea,
                    data["day"],
                    data["note"],
                    data["rating"],
                    planned=planned if planned and planned.start.date() <= data["day"] else None,
                )
            except photos.PhotoRefused as refused:
                form.add_error("photo", refused.message)
            except services.FunListRefused as refused:
                form.add_error(None, refused.message)
            else:
                if clean is not None:
                    photos.store(request.user, memory, clean)
                messages.success(request, _("A new memory on your timeline."))
                return redirect("funlist:memory", memory_id=memory.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "funlist/mark_done.html", {"idea": idea, "form": form}, status=status)


def _memory_or_404(request: AuthenticatedRequest, memory_id: UUID) -> Memory:
    memory = _memories(request).filter(pk=memory_id).first()
    if memory is None:
        raise Http404
    return memory


@couple_required
@require_GET
def memory_detail(request: AuthenticatedRequest, memory_id: UUID) -> HttpResponse:
    return _memory_page(request, _memory_or_404(request, memory_id))


def _memory_page(
    request: AuthenticatedRequest,
    memory: Memory,
    status: int = 200,
    note_form: NoteForm | None = None,
) -> HttpResponse:
    """The memory; after a refusal, with the status and the person's own
    words still in the note form, so nothing they wrote is lost."""
    if note_form is None:
        mine = next((n for n in memory.notes.all() if n.author_id == request.user.pk), None)
        note_form = NoteForm(initial={"text": mine.text, "rating": mine.rating} if mine else None)
    return render(
        request,
        "funlist/memory_detail.html",
        {
            "memory": memory,
            "note_form": note_form,
            "photo_form": PhotoForm(),
            "can_add_photo": len(memory.photos.all()) < photos.MAX_PHOTOS_PER_MEMORY,
        },
        status=status,
    )


@couple_required
@require_POST
def memory_note(request: AuthenticatedRequest, memory_id: UUID) -> HttpResponse:
    memory = _memory_or_404(request, memory_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.set_note(
                request.user, memory, form.cleaned_data["text"], form.cleaned_data["rating"]
            )
        except services.FunListRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your note is saved."))
            return redirect("funlist:memory", memory_id=memory.pk)
    else:
        messages.error(request, _("Rate it from 1 to 5, and keep the note short."))
    return _memory_page(request, memory, status=400, note_form=form)


@couple_required
@require_POST
def memory_delete(request: AuthenticatedRequest, memory_id: UUID) -> HttpResponse:
    memory = Memory.objects.writable_by(request.user).filter(pk=memory_id).first()
    if memory is None:
        raise Http404
    for photo in memory.photos.all():
        photos.delete_photo(photo)
    memory.delete()
    messages.success(request, _("The memory is removed."))
    return redirect("funlist:timeline")


@couple_required
@require_POST
@limited_upload(photos.MAX_BYTES, _too_large)
def photo_add(request: AuthenticatedRequest, memory_id: UUID) -> HttpResponse:
    memory = _memory_or_404(request, memory_id)
    form = PhotoForm(request.POST, request.FILES)  # reading the body sets upload_too_large
    if getattr(request, "upload_too_large", False):
        messages.error(request, photos.too_big_message())
        return _memory_page(request, memory, status=413)
    if not form.is_valid():
        messages.error(request, _("Choose a photo to add."))
        return _memory_page(request, memory, status=400)
    upload = form.cleaned_data["photo"]
    try:
        photos.add_photo(request.user, memory, upload, upload.size)
    except photos.PhotoRefused as refused:
        messages.error(request, refused.message)
        return _memory_page(request, memory, status=400)
    messages.success(request, _("Photo added."))
    return redirect("funlist:memory", memory_id=memory.pk)


@couple_required
@require_GET
def photo(request: AuthenticatedRequest, photo_id: UUID) -> HttpResponse:
    """The photo itself, only to the couple: there is no public media URL."""
    found = MemoryPhoto.objects.visible_to(request.user).filter(pk=photo_id).first()
    if found is None:
        raise Http404
    try:
        handle = found.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return cast(HttpResponse, response)


@couple_required
@require_POST
def photo_delete(request: AuthenticatedRequest, photo_id: UUID) -> HttpResponse:
    found = MemoryPhoto.objects.writable_by(request.user).filter(pk=photo_id).first()
    if found is None:
        raise Http404
    memory_id = found.memory_id
    photos.delete_photo(found)
    messages.success(request, _("Photo removed."))
    return redirect("funlist:memory", memory_id=memory_id)
