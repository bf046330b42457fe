"""Issue 4: today's question, answered by each partner on their own phone;
neither sees the other's answer until both are in, then both see both, and
talk about them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.pages import (
    assert_buttons_easy_to_tap,
    assert_controls_labelled,
)
from tests.browser.two_partners import on_their_phones, open_practice

ADA_SAYS = "The evening we cooked soup in the rain & laughed <3"
BEN_SAYS = "Walking home from the lake, not talking, just holding hands."


def todays_question(page: Page) -> str:
    return page.locator("h2.share-question").inner_text()


def test_answers_are_revealed_together_then_talked_about(
    transactional_db: Any,
    new_phone: Callable[..., Page],
    screenshot: Callable[[Page, str], Path | None],
) -> None:
    ada, ben = on_their_phones(new_phone, ben_dark=True)
    open_practice(ada, "Share")
    ben.goto("/share/")
    question = todays_question(ada)
    assert question
    assert todays_question(ben) == question  # one question for both
    ada.reload()
    assert todays_question(ada) == question  # and a reload keeps it
    assert_controls_labelled(ada)

    # Ada answers first: only she can read it; Ben learns only that she answered.
    ada.get_by_role("textbox", name="Your answer").fill("A first draft.")
    ada.get_by_role("button", name="Save my answer").click()
    expect(ada.get_by_text("Your answer (only you can read it for now)")).to_be_visible()
    expect(ada.locator(".share-status")).to_contain_text("Ben hasn't answered yet.")
    ada.get_by_text("Change my answer").click()
    ada.get_by_role("textbox", name="Your answer").fill(ADA_SAYS)
    ada.get_by_role("button", name="Save my answer").click()
    expect(ada.locator(".share-answer-mine")).to_contain_text(ADA_SAYS)  # escaped, as typed
    screenshot(ada, "waiting")
    ben.reload()
    expect(ben.locator(".share-status")).to_contain_text("Ada has answered. Yours reveals both.")
    expect(ben.get_by_text("soup in the rain")).to_have_count(0)
    expect(ben.get_by_role("button", name="Not this one today: swap it")).to_have_count(0)

    # Ben's answer reveals both, on his phone and, without a reload, on Ada's.
    ben.get_by_role("textbox", name="Your answer").fill(BEN_SAYS)
    ben.get_by_role("button", name="Save my answer").click()
    theirs = ben.locator(".share-answer-theirs")
    expect(theirs).to_contain_text("Ada")
    expect(theirs).to_contain_text(ADA_SAYS)
    expect(ben.locator(".share-answer-mine")).to_contain_text(BEN_SAYS)
    expect(ben.get_by_text("A first draft.")).to_have_count(0)
    # (Ada's page asks every 20 s whether Ben has answered.)
    expect(ada.locator(".share-answer-theirs")).to_contain_text(BEN_SAYS, timeout=25_000)
    expect(ada.get_by_text("Change my answer")).to_have_count(0)  # no edits after the reveal

    # Ada answers his answer with one tap and a reply; Ben sees both.
    taps = ada.get_by_role("group", name="Answer Ben with one tap")
    taps.get_by_role("button", name="Tell me more").click()
    expect(taps.get_by_role("button", name="Tell me more")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_buttons_easy_to_tap(ada)
    ada.get_by_label("Add to the conversation").fill("Which lake walk? The one in May?")
    ada.get_by_role("button", name="Send").click()
    expect(ada.locator(".share-thread")).to_contain_text("Which lake walk? The one in May?")
    screenshot(ada, "revealed")
    ben.reload()
    expect(ben.locator(".share-answer-mine")).to_contain_text("Ada: “Tell me more”")
    thread = ben.locator(".share-thread")
    expect(thread).to_contain_text("Ada")
    expect(thread).to_contain_text("Which lake walk? The one in May?")
    assert ben.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")

    # The archive finds the day by a word of Ada's answer, and marks it.
    ben.goto("/share/archive/")
    ben.get_by_label("Find a word in questions, answers and replies").fill("soup")
    ben.get_by_role("button", name="Search").click()
    expect(ben.get_by_role("status").filter(has_text="with")).to_contain_text("1 day with “soup”.")
    expect(ben.locator("mark")).to_have_text("soup")
    expect(ben.locator(".share-archive-item")).to_contain_text(BEN_SAYS)
