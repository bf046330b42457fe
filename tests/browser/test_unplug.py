"""Issue 7, Unplug: a tech-free session started on one phone and joined on the
other, and a commitment, its night answered by each partner, and the weekly
"phones got in the way" rating beside the unplugged minutes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.pages import assert_buttons_easy_to_tap, assert_controls_labelled
from tests.browser.two_partners import on_their_phones, open_practice


def test_an_unplugged_session_started_on_one_phone_and_joined_on_the_other(
    transactional_db: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = on_their_phones(new_phone)

    open_practice(ada, "Unplug")
    ada.get_by_label("For how long?").select_option("60")
    ada.get_by_role("button", name="We're unplugged now").click()
    expect(ada.get_by_role("heading", name="Unplugged")).to_be_visible()
    expect(ada.get_by_text("waiting for your partner to join")).to_be_visible()
    expect(ada.get_by_text("Planned: 60 minutes")).to_be_visible()
    # The calm timer counts up (a static script; no inline code), and the
    # screen can fill the phone.
    expect(ada.get_by_role("timer")).to_have_text(re.compile(r"^\d{2}:\d{2}$"))
    expect(ada.get_by_role("button", name="Full screen")).to_be_visible()
    screenshot(ada, "session")

    # Ben's Today page shows it, and he joins.
    ben.goto("/")
    expect(ben.get_by_text("Ada is unplugged now.")).to_be_visible()
    ben.get_by_role("button", name="Join").click()
    expect(ben.get_by_text("you joined")).to_be_visible()
    assert_buttons_easy_to_tap(ben)

    # Ada's screen learns it by itself (polling), then she ends the session.
    expect(ada.get_by_text("Ben joined")).to_be_visible(timeout=20_000)
    ada.get_by_role("button", name="End the session").click()
    expect(ada.get_by_text(re.compile(r"\d+ minutes? together, unplugged\."))).to_be_visible()
    ada.get_by_role("button", name="Kept").click()
    expect(ada.get_by_role("heading", name="Unplug", level=1)).to_be_visible()
    recent = ada.get_by_role("region", name="Recent sessions")
    expect(recent.get_by_text("you: kept")).to_be_visible()
    screenshot(ada, "unplug")

    # Ben answers for himself; his answer is his, not Ada's.
    open_practice(ben, "Unplug")
    ben_recent = ben.get_by_role("region", name="Recent sessions")
    expect(ben_recent.get_by_text("Phones stayed away?")).to_be_visible()
    ben_recent.get_by_role("button", name="Not this time").click()
    expect(
        ben.get_by_role("region", name="Recent sessions").get_by_text("you: not this time")
    ).to_be_visible()


def test_a_commitment_answered_by_each_and_the_weekly_rating(
    transactional_db: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = on_their_phones(new_phone, ben_dark=True)

    open_practice(ada, "Unplug")
    ada.get_by_role("link", name="Agree on a commitment").click()
    expect(ada.get_by_role("heading", name="A new commitment")).to_be_visible()
    assert_controls_labelled(ada)
    ada.get_by_label("What do you agree on?").fill("Phones out of the bedroom")
    ada.get_by_label("From").fill("22:00")
    ada.get_by_label("Until").fill("07:00")
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        ada.get_by_label(day, exact=True).check()
    ada.get_by_role("button", name="Save").click()

    commitments = ada.get_by_role("region", name="Our commitments")
    expect(commitments.get_by_role("heading", name="Phones out of the bedroom")).to_be_visible()
    expect(commitments.get_by_text("22:00–07:00")).to_be_visible()
    # Tonight is the first night; Ada says it was kept and lets Ben see it.
    tonight = commitments.get_by_role("listitem").last
    tonight.get_by_label("share").check()
    tonight.get_by_role("button", name=re.compile(r"^Kept — ")).click()
    expect(commitments.get_by_text("you: kept")).to_be_visible()

    # The weekly rating, beside the minutes unplugged this week.
    week = ada.get_by_role("region", name="This week")
    week.get_by_label("1 · a little").check()
    week.get_by_label("Let my partner see my answer").check()
    week.get_by_role("button", name="Save").click()
    week = ada.get_by_role("region", name="This week")
    expect(week.get_by_role("button", name="Change my answer")).to_be_visible()
    expect(week.get_by_label("1 · a little")).to_be_checked()
    expect(week.get_by_text("0 minutes unplugged together so far this week.")).to_be_visible()
    trend = ada.get_by_role("region", name="Over the weeks")
    expect(trend.get_by_role("img", name=re.compile(r"phones got in the way"))).to_be_visible()
    assert_buttons_easy_to_tap(ada)
    screenshot(ada, "unplug-commitment")

    # Ben sees the commitment and Ada's shared answer, and answers for himself.
    open_practice(ben, "Unplug")
    ben_commitments = ben.get_by_role("region", name="Our commitments")
    expect(ben_commitments.get_by_text("Ada: kept")).to_be_visible()
    ben_commitments.get_by_role("listitem").last.get_by_role(
        "button", name=re.compile(r"^Not this time — ")
    ).click()
    ben_commitments = ben.get_by_role("region", name="Our commitments")
    expect(ben_commitments.get_by_text("you: not this time")).to_be_visible()
    expect(ben_commitments.get_by_text("Ada: kept")).to_be_visible()
    # Ada's shared rating is on Ben's chart; his own week is still open to answer.
    ben_trend = ben.get_by_role("region", name="Over the weeks")
    legend = ben_trend.get_by_role("listitem").filter(has_text="Phones in the way, Ada (0–4)")
    expect(legend).to_be_visible()
    expect(
        ben.get_by_role("region", name="This week").get_by_role("button", name="Save")
    ).to_be_visible()
    assert ben.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(ben, "unplug-dark")
