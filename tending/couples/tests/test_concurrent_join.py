"""Joining is atomic: however many people join at once, a couple never gets a third partner."""

import threading

import pytest
from django.db import connection

from tending.couples import services
from tending.couples.models import Invite, Membership
from tests.factories import CoupleFactory, UserFactory, seat

JOINERS = 6


def _race(attempts):
    """Run each attempt in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = []

    def run(attempt):
        try:
            barrier.wait()
            attempt()
            outcomes.append("joined")
        except services.CoupleActionRefused as refusal:
            outcomes.append(refusal.message)
        except Exception as error:
            # A thread's exception is otherwise only printed, and the race
            # would seem won by the one join that got through.
            outcomes.append(f"crashed: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Every joiner got an answer: a seat, or a refusal to show them.
    assert len(outcomes) == len(attempts)
    assert not [o for o in outcomes if o.startswith("crashed")], outcomes
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_joins_with_separate_invites_seat_exactly_one():
    couple = CoupleFactory()
    founder = UserFactory()
    seat(couple, founder)
    invites = [Invite.issue(couple, founder)[0] for _ in range(JOINERS)]
    joiners = [UserFactory() for _ in range(JOINERS)]
    outcomes = _race(
        [
            (lambda u=user, i=invite: services.join(u, i))
            for user, invite in zip(joiners, invites, strict=True)
        ]
    )
    assert outcomes.count("joined") == 1
    assert all("two partners" in o for o in outcomes if o != "joined")
    assert Membership.objects.partners().filter(couple=couple).count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_use_of_one_invite_seats_exactly_one():
    couple = CoupleFactory()
    founder = UserFactory()
    seat(couple, founder)
    invite = Invite.issue(couple, founder)[0]
    joiners = [UserFactory() for _ in range(JOINERS)]
    outcomes = _race([(lambda u=user: services.join(u, invite)) for user in joiners])
    assert outcomes.count("joined") == 1
    assert all("already been used" in o or "two partners" in o for o in outcomes if o != "joined")
    assert Membership.objects.partners().filter(couple=couple).count() == 2
    assert Invite.objects.get().used_by_id in {u.pk for u in joiners}
