"""Issue 3: both partners check in on their phones, then each sees the other's week."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.pages import assert_buttons_easy_to_tap, assert_controls_labelled
from tests.conftest import PASSWORD

SIGNS = (
    "I felt out of touch with my partner.",
    "We had less physical closeness than I wanted.",
    "We argued or clashed more than usual.",
    "I felt lonely, even with my partner around.",
    "Trust between us felt shaky.",
)
SATISFACTION = (
    "All in all, how happy were you with us this week?",
    "How rewarding did our relationship feel?",
    "How much did you feel at home with your partner?",
    "How glad were you to be in this relationship?",
)
CLOSENESS = "How close did you feel to your partner this week?"


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Account")).to_be_visible()


def answer(page: Page, question: str, choice: str) -> None:
    """Choose an answer inside the question's group, as a screen reader names them."""
    page.get_by_role("group", name=question).get_by_role("radio", name=choice).check()


def check_in(page: Page, signs: tuple[str, ...], closeness_steps: int, happy: str) -> None:
    page.get_by_role("navigation", name="Practices").get_by_role("link", name="Pulse").click()
    page.get_by_role("link", name="Check in", exact=True).click()
    expect(page.get_by_role("heading", name="Weekly check-in")).to_be_visible()
    assert_controls_labelled(page)
    for question, choice in zip(SIGNS, signs, strict=True):
        answer(page, question, choice)
    # The circles from the keyboard: Tab to the first picture, arrows to move on.
    circles = page.get_by_role("group", name=CLOSENESS)
    circles.get_by_role("radio", name="1 of 7, far apart").focus()
    page.keyboard.press("Space")
    for _ in range(closeness_steps):
        page.keyboard.press("ArrowRight")
    for question in SATISFACTION:
        answer(page, question, happy)
    page.get_by_role("group", name="Up to three words for your week (optional)").get_by_role(
        "checkbox", name="hopeful"
    ).check()
    # Nothing sticks out sideways on a phone.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_text("Thank you. Your check-in is saved.")).to_be_visible()


def test_both_partners_check_in_then_each_sees_the_others_week(
    personas: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada = new_phone("iphone")
    ben = new_phone("android", color_scheme="dark")
    log_in(ada, personas.a.email)
    log_in(ben, personas.b.email)

    calm, little = "Not at all", "A little"
    check_in(ada, (little, calm, "Quite a bit", calm, calm), 4, "Mostly")
    expect(ada.get_by_text("You have checked in. Waiting for Ben")).to_be_visible()
    screenshot(ada, "waiting")

    # Ben sees only that Ada has checked in: not one of her answers.
    ben.goto("/pulse/")
    expect(ben.get_by_text("Ada has checked in.")).to_be_visible()
    ben.get_by_role("link", name="Past weeks, answer by answer").click()
    expect(ben.get_by_text("Checked in.").first).to_be_visible()
    expect(ben.get_by_text("Quite a bit (3)")).to_have_count(0)

    check_in(ben, (calm, little, "Somewhat", calm, calm), 2, "Very")
    expect(ben.get_by_text("You have both checked in this week.")).to_be_visible()
    expect(ben.get_by_role("heading", name="In sync")).to_be_visible()
    expect(ben.get_by_text("You both noticed conflict this week.")).to_be_visible()
    assert_buttons_easy_to_tap(ben)
    screenshot(ben, "overview")

    # Each now sees the other's week, answer by answer.
    ben.get_by_role("link", name="Past weeks, answer by answer").click()
    # This week is the first on the page (newest first).
    ada_week = ben.locator(".pulse-entry").filter(has=ben.get_by_role("heading", name="Ada")).first
    expect(ada_week).to_contain_text("Quite a bit (3)")
    expect(ada_week).to_contain_text("5 of 7, close")
    ada.goto("/pulse/weeks/")
    ben_week = ada.locator(".pulse-entry").filter(has=ada.get_by_role("heading", name="Ben")).first
    expect(ben_week).to_contain_text("Somewhat (2)")
    expect(ben_week).to_contain_text("3 of 7, just overlapping")
    screenshot(ada, "weeks")

    # The daily tap: one tap, answered in place.
    ada.goto("/pulse/")
    ada.get_by_role("button", name="6 of 7, very close").click()
    expect(ada.get_by_text("Noted for today.")).to_be_visible()
    expect(ada.get_by_role("button", name="6 of 7, very close")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_a_missed_week_asks_first_then_shows_the_partners_answers_once_skipped(
    personas: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
    browser_watch: Any,
) -> None:
    from tending.pulse.tests.helpers import checkin
    from tending.pulse.weeks import DEFAULT_CHECKIN_WEEKDAY, WEEK, current_week

    # Ada checked in last week; Ben did not, and that week has closed.
    last_week = current_week(personas.couple.time_zone, DEFAULT_CHECKIN_WEEKDAY) - WEEK
    checkin(personas.couple, personas.a, last_week, conflict=3)
    ben = new_phone("android")
    log_in(ben, personas.b.email)
    ben.goto("/pulse/weeks/")
    choice = "Ada checked in. Check in for this week first, or skip it and see Ada’s answers."
    expect(ben.get_by_text(choice)).to_be_visible()
    expect(ben.get_by_text("Quite a bit (3)")).to_have_count(0)
    assert_buttons_easy_to_tap(ben)
    screenshot(ben, "late-choice")

    ben.get_by_role("button", name="Skip it and see Ada’s answers").click()
    expect(ben.get_by_text("Here are your partner's answers for that week.")).to_be_visible()
    expect(ben.get_by_text("Quite a bit (3)")).to_be_visible()
    expect(ben.get_by_text(choice)).to_have_count(0)

    # Having looked, Ben can no longer answer that week (the page says so, with a 400).
    browser_watch.allow_console_error(r"status of 400 .*/pulse/check-in/\?week=")
    ben.goto(f"/pulse/check-in/?week={last_week.isoformat()}")
    expect(ben.get_by_role("alert")).to_contain_text("You skipped that week")
