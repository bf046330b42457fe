"""Issue 6: two partners add ideas, answer them, connect an uploaded calendar
each, and plan a suggested idea in a window when both are free."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
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


def calendar_file(title: str, hour_utc: int) -> bytes:
    """A few daytime events in the coming days: evenings stay free."""
    today = datetime.now(UTC).date()
    events = ""
    for n in range(1, 4):
        start = datetime.combine(today + timedelta(days=n), datetime.min.time(), tzinfo=UTC)
        start += timedelta(hours=hour_utc)
        events += (
            f"BEGIN:VEVENT\r\nUID:{title}-{n}\r\nDTSTART:{start:%Y%m%dT%H%M%SZ}\r\n"
            f"DTEND:{start + timedelta(hours=2):%Y%m%dT%H%M%SZ}\r\n"
            f"SUMMARY:{title}\r\nEND:VEVENT\r\n"
        )
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
    return f"{head}{events}END:VCALENDAR\r\n".encode()


def open_fun_list(page: Page) -> None:
    page.get_by_role("navigation", name="Practices").get_by_role("link", name="Fun list").click()
    expect(page.get_by_role("heading", name="Fun list")).to_be_visible()


def upload_calendar(page: Page, title: str, hour_utc: int) -> None:
    page.get_by_role("navigation", name="Fun list").get_by_role("link", name="Calendars").click()
    expect(page.get_by_role("heading", name="Your calendars")).to_be_visible()
    assert_controls_labelled(page)
    form = page.locator("form", has=page.get_by_label("Calendar file (.ics)"))
    form.get_by_label("A name for it").fill(f"{title} calendar")
    form.get_by_label("Calendar file (.ics)").set_input_files(
        {"name": "cal.ics", "mimeType": "text/calendar", "buffer": calendar_file(title, hour_utc)}
    )
    form.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("Read: 3 busy times.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"{title} calendar")).to_be_visible()


def test_two_partners_plan_a_date_from_their_fun_list(
    couple: Any, new_phone: Callable[..., Page], screenshot: Callable[[Page, str], Path | None]
) -> None:
    ada, ben = new_phone("iphone"), new_phone("android", color_scheme="dark")
    log_in(ada, "ada@example.test")
    log_in(ben, "ben@example.test")

    # Ada writes an idea of her own.
    open_fun_list(ada)
    ada.get_by_role("link", name="Add an idea").click()
    assert_controls_labelled(ada)
    ada.get_by_label("The idea").fill("Moonlit walk by the river")
    ada.get_by_label("About how long").select_option("90")
    ada.get_by_role("button", name="Add to our list").click()
    expect(ada.get_by_text("Your partner will find it waiting")).to_be_visible()

    # Ben starts from the starter set: one tap adds an idea.
    open_fun_list(ben)
    ben.get_by_role("link", name="More starter ideas").click()
    ben.get_by_role("button", name="Add “Board game night with a twist”").click()
    expect(ben.get_by_text("On your list").first).to_be_visible()

    # Each answers the other's idea; the answers are private.
    open_fun_list(ben)
    walk = ben.get_by_role("article", name="Moonlit walk by the river")
    expect(walk.get_by_text("Your partner's idea")).to_be_visible()
    walk.get_by_role("button", name="Yes!").click()
    expect(ben.get_by_text("Saved. Only you can see your answer.")).to_be_visible()
    open_fun_list(ada)
    games = ada.get_by_role("article", name="Board game night with a twist").first
    games.get_by_role("button", name="Yes!").click()
    expect(ada.get_by_text("Saved. Only you can see your answer.")).to_be_visible()
    ada.reload()
    expect(
        ada.get_by_role("region", name="You both said yes").get_by_role(
            "heading", name="Moonlit walk by the river"
        )
    ).to_be_visible()
    screenshot(ada, "lanes")

    # Each connects a calendar by uploading a file.
    upload_calendar(ada, "Ada work", 8)
    upload_calendar(ben, "Ben work", 11)
    # Neither sees the other's calendar.
    expect(ada.get_by_text("Ben work")).to_have_count(0)

    # Ada asks the picker, and plans a suggested idea in a shared free window.
    subnav = ada.get_by_role("navigation", name="Fun list")
    subnav.get_by_role("link", name="Pick something").click()
    expect(ada.get_by_role("heading", name="When you're both free")).to_be_visible()
    expect(ada.get_by_role("img", name="This week: your shared free windows")).to_be_visible()
    assert_buttons_easy_to_tap(ada)
    screenshot(ada, "picker")
    plan = ada.get_by_role("button", name=re.compile(r"Plan “.+” then")).first
    planned_title = re.sub(r"^Plan “(.+)” then$", r"\1", plan.get_attribute("aria-label") or "")
    plan.click()
    expect(ada.get_by_text("It's a date! You'll both see it on Today.")).to_be_visible()
    expect(ada.get_by_role("heading", name=planned_title)).to_be_visible()

    # Ben sees the date on Today, on his own phone.
    ben.goto("/")
    card = ben.get_by_role("region", name=re.compile("Your (next )?date"))
    expect(card).to_contain_text(planned_title)
    screenshot(ben, "today")
    assert ben.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
