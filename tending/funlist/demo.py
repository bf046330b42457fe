"""Demo data for the fun list: starter ideas with answers (some both-yes,
some waiting), a few memories, and an uploaded-style calendar per partner
generated as a small ICS, so the picker has windows to show."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from tending.calendars import services as calendars
from tending.demo import DemoCouple, contributes
from tending.funlist import services, starter
from tending.lib.timezones import get_zone


def demo_ics(zone_name: str, seed: int, now: datetime) -> bytes:
    """Office hours on weekdays, plus a few evening appointments: a calendar a
    person might export, written with the times only."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    zone = get_zone(zone_name)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tending demo//EN"]
    today = now.astimezone(zone).date()
    # The series starts on this week's Monday: a DTSTART counts as an
    # occurrence even on a day its rule does not name.
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time(9), tzinfo=zone).astimezone(UTC)
    lines += [
        "BEGIN:VEVENT",
        f"UID:work-{seed}@demo",
        f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
        f"DTEND:{start + timedelta(hours=8):%Y%m%dT%H%M%SZ}",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "SUMMARY:Work",
        "END:VEVENT",
    ]
    for n in range(5):
        day = today + timedelta(days=rng.randint(0, 13))
        begin = datetime.combine(day, time(rng.choice([18, 19, 20])), tzinfo=zone).astimezone(UTC)
        lines += [
            "BEGIN:VEVENT",
            f"UID:evening-{seed}-{n}@demo",
            f"DTSTART:{begin:%Y%m%dT%H%M%SZ}",
            f"DTEND:{begin + timedelta(minutes=90):%Y%m%dT%H%M%SZ}",
            "SUMMARY:Appointment",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


@contributes
def fun_list(demo: DemoCouple) -> None:
    rng = random.Random(6)  # noqa: S311 - demo data, not security
    couple, first, second = demo.couple, demo.first, demo.second
    ideas = []
    for index, item in enumerate(starter.ideas()[:30]):
        author = first if index % 2 == 0 else second
        other = second if author is first else first
        idea = services.add_starter(author, couple, item.key)
        ideas.append(idea)
        if index < 18:
            services.set_answer(other, idea, "yes" if index % 3 else "maybe")
        elif index < 22:
            services.set_answer(other, idea, "no")
        # The rest wait for the other partner's answer.
    today = timezone.localdate()
    for idea in rng.sample(ideas[:18], 4):
        day = today - timedelta(days=rng.randint(3, max(4, demo.weeks * 7)))
        memory = services.record_memory(
            first, couple, idea, day, "That was a good one.", rng.randint(3, 5)
        )
        services.set_note(second, memory, "Let's do it again soon.", rng.randint(4, 5))
    now = timezone.now()
    for seed, person in enumerate((first, second)):
        calendars.add_upload(person, couple, "Work", demo_ics(couple.time_zone, seed, now))
