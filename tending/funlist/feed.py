"""Planned dates in the couple's calendar feed (the feed is Traditions'; see
tending/traditions/feed.py, "contributors")."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Event

from tending.funlist.models import PlannedDate
from tending.lib.timezones import get_zone
from tending.traditions.feed import FeedRequest, contributes

# Dates long past are of no use in a calendar app; a few weeks of history
# keep "what did we do last Friday" visible.
HISTORY = timedelta(days=60)


@contributes
def planned_dates(request: FeedRequest) -> list[Event]:
    zone = get_zone(request.couple.time_zone)
    plans = (
        PlannedDate.objects.visible_to(request.user)
        .filter(couple=request.couple, end__gt=request.now - HISTORY)
        .select_related("idea")
        .order_by("start")
    )
    events = []
    for plan in plans:
        event = Event()
        event.add("uid", f"plan-{plan.pk}@tending")
        event.add("dtstamp", plan.updated)
        event.add("summary", plan.title)
        # In the couple's zone (the feed adds its VTIMEZONE), so the date
        # stays at its wall-clock time across a DST change.
        event.add("dtstart", plan.start.astimezone(zone))
        event.add("dtend", plan.end.astimezone(zone))
        if request.include_details and plan.idea is not None and plan.idea.description:
            event.add("description", plan.idea.description)
        events.append(event)
    return events
