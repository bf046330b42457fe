from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema
from pydantic import model_validator

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.couples import services
from tending.couples.access import membership_or_404, partners_of, require_partner
from tending.couples.models import Couple, Invite, Membership
from tending.lib.timezones import is_valid_zone

router = Router(tags=["couples"])

ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 410: ErrorOut}


class PersonOut(Schema):
    id: UUID
    display_name: str


class CoupleOut(Schema):
    id: UUID
    name: str
    time_zone: str
    my_role: str
    partners: list[PersonOut]


class CoupleIn(Schema):
    name: str = Field("", max_length=80)
    time_zone: str | None = Field(None, max_length=64)

    @model_validator(mode="after")
    def known_zone(self) -> CoupleIn:
        if self.time_zone is not None and not is_valid_zone(self.time_zone):
            raise ValueError(f"unknown time zone {self.time_zone!r}")
        return self


class InviteOut(Schema):
    id: UUID
    state: str
    created: datetime
    expires_at: datetime


class InviteCreatedOut(InviteOut):
    link: str = Field(description="Shown only in this response: send it to your partner.")
    code: str = Field(description="The same invite as a short code to read out or type.")


class JoinIn(Schema):
    token: str | None = Field(None, max_length=100, description="The secret part of an invite link")
    code: str | None = Field(None, max_length=20, description="An invite code such as ABCD-EFGH")

    @model_validator(mode="after")
    def one_of(self) -> JoinIn:
        if bool(self.token) == bool(self.code):
            raise ValueError("give either token or code")
        return self


def _couple_out(membership: Membership) -> CoupleOut:
    couple = membership.couple
    return CoupleOut(
        id=couple.id,
        name=couple.name,
        time_zone=couple.time_zone,
        my_role=membership.role,
        partners=[PersonOut(id=p.id, display_name=p.display_name) for p in partners_of(couple)],
    )


def _invite_out(invite: Invite) -> InviteOut:
    return InviteOut(
        id=invite.id, state=invite.state, created=invite.created, expires_at=invite.expires_at
    )


@router.get("/", response=list[CoupleOut], summary="The couple spaces I belong to")
def list_couples(request: HttpRequest) -> list[CoupleOut]:
    memberships = Membership.objects.active().filter(user=current_user(request))
    return [_couple_out(m) for m in memberships.select_related("couple")]


@router.post("/", response={201: CoupleOut, **ERRORS}, summary="Start a couple space")
def start_couple(request: HttpRequest, payload: CoupleIn) -> tuple[int, CoupleOut]:
    user = current_user(request)
    couple = services.start_couple(user, payload.name, payload.time_zone)
    return 201, _couple_out(membership_or_404(user, couple.id))


@router.get("/{uuid:couple_id}", response={200: CoupleOut, **ERRORS}, summary="One couple space")
def get_couple(request: HttpRequest, couple_id: UUID) -> CoupleOut:
    return _couple_out(membership_or_404(current_user(request), couple_id))


@router.get(
    "/{uuid:couple_id}/invites", response={200: list[InviteOut], **ERRORS}, summary="Invites sent"
)
def list_invites(request: HttpRequest, couple_id: UUID) -> list[InviteOut]:
    membership = membership_or_404(current_user(request), couple_id)
    require_partner(membership)
    return [_invite_out(i) for i in Invite.objects.filter(couple=membership.couple)]


@router.post(
    "/{uuid:couple_id}/invites",
    response={201: InviteCreatedOut, **ERRORS},
    summary="Invite my partner (any earlier pending invite stops working)",
)
def create_invite(request: HttpRequest, couple_id: UUID) -> tuple[int, InviteCreatedOut]:
    membership = membership_or_404(current_user(request), couple_id)
    require_partner(membership)
    invite, token, code = services.create_invite(membership)
    link = request.build_absolute_uri(reverse("couples:join_link", kwargs={"token": token}))
    return 201, InviteCreatedOut(**_invite_out(invite).model_dump(), link=link, code=code)


@router.delete(
    "/{uuid:couple_id}/invites/{uuid:invite_id}",
    response={204: None, **ERRORS},
    summary="Revoke an invite",
)
def revoke_invite(request: HttpRequest, couple_id: UUID, invite_id: UUID) -> tuple[int, None]:
    membership = membership_or_404(current_user(request), couple_id)
    require_partner(membership)
    invite = Invite.objects.filter(id=invite_id, couple=membership.couple).first()
    if invite is None:
        raise Http404
    services.revoke_invite(invite)
    return 204, None


@router.post(
    "/join", response={201: CoupleOut, **ERRORS}, summary="Accept an invite (by link token or code)"
)
def join(request: HttpRequest, payload: JoinIn) -> tuple[int, CoupleOut]:
    user = current_user(request)
    invite = Invite.objects.by_token(payload.token) if payload.token else None
    if payload.code:
        invite = Invite.objects.by_code(payload.code)
    membership = services.join(user, invite)
    return 201, _couple_out(Membership.objects.select_related("couple").get(pk=membership.pk))


@router.post(
    "/{uuid:couple_id}/leave", response={204: None, **ERRORS}, summary="Leave a couple space"
)
def leave(request: HttpRequest, couple_id: UUID) -> tuple[int, None]:
    services.leave(membership_or_404(current_user(request), couple_id))
    return 204, None


__all__ = ["Couple", "router"]
