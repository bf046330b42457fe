"""Issue 7, Balance: from a phone, a partner sets the balance they want, logs
time for themself in one tap and time together, runs a timer, and sees the
week against their own aim — while the other partner never sees it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.pages import assert_buttons_easy_to_tap, assert_controls_labelled
from tests.browser.two_partners import on_their_phones, open_practice


def test_own_time_against_own_aim_and_the_shared_time(
    transactional_db: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = on_their_phones(new_phone, ben_dark=True)

    open_practice(ada, "Balance")
    expect(ada.get_by_role("heading", name="Balance", level=1)).to_be_visible()
    ada.get_by_role("link", name="Set the balance you want").click()
    expect(ada.get_by_role("heading", name="The balance I want")).to_be_visible()
    assert_controls_labelled(ada)
    ada.get_by_label("For me: about how many hours a week?").fill("5")
    ada.get_by_label("With us: about how many hours a week?").fill("6")
    ada.get_by_role("button", name="Save my aim").click()

    # Time for herself: a category, then one tap on a duration logs it.
    log = ada.get_by_role("region", name="Log time")
    expect(log.get_by_label("For me")).to_be_checked()
    log.get_by_label("What").fill("Climbing")
    log.get_by_role("button", name="45 min").click()
    expect(ada.get_by_text("Logged 45 minutes.")).to_be_visible()
    me = ada.get_by_role("region", name="For me")
    expect(me.get_by_text("45 min of about 5 h")).to_be_visible()
    expect(me.get_by_role("progressbar", name="Time for me, against my aim")).to_have_attribute(
        "value", "15"
    )
    expect(me.get_by_text("Climbing")).to_be_visible()

    # Time together, with minutes typed in.
    log = ada.get_by_role("region", name="Log time")
    log.get_by_label("With us").check()
    log.get_by_label("What").fill("A walk by the river")
    log.get_by_label("Or minutes").fill("50")
    log.get_by_role("button", name="Log", exact=True).click()
    us = ada.get_by_role("region", name="With us")
    expect(us.get_by_text("50 min of about 6 h")).to_be_visible()
    expect(us.get_by_text("A walk by the river")).to_be_visible()

    # Or a timer, started and stopped from the phone.
    timer = ada.get_by_role("region", name="Or a timer")
    timer.get_by_label("What").fill("Reading")
    timer.get_by_role("button", name="Start the timer").click()
    timer = ada.get_by_role("region", name="Or a timer")
    expect(timer.get_by_text(re.compile(r"^Reading, since \d{2}:\d{2}"))).to_be_visible()
    expect(timer.get_by_role("timer")).to_have_text(re.compile(r"^\d{2}:\d{2}$"))
    timer.get_by_role("button", name="Stop and log").click()
    expect(ada.get_by_text("Stopped before a minute had passed: nothing logged.")).to_be_visible()
    expect(ada.get_by_role("button", name="Start the timer")).to_be_visible()

    # The weeks as pictures, each against her own aim.
    trend = ada.get_by_role("region", name="Over the weeks")
    expect(trend.get_by_role("img", name=re.compile(r"^Time for me, week by week"))).to_be_visible()
    expect(
        trend.get_by_role("img", name=re.compile(r"^Time with us, week by week"))
    ).to_be_visible()
    assert_buttons_easy_to_tap(ada)
    screenshot(ada, "balance")

    # Ben: the walk counts for both of them; Ada's own time and aim stay hers.
    open_practice(ben, "Balance")
    expect(
        ben.get_by_role("region", name="With us").get_by_text("A walk by the river")
    ).to_be_visible()
    expect(
        ben.get_by_role("region", name="For me").get_by_text("Nothing logged for you this week.")
    ).to_be_visible()
    body = ben.locator("main").inner_text()
    assert "Climbing" not in body
    assert "of about 5 h" not in body
    assert ben.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(ben, "balance-dark")
