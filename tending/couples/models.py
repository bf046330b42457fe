"""Couple spaces, who belongs to them, and how a partner is invited in."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from tending.lib.timezones import zone_choices


class Couple(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=80, blank=True)
    # The couple's zone defines its weeks and days, wherever each partner is.
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", choices=zone_choices)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name or str(_("Our space"))


class Role(models.TextChoices):
    PARTNER = "partner", _("partner")
    THERAPIST = "therapist", _("therapist")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True)

    def partners(self) -> MembershipQuerySet:
        return self.active().filter(role=Role.PARTNER)


class Membership(models.Model):
    """A person's place in a couple space: one of its two partners, or its therapist.

    `partner_slot` (1 or 2) is what makes "at most two partners" a database
    rule: a unique constraint over (couple, slot) among active memberships
    means no race, on SQLite or PostgreSQL, can seat a third partner.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PARTNER)
    partner_slot = models.PositiveSmallIntegerField(null=True, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.PARTNER) & Q(partner_slot__in=[1, 2]))
                | (~Q(role=Role.PARTNER) & Q(partner_slot__isnull=True)),
                name="membership_partner_has_slot",
            ),
            models.UniqueConstraint(
                fields=["couple", "partner_slot"],
                condition=Q(ended_at__isnull=True, partner_slot__isnull=False),
                name="membership_two_partners_at_most",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(ended_at__isnull=True, role=Role.PARTNER),
                name="membership_one_couple_per_partner",
            ),
            models.UniqueConstraint(
                fields=["couple", "user"],
                condition=Q(ended_at__isnull=True),
                name="membership_once_per_couple",
            ),
        ]
        indexes = [models.Index(fields=["user", "ended_at"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.couple}"

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER


CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud
CODE_LENGTH = 8


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _code_digest(code: str) -> str:
    # Keyed, because an 8-character code is short enough to brute-force
    # offline from a plain hash if the database ever leaked.
    return salted_hmac("tending.invite.code", normalise_code(code), algorithm="sha256").hexdigest()


def _token_digest(token: str) -> str:
    return salted_hmac("tending.invite.token", token, algorithm="sha256").hexdigest()


class InviteQuerySet(models.QuerySet["Invite"]):
    def pending(self) -> InviteQuerySet:
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )

    def by_token(self, token: str) -> Invite | None:
        if not token or len(token) > 100:
            return None
        return (
            self.select_related("couple", "created_by")
            .filter(token_digest=_token_digest(token))
            .first()
        )

    def by_code(self, code: str) -> Invite | None:
        if len(normalise_code(code)) != CODE_LENGTH:
            return None
        return (
            self.select_related("couple", "created_by")
            .filter(code_digest=_code_digest(code))
            .first()
        )


class InviteState(models.TextChoices):
    PENDING = "pending", _("waiting to be used")
    USED = "used", _("used")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


class Invite(models.Model):
    """A single-use, expiring, revocable invitation into a couple space.

    Only digests of the link token and the short code are stored: whoever
    reads the database cannot join anyone's couple with what they find there.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invites")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invites_sent"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.PARTNER)
    token_digest = models.CharField(max_length=64, unique=True)
    code_digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InviteQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"Invite to {self.couple} ({self.state})"

    @classmethod
    def issue(cls, couple: Couple, created_by: Any) -> tuple[Invite, str, str]:
        """Create an invite; returns it with its link token and short code (never stored)."""
        token = secrets.token_urlsafe(24)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        invite = cls.objects.create(
            couple=couple,
            created_by=created_by,
            token_digest=_token_digest(token),
            code_digest=_code_digest(code),
            expires_at=timezone.now() + settings.INVITE_LIFETIME,
        )
        return invite, token, f"{code[:4]}-{code[4:]}"

    @property
    def state(self) -> InviteState:
        if self.used_at:
            return InviteState.USED
        if self.revoked_at:
            return InviteState.REVOKED
        if self.expires_at <= timezone.now():
            return InviteState.EXPIRED
        return InviteState.PENDING

    def expires_in(self, now: datetime | None = None) -> int:
        """Whole days left, for "expires in 3 days"."""
        left = self.expires_at - (now or timezone.now())
        return max(0, left.days)
