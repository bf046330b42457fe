"""Turning a batch of claimed nudges into deliveries, in one transaction.

For each nudge the worker decides, with the recipient's choices as they are
now: deliver this occurrence, wait (quiet hours, the daily cap, a snooze), or
let it go (turned off, stale, left the couple, account gone). Then, in the
same transaction that moves the nudge on:

- the in-app `Notification` is inserted (unique per nudge and occurrence);
- one `Delivery` row per e-mail and per push subscription is inserted
  (unique per nudge, occurrence, channel and target), leased to this worker,
  which sends them right after the commit (send.py);
- the nudge advances: a series to its next occurrence, anything else to
  "nothing more due" — and its lease is released.

Only rows still leased to this worker are touched, under a row lock
(PostgreSQL), so a worker whose lease expired while it was stalled records
nothing: whoever re-claimed the row does. Either everything of an occurrence
is recorded, or nothing is and the row is claimed again.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from tending.couples.models import Membership
from tending.lib.bulk import insert_new
from tending.nudges import kinds, planner, timing, upcoming
from tending.nudges.channels import email as email_channel
from tending.nudges.claim import lease
from tending.nudges.models import (
    Channel,
    Delivery,
    KindPreference,
    Notification,
    Nudge,
    NudgeSettings,
    PushSubscription,
    delivery_id,
)
from tending.nudges.preferences import effective

log = logging.getLogger("tending.nudges")
# What of a nudge's context an e-mail may carry (see `_Batch.deliveries`).
EMAIL_CONTEXT = frozenset({"partner", "minutes"})


@dataclass
class BatchOutcome:
    claimed: int = 0
    delivered: int = 0
    in_app: int = 0
    outgoing: list[Any] = field(default_factory=list)  # Deliveries to send now
    deferred: int = 0
    skipped: int = 0

    def add(self, other: BatchOutcome) -> None:
        self.claimed += other.claimed
        self.delivered += other.delivered
        self.in_app += other.in_app
        self.outgoing += other.outgoing
        self.deferred += other.deferred
        self.skipped += other.skipped


@dataclass
class _Plan:
    """What happens to one nudge: its new state and its deliveries."""

    next_fire_at: datetime | None
    occurrence: str
    outcome: str
    deliver: bool = False


class _Batch:
    def __init__(self, nudges: list[Nudge], owner: str, now: datetime) -> None:
        self.nudges, self.owner, self.now = nudges, owner, now
        recipients = {n.recipient_id for n in nudges}
        self.couple_of = dict(
            Membership.objects.partners()
            .filter(user_id__in=recipients)
            .values_list("user_id", "couple_id")
        )
        self.chosen = {
            (p.user_id, p.kind): p for p in KindPreference.objects.filter(user_id__in=recipients)
        }
        self.settings = self._settings(nudges)
        self.subscriptions: dict[Any, list[PushSubscription]] = defaultdict(list)
        for subscription in PushSubscription.objects.filter(user_id__in=recipients):
            self.subscriptions[subscription.user_id].append(subscription)
        self.dirty_settings: set[Any] = set()
        # The couple's Pulse day as it is now: it may have changed since the
        # series was planned (one query for the batch).
        pulse_couples = {n.couple_id for n in nudges if n.kind == "pulse_open"} - {None}
        self.pulse_days = planner.pulse_days(pulse_couples) if pulse_couples else {}
        # The batch's e-mails go into one mail-folder file, named here so
        # that the name is recorded before anything is written (send.py).
        self.mail_file = email_channel.new_mail_file() if email_channel.writes_to_folder() else ""

    def _settings(self, nudges: list[Nudge]) -> dict[Any, NudgeSettings]:
        """Each recipient's settings: their row, or the defaults for a
        partner who never changed them (no row needed to read them)."""
        recipients = {n.recipient_id for n in nudges}
        counted = {
            n.recipient_id for n in nudges if (kind := kinds.KINDS.get(n.kind)) and kind.capped
        }
        rows: dict[Any, NudgeSettings] = {}
        if counted:
            rows.update(self._locked_for_counting(counted))
        if recipients - counted:
            rest = NudgeSettings.objects.filter(user_id__in=recipients - counted)
            rows.update((row.user_id, row) for row in rest)
        return {
            user_id: rows.get(user_id) or NudgeSettings(user_id=user_id) for user_id in recipients
        }

    @staticmethod
    def _locked_for_counting(users: set[Any]) -> dict[Any, NudgeSettings]:
        """The rows that count capped nudges, made where missing and locked
        in one order by every worker (no deadlock) until commit: the daily
        cap is counted by one worker at a time per person."""
        existing = set(
            NudgeSettings.objects.filter(user_id__in=users).values_list("user_id", flat=True)
        )
        if users - existing:
            NudgeSettings.objects.bulk_create(
                [NudgeSettings(user_id=user_id) for user_id in users - existing],
                ignore_conflicts=True,
            )
        rows = NudgeSettings.objects.filter(user_id__in=users).order_by("user_id")
        return {row.user_id: row for row in rows.select_for_update()}

    def plan(self, nudge: Nudge) -> _Plan:
        kind = kinds.KINDS.get(nudge.kind)
        user = nudge.recipient
        series = nudge.key == planner.SERIES
        if kind is None or not kind.available:
            return self._stop(nudge, "skipped: kind not available")
        if not user.is_active:
            return self._stop(nudge, "skipped: account inactive")
        couple_id = self.couple_of.get(user.pk)
        if nudge.couple_id is not None and couple_id != nudge.couple_id:
            # Left the couple (or it ended): nothing of it is theirs to hear.
            return self._stop(nudge, "skipped: no longer in this couple")
        preference = effective(kind, self.chosen.get((user.pk, kind.slug)))
        prefs = self.settings[user.pk]
        if not prefs.enabled or not preference.enabled:
            return self._skip(nudge, kind, preference, "skipped: turned off")
        if preference.snoozed(self.now):
            return self._skip(nudge, kind, preference, "skipped: snoozed")
        if series and not self._on_its_day(nudge, kind, preference):
            moved = self._advance(nudge, kind, preference)
            return _Plan(moved.next_fire_at, moved.occurrence, "waiting: moved to its new day")
        if nudge.expires_at is not None and nudge.expires_at <= self.now:
            return self._skip(nudge, kind, preference, "skipped: too late to be useful")
        if not upcoming.still_relevant(nudge):
            why = "skipped: already done" if series else "skipped: the event was called off"
            return self._skip(nudge, kind, preference, why)
        quiet_end = timing.quiet_until(self.now, prefs.quiet_start, prefs.quiet_end, user.time_zone)
        if quiet_end is not None:
            return _Plan(quiet_end, nudge.occurrence, "waiting: quiet hours")
        if kind.capped and not self._within_cap(prefs, user.time_zone):
            if series:
                return self._skip(nudge, kind, preference, "skipped: daily cap reached")
            midnight = timing.next_local_midnight(self.now, user.time_zone)
            return _Plan(midnight, nudge.occurrence, "waiting: daily cap reached")
        after = self._advance(nudge, kind, preference)
        return _Plan(after.next_fire_at, after.occurrence, "delivered", deliver=True)

    def _within_cap(self, prefs: NudgeSettings, zone_name: str) -> bool:
        today = timing.local_date(self.now, zone_name)
        if prefs.cap_day != today:
            prefs.cap_day, prefs.cap_count = today, 0
        if prefs.cap_count >= prefs.daily_cap:
            return False
        prefs.cap_count += 1
        self.dirty_settings.add(prefs.user_id)
        return True

    def _on_its_day(self, nudge: Nudge, kind: kinds.Kind, preference: Any) -> bool:
        """A weekly series planned for a day the couple (their Pulse day) or
        the partner has since changed is moved, not delivered on the old one."""
        # The occurrence names the planned moment; `next_fire_at` may have
        # moved past midnight since (quiet hours).
        planned = planner.occurrence_moment(nudge.occurrence)
        if kind.schedule != "weekly" or planned is None:
            return True
        day = planner.series_weekday(kind, preference, nudge.couple_id, self.pulse_days)
        return timing.local_date(planned, nudge.recipient.time_zone).weekday() == day

    def _advance(self, nudge: Nudge, kind: kinds.Kind, preference: Any) -> _Plan:
        if nudge.key != planner.SERIES:
            return _Plan(None, nudge.occurrence, "")
        fired = nudge.next_fire_at or self.now
        after = max(self.now, fired)
        couple_id = self.couple_of.get(nudge.recipient_id)
        following = planner.next_occurrence(
            kind, preference, nudge.recipient.time_zone, couple_id, after, self.pulse_days
        )
        return _Plan(following, planner.occurrence_name(following), "")

    def _skip(self, nudge: Nudge, kind: kinds.Kind, preference: Any, why: str) -> _Plan:
        """Let this occurrence go; a series carries on with the next one."""
        after = self._advance(nudge, kind, preference)
        return _Plan(after.next_fire_at, after.occurrence, why)

    @staticmethod
    def _stop(nudge: Nudge, why: str) -> _Plan:
        return _Plan(None, nudge.occurrence, why)

    def deliveries(
        self, nudge: Nudge, kind: kinds.Kind
    ) -> tuple[Notification | None, list[Delivery]]:
        message = kind.render(nudge.context)
        user, prefs = nudge.recipient, self.settings[nudge.recipient_id]
        common = {
            "recipient_id": user.pk,
            "couple_id": nudge.couple_id,
            "kind": nudge.kind,
            "occurrence": nudge.occurrence,
            "title": message.title[:200],
            "body": message.body[:500],
            "url": nudge.url,
        }
        notification = None
        if kind.in_app:
            notification = Notification(nudge_id=nudge.pk, created=self.now, **common)
        outgoing = []
        leased = {
            "status": "pending",
            "next_attempt_at": self.now,
            "lease_until": self.now + lease(),
            "lease_owner": self.owner,
            "created": self.now,
        }
        if kind.email and prefs.email and user.email:
            # E-mail crosses mail servers in the clear: it names the partner
            # at most, never words the couple wrote (a tradition's, a date's
            # or a commitment's title). Push is encrypted to the device.
            plain = (
                message
                if nudge.context.keys() <= EMAIL_CONTEXT
                else kind.render({k: v for k, v in nudge.context.items() if k in EMAIL_CONTEXT})
            )
            outgoing.append(
                Delivery(
                    id=delivery_id(nudge.pk, nudge.occurrence, Channel.EMAIL),
                    nudge_id=nudge.pk,
                    channel=Channel.EMAIL,
                    **{**common, "title": plain.title[:200], "body": plain.body[:500]},
                    **leased,
                    mail_file=self.mail_file,
                )
            )
        if kind.push and prefs.push:
            for subscription in self.subscriptions.get(user.pk, []):
                target = str(subscription.pk)
                outgoing.append(
                    Delivery(
                        id=delivery_id(nudge.pk, nudge.occurrence, Channel.PUSH, target),
                        nudge_id=nudge.pk,
                        channel=Channel.PUSH,
                        target=target,
                        **common,
                        **leased,
                    )
                )
        return notification, outgoing


def deliver_claimed(ids: list[int], owner: str, now: datetime) -> BatchOutcome:
    """Record the deliveries of the claimed nudges and move them on."""
    outcome = BatchOutcome(claimed=len(ids))
    with transaction.atomic():
        nudges = list(
            Nudge.objects.filter(id__in=ids, lease_owner=owner)
            .select_related("recipient")
            .select_for_update(of=("self",))
            .order_by("id")
        )
        if not nudges:
            return outcome
        batch = _Batch(nudges, owner, now)
        notifications: list[Notification] = []
        outgoing: list[Delivery] = []
        finished: dict[str, list[int]] = defaultdict(list)
        moved: list[Nudge] = []
        for nudge in nudges:
            plan = batch.plan(nudge)
            if plan.deliver:
                notification, sends = batch.deliveries(nudge, kinds.KINDS[nudge.kind])
                if notification is not None:
                    notifications.append(notification)
                outgoing += sends
                outcome.delivered += 1
            elif plan.outcome.startswith("waiting"):
                outcome.deferred += 1
            else:
                outcome.skipped += 1
            if plan.next_fire_at is None:
                finished[plan.outcome].append(nudge.pk)
                continue
            nudge.next_fire_at, nudge.occurrence = plan.next_fire_at, plan.occurrence
            nudge.last_outcome = plan.outcome
            nudge.lease_until, nudge.lease_owner = None, ""
            moved.append(nudge)
        insert_new(notifications)
        insert_new(outgoing)
        for why, done in finished.items():
            Nudge.objects.filter(id__in=done).update(
                next_fire_at=None, lease_until=None, lease_owner="", last_outcome=why
            )
        if moved:
            Nudge.objects.bulk_update(
                moved, ["next_fire_at", "occurrence", "last_outcome", "lease_until", "lease_owner"]
            )
        if batch.dirty_settings:
            NudgeSettings.objects.bulk_update(
                [batch.settings[user_id] for user_id in batch.dirty_settings],
                ["cap_day", "cap_count"],
            )
    outcome.in_app = len(notifications)
    by_id = {nudge.pk: nudge for nudge in nudges}
    for delivery in outgoing:
        # Handed to the sender as they are: it need not read them back.
        delivery.nudge = by_id[delivery.nudge_id]
        delivery.recipient = delivery.nudge.recipient
    outcome.outgoing = outgoing
    return outcome


def backoff(attempts: int) -> timedelta:
    """1, 4, 16, 64 minutes… capped at 6 hours."""
    return timedelta(minutes=min(4 ** max(attempts - 1, 0), 360))
