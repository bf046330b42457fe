"""Pulse pages: the overview, the weekly check-in, past weeks, the daily tap,
alerts and the couple's check-in day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.couples.access import couple_required
from tending.lib.pagecache import kept_page
from tending.pulse import charts, reading, services, trends
from tending.pulse import questions as q
from tending.pulse.forms import CheckInForm, SettingsForm, TapForm
from tending.pulse.models import CheckIn, CheckInReflection, DriftAlert
from tending.pulse.services import PulseRefused, Viewer
from tending.pulse.weeks import WEEK, WeekRefused, accept_week, open_weeks, parse_day, week_end

WEEKS_PER_PAGE = 8
MAX_PAGES = 520


def _viewer(request: HttpRequest) -> Viewer:
    return reading.viewer_for_membership(request.membership)  # type: ignore[attr-defined]


@kept_page
@couple_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    range_key = request.GET.get("range", trends.DEFAULT_RANGE)
    if range_key not in trends.RANGES:
        range_key = trends.DEFAULT_RANGE
    status, alerts = reading.week_and_alerts(viewer)
    trend = reading.cached(viewer, "overview", range_key, lambda: _trend_parts(viewer, range_key))
    context = {
        "viewer": viewer,
        "status": status,
        "alerts": [a for a in alerts if not a.dismissed],
        "dismissed_count": sum(1 for a in alerts if a.dismissed),
        "therapist_card": any(a.lasted_a_month for a in alerts),
        "charts": trend["charts"],
        "gap": trend["gap"],
        "ranges": trends.RANGES,
        "range_key": range_key,
        "tap": {"value": trend["tap"], "circles": q.circles(), "next": request.path},
    }
    return render(request, "pulse/home.html", context)


def _trend_parts(viewer: Viewer, range_key: str) -> dict[str, Any]:
    """The overview's costly part: charts (as markup), the gap and today's tap."""
    result, rows, taps = reading.load_trends(viewer, range_key)
    return {
        "charts": [charts.render(chart) for chart in reading.chart_set(result)],
        "gap": reading.gap_report(viewer, range_key, rows),
        "tap": reading.todays_tap(taps),
    }


def _week_label(viewer: Viewer, week: date) -> str:
    weeks_ago = (viewer.current_week - week).days // 7
    if weeks_ago == 0:
        return _("This week")
    if weeks_ago == 1:
        return _("Last week")
    return _("%(count)s weeks ago") % {"count": weeks_ago}


@couple_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    asked = parse_day(request.POST.get("week") or request.GET.get("week") or viewer.today)
    refusal = None
    week = viewer.current_week
    if asked is None:
        refusal = _("That is not a date. Pick one of the weeks below.")
    else:
        try:
            week = accept_week(viewer.week_of(asked), viewer.current_week)
            services.refuse_if_skipped(viewer, week)
        except WeekRefused as refused:
            refusal = str(refused)
        except PulseRefused as refused:
            refusal = refused.message
    mine = {
        c.week_start: c
        for c in CheckIn.objects.authored_by(viewer.user).filter(
            couple=viewer.couple, week_start__gte=viewer.current_week - 4 * WEEK
        )
    }
    existing = mine.get(week)
    reflection = None
    if existing is not None:
        reflection = (
            CheckInReflection.objects.visible_to(viewer.user)
            .filter(checkin=existing, author=viewer.user)
            .first()
        )
    form = CheckInForm(
        request.POST if request.method == "POST" and refusal is None else None,
        initial=CheckInForm.initial_from(existing, reflection),
    )
    week_refused = refusal is not None
    status = 400 if week_refused else 200
    if not week_refused and request.method == "POST":
        if form.is_valid():
            try:
                _checkin, created = services.submit_checkin(viewer, week, form.answers())
            except PulseRefused as refused:
                refusal, status = refused.message, 400
            else:
                messages.success(
                    request,
                    _("Thank you. Your check-in is saved.")
                    if created
                    else _("Your check-in is updated."),
                )
                return redirect("pulse:home")
        else:
            status = 400
    context = {
        "viewer": viewer,
        "form": form,
        "week": week,
        "week_end": week_end(week),
        "week_label": _week_label(viewer, week),
        "closes_at": viewer.closes_at(week),
        "existing": existing,
        "refusal": refusal,
        "week_refused": week_refused,
        "circles": q.circles(),
        "other_weeks": [
            {"start": w, "label": _week_label(viewer, w), "done": w in mine, "current": w == week}
            for w in open_weeks(viewer.current_week)
        ],
    }
    return render(request, "pulse/checkin.html", context, status=status)


@couple_required
@require_GET
def weeks(request: HttpRequest) -> HttpResponse:
    return _weeks_page(request, _viewer(request))


def _weeks_page(request: HttpRequest, viewer: Viewer, status: int = 200) -> HttpResponse:
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    page = min(max(page, 1), MAX_PAGES)
    newest = viewer.current_week - WEEK * WEEKS_PER_PAGE * (page - 1)
    context = {
        "viewer": viewer,
        "weeks": reading.week_views(viewer, newest, WEEKS_PER_PAGE),
        "page": page,
        "older": page + 1 if page < MAX_PAGES else None,
        "newer": page - 1 if page > 1 else None,
        "signs": q.SIGNS,
        "satisfaction_items": q.SATISFACTION_ITEMS,
    }
    return render(request, "pulse/weeks.html", context, status=status)


@couple_required
@require_POST
def skip_week(request: HttpRequest) -> HttpResponse:
    """Pass on a missed closed week to see the partner's answers for it."""
    viewer = _viewer(request)
    week = parse_day(request.POST.get("week"))
    if week is None:
        messages.error(request, _("That is not a date. Pick one of the weeks below."))
        return _weeks_page(request, viewer, status=400)
    try:
        services.skip_week(viewer, week)
    except PulseRefused as refused:
        messages.error(request, refused.message)
        return _weeks_page(request, viewer, status=refused.status)
    messages.success(request, _("Skipped. Here are your partner's answers for that week."))
    return redirect(f"{reverse('pulse:weeks')}#week-{viewer.week_of(week):%Y%m%d}")


