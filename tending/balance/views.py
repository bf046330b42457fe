"""Balance pages: this week against my own aim, a quick log, a timer, the aim."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tending.balance import services
from tending.balance.forms import QUICK_MINUTES, AimForm, EntryForm, LogForm, TimerForm
from tending.balance.models import Kind
from tending.couples.access import couple_required
from tending.couples.services import CoupleActionRefused
from tending.lib import charts
from tending.lib.http import AuthenticatedRequest

TREND_WEEKS = 8


def _week_asked(request: AuthenticatedRequest, today: date) -> date:
    try:
        asked = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        asked = today
    return services.week_in_reach(asked, today)


def _chart(
    chart_id: str, title: str, rows: list[services.Week], attr: str, aim: int | None, name: str
) -> charts.Chart:
    labels = [date_format(w.monday, "j M") for w in rows]
    long_labels = [_("week of %(day)s") % {"day": date_format(w.monday, "j F")} for w in rows]
    lines = []
    if aim:
        lines.append(charts.Series(_("My aim"), "series-aim", [aim / 60] * len(rows), "h"))
    hours = [round(getattr(w, attr) / 60, 1) for w in rows]
    # Bars and the aim share one scale: the aim line is read against the bars.
    top = charts.nice_top(max([*hours, (aim or 0) / 60, 1]), charts.HOUR_TOPS)
    return charts.bars_with_lines(
        chart_id,
        title,
        labels,
        long_labels,
        charts.Series(name, "series-minutes", hours, "h"),
        lines,
        line_range=(0, top),
        bar_tick_label=" h",
        bar_top=top,
    )


@couple_required
@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    user = request.user
    today = services.local_today(user)
    monday = _week_asked(request, today)
    rows = services.weeks(user, membership, monday, TREND_WEEKS)
    week = rows[-1]
    aim = services.my_aim(user, membership)
    context = {
        "week": week,
        "week_end": week.monday + timedelta(days=6),
        "previous": week.monday - timedelta(weeks=1),
        "next": week.monday + timedelta(weeks=1)
        if week.monday < services.monday_of(today)
        else None,
        "aim": aim,
        "self_chart": _chart(
            "balance-self",
            _("Time for me, week by week"),
            rows,
            "self_minutes",
            aim.self_minutes if aim else None,
            _("For me (hours)"),
        ),
        "couple_chart": _chart(
            "balance-couple",
            _("Time with us, week by week"),
            rows,
            "couple_minutes",
            aim.couple_minutes if aim else None,
            _("With us (hours)"),
        ),
        "form": LogForm(initial={"on": today, "kind": Kind.SELF}),
        "quick_minutes": QUICK_MINUTES,
        "categories": services.recent_categories(user, membership, Kind.SELF),
        "couple_categories": services.recent_categories(user, membership, Kind.COUPLE),
        "timer": services.running_timer(user, membership),
        "timer_form": TimerForm(),
        "entries": services.entries_between(
            user, membership, week.monday, week.monday + timedelta(days=6)
        )
        .filter(author=user)
        .order_by("-on", "-created"),
        "now": timezone.now(),
    }
    return render(request, "balance/home.html", context)


@couple_required
@require_POST
def log(request: AuthenticatedRequest) -> HttpResponse:
    data: Any = request.POST.copy()
    # A tap on a "30 min" chip sends minutes; the number box sends custom_minutes.
    if not data.get("minutes"):
        data["minutes"] = data.get("custom_minutes", "")
    form = LogForm(data)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.log_time(
                request.membership,  # type: ignore[attr-defined]
                data["kind"],
                data["category"],
                data["minutes"],
                data["on"],
            )
        except CoupleActionRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Logged %(minutes)d minutes.") % data)
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, _("Not logged: %(why)s") % {"why": " ".join(problems)})
    return redirect("balance:home")


@couple_required
@require_http_methods(["GET", "POST"])
def entry(request: AuthenticatedRequest, entry_id: Any) -> HttpResponse:
    found = services.own_entry(request.user, entry_id)
    form = EntryForm(
        request.POST or None,
        initial={"category": found.category, "minutes": found.minutes, "on": found.on},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_entry(
                found,
                request.membership,  # type: ignore[attr-defined]
                data["category"],
                data["minutes"],
                data["on"],
            )
        except CoupleActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{reverse('balance:home')}?week={services.monday_of(data['on'])}")
    status = 400 if request.method == "POST" else 200
    return render(request, "balance/entry.html", {"form": form, "entry": found}, status=status)


@couple_required
@require_POST
def entry_delete(request: AuthenticatedRequest, entry_id: Any) -> HttpResponse:
    found = services.own_entry(request.user, entry_id)
    found.delete()
    messages.success(request, _("Removed."))
    return redirect("balance:home")


@couple_required
@require_POST
def timer_start(request: AuthenticatedRequest) -> HttpResponse:
    form = TimerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what the time is for, then start the timer."))
        return redirect("balance:home")
    try:
        services.start_timer(
            request.membership,  # type: ignore[attr-defined]
            form.cleaned_data["kind"],
            form.cleaned_data["category"],
        )
    except CoupleActionRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("balance:home")


@couple_required
@require_POST
def timer_stop(request: AuthenticatedRequest) -> HttpResponse:
    try:
        made = services.stop_timer(request.membership)  # type: ignore[attr-defined]
    except CoupleActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        total = sum(e.minutes or 0 for e in made)
        if total:
            messages.success(request, _("Logged %(minutes)d minutes.") % {"minutes": total})
        else:
            # Saying "0 minutes logged" would read like a fault.
            messages.info(request, _("Stopped before a minute had passed: nothing logged."))
    return redirect("balance:home")


@couple_required
@require_http_methods(["GET", "POST"])
def aim(request: AuthenticatedRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    current = services.my_aim(request.user, membership)
    initial = {
        "self_hours": round(current.self_minutes / 60, 1) if current else 5,
        "couple_hours": round(current.couple_minutes / 60, 1) if current else 6,
    }
    form = AimForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_aim(membership, **form.minutes())
        messages.success(request, _("Your aim is set. It is yours alone."))
        return redirect("balance:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "balance/aim.html", {"form": form, "aim": current}, status=status)
