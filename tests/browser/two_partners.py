"""Ada and Ben, one couple already paired (pairing has its own browser test),
and the way either of them opens a practice: the helpers the Traditions,
Unplug and Balance browser tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page

from tests.browser.pages import log_in
from tests.factories import CoupleFactory, UserFactory, seat

ADA, BEN = "ada@example.test", "ben@example.test"


def seat_ada_and_ben(time_zone: str = "Europe/Berlin") -> tuple[Any, Any]:
    space = CoupleFactory(name="Ada & Ben", time_zone=time_zone)
    ada = UserFactory(email=ADA, display_name="Ada", time_zone=time_zone)
    ben = UserFactory(email=BEN, display_name="Ben", time_zone=time_zone)
    seat(space, ada)
    seat(space, ben)
    return ada, ben


def open_practice(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Practices").get_by_role("link", name=name).click()


def on_their_phones(new_phone: Callable[..., Page], ben_dark: bool = False) -> tuple[Page, Page]:
    """Ada on an iPhone-sized screen and Ben on an Android-sized one (dark if
    asked), each logged in on their own."""
    seat_ada_and_ben()
    ada = new_phone("iphone")
    ben = new_phone("android", color_scheme="dark") if ben_dark else new_phone("android")
    log_in(ada, ADA)
    log_in(ben, BEN)
    return ada, ben
