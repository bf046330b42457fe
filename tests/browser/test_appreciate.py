"""Issue 5: one partner sends an appreciation and calls a break; the other,
on their own phone, sees both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tending.traditions.tests.helpers import make_tradition
from tests.browser.pages import assert_buttons_easy_to_tap, assert_controls_labelled
from tests.factories import CoupleFactory, UserFactory, seat

PASSWORD = "correct horse battery"  # what tests.factories.UserFactory sets


@pytest.fixture
def couple(transactional_db: Any) -> tuple[Any, Any]:
    """Ada and Ben, already paired (pairing has its own browser test)."""
    space = CoupleFactory(name="Ada & Ben", time_zone="Europe/Berlin")
    ada = UserFactory(email="ada@example.test", display_name="Ada")
    ben = UserFactory(email="ben@example.test", display_name="Ben")
    seat(space, ada)
    seat(space, ben)
    return ada, ben


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your practices")).to_be_visible()


def test_appreciation_and_break_reach_the_partner(
    couple: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = new_phone("iphone"), new_phone("android", color_scheme="dark")
    log_in(ada, "ada@example.test")
    log_in(ben, "ben@example.test")
    # Ben keeps the jar open; his page's clock is ours to move.
    ben.clock.install()
    ben.goto("/appreciate/jar/")

    # Ada writes an appreciation, starting from a validation prompt.
    ada.get_by_role("navigation", name="Practices").get_by_role("link", name="Appreciate").click()
    expect(ada.get_by_role("heading", name="Tell Ben what you appreciated")).to_be_visible()
    ada.get_by_text("Need words? Start from one of these").click()
    expect(ada.get_by_text("I saw how you…")).to_be_visible()
    assert_controls_labelled(ada)
    box = ada.get_by_label("What did you appreciate?")
    box.fill("You always forget the bins.")
    # The gentle helper reads it back on request; it never stops her sending.
    ada.get_by_role("button", name="Read it back gently").click()
    expect(ada.get_by_text("A gentler way to start?")).to_be_visible()
    expect(ada.locator("mark")).to_have_text("You always")
    screenshot(ada, "gentle")
    box.fill("I saw how you calmed Mia down at bedtime. Thank you <3")
    ada.get_by_text("Thanks", exact=True).click()
    ada.get_by_role("button", name="Send").click()
    expect(ada.get_by_text("Sent. It will be waiting for your partner.")).to_be_visible()
    expect(ada.get_by_text("1 appreciation between you this week")).to_be_visible()
    screenshot(ada, "sent")

    # Then the talk gets too hot: one tap opens the break button on any page.
    ada.goto("/")
    ada.get_by_text("I need a break").click()
    expect(ada.get_by_text("Feeling flooded?")).to_be_visible()
    ada.get_by_role("button", name="30 min").click()
    expect(ada.get_by_text("You're taking a break.")).to_be_visible()
    assert_buttons_easy_to_tap(ada)
    screenshot(ada, "break")

    # Ben, on his phone, sees the calm notice within a minute on the page he
    # has open, without reloading it; then on every page, and the note.
    notice = ben.get_by_role("status").filter(has_text="Ada asked for a short break.")
    expect(notice).to_have_count(0)
    ben.clock.fast_forward("01:01")
    expect(notice).to_be_visible()
    # The jar he has open gives him one note at random on a tap: hers.
    ben.get_by_role("link", name="Pick one for me").click()
    expect(ben.locator("#picked").get_by_role("article")).to_contain_text("calmed Mia down")
    expect(notice).to_contain_text("You'll come back to it together at")
    ben.get_by_role("navigation", name="Practices").get_by_role("link", name="Appreciate").click()
    on_any_page = ben.get_by_role("status").filter(has_text="Ada asked for a short break.")
    expect(on_any_page).to_be_visible()
    note = ben.get_by_role("article").filter(has_text="I saw how you calmed Mia down")
    expect(note).to_contain_text("From Ada")
    expect(note).to_contain_text("Thank you <3")  # shown as typed, escaped
    note.get_by_role("button", name="Warmed my heart").click()
    expect(note.get_by_role("button", name="Warmed my heart")).to_have_attribute(
        "aria-pressed", "true"
    )
    note.get_by_role("button", name="Keep as favourite").click()
    expect(note.get_by_role("button", name="A favourite")).to_be_visible()
    screenshot(ben, "received")
    assert ben.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # Ada sees Ben's reaction under her note.
    ada.goto("/appreciate/")
    expect(ada.get_by_text("Your partner answered: ♥ Warmed my heart")).to_be_visible()


def test_gentle_helper_in_a_tradition_note_never_blocks(
    couple: Any, new_phone: Callable[..., Page]
) -> None:
    """The helper also sits in boxes of other practices: a note on a date of
    a tradition, inside a form that htmx sends itself."""
    _ada, ben_user = couple
    make_tradition(ben_user, first_day=date.today() - timedelta(days=7), rule="FREQ=DAILY")
    ben = new_phone("android")
    log_in(ben, "ben@example.test")
    ben.goto("/traditions/")
    today = ben.locator("li", has=ben.get_by_role("button", name="We did it")).first
    today.get_by_text("Add a note").click()
    box = today.get_by_label("A note for the two of you (optional)")
    box.fill("You never put the pizza in on time.")
    today.get_by_role("button", name="Read it back gently").click()
    expect(today.locator("mark")).to_have_text("You never")
    # Sending it as written is one tap away, as always.
    today.get_by_role("button", name="We did it").first.click()
    expect(ben.get_by_text("You never put the pizza in on time.")).to_be_visible()

    # The topic of a listening session is the start-up itself: a one-line
    # box, read back after a pause in typing, without asking.
    ben.goto("/listen/")
    ben.get_by_text("Topic, roles, one phone or two, timer").click()
    ben.get_by_label("What would you like to talk about? (optional)").fill(
        "Why you're so lazy on Sundays"
    )
    expect(ben.locator("mark")).to_have_text("you're so lazy")
