"""What can happen to a couple space; shared by the pages and the API."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tending.couples.models import Couple, Invite, InviteState, Membership, Role


class CoupleActionRefused(Exception):
    """A request that cannot be carried out; `message` is shown to the person."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def start_couple(user: Any, name: str = "", time_zone: str | None = None) -> Couple:
    if Membership.objects.partners().filter(user=user).exists():
        raise CoupleActionRefused(_("You already have a couple space."), status=409)
    with transaction.atomic():
        couple = Couple.objects.create(name=name, time_zone=time_zone or user.time_zone)
        Membership.objects.create(couple=couple, user=user, role=Role.PARTNER, partner_slot=1)
    return couple


def create_invite(membership: Membership) -> tuple[Invite, str, str]:
    """A new partner invite; any earlier pending one stops working."""
    couple = membership.couple
    if Membership.objects.partners().filter(couple=couple).count() >= 2:
        raise CoupleActionRefused(_("Your couple space already has two partners."), status=409)
    with transaction.atomic():
        Invite.objects.pending().filter(couple=couple, role=Role.PARTNER).update(
            revoked_at=timezone.now()
        )
        return Invite.issue(couple, membership.user)


def revoke_invite(invite: Invite) -> None:
    if invite.state != InviteState.PENDING:
        raise CoupleActionRefused(
            _("This invite is already %(state)s.") % {"state": invite.state.label}
        )
    invite.revoked_at = timezone.now()
    invite.save(update_fields=["revoked_at"])


def check_invite(invite: Invite | None, user: Any) -> Invite:
    """Why `user` cannot use this invite, as a message, or the invite itself."""
    if invite is None:
        raise CoupleActionRefused(
            _("This invite link or code is not valid. Check it, or ask for a new one."), status=404
        )
    state = invite.state
    if state == InviteState.USED:
        raise CoupleActionRefused(_("This invite has already been used."), status=410)
    if state == InviteState.REVOKED:
        raise CoupleActionRefused(_("This invite was withdrawn. Ask for a new one."), status=410)
    if state == InviteState.EXPIRED:
        raise CoupleActionRefused(
            _("This invite has expired (invites last 7 days). Ask for a new one."), status=410
        )
    if invite.created_by_id == user.pk:
        raise CoupleActionRefused(
            _("This is your own invite: send it to your partner."), status=409
        )
    if Membership.objects.active().filter(couple_id=invite.couple_id, user=user).exists():
        raise CoupleActionRefused(_("You are already in this couple space."), status=409)
    if Membership.objects.partners().filter(user=user).exists():
        raise CoupleActionRefused(
            _("You already have a couple space. Leave it first to join this one."), status=409
        )
    return invite


def join(user: Any, invite: Invite | None) -> Membership:
    """Seat `user` as the second partner. Atomic: a couple never gets a third.

    The free slot is chosen inside one transaction (SQLite's IMMEDIATE mode
    and PostgreSQL's row lock both serialise concurrent joins), and the unique
    (couple, slot) constraint turns any race that slips through into a refusal.
    """
    try:
        with transaction.atomic():
            invite = check_invite(invite, user)
            # Lock the couple row (PostgreSQL) so concurrent joins queue here.
            Couple.objects.select_for_update().filter(pk=invite.couple_id).first()
            # Re-read inside the lock: another join may have just used it.
            invite = Invite.objects.select_for_update().get(pk=invite.pk)
            check_invite(invite, user)
            taken = set(
                Membership.objects.partners()
                .filter(couple_id=invite.couple_id)
                .values_list("partner_slot", flat=True)
            )
            free = [slot for slot in (1, 2) if slot not in taken]
            if not free:
                raise CoupleActionRefused(
                    _("This couple space already has two partners."), status=409
                )
            membership = Membership.objects.create(
                couple_id=invite.couple_id, user=user, role=Role.PARTNER, partner_slot=free[0]
            )
            invite.used_at = timezone.now()
            invite.used_by = user
            invite.save(update_fields=["used_at", "used_by"])
            return membership
    except IntegrityError:
        raise CoupleActionRefused(
            _("This couple space already has two partners."), status=409
        ) from None


def leave(membership: Membership) -> None:
    """End a membership. Nothing anyone wrote is deleted: the partner who stays
    keeps the space and everything in it; what happens to shared items after
    a break-up is settled by the privacy work, not here."""
    with transaction.atomic():
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        Invite.objects.pending().filter(
            created_by=membership.user, couple=membership.couple
        ).update(revoked_at=timezone.now())
