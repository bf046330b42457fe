"""The foundation's own scenario: `GET /api/v1/me` with a token, and the Today page
as a logged-in partner sees it (issue 2)."""

from __future__ import annotations

from bench.scenarios import Context, Measurement, Target


def targets(ctx: Context) -> list[Target]:
    return [
        Target(
            name="GET /api/v1/me (token)",
            path="/api/v1/me",
            auth="token",
            headers={"Accept": "application/json"},
            min_ratio=0.50,
            max_p99_ms=100,
            expect_text=ctx.a.email,
        ),
        Target(
            name="Today (logged in)",
            path="/",
            auth="session",
            min_ratio=0.35,
            max_p99_ms=100,
            # Both partners' names: the page of a couple, not a welcome or login page.
            expect_text=ctx.b.display_name,
        ),
    ]


def in_process(ctx: Context) -> list[Measurement]:
    # Reported without a limit: Today through the whole Django stack but without
    # the server, which tells app time from server time when the ratio drops.
    from django.test import override_settings

    client = ctx.client("a")

    def today() -> None:
        response = client.get("/")
        assert response.status_code == 200, response.status_code

    def today_drawn_afresh() -> None:
        # A partner's first view after a change: nothing kept (docs/performance.md).
        with override_settings(PAGE_CACHE_ENABLED=False):
            today()

    return [
        ctx.time("Today, rendered in-process", today, n=300),
        ctx.time("Today, drawn afresh (first view after a change)", today_drawn_afresh, n=100),
    ]
