"""Keyboard and screen-reader smoke test of the first page anyone sees."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import assert_controls_labelled

# Each Tab stop of the sign-up page, in order, as a screen reader names it:
# (role, accessible name); no role for the password field, which has none.
SIGNUP_TAB_STOPS = [
    ("link", "Skip to content"),
    ("link", "Tending"),
    ("textbox", "E-mail address"),
    ("textbox", "Your name, as your partner knows you"),
    ("combobox", "Your time zone"),
    (None, "Password"),
    ("button", "Create account"),
    ("link", "Log in"),
    ("link", "API"),
]
SIGNUP_FIELDS = [name for role, name in SIGNUP_TAB_STOPS[2:6]]


def _stop(page: Page, role: str | None, name: str) -> Locator:
    if role is None:
        return page.get_by_label(name)
    return page.get_by_role(role, name=name)  # type: ignore[arg-type]


def _focus_is_outside_the_page(page: Page) -> bool:
    return bool(
        page.evaluate("() => !document.hasFocus() || document.activeElement === document.body")
    )


def test_signup_page_works_from_the_keyboard(
    phone: Page, screenshot: Callable[[Page, str], Path | None]
) -> None:
    phone.goto("/accounts/signup/")
    expect(phone.get_by_role("heading", name="Create your account")).to_be_visible()
    # The e-mail field takes focus on arrival, so typing can start right away.
    expect(phone.get_by_label("E-mail address")).to_be_focused()
    screenshot(phone, "signup")

    # Backwards from there: the site name, the skip link, then out of the page.
    phone.keyboard.press("Shift+Tab")
    expect(phone.get_by_role("link", name="Tending")).to_be_focused()
    phone.keyboard.press("Shift+Tab")
    expect(phone.get_by_role("link", name="Skip to content")).to_be_focused()
    phone.keyboard.press("Shift+Tab")
    assert _focus_is_outside_the_page(phone)

    # Forwards from the top of the page: the skip link first, then the form in order.
    previous_top = -1.0
    for role, name in SIGNUP_TAB_STOPS:
        phone.keyboard.press("Tab")
        stop = _stop(phone, role, name)
        expect(stop).to_be_focused()
        if role != "link":  # form controls: Tab order follows the order on screen
            box = stop.bounding_box()
            assert box is not None
            assert box["y"] > previous_top, f"{name} is above the field before it"
            previous_top = box["y"]

    # The skip link shows itself when focused and takes you to the content.
    phone.reload()
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Shift+Tab")
    skip = phone.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("main")).to_be_focused()


def test_every_signup_control_has_a_label(phone: Page) -> None:
    phone.goto("/accounts/signup/")
    assert_controls_labelled(phone)
    for label in SIGNUP_FIELDS:
        expect(phone.get_by_label(label)).to_be_editable()
    expect(phone.get_by_label("Password")).to_have_accessible_description(
        "At least 10 characters. A few random words make a good one."
    )
    expect(phone.get_by_role("button", name="Create account")).to_be_enabled()
