"""The couple boundary: the one place that decides who may read a row.

Every row a person writes carries its couple (the tenant key), its author and,
where it can be private, a visibility. Views and the API never filter such
rows by hand: they ask `Model.objects.visible_to(user)`, and writes go through
`writable_by(user)`. A partner never learns that the other's private rows exist.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tending.couples.models import Couple, Membership, Role

if TYPE_CHECKING:
    from tending.accounts.models import User


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Only me")
    PARTNER = "partner", _("My partner and me")
    PARTNER_THERAPIST = "partner+therapist", _("My partner, our therapist and me")


SHARED_WITH_PARTNER = (Visibility.PARTNER, Visibility.PARTNER_THERAPIST)


def _couples_of(user: Any, role: Role) -> models.QuerySet[Membership, Any]:
    return Membership.objects.active().filter(user=user, role=role).values("couple_id")


class CoupleOwnedQuerySet[M: models.Model](models.QuerySet[M]):
    def visible_to(self, user: User | Any) -> Self:
        """Rows `user` may read: their own, what their partner shared with them,
        and, for a therapist, what was shared with the therapist."""
        if user is None or not user.is_authenticated:
            return self.none()
        as_partner = Q(couple__in=_couples_of(user, Role.PARTNER)) & (
            Q(author=user) | Q(visibility__in=SHARED_WITH_PARTNER)
        )
        as_therapist = Q(
            couple__in=_couples_of(user, Role.THERAPIST), visibility=Visibility.PARTNER_THERAPIST
        )
        return self.filter(as_partner | as_therapist)

    def writable_by(self, user: User | Any) -> Self:
        """Rows `user` may change: only their own, in a couple they are a partner of."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(author=user, couple__in=_couples_of(user, Role.PARTNER))


class CoupleOwned(models.Model):
    """Base for everything a partner writes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    visibility = models.CharField(
        _("who can see this"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = CoupleOwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_visible_to(self, user: Any) -> bool:
        return type(self).objects.visible_to(user).filter(pk=self.pk).exists()
