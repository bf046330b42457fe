"""Issue 7: a tradition added from the gallery and marked done, and a tech-free
session started on one phone and joined on the other."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

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


def open_practice(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Practices").get_by_role("link", name=name).click()


def test_a_tradition_from_the_gallery_marked_done(
    couple: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = new_phone("iphone"), new_phone("android", color_scheme="dark")
    log_in(ada, "ada@example.test")
    log_in(ben, "ben@example.test")

    open_practice(ada, "Traditions")
    expect(ada.get_by_role("heading", name="Traditions", level=1)).to_be_visible()
    ada.get_by_role("link", name="Browse ideas").click()
    expect(ada.get_by_role("heading", name="Ideas to make your own")).to_be_visible()
    assert ada.locator(".idea").count() >= 40
    screenshot(ada, "gallery")
    # One tap adds it; the edit form follows, to make it theirs.
    ada.get_by_role("button", name="Add How was your day, really").click()
    expect(ada.get_by_text("Now make it yours")).to_be_visible()
    assert_controls_labelled(ada)
    ada.get_by_label("Name").fill("Our evening debrief")
    ada.get_by_role("button", name="Save").click()
    expect(ada.get_by_role("heading", name="Our evening debrief")).to_be_visible()
    expect(ada.get_by_text("Every day")).to_be_visible()

    open_practice(ada, "Traditions")
    week = ada.get_by_role("region", name="This week")
    done = week.get_by_role("button", name=re.compile(r"^We did it — Our evening debrief"))
    done.first.click()  # htmx swaps the date in place
    expect(week.get_by_text("Done").first).to_be_visible()
    expect(week.get_by_text("by you").first).to_be_visible()
    assert_buttons_easy_to_tap(ada)
    screenshot(ada, "traditions")

    # Ben sees it on his own phone, with who marked it.
    open_practice(ben, "Traditions")
    expect(ben.get_by_role("link", name="Our evening debrief").first).to_be_visible()
    expect(ben.get_by_text("by Ada").first).to_be_visible()
    expect(ben.get_by_text("done 1 of the last 1")).to_be_visible()
    assert ben.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(ben, "traditions-dark")


def test_an_unplugged_session_started_on_one_phone_and_joined_on_the_other(
    couple: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = new_phone("iphone"), new_phone("android")
    log_in(ada, "ada@example.test")
    log_in(ben, "ben@example.test")

    open_practice(ada, "Unplug")
    ada.get_by_label("For how long?").select_option("60")
    ada.get_by_role("button", name="We're unplugged now").click()
    expect(ada.get_by_role("heading", name="Unplugged")).to_be_visible()
    expect(ada.get_by_text("waiting for your partner to join")).to_be_visible()
    # The calm timer counts up (a static script; no inline code).
    expect(ada.get_by_role("timer")).to_have_text(re.compile(r"^\d{2}:\d{2}$"))
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
    expect(ada.get_by_text("you: kept")).to_be_visible()
    screenshot(ada, "unplug")
