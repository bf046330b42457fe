"""insert_new: rows stored as Django would store them, on every database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tending.lib.bulk import insert_new
from tending.nudges.models import Notification, Nudge
from tending.nudges.tests.helpers import due_nudge

WHEN = datetime(2026, 3, 10, 11, 0, 7, 123456, tzinfo=UTC)


def _notification(nudge: Nudge, occurrence: str, title: str) -> Notification:
    return Notification(
        recipient_id=nudge.recipient_id,
        couple_id=nudge.couple_id,
        nudge=nudge,
        occurrence=occurrence,
        kind="appreciation_received",
        title=title,
        body="Ada wrote something kind — « merci » ✨",
        url="/appreciate/",
        created=WHEN,
    )


def test_new_rows_are_stored_whole_and_an_existing_one_is_kept(personas):
    nudge = due_nudge(personas.b)
    first = _notification(nudge, "once", "Ada appreciated you")
    insert_new([first])
    # The same occurrence again (a unique constraint) and a new one.
    insert_new([_notification(nudge, "once", "A second copy"), _notification(nudge, "2nd", "New")])

    stored = {n.occurrence: n for n in Notification.objects.all()}
    assert set(stored) == {"once", "2nd"}
    kept = stored["once"]
    assert (kept.pk, kept.title) == (first.pk, "Ada appreciated you")
    assert kept.body == "Ada wrote something kind — « merci » ✨"
    assert kept.created == WHEN
    assert kept.read_at is None
    assert (kept.recipient_id, kept.couple_id, kept.nudge_id) == (
        personas.b.pk,
        nudge.couple_id,
        nudge.pk,
    )
    assert Notification.objects.filter(recipient=personas.b).unread().count() == 2


def test_a_model_whose_values_need_django_is_refused(personas):
    nudge = Nudge(recipient=personas.b, kind="appreciation_received", key="x", context={})
    with pytest.raises(TypeError, match="context"):
        insert_new([nudge])
    assert not Nudge.objects.filter(key="x").exists()


def test_nothing_to_insert_is_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_new([])
