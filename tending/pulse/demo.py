"""Demo Pulse history: weekly check-ins for both partners with a gentle drift
in the last weeks (so the demo shows an alert), and daily closeness taps."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from tending.couples.boundary import Visibility
from tending.demo import DemoCouple, contributes
from tending.lib.timezones import get_zone
from tending.pulse import questions as q
from tending.pulse.models import CheckIn, CheckInReflection, ClosenessTap, PulsePreference
from tending.pulse.weeks import DEFAULT_CHECKIN_WEEKDAY, WEEK, current_week

DRIFT_WEEKS = 4
NOTES = (
    "We finally had that long dinner.",
    "Busy week; we mostly passed each other in the hall.",
    "The Sunday walk helped.",
    "I miss our evenings without phones.",
)


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def week_answers(rng: random.Random, drifting: float) -> dict[str, int]:
    """One plausible week; `drifting` (0 to 1) tilts it towards conflict and distance."""
    answers = {
        "disconnected": _clamp(rng.gauss(0.6 + 0.8 * drifting, 0.5), 0, 4),
        "physical": _clamp(rng.gauss(0.8 + 0.6 * drifting, 0.6), 0, 4),
        "conflict": _clamp(rng.gauss(0.5 + 2.3 * drifting, 0.4), 0, 4),
        "lonely": _clamp(rng.gauss(0.4 + 0.5 * drifting, 0.5), 0, 4),
        "trust": _clamp(rng.gauss(0.2 + 0.2 * drifting, 0.3), 0, 4),
        "closeness": _clamp(rng.gauss(5.4 - 1.6 * drifting, 0.5), 1, 7),
    }
    for key in q.SATISFACTION_KEYS:
        answers[key] = _clamp(rng.gauss(4.0 - 0.6 * drifting, 0.5), 0, 5)
    answers["satisfaction"] = q.satisfaction_score([answers[k] for k in q.SATISFACTION_KEYS])
    return answers


def history_rows(
    couple: Any, people: list[Any], first_week: date, weeks: int, seed: Any, drift_from: int
) -> tuple[list[CheckIn], list[ClosenessTap]]:
    """Check-ins for `weeks` weeks from `first_week` and daily taps; the second
    person drifts from week index `drift_from` on. Used by the demo and the bench."""
    rng = random.Random(str(seed))  # noqa: S311 - sample data, not secrets
    zone = get_zone(couple.time_zone)
    checkins, taps = [], []
    for index in range(weeks):
        start = first_week + WEEK * index
        written = datetime.combine(start + timedelta(days=6), time(20, 30), tzinfo=zone)
        for slot, person in enumerate(people):
            drifting = 0.0
            if slot == 1 and index >= drift_from:
                drifting = min(1.0, 0.45 + 0.2 * (index - drift_from))
            if slot == 0 and rng.random() < 0.06:
                continue  # people miss a week now and then
            answers = week_answers(rng, drifting)
            checkins.append(
                CheckIn(
                    couple=couple,
                    author=person,
                    week_start=start,
                    visibility=Visibility.PARTNER,
                    created=written,
                    **answers,
                )
            )
            for day in range(7):
                if rng.random() < (0.9 if slot == 0 else 0.6):
                    taps.append(
                        ClosenessTap(
                            couple=couple,
                            author=person,
                            day=start + timedelta(days=day),
                            week_start=start,
                            closeness=_clamp(answers["closeness"] + rng.gauss(0, 0.8), 1, 7),
                            created=written,
                        )
                    )
    return checkins, taps


DEMO_SEED = "tending-demo"


@contributes
def pulse_history(demo: DemoCouple) -> None:
    from tending.pulse import reading, services

    couple, people = demo.couple, [demo.first, demo.second]
    this_week = current_week(couple.time_zone, DEFAULT_CHECKIN_WEEKDAY)
    first_week = this_week - WEEK * demo.weeks
    drift_from = max(0, demo.weeks - DRIFT_WEEKS)
    # A fixed seed: every demo tells the same story, drift and alert included.
    checkins, taps = history_rows(couple, people, first_week, demo.weeks, DEMO_SEED, drift_from)
    # This week the first partner has checked in and the second not yet:
    # the demo shows "waiting for your partner" on one side, "open" on the other.
    rng = random.Random(f"{DEMO_SEED}-now")  # noqa: S311 - sample data
    checkins.append(
        CheckIn(couple=couple, author=demo.first, week_start=this_week, **week_answers(rng, 0.1))
    )
    taps = [t for t in taps if t.day < this_week]
    CheckIn.objects.bulk_create(checkins)
    ClosenessTap.objects.bulk_create(taps)
    recent = [c for c in checkins if c.week_start >= this_week - 2 * WEEK]
    CheckInReflection.objects.bulk_create(
        CheckInReflection(
            couple=couple,
            author_id=c.author_id,
            checkin=c,
            feelings=",".join(rng.sample(["tired", "hopeful", "distant", "grateful"], 2)),
            note=rng.choice(NOTES),
            visibility=Visibility.PARTNER if c.author_id == demo.first.pk else Visibility.PRIVATE,
        )
        for c in recent
    )
    PulsePreference.objects.create(couple=couple, author=demo.first, daily_tap=True)
    membership = demo.first.memberships.get(couple=couple)
    services.refresh_alerts(reading.viewer_for_membership(membership))
