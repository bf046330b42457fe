"""Pulse over JSON: everything the pages do, under the same rules.

Every operation names the couple (`couple_id`); outsiders get 404, a
therapist gets 403 on writes and sees only what was shared with them, and a
partner's answers appear only once their week is revealed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from tending.api.auth import current_user
from tending.api.errors import ErrorOut
from tending.api.kept import kept_answer
from tending.couples.access import require_partner
from tending.pulse import questions as q
from tending.pulse import reading, services
from tending.pulse.alerts import AlertView, describe_alert
from tending.pulse.models import CheckIn, CheckInReflection, ClosenessTap, DriftAlert
from tending.pulse.schemas import (
    AlertOut,
    CheckInIn,
    CheckInOut,
    GapOut,
    GapWeekOut,
    ItemGapOut,
    PeriodOut,
    PersonOut,
    PersonTrendOut,
    Range,
    ReflectionOut,
    SatisfactionIn,
    SettingsIn,
    SettingsOut,
    SignsIn,
    StatusOut,
    SuggestionOut,
    TapIn,
    TapOut,
    TrendsOut,
    WeekEntryOut,
    WeekOut,
)
from tending.pulse.services import Answers, Viewer

router = Router(tags=["pulse"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _viewer(request: HttpRequest, couple_id: UUID) -> Viewer:
    return reading.viewer_for(current_user(request), couple_id)


def _person(user: Any) -> PersonOut:
    return PersonOut(id=user.pk, display_name=user.display_name)


def _checkin_out(
    checkin: CheckIn, author: Any, reflection: CheckInReflection | None = None
) -> CheckInOut:
    return CheckInOut(
        id=checkin.id,
        week_start=checkin.week_start,
        author=_person(author),
        signs=SignsIn(**checkin.signs),
        closeness=checkin.closeness,
        satisfaction_items=SatisfactionIn(
            **{key: getattr(checkin, key) for key in q.SATISFACTION_KEYS}
        ),
        satisfaction=checkin.satisfaction,
        visibility=checkin.visibility,
        created=checkin.created,
        updated=checkin.updated,
        reflection=ReflectionOut(
            feelings=reflection.feeling_keys, note=reflection.note, visibility=reflection.visibility
        )
        if reflection is not None
        else None,
    )


def _people(viewer: Viewer) -> dict[Any, Any]:
    return {p.pk: p for p in viewer.partners}


@router.get(
    "/{couple_id}/status",
    response={200: StatusOut, **READ_ERRORS},
    summary="This week's check-in: open, done, or waiting for the partner",
)
def status(request: HttpRequest, couple_id: UUID) -> StatusOut:
    viewer = _viewer(request, couple_id)
    week = services.week_status(viewer)
    return StatusOut(
        week_start=week.week_start,
        week_end=week.week_end,
        closes_at=week.closes_at,
        checkin_weekday=viewer.schedule.checkin_weekday,
        state=week.state,  # type: ignore[arg-type]
        me_checked_in=week.me_done,
        partner_checked_in=week.partner_done,
        late_choice=list(week.late_choice),
    )


@router.get(
    "/{couple_id}/checkins",
    response={200: list[CheckInOut], **READ_ERRORS},
    summary="My own check-ins, newest first",
)
def my_checkins(
    request: HttpRequest,
    couple_id: UUID,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100_000),
) -> list[CheckInOut]:
    viewer = _viewer(request, couple_id)
    checkins = list(
        CheckIn.objects.authored_by(viewer.user)
        .filter(couple=viewer.couple)
        .order_by("-week_start")[offset : offset + limit]
    )
    reflections = {
        r.checkin_id: r
        for r in CheckInReflection.objects.visible_to(viewer.user).filter(
            author=viewer.user, checkin__in=[c.pk for c in checkins]
        )
    }
    return [_checkin_out(c, viewer.user, reflections.get(c.pk)) for c in checkins]


@router.put(
    "/{couple_id}/weeks/{week}/checkin",
    response={200: CheckInOut, 201: CheckInOut, **ERRORS},
    summary="Submit or edit my check-in for the week containing `week`",
    description=(
        "`week` is any date (YYYY-MM-DD) in the week, in the couple's time zone. Writing "
        "again for the same week updates the check-in; there is never a second one. The "
        "current week and the four before it are open; a future week, or one more than "
        "four weeks gone, is refused with 422."
    ),
)
def submit_checkin(
    request: HttpRequest, couple_id: UUID, week: date, payload: CheckInIn
) -> Status[CheckInOut]:
    viewer = _viewer(request, couple_id)
    require_partner(viewer.membership)
    reflection = payload.reflection
    answers = Answers(
        signs=payload.signs.model_dump(),
        closeness=payload.closeness,
        satisfaction_items=payload.satisfaction.model_dump(),
        visibility=payload.visibility,
        feelings=tuple(reflection.feelings) if reflection else (),
        note=reflection.note if reflection else "",
        reflection_visibility=reflection.visibility if reflection else "private",
    )
    checkin, created = services.submit_checkin(viewer, week, answers)
    stored = (
        CheckInReflection.objects.visible_to(viewer.user)
        .filter(checkin=checkin, author=viewer.user)
        .first()
    )
    return Status(201 if created else 200, _checkin_out(checkin, viewer.user, stored))


@router.get(
    "/{couple_id}/checkins/{checkin_id}",
    response={200: CheckInOut, **READ_ERRORS},
    summary="One check-in: mine, or my partner's once its week is revealed",
)
def get_checkin(request: HttpRequest, couple_id: UUID, checkin_id: UUID) -> CheckInOut:
    viewer = _viewer(request, couple_id)
    checkin = CheckIn.objects.revealed_to(viewer).filter(id=checkin_id).first()
    if checkin is None:
        raise Http404
    reflection = CheckInReflection.objects.revealed_to(viewer).filter(checkin=checkin).first()
    author = _people(viewer).get(checkin.author_id) or checkin.author
    return _checkin_out(checkin, author, reflection)


@router.get(
    "/{couple_id}/weeks",
    response={200: list[WeekOut], **READ_ERRORS},
    summary="The couple's weeks, newest first: answers appear once a week is revealed",
)
def weeks(
    request: HttpRequest,
    couple_id: UUID,
    limit: int = Query(12, ge=1, le=52),
    offset: int = Query(0, ge=0, le=5200, description="How many weeks back to start"),
) -> list[WeekOut]:
    viewer = _viewer(request, couple_id)
    newest = viewer.current_week - timedelta(weeks=offset)
    return [_week_out(week) for week in reading.week_views(viewer, newest, limit)]


def _week_out(week: reading.WeekView) -> WeekOut:
    return WeekOut(
        week_start=week.start,
        week_end=week.end,
        closes_at=week.closes_at,
        closed=week.closed,
        revealed=week.revealed,
        my_choice=week.my_choice is not None,
        entries=[
            WeekEntryOut(
                person=_person(e.person),
                checked_in=e.checked_in,
                checkin=_checkin_out(e.checkin, e.person, e.reflection) if e.checkin else None,
            )
            for e in week.entries
        ],
    )


@router.post(
    "/{couple_id}/weeks/{week}/skip",
    response={200: WeekOut, **ERRORS},
    summary="Skip a closed week I missed, to see my partner's answers for it",
    description=(
        "`week` is any date in the week. Only for a closed week my partner checked in "
        "for and I did not: afterwards the week can no longer be checked in for (409), "
        "so nobody answers after reading the other's answers. An open week is refused "
        "with 422, a week my partner did not check in for with 409. Skipping a week I "
        "checked in for, or one more than four weeks gone, changes nothing."
    ),
)
def skip_week(request: HttpRequest, couple_id: UUID, week: date) -> WeekOut:
    viewer = _viewer(request, couple_id)
    services.skip_week(viewer, week)
    [shown] = reading.week_views(viewer, viewer.week_of(week), 1)
    return _week_out(shown)


@router.get(
    "/{couple_id}/trends",
    response={200: TrendsOut, **READ_ERRORS},
    summary="Each partner's signs, closeness and satisfaction over time",
    description="`12w` and `12m` give one value per week, `all` one per month (means).",
)
@kept_answer
def get_trends(request: HttpRequest, couple_id: UUID, range: Range = "12w") -> TrendsOut:
    viewer = _viewer(request, couple_id)
    return reading.cached(viewer, "api-trends", range, lambda: _trends(viewer, range))


def _trends(viewer: Viewer, range: Range) -> TrendsOut:
    result, _rows, _taps = reading.load_trends(viewer, range)
    return TrendsOut(
        range=result.range_key,
        periods=[PeriodOut(start=p.start, label=p.long_label) for p in result.periods],
        people=[
            PersonTrendOut(
                person=_person(p.person), is_me=p.is_me, series=p.values, daily_closeness=p.taps
            )
            for p in result.people
        ],
    )


@router.get(
    "/{couple_id}/gap",
    response={200: GapOut, **READ_ERRORS},
    summary="The in-sync gap: how far apart the partners' answers are, item by item",
)
def get_gap(request: HttpRequest, couple_id: UUID, range: Range = "12w") -> GapOut:
    viewer = _viewer(request, couple_id)
    rows = reading.trend_rows(viewer, range)
    report = reading.gap_report(viewer, range, rows)
    return GapOut(
        week_start=report.week,
        items=[
            ItemGapOut(
                item=i.item,
                name=i.name,
                gap=i.gap,
                in_sync=i.in_sync,
                sentence=i.sentence,
                weeks_compared=i.weeks_compared,
                weeks_in_sync=i.weeks_in_sync,
                mean_gap=i.mean_gap,
                weeks=[
                    GapWeekOut(week_start=w, gap=g)
                    for w, g in zip(report.weeks, i.series, strict=True)
                ],
            )
            for i in report.items
        ],
    )


def _alert_out(view: AlertView) -> AlertOut:
    alert = view.alert
    return AlertOut(
        id=alert.id,
        rule=alert.rule,
        item=alert.item,
        title=view.title,
        message=view.message,
        started_week=alert.started_week,
        last_week=alert.last_week,
        dismissed=view.dismissed,
        suggestions=[SuggestionOut(name=s.name, url=s.url, why=s.why) for s in view.suggestions],
    )


@router.get(
    "/{couple_id}/alerts",
    response={200: list[AlertOut], **READ_ERRORS},
    summary="Ongoing drift alerts, each marked whether I set it aside",
)
def alerts(request: HttpRequest, couple_id: UUID) -> list[AlertOut]:
    viewer = _viewer(request, couple_id)
    return [_alert_out(view) for view in reading.ongoing_alerts(viewer)]


@router.post(
    "/{couple_id}/alerts/{alert_id}/dismiss",
    response={200: AlertOut, **ERRORS},
    summary="Set an alert aside; it does not come back for the same episode",
)
def dismiss(request: HttpRequest, couple_id: UUID, alert_id: UUID) -> AlertOut:
    viewer = _viewer(request, couple_id)
    require_partner(viewer.membership)
    alert = (
        DriftAlert.objects.visible_to(viewer.user).filter(couple=viewer.couple, id=alert_id).first()
    )
    if alert is None:
        raise Http404
    services.dismiss_alert(viewer, alert)
    return _alert_out(describe_alert(alert, dismissed=True))


@router.put(
    "/{couple_id}/taps/{day}",
    response={200: TapOut, 201: TapOut, **ERRORS},
    summary="My daily “how close today?” for `day` (today or the six days before)",
)
def put_tap(request: HttpRequest, couple_id: UUID, day: date, payload: TapIn) -> Status[TapOut]:
    viewer = _viewer(request, couple_id)
    tap, created = services.record_tap(viewer, day, payload.closeness)
    return Status(201 if created else 200, TapOut(day=tap.day, closeness=tap.closeness))


@router.get(
    "/{couple_id}/taps",
    response={200: list[TapOut], **READ_ERRORS},
    summary="My own daily taps, newest first (only I see them)",
)
def my_taps(
    request: HttpRequest, couple_id: UUID, days: int = Query(30, ge=1, le=3660)
) -> list[TapOut]:
    viewer = _viewer(request, couple_id)
    taps = (
        ClosenessTap.objects.visible_to(viewer.user)
        .filter(
            couple=viewer.couple, author=viewer.user, day__gt=viewer.today - timedelta(days=days)
        )
        .order_by("-day")
        .values("day", "closeness")
    )
    return [TapOut(**tap) for tap in taps]


@router.get(
    "/{couple_id}/settings",
    response={200: SettingsOut, **READ_ERRORS},
    summary="Our check-in day, and whether I see the daily tap on Today",
)
def get_settings(request: HttpRequest, couple_id: UUID) -> SettingsOut:
    viewer = _viewer(request, couple_id)
    preference = services.preference_for(viewer) if viewer.is_partner else None
    return SettingsOut(
        checkin_weekday=viewer.schedule.checkin_weekday,
        daily_tap=bool(preference and preference.daily_tap),
    )


@router.put(
    "/{couple_id}/settings",
    response={200: SettingsOut, **ERRORS},
    summary="Change our check-in day and/or my daily tap",
)
def put_settings(request: HttpRequest, couple_id: UUID, payload: SettingsIn) -> SettingsOut:
    viewer = _viewer(request, couple_id)
    require_partner(viewer.membership)
    if payload.checkin_weekday is not None:
        services.set_schedule(viewer, payload.checkin_weekday)
    preference = services.preference_for(viewer)
    if payload.daily_tap is not None:
        preference = services.set_preference(viewer, payload.daily_tap)
    return SettingsOut(
        checkin_weekday=viewer.schedule.checkin_weekday, daily_tap=preference.daily_tap
    )
