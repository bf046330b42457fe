"""Many couples with due nudges, fast: for the multi-process tests and `make bench`.

    python -m tending.nudges.tests.seed COUPLES [NUDGES_PER_PARTNER]

Runs against whatever database the environment names (TENDING_DATA_DIR or
DATABASE_URL). Accounts get unusable passwords; every nudge is an
"appreciation received" (e-mail and in app), due now.
"""

from __future__ import annotations

import os
import sys
import uuid


def seed(couples: int, per_partner: int = 1, chunk: int = 2000) -> int:
    from django.db import transaction
    from django.utils import timezone

    from tending.accounts.models import User
    from tending.couples.models import Couple, Membership, Role
    from tending.nudges.models import Nudge

    now = timezone.now()
    made = 0
    for start in range(0, couples, chunk):
        count = min(chunk, couples - start)
        with transaction.atomic():
            pairs = [Couple(id=uuid.uuid4(), name=f"Couple {start + i}") for i in range(count)]
            Couple.objects.bulk_create(pairs)
            users, memberships, nudges = [], [], []
            for i, couple in enumerate(pairs):
                for slot in (1, 2):
                    user = User(
                        id=uuid.uuid4(),
                        email=f"p{slot}-{start + i}@seed.example",
                        display_name=f"Partner {slot}",
                        password="!",  # noqa: S106 - unusable, not a password
                    )
                    users.append(user)
                    memberships.append(
                        Membership(couple=couple, user=user, role=Role.PARTNER, partner_slot=slot)
                    )
                    nudges += [
                        Nudge(
                            recipient=user,
                            couple=couple,
                            kind="appreciation_received",
                            key=f"seed:{n}",
                            occurrence="once",
                            next_fire_at=now,
                            context={"partner": "Partner"},
                            url="/appreciate/jar/",
                        )
                        for n in range(per_partner)
                    ]
            User.objects.bulk_create(users)
            Membership.objects.bulk_create(memberships)
            Nudge.objects.bulk_create(nudges, batch_size=1000)
            made += len(nudges)
    return made


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tending.settings")
    import django

    django.setup()
    couples = int(argv[0])
    per_partner = int(argv[1]) if len(argv) > 1 else 1
    print(f"seeded {seed(couples, per_partner)} nudges")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
