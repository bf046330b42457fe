"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py)."""

from __future__ import annotations

from typing import Any

from tending.couples.models import Invite

# The `token` of /join/<token>/ is the secret of an invite link, not an id:
# whoever holds the real one may see the invite and join with it — that is
# what the link is for. The walker opens the URL with the real token without
# expecting a 404 (and records the answer), and expects a 404 for a forged one.
CAPABILITIES = {"token": "the secret of an invite link: holding it is the permission"}

# A therapist is read-only in the couple space, but ending their own
# membership is theirs to do: it takes nothing from the couple and only
# removes the therapist's access.
READ_ONLY_MEMBER_MAY = {
    "tending_couples_api_leave": "a therapist may end their own membership",
}


def objects(personas: Any) -> dict[str, object]:
    invite, token, _code = Invite.issue(personas.couple, personas.a)
    return {"couple_id": personas.couple.id, "invite_id": invite.id, "token": token}
