"""What can happen in Pulse; shared by the pages and the API.

Writes check the person is a partner (therapists read only) and go through
`writable_by`; a check-in is one row per partner and week, so writing one
again updates it. After every check-in the drift rule runs for the couple.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tending import nudges
from tending.couples.access import require_partner
from tending.couples.boundary import Visibility
from tending.couples.models import Couple, Membership
from tending.couples.services import CoupleActionRefused
from tending.pulse import drift
from tending.pulse import questions as q
from tending.pulse.models import (
    CHECKIN_VISIBILITY,
    AlertDismissal,
    CheckIn,
    CheckInReflection,
    ClosenessTap,
    DriftAlert,
    PulsePreference,
    PulseSchedule,
    SkippedWeek,
)
from tending.pulse.weeks import (
    WEEK,
    WeekRefused,
    accept_week,
    closes_at,
    late_cutoff,
    local_today,
    week_containing,
    week_end,
)

TAP_DAYS_BACK = 6  # a tap may be caught up for the past week, never the future


class PulseRefused(CoupleActionRefused):
    """A Pulse request that cannot be carried out; the API answers it as JSON."""


@dataclass(frozen=True)
class Answers:
    """One week's answers, already in range (forms and schemas check first)."""

    signs: dict[str, int]
    closeness: int
    satisfaction_items: dict[str, int]
    visibility: str = Visibility.PARTNER
    feelings: Sequence[str] = ()
    note: str = ""
    reflection_visibility: str = Visibility.PRIVATE

    def validate(self) -> None:
        """A last guard below the forms and schemas: nothing out of range is stored."""
        problems = []
        if set(self.signs) != set(q.SIGN_KEYS) or any(
            not q.SIGN_MIN <= v <= q.SIGN_MAX for v in self.signs.values()
        ):
            problems.append(_("Each warning sign takes an answer from 0 to 4."))
        if not q.CLOSENESS_MIN <= self.closeness <= q.CLOSENESS_MAX:
            problems.append(_("Closeness is a picture from 1 to 7."))
        if set(self.satisfaction_items) != set(q.SATISFACTION_KEYS) or any(
            not q.SATISFACTION_ITEM_MIN <= v <= q.SATISFACTION_ITEM_MAX
            for v in self.satisfaction_items.values()
        ):
            problems.append(_("Each satisfaction question takes an answer from 0 to 5."))
        if len(self.feelings) > q.MAX_FEELINGS or not set(self.feelings) <= q.FEELING_KEYS:
            problems.append(_("Choose up to three words from the list."))
        if len(self.note) > q.NOTE_MAX_LENGTH:
            problems.append(_("The note can be up to 1000 characters."))
        if self.visibility not in {v for v, _label in CHECKIN_VISIBILITY}:
            problems.append(
                _("Your answers are shared with your partner, and may be with your therapist.")
            )
        if self.reflection_visibility not in Visibility.values:
            problems.append(_("Choose who may see your note."))
        if problems:
            raise PulseRefused(" ".join(problems), status=422)


def bump_version(couple: Couple) -> None:
    """Something the trends show has changed: cached trends stop matching."""
    if not PulseSchedule.objects.filter(couple=couple).update(version=F("version") + 1):
        PulseSchedule.objects.get_or_create(couple=couple, defaults={"version": 1})


def schedule_for(couple: Couple) -> PulseSchedule:
    """The couple's schedule; an unsaved default until they choose a day."""
    return PulseSchedule.objects.filter(couple=couple).first() or PulseSchedule(couple=couple)


@dataclass
class Viewer:
    """Who is looking at which couple's Pulse, and when (in the couple's zone)."""

    user: Any
    membership: Membership
    partners: list[Any]
    schedule: PulseSchedule
    now: datetime | None = None
    today: date = field(init=False)
    current_week: date = field(init=False)

    def __post_init__(self) -> None:
        self.place_in_time()

    def place_in_time(self) -> None:
        """Today and this week, in the couple's zone and by its check-in day."""
        self.today = local_today(self.couple.time_zone, self.now)
        self.current_week = week_containing(self.today, self.schedule.checkin_weekday)

    @property
    def couple(self) -> Couple:
        return self.membership.couple

    @property
    def is_partner(self) -> bool:
        return self.membership.is_partner

    @property
    def partner(self) -> Any | None:
        return next((p for p in self.partners if p.pk != self.user.pk), None)

    def people(self) -> list[Any]:
        """The partners, the viewer first when they are one."""
        return sorted(self.partners, key=lambda p: p.pk != self.user.pk)

    def week_of(self, day: date) -> date:
        return week_containing(day, self.schedule.checkin_weekday)

    def closes_at(self, week_start: date) -> datetime:
        return closes_at(week_start, self.couple.time_zone)


