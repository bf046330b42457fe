"""Today's question: the same for both partners, on every reload, in the couple's
own day; no repeats until the chosen pool is used up; one swap a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
import time_machine
from django.utils.html import escape

from tending.couples.services import CoupleActionRefused
from tending.share import daily, decks, services
from tending.share.models import DailyQuestion, LibraryQuestion, ShareSettings, Tier
from tending.share.tests.helpers import API, EVENING


def question_on_page(client: Any) -> str:
    response = client.get("/share/")
    assert response.status_code == 200
    return response.context["today"].asked.text


def test_both_partners_get_the_same_question_and_reloads_keep_it(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    with time_machine.travel(EVENING, tick=False):
        first = question_on_page(client_a)
        assert question_on_page(client_a) == first
        assert question_on_page(client_b) == first
        assert client_b.get(f"{API}/today").json()["question"]["text"] == first
        # Reading it wrote nothing: no day row, no settings.
        assert not DailyQuestion.objects.exists()
        assert not ShareSettings.objects.exists()
        assert escape(first) in client_a.get("/share/").content.decode()


def test_the_day_is_the_couples_wherever_each_partner_is(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    personas.b.time_zone = "America/Los_Angeles"
    personas.b.save()
    # 23:30 UTC on 28 November is already 29 November in Berlin (the couple's
    # zone), and still the afternoon of the 28th in Los Angeles.
    late = datetime(2026, 11, 28, 23, 30, tzinfo=UTC)
    with time_machine.travel(late, tick=False):
        a = client_a.get(f"{API}/today").json()
        b = client_b.get(f"{API}/today").json()
    assert a["day"] == b["day"] == "2026-11-29"
    assert a["question"] == b["question"]


def test_the_question_changes_at_the_couples_midnight_not_before(
    personas: Any, client_a: Any
) -> None:
    before = datetime(2026, 11, 28, 22, 59, 59, tzinfo=UTC)  # 23:59:59 in Berlin
    with time_machine.travel(before, tick=False):
        evening = client_a.get(f"{API}/today").json()
    with time_machine.travel(before + timedelta(seconds=1), tick=False):
        midnight = client_a.get(f"{API}/today").json()
    assert (evening["day"], midnight["day"]) == ("2026-11-28", "2026-11-29")
    assert evening["question"]["ref"] != midnight["question"]["ref"]


def test_a_change_of_the_couples_zone_moves_the_day(personas: Any) -> None:
    instant = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert daily.local_day(personas.couple, instant).isoformat() == "2026-07-01"
    personas.couple.time_zone = "America/New_York"
    assert daily.local_day(personas.couple, instant).isoformat() == "2026-06-30"


def test_summer_time_does_not_skip_or_repeat_a_day(personas: Any) -> None:
    # Berlin goes to summer time on 29 March 2026 at 02:00; each local day still
    # gets exactly one question, and the days run on without a gap.
    seen = []
    for hours in range(0, 24 * 4, 6):
        instant = datetime(2026, 3, 27, 12, tzinfo=UTC) + timedelta(hours=hours)
        today = daily.today_for(personas.a, personas.couple, instant)
        seen.append((today.day, today.asked.ref))
    by_day = {}
    for day, ref in seen:
        by_day.setdefault(day, set()).add(ref)
    assert all(len(refs) == 1 for refs in by_day.values())
    ordered = sorted(by_day)
    assert [(b - a).days for a, b in pairwise(ordered)] == [1] * (len(ordered) - 1)


def days_of_questions(personas: Any, count: int, answer: bool) -> list[str]:
    refs = []
    for n in range(count):
        now = EVENING + timedelta(days=n)
        if answer and n % 2:
            services.answer(personas.a, f"Answer {n}", now=now)
        refs.append(daily.today_for(personas.b, personas.couple, now).asked.ref)
    return refs


def assert_no_repeat_before_exhaustion(refs: list[str], pool: set[str], asked: set[str]) -> int:
    """Cut `refs` into rounds: a question may come again only once every
    question of the pool has been asked since it last came. Returns the
    number of rounds completed."""
    current, rounds = set(asked), 0
    for ref in refs:
        assert ref in pool
        if ref in current:
            assert current == pool, f"{ref} came back before the pool was used up"
            current, rounds = set(), rounds + 1
        current.add(ref)
    return rounds


@pytest.mark.parametrize("answer", [False, True], ids=["only-read", "answered"])
def test_no_question_repeats_until_the_chosen_pool_is_used_up(personas: Any, answer: bool) -> None:
    personas.couple.created = EVENING
    personas.couple.save()
    views = decks.deck_views(personas.a, personas.couple)
    daily_life = views[0]
    with time_machine.travel(EVENING, tick=False):
        todays = daily.today_for(personas.a, personas.couple).asked.ref
        # Only deep questions, from one deck: a pool of 7, from tomorrow.
        daily.save_choices(personas.a, [Tier.DEEP], [str(d.id) for d in views[1:]])
    pool = {
        f"q:{pk.hex}"
        for pk in LibraryQuestion.objects.filter(deck_id=daily_life.id, tier=Tier.DEEP).values_list(
            "pk", flat=True
        )
    }
    assert len(pool) == 7
    refs = days_of_questions(personas, 7 * 4 + 1, answer)
    assert refs[0] == todays  # today's question stays
    assert assert_no_repeat_before_exhaustion(refs[1:], pool, {todays} & pool) >= 3
    assert all(a != b for a, b in pairwise(refs))


def test_either_partner_may_swap_todays_question_once(
    personas: Any, client_a: Any, client_b: Any
) -> None:
    with time_machine.travel(EVENING, tick=False):
        before = client_a.get(f"{API}/today").json()["question"]
        assert client_b.post("/share/today/swap/").status_code == 302
        after = client_a.get(f"{API}/today").json()
        assert after["question"]["ref"] != before["ref"]
        assert after["can_swap"] is False
        assert client_b.get(f"{API}/today").json()["question"] == after["question"]
        again = client_a.post(f"{API}/today/swap")
        assert again.status_code == 409
        assert "already been swapped" in again.json()["detail"]
        assert client_a.get(f"{API}/today").json()["question"] == after["question"]
    # The swapped-away question and its replacement both count as asked: neither
    # comes again in the rest of this round.
    rest_of_round = len(ShareSettings.objects.get(couple=personas.couple).plan_refs)
    assert rest_of_round > 0
    upcoming = {
        daily.today_for(personas.a, personas.couple, EVENING + timedelta(days=n)).asked.ref
        for n in range(1, rest_of_round + 1)
    }
    assert before["ref"] not in upcoming
    assert after["question"]["ref"] not in upcoming


def test_no_swap_once_someone_answered(personas: Any, client_b: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        services.answer(personas.a, "I answered already.")
        response = client_b.post(f"{API}/today/swap")
    assert response.status_code == 409
    assert "already answered" in response.json()["detail"]


def test_new_choices_apply_from_tomorrow(personas: Any, client_a: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        today = client_a.get(f"{API}/today").json()["question"]
        response = client_a.post("/share/choices/", {"tiers": ["light"], "decks": []})
        assert response.status_code == 400
        assert "No question matches these choices" in response.content.decode()
        light_only = {
            "tiers": ["light"],
            "decks": [str(d.id) for d in decks.deck_views(personas.a, personas.couple)],
        }
        assert client_a.post("/share/choices/", light_only).status_code == 302
        assert client_a.get(f"{API}/today").json()["question"] == today
    tiers = {
        daily.today_for(personas.a, personas.couple, EVENING + timedelta(days=n)).asked.tier
        for n in range(1, 40)
    }
    assert tiers == {"light"}


def test_no_tier_at_all_is_refused(personas: Any) -> None:
    with pytest.raises(CoupleActionRefused):
        daily.save_choices(personas.a, [], [])
    assert not ShareSettings.objects.exists()


def test_an_own_deck_joins_the_questions(personas: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        deck = decks.create_deck(personas.a, "Ours")
        ours = decks.add_question(personas.a, deck.pk, "What song is ours?", Tier.LIGHT)
        daily.save_choices(
            personas.b,
            [Tier.LIGHT],
            [str(d.id) for d in decks.deck_views(personas.b, personas.couple) if d.id != deck.pk],
        )
    refs = [
        daily.today_for(personas.b, personas.couple, EVENING + timedelta(days=n)).asked.ref
        for n in range(1, 3)
    ]
    assert refs == [f"o:{ours.pk.hex}"] * 1 + refs[1:]  # the only question in the pool


def test_a_private_draft_deck_is_never_asked(personas: Any) -> None:
    with time_machine.travel(EVENING, tick=False):
        deck = decks.create_deck(personas.a, "Draft", visibility="private")
        decks.add_question(personas.a, deck.pk, "A secret question?", Tier.LIGHT)
    refs = {
        daily.today_for(personas.b, personas.couple, EVENING + timedelta(days=n)).asked.ref
        for n in range(0, 200)
    }
    assert not any(ref.startswith("o:") for ref in refs)
