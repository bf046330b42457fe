"""Demo Balance: each partner's own aim and weeks of time for themself
(their own categories too) and a little couple time logged by hand."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from tending.balance import services
from tending.balance.models import BalanceEntry, Kind
from tending.couples.boundary import Visibility
from tending.couples.models import Membership
from tending.demo import DemoCouple, contributes

SELF_TIME = {
    0: (("Climbing", 90), ("Friends", 120), ("Reading", 45), ("Rest", 60)),
    1: (("Choir", 120), ("Running", 40), ("Pottery", 150), ("Rest", 60)),
}
COUPLE_TIME = (("A walk", 45), ("Cooking together", 60), ("Coffee in town", 40))


@contributes
def demo_balance(demo: DemoCouple) -> None:
    rng = random.Random(f"balance-{demo.couple.pk}")  # noqa: S311 - sample data
    now = timezone.now()
    entries = []
    for slot, person in enumerate([demo.first, demo.second]):
        membership = Membership.objects.partners().select_related("couple").get(user=person)
        services.set_aim(membership, (5 + slot) * 60, 6 * 60)
        today = services.local_today(person, now)
        for days_ago in range(demo.weeks * 7):
            day = today - timedelta(days=days_ago)
            for category, minutes in SELF_TIME[slot]:
                if rng.random() < 0.22:
                    entries.append(
                        BalanceEntry(
                            couple=demo.couple,
                            author=person,
                            visibility=Visibility.PRIVATE,
                            kind=Kind.SELF,
                            category=category,
                            minutes=minutes + rng.choice([-15, 0, 15]),
                            on=day,
                        )
                    )
            if slot == 0 and rng.random() < 0.15:
                category, minutes = rng.choice(COUPLE_TIME)
                entries.append(
                    BalanceEntry(
                        couple=demo.couple,
                        author=person,
                        visibility=Visibility.PARTNER,
                        kind=Kind.COUPLE,
                        category=category,
                        minutes=minutes,
                        on=day,
                    )
                )
    BalanceEntry.objects.bulk_create(entries)
