"""Objects of couple A & B for the boundary walker (tests/boundary_walker.py).

A notification and a push subscription belong to one person, never to the
couple: partner A's must be a 404 to C and to A's own therapist alike.
"""

from __future__ import annotations

from typing import Any

from tending.nudges.links import make_token
from tending.nudges.models import Notification, PushSubscription

# A valid P-256 public key, as browsers send them (base64url, 65 bytes).
P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
# The one-tap link's token is the credential itself (it names the person and
# is signed), like an invite link's: whoever holds the real one may use it.
CAPABILITIES = {"nudge_token": "a signed one-tap link: holding it is the permission"}
# A kind of nudge names nothing of a couple: the same for everyone.
SHARED = {"kind": "a kind of nudge from the catalogue (tending/nudges/kinds.py)"}
EXAMPLE_BODIES = {
    "tending_nudges_api_add_subscription": {
        "endpoint": "https://fcm.googleapis.com/fcm/send/walker-example",
        "keys": {
            "p256dh": P256DH,
            "auth": "tBHItJI5svbpez7KI4CCXg",
        },
    },
}


def objects(personas: Any) -> dict[str, object]:
    notification = Notification.objects.create(
        recipient=personas.a,
        couple=personas.couple,
        occurrence="once",
        kind="appreciation_received",
        title="Ben wrote you an appreciation",
        url="/appreciate/jar/",
    )
    subscription = PushSubscription.objects.create(
        user=personas.a,
        endpoint="https://fcm.googleapis.com/fcm/send/ada-phone",
        p256dh=P256DH,
        auth="tBHItJI5svbpez7KI4CCXg",
    )
    return {
        "notification_id": notification.id,
        "subscription_id": subscription.id,
        "kind": "appreciation_received",
        "nudge_token": make_token(personas.a.pk, "appreciation_received", "off"),
    }
