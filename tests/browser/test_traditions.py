"""Issue 7, Traditions: a tradition added from the gallery in one tap, made
their own, and marked done on one phone while the other partner sees it.
(The unplugged session on two phones is in test_unplug.py.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.pages import assert_buttons_easy_to_tap, assert_controls_labelled
from tests.browser.two_partners import on_their_phones, open_practice


def test_a_tradition_from_the_gallery_marked_done(
    transactional_db: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = on_their_phones(new_phone, ben_dark=True)

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
