"""Demo nudges: a few notifications for each partner (some read), their
reminder settings, and the weekly series planned."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tending.demo import DemoCouple, contributes
from tending.nudges import kinds, planner
from tending.nudges.models import KindPreference, Notification, NudgeSettings


@contributes
def nudges(demo: DemoCouple) -> None:
    now = timezone.now()
    for person, partner in ((demo.first, demo.second), (demo.second, demo.first)):
        NudgeSettings.objects.update_or_create(user=person, defaults={"daily_cap": 3})
        samples = [
            ("appreciation_received", "/appreciate/jar/", {"partner": str(partner)}, 2, True),
            ("good_news_received", "/appreciate/good-news/", {"partner": str(partner)}, 26, True),
            ("pulse_open", "/pulse/", {}, 50, False),
        ]
        for slug, url, context, hours_ago, unread in samples:
            kind = kinds.get(slug)
            if not kind.available:
                continue
            message = kind.render(context)
            Notification.objects.create(
                recipient=person,
                couple=demo.couple,
                occurrence=f"demo-{slug}",
                kind=slug,
                title=message.title,
                body=message.body,
                url=url,
                created=now - timedelta(hours=hours_ago),
                read_at=None if unread else now - timedelta(hours=hours_ago - 1),
            )
    # One partner prefers the digest on Friday evenings.
    KindPreference.objects.update_or_create(
        user=demo.second, kind="weekly_digest", defaults={"weekday": 4}
    )
    planner.plan_missing()