def _back_to(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(fallback)


@couple_required
@require_POST
def tap(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    form = TapForm(request.POST)
    saved = None
    if form.is_valid():
        try:
            services.record_tap(viewer, viewer.today, form.cleaned_data["closeness"])
            saved = form.cleaned_data["closeness"]
        except PulseRefused as refused:  # pragma: no cover - today is always allowed
            messages.error(request, refused.message)
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "tap": {
                "value": saved,
                "circles": q.circles(),
                "next": request.POST.get("next", ""),
                "just_saved": saved is not None,
                "error": saved is None,
            }
        }
        return render(
            request, "pulse/_tap.html#tap", context, status=200 if saved is not None else 400
        )
    if saved is None:
        messages.error(request, _("Choose one of the seven pictures."))
    else:
        messages.success(request, _("Noted: how close you feel today."))
    return redirect(_back_to(request, "pulse:home"))


@couple_required
@require_POST
def dismiss_alert(request: HttpRequest, alert_id: Any) -> HttpResponse:
    viewer = _viewer(request)
    alert = DriftAlert.objects.visible_to(viewer.user).filter(id=alert_id).first()
    if alert is None:
        raise Http404
    services.dismiss_alert(viewer, alert)
    messages.success(request, _("Set aside. It will not come back for this stretch of weeks."))
    return redirect(_back_to(request, "pulse:home"))


@couple_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    preference = services.preference_for(viewer)
    form = SettingsForm(
        request.POST or None,
        initial={
            "checkin_weekday": viewer.schedule.checkin_weekday,
            "daily_tap": preference.daily_tap,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            services.set_schedule(viewer, form.cleaned_data["checkin_weekday"])
            services.set_preference(viewer, form.cleaned_data["daily_tap"])
            messages.success(request, _("Saved."))
            return redirect("pulse:home")
        return render(request, "pulse/settings.html", {"form": form}, status=400)
    return render(request, "pulse/settings.html", {"form": form})
