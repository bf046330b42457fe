"""Fun list (issue 6): two calendars of 2,000 events each (a quarter of them
recurring) and 1,000 ideas. In-process: the free windows of the next 14 days
plus the ranking of suggestions, p95 under 100 ms, computed from scratch (no
cache). Under load: the picker page as a partner, at least 30% of the
ceiling's requests/s. Busy intervals are expanded when a calendar is read
(here, in `prepare`), never per request."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from bench.scenarios import Context, Measurement, Target

IDEAS = 1000
EVENTS = 2000
RECURRING_SHARE = 4  # one event in four repeats


def _say(message: str) -> None:
    print(f"  funlist: {message}", flush=True)


def _calendar(rng: random.Random, seed: int, zone_name: str, today: datetime) -> bytes:
    """EVENTS events over two months around today; a quarter weekly or daily
    series with an end; mostly in working hours, some in the evening."""
    from tending.lib.timezones import get_zone

    zone = get_zone(zone_name)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Tending bench//EN"]
    for n in range(EVENTS):
        day = today.date() + timedelta(days=rng.randint(-20, 45))
        hour = rng.choice([8, 9, 10, 11, 13, 14, 15, 16, 18, 19, 20])
        start = datetime.combine(day, clock(hour, rng.choice([0, 15, 30])), tzinfo=zone)
        end = start + timedelta(minutes=rng.choice([30, 45, 60, 90]))
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{seed}-{n}",
            f"DTSTART:{start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"DTEND:{end.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:Event {n}",
        ]
        if n % RECURRING_SHARE == 0:
            lines.append(rng.choice(["RRULE:FREQ=WEEKLY;COUNT=10", "RRULE:FREQ=DAILY;COUNT=5"]))
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def prepare(ctx: Context) -> None:
    from django.utils import timezone

    from tending.calendars import services as calendars
    from tending.calendars import stamps
    from tending.couples.boundary import Visibility
    from tending.funlist.models import Answer, FunIdea, IdeaAnswer, Memory

    rng = random.Random("funlist-bench")
    started = time.perf_counter()
    couple, a, b = ctx.couple(), ctx.user("a"), ctx.user("b")
    now = timezone.now()
    ideas = [
        FunIdea(
            couple=couple,
            author=a if n % 2 else b,
            visibility=Visibility.PARTNER,
            title=f"Bench idea {n}",
            duration_minutes=rng.choice([30, 45, 60, 90, 120, 180, 240, 480, 1440]),
            cost=rng.randint(0, 3),
            energy=rng.choice(["cosy", "easy", "active"]),
            where=rng.choice(["home", "out", "away"]),
            season=rng.choice(["any"] * 6 + ["summer", "winter", "rainy"]),
        )
        for n in range(IDEAS)
    ]
    FunIdea.objects.bulk_create(ideas, batch_size=500)
    answers = []
    for idea in ideas:
        for person in (a, b):
            choice = rng.choices(["yes", "maybe", "no", None], weights=[5, 2, 1, 1])[0]
            if choice:
                answers.append(
                    IdeaAnswer(
                        couple=couple,
                        author=person,
                        visibility=Visibility.PRIVATE,
                        idea=idea,
                        answer=Answer(choice),
                    )
                )
    IdeaAnswer.objects.bulk_create(answers, batch_size=1000)
    Memory.objects.bulk_create(
        (
            Memory(
                couple=couple,
                author=a,
                visibility=Visibility.PARTNER,
                idea=idea,
                title=idea.title,
                day=(now - timedelta(days=rng.randint(1, 400))).date(),
            )
            for idea in rng.sample(ideas, 150)
        ),
        batch_size=500,
    )
    _say(f"{IDEAS} ideas, {len(answers)} answers in {time.perf_counter() - started:.1f} s")
    # Bulk inserts send no signals: move the planning stamp on by hand.
    stamps.bump(couple.pk)
    for seed, person in enumerate((a, b)):
        begun = time.perf_counter()
        data = _calendar(rng, seed, couple.time_zone, now)
        source = calendars.add_upload(person, couple, f"Calendar {seed}", data)
        _say(
            f"calendar of {EVENTS} events ({len(data) // 1024} KiB) read into "
            f"{source.busy_count} busy intervals in {time.perf_counter() - begun:.1f} s"
        )


def targets(ctx: Context) -> list[Target]:
    return [
        Target(
            name="Fun list picker page",
            path="/funlist/pick/",
            auth="session",
            who="a",
            min_ratio=0.30,
            expect_text="Pick something to do together",
        ),
    ]


def in_process(ctx: Context) -> list[Measurement]:
    from django.utils import timezone

    from tending.calendars import services as calendars
    from tending.calendars.windows import DAYS_AHEAD, free_windows
    from tending.funlist import picker

    couple, a = ctx.couple(), ctx.user("a")

    def windows_and_ranking() -> None:
        # From scratch: no cached windows, every busy interval read again.
        now = timezone.now()
        hours = calendars.planning_hours(couple)
        busy = calendars.joint_busy(couple, now, now + timedelta(days=DAYS_AHEAD + 1))
        windows = free_windows(busy, calendars.as_hours(hours), couple.time_zone, now)
        ideas = picker.read_candidates(a, couple)
        # The ranking as the page asks for it: tonight's window (its own read
        # of both calendars), whose idea comes first, then every idea ranked
        # for the week view's windows.
        picker.pick(a, couple, "tonight", now=now, ideas=ideas)
        picker.ideas_for_windows(a, couple, windows[:6], now, ideas=ideas)
        assert windows, "the bench calendars should leave some free evenings"

    def as_served() -> None:
        # What the picker page calls: windows and candidates through their
        # caches, which any change to a calendar, idea, answer or memory resets.
        now = timezone.now()
        windows = calendars.couple_windows(couple, now=now)
        ideas = picker.candidates(a, couple)
        picker.pick(a, couple, "tonight", now=now, ideas=ideas)
        picker.ideas_for_windows(a, couple, windows[:6], now, ideas=ideas)

    client = ctx.client("a")

    def picker_page() -> None:
        response = client.get("/funlist/pick/")
        assert response.status_code == 200, response.status_code

    return [
        ctx.time(
            "Free windows (14 days) + ranking, 1,000 ideas, 2×2,000 events",
            windows_and_ranking,
            n=100,
            max_p95_ms=100,
        ),
        ctx.time("Free windows + ranking as the page calls them (caches warm)", as_served, n=100),
        ctx.time("Picker page, rendered in-process", picker_page, n=100),
    ]
