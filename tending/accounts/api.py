from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema

from tending.api.auth import current_user
from tending.api.kept import kept_answer
from tending.couples.access import partner_membership

router = Router(tags=["people"])


class MeOut(Schema):
    id: UUID
    email: str
    display_name: str
    time_zone: str
    couple_id: UUID | None


@router.get("/me", response=MeOut, summary="Who I am")
@kept_answer
def me(request: HttpRequest) -> MeOut:
    user = current_user(request)
    membership = partner_membership(user)
    return MeOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        time_zone=user.time_zone,
        couple_id=membership.couple_id if membership else None,
    )