@dataclass(frozen=True)
class WeekStatus:
    week_start: date
    week_end: date
    closes_at: datetime
    me_done: bool
    partner_done: bool
    has_partner: bool
    # Closed weeks, newest first, the partner checked in for and the viewer
    # missed, skipped not, and may still check in late for.
    late_choice: tuple[date, ...] = ()

    @property
    def state(self) -> str:
        """open: not checked in yet; waiting: done, the partner not yet; done: both."""
        if not self.me_done:
            return "open"
        if self.has_partner and not self.partner_done:
            return "waiting"
        return "done"


def week_status(viewer: Viewer) -> WeekStatus:
    """This week's state, and the past weeks still open to a late check-in
    that the partner answered and the viewer missed: one query."""
    my_skip = SkippedWeek.objects.writable_by(viewer.user).filter(
        couple=OuterRef("couple"), week_start=OuterRef("week_start")
    )
    rows = list(
        CheckIn.objects.visible_to(viewer.user)
        .filter(
            couple=viewer.couple,
            week_start__gte=late_cutoff(viewer.current_week),
            week_start__lte=viewer.current_week,
        )
        .annotate(skipped=Exists(my_skip))
        .values_list("author_id", "week_start", "skipped")
    )
    partner = viewer.partner
    me, them = viewer.user.pk, partner.pk if partner is not None else None
    mine = {week for author, week, _skipped in rows if author == me}
    missed = sorted(
        (
            week
            for author, week, skipped in rows
            if author == them and week < viewer.current_week and week not in mine and not skipped
        ),
        reverse=True,
    )
    return WeekStatus(
        week_start=viewer.current_week,
        week_end=week_end(viewer.current_week),
        closes_at=viewer.closes_at(viewer.current_week),
        me_done=viewer.current_week in mine,
        partner_done=any(a == them and w == viewer.current_week for a, w, _s in rows),
        has_partner=partner is not None,
        late_choice=tuple(missed) if viewer.is_partner else (),
    )


# --- Writing -----------------------------------------------------------------------


def submit_checkin(viewer: Viewer, week_start: date, answers: Answers) -> tuple[CheckIn, bool]:
    """Write the viewer's check-in for the week containing `week_start`;
    returns it and whether it is new. Editing never makes a second row."""
    require_partner(viewer.membership)
    try:
        week = accept_week(viewer.week_of(week_start), viewer.current_week)
    except WeekRefused as refusal:
        raise PulseRefused(str(refusal), status=422) from None
    answers.validate()
    refuse_if_skipped(viewer, week)
    values: dict[str, Any] = {
        **answers.signs,
        **answers.satisfaction_items,
        "closeness": answers.closeness,
        "satisfaction": q.satisfaction_score(
            [answers.satisfaction_items[key] for key in q.SATISFACTION_KEYS]
        ),
        "visibility": answers.visibility,
    }
    user, couple = viewer.user, viewer.couple
    for _attempt in range(2):
        try:
            with transaction.atomic():
                checkin = (
                    CheckIn.objects.writable_by(user)
                    .select_for_update()
                    .filter(couple=couple, week_start=week)
                    .first()
                )
                created = checkin is None
                if checkin is None:
                    checkin = CheckIn(couple=couple, author=user, week_start=week)
                for name, value in values.items():
                    setattr(checkin, name, value)
                checkin.save()
                _write_reflection(checkin, answers)
                bump_version(couple)
            break
        except IntegrityError:
            # The same partner submitted twice at once: the other request
            # created the row; the second attempt updates it.
            continue
    else:  # pragma: no cover - only a persistent constraint failure gets here
        raise PulseRefused(_("That check-in could not be saved. Please try again."), status=409)
    refresh_alerts(viewer)
    if created:
        nudges.notify_partner(
            user,
            "partner_checked_in",
            couple=couple,
            key=f"checkin:{week.isoformat()}",
            url=reverse("pulse:home"),
        )
    return checkin, created


def refuse_if_skipped(viewer: Viewer, week: date) -> None:
    """A week skipped to see the partner's answers takes no late check-in."""
    if week + WEEK > viewer.today:
        return  # still open: it cannot have been skipped
    if (
        SkippedWeek.objects.writable_by(viewer.user)
        .filter(couple=viewer.couple, week_start=week)
        .exists()
    ):
        raise PulseRefused(
            _(
                "You skipped that week to see your partner's answers, so it stays "
                "without a check-in of yours. Check in for this week instead."
            ),
            status=409,
        )


