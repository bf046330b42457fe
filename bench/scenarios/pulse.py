"""Pulse (issue 3): the overview page and the trends API for a couple with five
years of weekly check-ins and daily closeness taps, among 10,000 other couples
with a year of check-ins each. Both must run a fixed number of queries
whatever the history (asserted in tending/pulse/tests), reach 40% of the
ceiling's requests/s and keep p99 under 100 ms at 32 connections."""

from __future__ import annotations

import os
import random
import time
from typing import Any

from bench.scenarios import Context, Measurement, Target

YEARS = 5
OTHER_COUPLES = int(os.environ.get("BENCH_PULSE_COUPLES", "10000"))
OTHER_WEEKS = 52
BATCH = 5000


def _say(message: str) -> None:
    print(f"  pulse: {message}", flush=True)


def prepare(ctx: Context) -> None:
    from tending.pulse import reading, services
    from tending.pulse.demo import history_rows
    from tending.pulse.models import CheckIn, ClosenessTap, PulsePreference
    from tending.pulse.weeks import DEFAULT_CHECKIN_WEEKDAY, WEEK, current_week

    couple, a, b = ctx.couple(), ctx.user("a"), ctx.user("b")
    this_week = current_week(couple.time_zone, DEFAULT_CHECKIN_WEEKDAY)
    weeks = 52 * YEARS + 1
    started = time.perf_counter()
    checkins, taps = history_rows(
        couple, [a, b], this_week - WEEK * weeks, weeks, "bench", drift_from=weeks - 4
    )
    CheckIn.objects.bulk_create(checkins, batch_size=BATCH)
    ClosenessTap.objects.bulk_create(taps, batch_size=BATCH)
    PulsePreference.objects.create(couple=couple, author=a, daily_tap=True)
    membership = a.memberships.get(couple=couple)
    services.refresh_alerts(reading.viewer_for_membership(membership))
    _say(
        f"{len(checkins)} check-ins and {len(taps)} taps for {couple} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    rows = _crowd(OTHER_COUPLES, this_week - WEEK * OTHER_WEEKS)
    if ctx.db == "postgresql":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after a million rows
    took = time.perf_counter() - started
    _say(f"{OTHER_COUPLES} other couples, {rows} check-ins, in {took:.1f} s")
    ctx.values["pulse_trends"] = f"/api/v1/pulse/{ctx.couple_id}/trends"


def _crowd(count: int, first_week: Any) -> int:
    """`count` couples of two partners with a year of weekly check-ins each.

    People, couples and memberships go through bulk_create; the million
    check-ins are written with one executemany (COPY on PostgreSQL) per
    thousand couples, values prepared per column the way the ORM would,
    because building a model instance per row took most of the time."""
    import uuid

    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from tending.accounts.models import User
    from tending.couples.models import Couple, Membership, Role
    from tending.pulse.demo import week_answers
    from tending.pulse.models import CheckIn
    from tending.pulse.weeks import WEEK

    rng = random.Random("crowd")
    patterns = [week_answers(rng, rng.choice((0.0, 0.0, 0.3, 0.7))) for _ in range(64)]
    metric_names = list(patterns[0])
    fields = {f.attname: f for f in CheckIn._meta.concrete_fields}
    columns = ["id", "couple_id", "author_id", "visibility", "created", "updated", "week_start"]
    columns += metric_names
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(CheckIn._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 - names from the model
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    now = fields["created"].get_db_prep_save(timezone.now(), connection)
    weeks = [
        fields["week_start"].get_db_prep_save(first_week + WEEK * n, connection)
        for n in range(OTHER_WEEKS)
    ]
    pattern_values = [[p[name] for name in metric_names] for p in patterns]
    prep_id = fields["id"].get_db_prep_save
    unusable = make_password(None)
    total = 0
    for offset in range(0, count, 1000):
        size = min(1000, count - offset)
        with transaction.atomic():
            couples = Couple.objects.bulk_create(
                Couple(name=f"Crowd {offset + i}", time_zone="Europe/Berlin") for i in range(size)
            )
            users = User.objects.bulk_create(
                User(
                    email=f"crowd-{offset + i}-{slot}@bench.example",
                    display_name=f"Crowd {slot}",
                    password=unusable,
                )
                for i in range(size)
                for slot in (1, 2)
            )
            Membership.objects.bulk_create(
                Membership(
                    couple=couples[i // 2], user=user, role=Role.PARTNER, partner_slot=i % 2 + 1
                )
                for i, user in enumerate(users)
            )
            rows = []
            for i, user in enumerate(users):
                couple_id = prep_id(couples[i // 2].pk, connection)
                author_id = prep_id(user.pk, connection)
                for n, week in enumerate(weeks):
                    answers = pattern_values[(i * 7 + n) % len(pattern_values)]
                    rows.append(
                        (
                            prep_id(uuid.uuid4(), connection),
                            couple_id,
                            author_id,
                            "partner",
                            now,
                            now,
                            week,
                            *answers,
                        )
                    )
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # COPY: executemany sends a million rows many times slower.
                    names = ", ".join(quote(c) for c in columns)
                    table = quote(CheckIn._meta.db_table)
                    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    cursor.executemany(sql, rows)
            total += len(rows)
    return total


def targets(ctx: Context) -> list[Target]:
    return [
        Target(
            name="Pulse overview (5 years of history)",
            path="/pulse/",
            auth="session",
            min_ratio=0.40,
            max_p99_ms=100,
            # The partner's name in the charts' legend: the real page, with data.
            expect_text=ctx.b.display_name,
        ),
        Target(
            name="GET /api/v1/pulse/…/trends (token)",
            path=ctx.values["pulse_trends"],
            auth="token",
            headers={"Accept": "application/json"},
            min_ratio=0.40,
            max_p99_ms=100,
            expect_text='"range": "12w"',
        ),
    ]


def in_process(ctx: Context) -> list[Measurement]:
    # Reported without a limit: app time without the server, to tell the two apart.
    client = ctx.client("a")
    from django.test import Client

    from tending.accounts.models import ApiToken

    api = Client(HTTP_HOST="127.0.0.1", headers={"Authorization": f"Bearer {ctx.a.token}"})
    assert ApiToken.objects.authenticate(ctx.a.token) is not None

    def overview() -> None:
        response = client.get("/pulse/")
        assert response.status_code == 200, response.status_code

    def overview_all_time() -> None:
        response = client.get("/pulse/?range=all")
        assert response.status_code == 200, response.status_code

    def trends() -> None:
        response = api.get(ctx.values["pulse_trends"])
        assert response.status_code == 200, response.status_code

    return [
        ctx.time("Pulse overview, rendered in-process", overview, n=200),
        ctx.time("Pulse overview, all time (60 months), in-process", overview_all_time, n=50),
        ctx.time("Pulse trends API, in-process", trends, n=200),
    ]
