"""Traditions (issue 7): a couple with 30 traditions kept for five years.

- The Traditions page as a partner sees it: at least 40% of the ceiling's
  requests/s, p99 under 100 ms. Its figures ("done 4 of the last 5", the next
  date) come from stored dates through index-bound subqueries, so five years
  of history are never re-expanded on a request.
- The calendar feed: built in-process in under 50 ms (p95), and its public
  URL under load (reported with a p99 limit).
- The Traditions API list, reported.
"""

from __future__ import annotations

import random
import time
from datetime import time as clock
from datetime import timedelta

from bench.scenarios import Context, Measurement, Target

YEARS = 5
BATCH = 2000
# (rule, time of day, minutes): 30 traditions of every kind of rhythm.
RHYTHMS = (
    *[("FREQ=DAILY", clock(22, 30), 10)] * 5,
    ("FREQ=DAILY", clock(7, 15), 15),
    ("FREQ=WEEKLY;BYDAY=WE", clock(21), 20),
    ("FREQ=DAILY;INTERVAL=2", None, None),
    *[("FREQ=WEEKLY;BYDAY=FR", clock(19), 150)] * 4,
    *[("FREQ=WEEKLY;BYDAY=MO,TH", clock(7), 15)] * 4,
    *[("FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", clock(10), 120)] * 3,
    ("FREQ=WEEKLY;BYDAY=SU", clock(11), 60),
    ("FREQ=WEEKLY;BYDAY=TU,WE,TH", clock(18, 45), 45),
    *[("FREQ=MONTHLY;BYDAY=-1FR", clock(19, 30), 150)] * 3,
    *[("FREQ=MONTHLY;BYDAY=2SU", clock(11), 120)] * 3,
    ("FREQ=MONTHLY;BYMONTHDAY=15", clock(20), 30),
    ("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=12", clock(18), 180),
    ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", None, None),
)


def prepare(ctx: Context) -> None:
    from django.utils import timezone

    from tending.couples.models import Membership
    from tending.traditions import feed, services
    from tending.traditions.models import Occurrence, OccurrenceStatus

    assert len(RHYTHMS) == 30
    rng = random.Random("bench-traditions")
    a, b = ctx.user("a"), ctx.user("b")
    memberships = {
        m.user_id: m
        for m in Membership.objects.partners()
        .filter(couple_id=ctx.couple_id)
        .select_related("couple")
    }
    now = timezone.now()
    first_day = services.local_today(ctx.couple(), now) - timedelta(days=365 * YEARS)
    started = time.perf_counter()
    traditions = []
    for index, (rule, at, minutes) in enumerate(RHYTHMS):
        author = a if index % 2 == 0 else b
        tradition = services.create_tradition(
            memberships[author.pk],
            f"Tradition {index + 1:02d}",
            "A ritual of ours, kept for years.",
            services.ScheduleInput(rule, first_day, at, minutes),
            now=now,
        )
        for person in (a, b):
            services.set_meaning(tradition, person, rng.randint(2, 5))
        traditions.append(tradition)
    # A few seasons, as real couples have: a time moved, a holiday pause.
    for tradition in traditions[::7]:
        when = now - timedelta(days=rng.randint(200, 900))
        services.change_schedule(
            tradition,
            b,
            services.ScheduleInput("FREQ=WEEKLY;BYDAY=SA", first_day, clock(18), 90),
            now=when,
        )
    for tradition in traditions[3::9]:
        services.pause(tradition, now=now - timedelta(days=120))
        services.resume(tradition, a, now=now - timedelta(days=90))
    services.plan_ahead(ctx.couple(), now)
    past = list(Occurrence.objects.filter(couple_id=ctx.couple_id, starts_at__lte=now))
    for occurrence in past:
        roll = rng.random()
        if roll < 0.7:
            occurrence.status = OccurrenceStatus.DONE
        elif roll < 0.8:
            occurrence.status = OccurrenceStatus.SKIPPED
        else:
            continue
        occurrence.marked_by = a if roll < 0.35 else b
        occurrence.marked_at = occurrence.starts_at
    Occurrence.objects.bulk_update(past, ["status", "marked_by", "marked_at"], batch_size=BATCH)
    _subscription, token = feed.issue_feed(memberships[a.pk])
    ctx.values["feed_path"] = f"/feed/{token}.ics"
    ctx.values["occurrences"] = Occurrence.objects.filter(couple_id=ctx.couple_id).count()
    print(
        f"  traditions: 30 traditions, {ctx.values['occurrences']} stored dates "
        f"in {time.perf_counter() - started:.1f} s"
    )


def targets(ctx: Context) -> list[Target]:
    return [
        # Reported only: it warms each server worker's templates first, so
        # the page below is not measured (or timed out) on a cold start.
        Target(
            name="Calendar address page (warm-up)",
            path="/traditions/calendar/",
            auth="session",
        ),
        Target(
            name="Traditions page (30 traditions, 5 years)",
            path="/traditions/",
            auth="session",
            min_ratio=0.40,
            max_p99_ms=100,
            expect_text="Tradition 30",
        ),
        Target(
            name="Calendar feed URL (public by secret)",
            path=ctx.values["feed_path"],
            auth=None,
            max_p99_ms=100,
            expect_text="BEGIN:VCALENDAR",
        ),
        Target(
            name="GET /api/v1/traditions/ (token)",
            path="/api/v1/traditions/",
            auth="token",
            headers={"Accept": "application/json"},
            expect_text="Tradition 30",
        ),
    ]


def in_process(ctx: Context) -> list[Measurement]:
    from tending.traditions import feed
    from tending.traditions.models import CalendarFeed

    subscription = CalendarFeed.objects.select_related("couple", "author").get(
        couple_id=ctx.couple_id, revoked_at__isnull=True
    )
    client = ctx.client("a")

    def build() -> None:
        body = feed.build_feed(subscription)
        assert body.startswith(b"BEGIN:VCALENDAR")

    def page() -> None:
        response = client.get("/traditions/")
        assert response.status_code == 200, response.status_code

    return [
        ctx.time("Calendar feed built (30 traditions)", build, n=200, max_p95_ms=50),
        ctx.time("Traditions page, rendered in-process", page, n=150),
    ]