def skip_week(viewer: Viewer, week_start: date) -> SkippedWeek | None:
    """Pass on a closed week the viewer missed, to see the partner's answers
    now; the week can no longer be checked in for. Returns None when there is
    nothing to skip: the viewer checked in, or the week is past catching up
    (its answers are open already)."""
    require_partner(viewer.membership)
    week = viewer.week_of(week_start)
    if week > viewer.current_week:
        raise PulseRefused(_("That week has not started yet."), status=422)
    if week + WEEK > viewer.today:
        raise PulseRefused(
            _(
                "This week is still open: check in, and you will see each other's "
                "answers once you both have, or when it closes."
            ),
            status=422,
        )
    if week < late_cutoff(viewer.current_week):
        return None
    authors = set(
        CheckIn.objects.visible_to(viewer.user)
        .filter(couple=viewer.couple, week_start=week)
        .values_list("author_id", flat=True)
    )
    if viewer.user.pk in authors:
        return None
    if not authors:
        raise PulseRefused(
            _(
                "Your partner did not check in that week, so there is nothing to see. "
                "You can still check in for it."
            ),
            status=409,
        )
    skip = SkippedWeek(couple=viewer.couple, author=viewer.user, week_start=week)
    try:
        with transaction.atomic():
            skip.save()
    except IntegrityError:  # skipped twice at once: the first one stands
        skip = SkippedWeek.objects.writable_by(viewer.user).get(
            couple=viewer.couple, week_start=week
        )
    bump_version(viewer.couple)  # the partner's answers now show in trends
    return skip


def _write_reflection(checkin: CheckIn, answers: Answers) -> None:
    existing = CheckInReflection.objects.writable_by(checkin.author).filter(checkin=checkin)
    if not answers.feelings and not answers.note.strip():
        existing.delete()
        return
    reflection = existing.first() or CheckInReflection(
        checkin=checkin, couple_id=checkin.couple_id, author_id=checkin.author_id
    )
    reflection.feelings = ",".join(answers.feelings)
    reflection.note = answers.note.strip()
    reflection.visibility = answers.reflection_visibility
    reflection.save()


def record_tap(viewer: Viewer, day: date, closeness: int) -> tuple[ClosenessTap, bool]:
    """Today's "how close?" (or a day of the past week); a second tap that day replaces it."""
    require_partner(viewer.membership)
    if day > viewer.today:
        raise PulseRefused(_("That day has not come yet."), status=422)
    if viewer.today - day > timedelta(days=TAP_DAYS_BACK):
        raise PulseRefused(_("Taps can be caught up for the past week only."), status=422)
    if not q.CLOSENESS_MIN <= closeness <= q.CLOSENESS_MAX:
        raise PulseRefused(_("Closeness is a picture from 1 to 7."), status=422)
    user, couple = viewer.user, viewer.couple
    with transaction.atomic():
        tap = ClosenessTap.objects.writable_by(user).filter(couple=couple, day=day).first()
        created = tap is None
        if tap is None:
            tap = ClosenessTap(couple=couple, author=user, day=day)
        tap.week_start = viewer.week_of(day)
        tap.closeness = closeness
        try:
            with transaction.atomic():
                tap.save()
        except IntegrityError:
            ClosenessTap.objects.writable_by(user).filter(couple=couple, day=day).update(
                closeness=closeness
            )
            tap = ClosenessTap.objects.writable_by(user).get(couple=couple, day=day)
            created = False
        bump_version(couple)
    return tap, created


def set_schedule(viewer: Viewer, checkin_weekday: int) -> PulseSchedule:
    """Change the couple's check-in day. Weeks already written keep their dates."""
    require_partner(viewer.membership)
    if not 0 <= checkin_weekday <= 6:
        raise PulseRefused(_("Choose a day of the week."), status=422)
    bump_version(viewer.couple)
    schedule, _created = PulseSchedule.objects.update_or_create(
        couple=viewer.couple, defaults={"checkin_weekday": checkin_weekday}
    )
    viewer.schedule = schedule
    viewer.place_in_time()  # the current week moves with the day
    if schedule.drift_week is not None:
        # Weeks now end on another day: run the rule at the next worker turn.
        PulseSchedule.objects.filter(couple=viewer.couple).update(drift_due=timezone.now())
    return schedule


def preference_for(viewer: Viewer) -> PulsePreference:
    return PulsePreference.objects.visible_to(viewer.user).filter(
        couple=viewer.couple, author=viewer.user
    ).first() or PulsePreference(couple=viewer.couple, author=viewer.user)


