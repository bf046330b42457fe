"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py).

A's calendar is private to A: every walked persona must get 404 for it. It
is an uploaded one, so nothing the walker does can make Tending fetch an
address; a subscription is only ever fetched by the worker.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tending.calendars import services

ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
    b"DTSTART:20300101T100000Z\r\nDTEND:20300101T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


EXAMPLE_BODIES = {
    "tending_calendars_api_replace": lambda objects: {
        "file": SimpleUploadedFile("cal.ics", ICS, "text/calendar")
    },
}


def objects(personas: Any) -> dict[str, object]:
    source = services.add_upload(personas.a, personas.couple, "Ada's work", ICS)
    return {"calendar_id": source.id}
