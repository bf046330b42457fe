from __future__ import annotations

import factory
from django.utils import timezone

from tending.accounts.models import User
from tending.couples.models import Couple, Membership, Role


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    display_name = factory.Faker("first_name")
    time_zone = "Europe/Berlin"
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class CoupleFactory(factory.django.DjangoModelFactory[Couple]):
    class Meta:
        model = Couple

    name = "Test couple"
    time_zone = "Europe/Berlin"
    created = factory.LazyFunction(timezone.now)


def seat(couple: Couple, user: User, role: str = Role.PARTNER) -> Membership:
    slot = None
    if role == Role.PARTNER:
        taken = set(
            Membership.objects.partners()
            .filter(couple=couple)
            .values_list("partner_slot", flat=True)
        )
        slot = min({1, 2} - taken)
    return Membership.objects.create(couple=couple, user=user, role=role, partner_slot=slot)