def set_preference(viewer: Viewer, daily_tap: bool) -> PulsePreference:
    require_partner(viewer.membership)
    preference = preference_for(viewer)
    preference.daily_tap = daily_tap
    try:
        with transaction.atomic():
            preference.save()
    except IntegrityError:
        PulsePreference.objects.writable_by(viewer.user).filter(couple=viewer.couple).update(
            daily_tap=daily_tap
        )
    bump_version(viewer.couple)
    return preference


def dismiss_alert(viewer: Viewer, alert: DriftAlert) -> None:
    """Set an alert aside for the viewer; it stays aside for this episode."""
    require_partner(viewer.membership)
    AlertDismissal.objects.bulk_create(
        [AlertDismissal(couple=viewer.couple, author=viewer.user, alert=alert)],
        ignore_conflicts=True,
    )
    bump_version(viewer.couple)


# --- The drift rule, applied -------------------------------------------------------


def drift_week(viewer: Viewer, status: WeekStatus) -> date:
    """The newest week both partners can see: this week once both have checked
    in, otherwise the week just closed."""
    both = status.me_done and status.partner_done
    return viewer.current_week if both else viewer.current_week - WEEK


def refresh_alerts(viewer: Viewer, status: WeekStatus | None = None) -> None:
    """Run the drift rule for the couple and bring its alert episodes up to date.

    An episode stays open while its rule holds and ends after two quiet weeks
    in a row, so one better week in the middle of a bad patch does not bring
    back an alert the couple set aside."""
    if not viewer.is_partner:
        return
    status = status or week_status(viewer)
    upto = drift_week(viewer, status)
    oldest = upto - WEEK * (drift.LOOKBACK_WEEKS + drift.RECENT_WEEKS + drift.BASELINE_WEEKS)
    partner_ids = {p.pk for p in viewer.partners}
    history: dict[Any, dict[date, dict[str, int]]] = defaultdict(dict)
    rows = (
        CheckIn.objects.settled_for(viewer)
        .filter(week_start__gte=oldest, week_start__lte=upto)
        .values("author_id", "week_start", *q.METRIC_KEYS)
    )
    for row in rows:
        if row["author_id"] in partner_ids:
            history[row["author_id"]][row["week_start"]] = {k: row[k] for k in q.METRIC_KEYS}
    for weeks in history.values():
        # Weeks written before a change of check-in day sit between the new
        # week starts; the rule counts them as the week they overlap most.
        for week in [w for w in weeks if viewer.week_of(w) != w]:
            weeks.setdefault(_nearest_week(viewer, week), weeks[week])
            del weeks[week]
    now = {f.key: f for f in drift.detect(history, upto)}
    before = {f.key for f in drift.detect(history, upto - WEEK)}
    with transaction.atomic():
        open_alerts = {
            (a.rule, a.item): a for a in DriftAlert.objects.filter(couple=viewer.couple).ongoing()
        }
        for key, finding in now.items():
            both = len(finding.partners) > 1
            alert = open_alerts.get(key)
            if alert is None:
                alert, _created = DriftAlert.objects.get_or_create(
                    couple=viewer.couple,
                    rule=finding.rule,
                    item=finding.item,
                    started_week=finding.started,
                    defaults={"last_week": upto, "both": both},
                )
                for partner in viewer.partners if _created else ():
                    nudges.notify(
                        partner,
                        "drift_alert",
                        couple=viewer.couple,
                        key=f"drift:{alert.pk}",
                        url=reverse("pulse:home"),
                    )
                # The same start means the same episode: it comes back as it
                # was left, dismissals and all.
                alert.ended_week = None
            alert.last_week, alert.both = max(alert.last_week, upto), both
            alert.save(update_fields=["last_week", "both", "ended_week"])
        for key, alert in open_alerts.items():
            if key not in now and key not in before:
                alert.ended_week = upto
                alert.save(update_fields=["ended_week"])
        # Next due when this week closes; a couple with nothing recent to
        # look at is not due again until someone checks in.
        due = viewer.closes_at(viewer.current_week) if history or open_alerts else None
        PulseSchedule.objects.update_or_create(
            couple=viewer.couple,
            defaults={
                "drift_week": upto,
                "drift_due": due,
                "checkin_weekday": viewer.schedule.checkin_weekday,
            },
        )
        bump_version(viewer.couple)  # the alerts shown may have changed
    viewer.schedule.drift_week, viewer.schedule.drift_due = upto, due


def _nearest_week(viewer: Viewer, day: date) -> date:
    start = viewer.week_of(day)
    return start + WEEK if (day - start).days > 3 else start
