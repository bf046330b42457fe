"""A partner's own calendars (only theirs, never the other's) and the couple's hours."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.calendars import ics, services
from tending.calendars.forms import HoursForm, ReplaceForm, SubscriptionForm, UploadForm
from tending.calendars.models import CalendarSource
from tending.couples.access import couple_required
from tending.lib.http import AuthenticatedRequest
from tending.lib.uploads import limited_upload


def _too_large(request: HttpRequest) -> HttpResponse:
    messages.error(
        request,
        _("This calendar is larger than %(max)d MB, more than Tending reads.")
        % {"max": ics.MAX_BYTES // (1024 * 1024)},
    )
    return _page(request, status=413)  # type: ignore[arg-type]


def _mine(request: AuthenticatedRequest) -> Any:
    return CalendarSource.objects.visible_to(request.user).filter(
        couple=request.membership.couple  # type: ignore[attr-defined]
    )


def _own_or_404(request: AuthenticatedRequest, calendar_id: UUID) -> CalendarSource:
    found = (
        CalendarSource.objects.writable_by(request.user)
        .select_related("author")
        .filter(pk=calendar_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _page(request: AuthenticatedRequest, **forms: Any) -> HttpResponse:
    # Prefixed forms: both have a "name" field, and ids must stay unique.
    couple = request.membership.couple  # type: ignore[attr-defined]
    stored = services.planning_hours(couple)
    context = {
        "calendars": list(_mine(request)),
        "subscription_form": forms.get("subscription_form") or SubscriptionForm(prefix="sub"),
        "upload_form": forms.get("upload_form") or UploadForm(prefix="up"),
        "hours_form": forms.get("hours_form") or HoursForm(instance=stored),
        "replace_form": ReplaceForm(),
    }
    return render(request, "calendars/home.html", context, status=forms.get("status", 200))


@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    return _page(request)


@couple_required
@require_POST
def connect(request: AuthenticatedRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST, prefix="sub")
    if form.is_valid():
        try:
            services.add_subscription(
                request.user,
                request.membership.couple,  # type: ignore[attr-defined]
                form.cleaned_data["name"],
                form.cleaned_data["url"],
            )
        except services.CalendarActionRefused as refused:
            form.add_error("url", refused.message)
        else:
            messages.success(
                request, _("Connected. Tending is reading it now; this takes a few seconds.")
            )
            return redirect("calendars:home")
    return _page(request, subscription_form=form, status=400)


@couple_required
@require_POST
@limited_upload(ics.MAX_BYTES, _too_large)
def upload(request: AuthenticatedRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES, prefix="up")
    if getattr(request, "upload_too_large", False):
        return _too_large(request)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            source = services.add_upload(
                request.user,
                request.membership.couple,  # type: ignore[attr-defined]
                form.cleaned_data["name"],
                upload_file.read(ics.MAX_BYTES + 1),
            )
        except services.CalendarActionRefused as refused:
            form.add_error("file", refused.message)
        else:
            messages.success(
                request,
                _("Read: %(count)d busy times. Only the times were kept, nothing else.")
                % {"count": source.busy_count},
            )
            return redirect("calendars:home")
    return _page(request, upload_form=form, status=400)


@couple_required
@require_POST
@limited_upload(ics.MAX_BYTES, _too_large)
def replace(request: AuthenticatedRequest, calendar_id: UUID) -> HttpResponse:
    source = _own_or_404(request, calendar_id)
    form = ReplaceForm(request.POST, request.FILES)  # reading the body sets upload_too_large
    if getattr(request, "upload_too_large", False):
        return _too_large(request)
    if not form.is_valid():
        messages.error(request, _("Choose the .ics file to upload."))
        return _page(request, status=400)
    try:
        services.replace_upload(source, form.cleaned_data["file"].read(ics.MAX_BYTES + 1))
    except services.CalendarActionRefused as refused:
        messages.error(
            request,
            _("%(name)s was not updated: %(reason)s The busy times read before are kept.")
            % {"name": source.name, "reason": refused.message},
        )
        return _page(request, status=400)
    messages.success(request, _("Updated: %(count)d busy times.") % {"count": source.busy_count})
    return redirect("calendars:home")


@couple_required
@require_GET
def status(request: AuthenticatedRequest, calendar_id: UUID) -> HttpResponse:
    """The calendar's line on the page, polled by htmx while it is being read."""
    source = _own_or_404(request, calendar_id)
    return render(request, "calendars/_calendar.html", {"calendar": source})


@couple_required
@require_POST
def refresh(request: AuthenticatedRequest, calendar_id: UUID) -> HttpResponse:
    source = _own_or_404(request, calendar_id)
    try:
        services.request_refresh(source)
    except services.CalendarActionRefused as refused:
        messages.error(request, refused.message)
        return redirect("calendars:home")
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "calendars/_calendar.html", {"calendar": source})
    messages.success(request, _("Reading %(name)s again now.") % {"name": source.name})
    return redirect("calendars:home")


@couple_required
@require_POST
def delete(request: AuthenticatedRequest, calendar_id: UUID) -> HttpResponse:
    source = _own_or_404(request, calendar_id)
    source.delete()
    messages.success(
        request, _("%(name)s is disconnected and its busy times deleted.") % {"name": source.name}
    )
    return redirect("calendars:home")


@couple_required
@require_http_methods(["POST"])
def hours(request: AuthenticatedRequest) -> HttpResponse:
    couple = request.membership.couple  # type: ignore[attr-defined]
    form = HoursForm(request.POST, instance=services.planning_hours(couple))
    if form.is_valid():
        form.save()
        messages.success(request, _("Your hours are saved for both of you."))
        return redirect("calendars:home")
    return _page(request, hours_form=form, status=400)
