"""Issue 8: Ada sends an appreciation; the worker turns it into a nudge, and
Ben, on his own phone, sees the unread count in the header and the
notification in his list, and opening it takes him to the jar."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tending.nudges.jobs import deliver_due
from tending.nudges.models import NudgeSettings
from tests.browser.pages import assert_buttons_easy_to_tap
from tests.factories import CoupleFactory, UserFactory, seat

PASSWORD = "correct horse battery"  # what tests.factories.UserFactory sets


@pytest.fixture
def couple(transactional_db: Any) -> tuple[Any, Any]:
    space = CoupleFactory(name="Ada & Ben", time_zone="Europe/Berlin")
    ada = UserFactory(email="ada@example.test", display_name="Ada")
    ben = UserFactory(email="ben@example.test", display_name="Ben")
    seat(space, ada)
    seat(space, ben)
    # No quiet hours, so that the test means the same at any time of day.
    NudgeSettings.objects.create(user=ben, quiet_start="00:00", quiet_end="00:00")
    return ada, ben


def log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your practices")).to_be_visible()


def test_an_appreciation_reaches_the_partner_as_an_in_app_notification(
    couple: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = new_phone("iphone"), new_phone("android")
    log_in(ada, "ada@example.test")
    log_in(ben, "ben@example.test")
    header = ben.get_by_role("navigation", name="Account")
    expect(header.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    ada.get_by_role("navigation", name="Practices").get_by_role("link", name="Appreciate").click()
    ada.get_by_label("What did you appreciate?").fill("Thank you for the soup when I was ill.")
    ada.get_by_role("button", name="Send").click()
    expect(ada.get_by_text("Sent. It will be waiting for your partner.")).to_be_visible()

    # The worker's turn (the job `tending worker` runs every second).
    assert deliver_due() == 1

    ben.reload()
    badge = header.get_by_role("link", name="Notifications 1 unread")
    expect(badge).to_be_visible()
    screenshot(ben, "badge")
    badge.click()
    expect(ben.get_by_role("heading", name="Notifications")).to_be_visible()
    item = ben.get_by_role("button", name="Ada wrote you an appreciation")
    expect(item).to_be_visible()
    expect(item).to_contain_text("A few kind words are waiting for you.")
    assert_buttons_easy_to_tap(ben)
    screenshot(ben, "list")
    item.click()
    expect(ben).to_have_url(re.compile(r"/appreciate/jar/$"))
    expect(ben.get_by_text("Thank you for the soup when I was ill.")).to_be_visible()
    expect(header.get_by_role("link", name="Notifications", exact=True)).to_be_visible()

    # Ada's own header shows nothing for her: the notification is Ben's alone.
    ada.reload()
    expect(
        ada.get_by_role("navigation", name="Account").get_by_role(
            "link", name="Notifications", exact=True
        )
    ).to_be_visible()


def test_the_reminders_page_offers_push_and_keeps_choices(
    couple: Any, new_phone: Callable[..., Page]
) -> None:
    ben = new_phone("android")
    log_in(ben, "ben@example.test")
    ben.goto("/nudges/reminders/")
    # push.js ran under the CSP and registered our service worker: this
    # browser has no subscription yet, so push waits to be asked for.
    push = ben.locator("#push")
    expect(push.get_by_role("status")).to_have_text("Push is off for this device.")
    expect(push.get_by_role("button", name="Turn on push on this device")).to_be_visible()
    expect(push.get_by_role("button", name="Turn off push on this device")).to_be_hidden()

    ben.get_by_label("by e-mail").uncheck()
    ben.get_by_role("checkbox", name="A weekly digest e-mail").uncheck()
    ben.get_by_role("button", name="Save").click()
    expect(ben.get_by_text("Your reminders are saved.")).to_be_visible()
    expect(ben.get_by_label("by e-mail")).not_to_be_checked()
    expect(ben.get_by_role("checkbox", name="A weekly digest e-mail")).not_to_be_checked()
    expect(ben.get_by_role("checkbox", name="An appreciation for you")).to_be_checked()
