"""What a person does on Tending's pages, in the words the pages show."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PASSWORD = "plum orchard lantern 42"


def sign_up(page: Page, email: str, name: str, time_zone: str = "Europe/Berlin") -> None:
    """Fill in and send the sign-up form the page is showing."""
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    assert_controls_labelled(page)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Your name, as your partner knows you").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Your time zone").select_option(time_zone)
    page.get_by_role("button", name="Create account").click()


def assert_controls_labelled(page: Page) -> None:
    """Every visible form control has an accessible name (a label a screen reader reads)."""
    controls = page.locator(
        "input:not([type=hidden]), select, textarea, button, [role=button], [role=textbox]"
    )
    for index in range(controls.count()):
        control = controls.nth(index)
        if control.is_visible():
            expect(control).to_have_accessible_name(re.compile(r"\S"))


def partners_on_today(page: Page) -> list[str]:
    """The display names listed as partners on the Today page."""
    return page.get_by_role("list", name="Partners").get_by_role("listitem").all_inner_texts()


def assert_buttons_easy_to_tap(page: Page, minimum: float = 24) -> None:
    """Every visible button is at least `minimum` CSS pixels square (WCAG 2.2 target size)."""
    buttons = page.get_by_role("button")
    for index in range(buttons.count()):
        button = buttons.nth(index)
        box = button.bounding_box()
        if box is None or not button.is_visible():
            continue
        name = button.inner_text().strip()
        assert box["width"] >= minimum, f"button {name!r} is {box['width']:.0f}px wide"
        assert box["height"] >= minimum, f"button {name!r} is {box['height']:.0f}px tall"


FACTORY_PASSWORD = "correct horse battery"  # what tests.factories.UserFactory sets


def log_in(page: Page, email: str, password: str = FACTORY_PASSWORD) -> None:
    """Log in from the login page and wait for the home page."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your practices")).to_be_visible()
