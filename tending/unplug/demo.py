"""Demo Unplug history: two commitments with answered nights, a tech-free
session most weeks (some across midnight), and weekly phone ratings that
ease as the unplugged minutes grow."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from tending.couples.boundary import Visibility
from tending.couples.models import Membership
from tending.demo import DemoCouple, contributes
from tending.lib.timezones import get_zone
from tending.unplug import services
from tending.unplug.models import Check, Commitment, PhoneRating, UnplugSession


@contributes
def demo_unplug(demo: DemoCouple) -> None:
    rng = random.Random(f"unplug-{demo.couple.pk}")  # noqa: S311 - sample data
    couple = demo.couple
    zone = get_zone(couple.time_zone)
    membership = Membership.objects.partners().select_related("couple").get(user=demo.first)
    people = [demo.first, demo.second]
    now = timezone.now()
    today = services.local_today(couple, now)
    first_monday = services.monday_of(today) - timedelta(weeks=demo.weeks - 1)
    bedroom = services.create_commitment(
        membership, "Phones out of the bedroom", time(22, 0), time(7, 0), list(range(7))
    )
    dinner = services.create_commitment(
        membership, "No phones at dinner", time(19, 0), time(20, 0), [0, 1, 2, 3, 4]
    )
    Commitment.objects.filter(pk__in=[bedroom.pk, dinner.pk]).update(
        created=datetime.combine(first_monday, time(9), tzinfo=zone)
    )
    checks, ratings, sessions = [], [], []
    for week in range(demo.weeks):
        monday = first_monday + timedelta(weeks=week)
        ease = week / max(demo.weeks - 1, 1)  # later weeks go better
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if day > today:
                break
            for commitment in (bedroom, dinner):
                if not commitment.applies_on(day) or rng.random() < 0.35:
                    continue
                for person in people:
                    checks.append(
                        Check(
                            couple=couple,
                            author=person,
                            commitment=commitment,
                            night=day,
                            kept=rng.random() < 0.55 + 0.35 * ease,
                            visibility=rng.choice([Visibility.PRIVATE, Visibility.PARTNER]),
                        )
                    )
        for _n in range(1 + int(ease * 2 + rng.random())):
            day = monday + timedelta(days=rng.randrange(7))
            start = datetime.combine(day, time(rng.choice([20, 21, 22, 23]), 15), tzinfo=zone)
            minutes = rng.choice([30, 45, 60, 90, 120])
            end = start + timedelta(minutes=minutes)
            if end >= now:
                continue
            sessions.append(
                UnplugSession(
                    couple=couple,
                    author=rng.choice(people),
                    visibility=Visibility.PARTNER,
                    created=start,
                    joined_by=people[1],
                    joined_at=start + timedelta(minutes=2),
                    ended_at=end,
                    ended_by=people[0],
                    minutes=minutes,
                )
            )
        if monday < services.monday_of(today) or rng.random() < 0.5:
            for slot, person in enumerate(people):
                value = max(0, min(4, round(3.2 - 2.4 * ease + rng.gauss(0, 0.5) + slot * 0.3)))
                ratings.append(
                    PhoneRating(
                        couple=couple,
                        author=person,
                        week_start=monday,
                        value=value,
                        visibility=Visibility.PARTNER if slot == 0 else Visibility.PRIVATE,
                    )
                )
    Check.objects.bulk_create(checks, ignore_conflicts=True)
    UnplugSession.objects.bulk_create(sessions)
    PhoneRating.objects.bulk_create(ratings, ignore_conflicts=True)
