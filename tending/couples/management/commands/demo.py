from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tending.accounts.models import User
from tending.couples.models import Couple, Invite, Membership, Role
from tending.demo import DemoCouple, discover

DEMO_DOMAIN = "demo.tending.invalid"


class Command(BaseCommand):
    help = "Create one demo couple with a few weeks of sample activity (passwords printed once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--weeks", type=int, default=8)

    def handle(self, *args: Any, weeks: int = 8, **options: Any) -> None:
        if not 1 <= weeks <= 520:
            raise CommandError("--weeks must be between 1 and 520.")
        suffix = secrets.token_hex(3)
        passwords = {name: secrets.token_urlsafe(12) for name in ("sam", "alex")}
        started = timezone.now() - timedelta(weeks=weeks)
        with transaction.atomic():
            couple = Couple.objects.create(
                name="Sam & Alex", time_zone="Europe/Berlin", created=started
            )
            people = []
            for slot, (name, password) in enumerate(passwords.items(), start=1):
                user = User.objects.create_user(
                    f"{name}-{suffix}@{DEMO_DOMAIN}",
                    password,
                    display_name=name.title(),
                    time_zone="Europe/Berlin",
                    date_joined=started,
                )
                Membership.objects.create(
                    couple=couple,
                    user=user,
                    role=Role.PARTNER,
                    partner_slot=slot,
                    joined_at=started + timedelta(days=slot - 1),
                )
                people.append(user)
            invite, _token, _code = Invite.issue(couple, people[0])
            Invite.objects.filter(pk=invite.pk).update(
                created=started, used_at=started + timedelta(days=1), used_by=people[1]
            )
            demo = DemoCouple(couple, people[0], people[1], weeks)
            for contribute in discover():
                contribute(demo)
        self.stdout.write(self.style.SUCCESS(f"Demo couple “{couple}” created with {weeks} weeks."))
        self.stdout.write("Log in as either partner (these passwords are shown only now):")
        for user, password in zip(people, passwords.values(), strict=True):
            self.stdout.write(f"  {user.email}  {password}")
