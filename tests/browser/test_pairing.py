"""Issue 2: two people pair up into one couple space, each on their own phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.pages import (
    assert_buttons_easy_to_tap,
    assert_controls_labelled,
    partners_on_today,
    sign_up,
)

COUPLE = "Ada & Ben"


def start_space_and_invite(page: Page) -> None:
    """Ada signs up, starts the couple space and asks for an invite."""
    page.goto("/accounts/signup/")
    sign_up(page, "ada@example.test", "Ada")
    expect(page.get_by_role("heading", name="Welcome, Ada")).to_be_visible()

    page.get_by_role("link", name="Start our space").click()
    expect(page.get_by_role("heading", name="Start your couple space")).to_be_visible()
    assert_controls_labelled(page)
    page.get_by_label("A name for your space (optional)").fill(COUPLE)
    page.get_by_role("button", name="Start our space").click()
    expect(page.get_by_text("Your couple space is ready.")).to_be_visible()

    page.get_by_role("button", name="Invite my partner").click()
    expect(page.get_by_role("heading", name="Send this to your partner")).to_be_visible()
    assert_buttons_easy_to_tap(page)


def see_the_couple_on_today(page: Page, me: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(COUPLE)
    expect(page.get_by_role("list", name="Partners")).to_contain_text("Ada")
    assert sorted(partners_on_today(page)) == ["Ada", "Ben"]
    # Each is logged in as themself on their own phone.
    expect(page.get_by_role("navigation", name="Account")).to_contain_text(me)
    expect(page.get_by_role("heading", name="Your practices")).to_be_visible()
    assert_buttons_easy_to_tap(page)
    # Nothing sticks out sideways on a phone (the practices bar scrolls within itself).
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_partner_joins_with_the_invite_link(
    new_phone: Callable[..., Page], screenshot: Callable[[Page, str], Path | None]
) -> None:
    ada = new_phone("iphone", permissions=["clipboard-read", "clipboard-write"])
    ben = new_phone("android")

    start_space_and_invite(ada)
    screenshot(ada, "invite-ada")
    shown_link = ada.locator("#invite-link").inner_text().strip()
    ada.get_by_role("button", name="Copy link").click()
    expect(ada.get_by_role("button", name="Copied")).to_be_visible()
    link = ada.evaluate("navigator.clipboard.readText()")
    assert link == shown_link
    assert "/join/" in link

    # Ben opens the link before he has an account: he is asked to log in,
    # creates an account instead, and comes back to the invite.
    ben.goto(link)
    expect(ben.get_by_role("heading", name="Welcome back")).to_be_visible()
    ben.get_by_role("link", name="Create an account").click()
    sign_up(ben, "ben@example.test", "Ben", time_zone="Europe/Lisbon")
    expect(ben.get_by_role("heading", name="Ada invited you")).to_be_visible()
    expect(ben.get_by_text(f"Join “{COUPLE}”")).to_be_visible()
    ben.get_by_role("button", name="Yes, join").click()

    expect(ben.get_by_text("You have joined your couple space. Welcome.")).to_be_visible()
    see_the_couple_on_today(ben, "Ben")

    ada.get_by_role("link", name="Done").click()
    see_the_couple_on_today(ada, "Ada")
    expect(ada.get_by_text("Your invite is waiting")).to_have_count(0)

    screenshot(ada, "today-ada")
    screenshot(ben, "today-ben")


def test_partner_joins_with_the_code_in_dark_mode(
    new_phone: Callable[..., Page], screenshot: Callable[[Page, str], Path | None]
) -> None:
    ada = new_phone("iphone", color_scheme="dark")
    ben = new_phone("android", color_scheme="dark")

    start_space_and_invite(ada)
    screenshot(ada, "invite-ada")
    code = ada.locator("#invite-code").inner_text().strip()
    assert len(code.replace("-", "")) == 8

    # Ben already has an account and types the code Ada read out to him.
    ben.goto("/accounts/signup/")
    sign_up(ben, "ben@example.test", "Ben")
    expect(ben.get_by_role("heading", name="Welcome, Ben")).to_be_visible()
    ben.get_by_role("link", name="Join with a code").click()
    expect(ben.get_by_role("heading", name="Join with a code")).to_be_visible()
    assert_controls_labelled(ben)
    ben.get_by_label("Invite code").fill(code.lower())
    ben.get_by_role("button", name="Continue").click()
    expect(ben.get_by_role("heading", name="Ada invited you")).to_be_visible()
    ben.get_by_role("button", name="Yes, join").click()

    see_the_couple_on_today(ben, "Ben")
    ada.get_by_role("link", name="Done").click()
    see_the_couple_on_today(ada, "Ada")

    screenshot(ada, "today-ada")
    screenshot(ben, "today-ben")
